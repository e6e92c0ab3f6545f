/* mail-doctor-cli.c: the Mail Doctor engine on the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "md-cli.h"
#include "md-i18n.h"

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

static void
print_indented (const char *prefix,
                const char *text)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL || *text == '\0')
    return;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    printf ("%s%s\n", prefix, lines[i]);
}

/**
 * md_cli_print_finding:
 * @finding: a finding
 *
 * Prints @finding for a person: its severity and title, then its detail,
 * advice and evidence indented below it.
 */
void
md_cli_print_finding (MdFinding *finding)
{
  const char *advice = md_finding_get_advice (finding);
  const char *evidence = md_finding_get_evidence (finding);

  printf ("[%s] %s\n", md_severity_get_label (md_finding_get_severity (finding)),
          md_finding_get_title (finding));
  print_indented ("    ", md_finding_get_detail (finding));
  if (advice != NULL)
    {
      /* Translators: before the advice of a finding in the terminal */
      g_autofree char *line = g_strdup_printf (_("What to do: %s"), advice);

      print_indented ("    ", line);
    }
  if (evidence != NULL)
    {
      /* Translators: heading of the raw evidence (a DNS record, a server reply) */
      printf ("    %s\n", _("Technical details:"));
      print_indented ("      ", evidence);
    }
  printf ("\n");
}

int
main (int   argc,
      char *argv[])
{
  const char *name;

  md_i18n_init ();
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
