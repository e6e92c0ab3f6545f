/* mail-doctor-cli.c: the Mail Doctor engine on the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "md-cli.h"

typedef struct
{
  const char       *name;
  MdCliCommandFunc  func;
  const char       *description;
} MdCliCommand;

static const MdCliCommand commands[] = {
  /* Each subcommand adds its row here once it exists. */
  { "classify", md_cli_classify, N_("Explain why an email bounced") },
  { "check-domain", md_cli_check_domain, N_("Check that a domain can receive email") },
  { "check-smtp", md_cli_check_smtp, N_("Test your outgoing mail server settings") },
  { "report", md_cli_report, N_("Turn a saved incident into a readable report") },
  { NULL, NULL, NULL },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: mail-doctor-cli COMMAND [OPTION…] [ARGUMENT…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (out, "  %-14s %s\n", commands[i].name, _(commands[i].description));
  fprintf (out, "\n%s\n", _("Run “mail-doctor-cli COMMAND --help” for the options of a command."));
}

/**
 * md_cli_parse_options:
 *
 * Parses the options of a subcommand with @context. Writes the error and a
 * hint to stderr on failure, so the caller only has to return
 * %MD_CLI_EXIT_USAGE.
 */
gboolean
md_cli_parse_options (GOptionContext  *context,
                      int             *argc,
                      char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      g_printerr ("%s\n", _("Run with --help to see the options."));
      return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *name;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("mail-doctor-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return MD_CLI_EXIT_USAGE;
    }

  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return MD_CLI_EXIT_OK;
    }
  if (g_str_equal (name, "--version"))
    {
      printf ("mail-doctor-cli %s\n", PACKAGE_VERSION);
      return MD_CLI_EXIT_OK;
    }

  for (guint i = 0; commands[i].name != NULL; i++)
    {
      if (g_str_equal (name, commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("mail-doctor-cli %s", name);

          g_set_prgname (prgname);
          return commands[i].func (argc - 1, argv + 1);
        }
    }

  g_printerr (_("Unknown command “%s”."), name);
  g_printerr ("\n\n");
  print_usage (stderr);
  return MD_CLI_EXIT_USAGE;
}
