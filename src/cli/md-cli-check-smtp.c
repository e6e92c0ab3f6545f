/* md-cli-check-smtp.c: mail-doctor-cli check-smtp
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "md-cli.h"
#include "md-core.h"

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} CheckSmtp;

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  CheckSmtp *check = user_data;

  check->ok = md_smtp_probe_run_finish (MD_SMTP_PROBE (object), result, &check->error);
  g_main_loop_quit (check->loop);
}

static gboolean
on_sigint_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

/* The first line of standard input, never the command line: arguments are
 * visible to every user of the machine. */
static char *
read_password (void)
{
  char *line = NULL;
  size_t size = 0;
  ssize_t len;
  char *password;

  len = getline (&line, &size, stdin);
  if (len < 0)
    {
      free (line);
      return NULL;
    }
  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    line[--len] = '\0';

  password = g_strdup (line);
  explicit_bzero (line, size);
  free (line);

  return password;
}

int
md_cli_check_smtp (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MdSmtpProbe) probe = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *host = NULL;
  g_autofree char *security_name = NULL;
  g_autofree char *user = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *ca_file = NULL;
  int port = 0;
  int timeout = MD_SMTP_PROBE_DEFAULT_TIMEOUT;
  gboolean json = FALSE;
  gboolean password_stdin = FALSE;
  gboolean transcript = FALSE;
  MdSmtpSecurity security = MD_SMTP_SECURITY_AUTO;
  CheckSmtp check = { NULL, FALSE, NULL };
  guint sigint_id;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, N_("The outgoing mail server"), N_("HOST") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("Its port (default: try 587, 465 and 25)"), N_("PORT") },
    { "security", 0, 0, G_OPTION_ARG_STRING, &security_name,
      N_("auto, starttls, tls or none (default: auto)"), N_("SECURITY") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("User name for the login test"), N_("USER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Sender address to try (no message is sent)"), N_("ADDRESS") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Recipient address to try (no message is sent)"), N_("ADDRESS") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the certificate authorities in this PEM file instead of the system’s"), N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Seconds to wait for each answer (default: 15)"), N_("SECONDS") },
    { "transcript", 0, 0, G_OPTION_ARG_NONE, &transcript, N_("Also show the conversation with the server"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Tests the settings of an outgoing mail server with a real conversation. No message is ever sent."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!md_cli_parse_options (context, &argc, &argv))
    return MD_CLI_EXIT_USAGE;

  if (host == NULL || argc > 1)
    {
      g_printerr ("%s\n", host == NULL ? _("Give the server with --host.") : _("Too many arguments."));
      g_printerr ("%s\n", _("Run with --help to see the options."));
      return MD_CLI_EXIT_USAGE;
    }
  if (security_name != NULL && !md_smtp_security_from_string (security_name, &security))
    {
      g_printerr (_("Unknown security “%s”: use auto, starttls, tls or none."), security_name);
      g_printerr ("\n");
      return MD_CLI_EXIT_USAGE;
    }
  if (port < 0 || port > 65535 || timeout < 1 || timeout > 600)
    {
      g_printerr ("%s\n", _("The port must be between 1 and 65535 and the timeout between 1 and 600 seconds."));
      return MD_CLI_EXIT_USAGE;
    }
  if (password_stdin && user == NULL)
    {
      g_printerr ("%s\n", _("--password-stdin needs --user."));
      return MD_CLI_EXIT_USAGE;
    }

  probe = md_smtp_probe_new (host, port, security);
  md_smtp_probe_set_username (probe, user);
  md_smtp_probe_set_sender (probe, from);
  md_smtp_probe_set_recipient (probe, to);
  md_smtp_probe_set_ca_file (probe, ca_file);
  md_smtp_probe_set_timeout (probe, timeout);

  if (password_stdin)
    {
      char *password = read_password ();

      if (password == NULL)
        {
          g_printerr ("%s\n", _("No password on standard input."));
          return MD_CLI_EXIT_USAGE;
        }
      md_smtp_probe_set_password (probe, password);
      explicit_bzero (password, strlen (password));
      g_free (password);
    }

  cancellable = g_cancellable_new ();
  loop = g_main_loop_new (NULL, FALSE);
  check.loop = loop;
  sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, cancellable);

  md_smtp_probe_run_async (probe, cancellable, run_cb, &check);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);

  if (!check.ok)
    {
      gboolean cancelled = g_error_matches (check.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      g_printerr ("%s: %s\n", g_get_prgname (), check.error->message);
      g_clear_error (&check.error);
      return cancelled ? MD_CLI_EXIT_INTERNAL : MD_CLI_EXIT_USAGE;
    }

  if (json)
    {
      g_autofree char *text = md_smtp_probe_to_json_string (probe, TRUE);

      printf ("%s\n", text);
    }
  else
    {
      GPtrArray *findings = md_smtp_probe_get_findings (probe);

      for (guint i = 0; i < findings->len; i++)
        /* Translators: precedes the technical evidence of a check result */
        md_cli_print_finding (g_ptr_array_index (findings, i));

      if (transcript)
        {
          g_autofree char *text = md_smtp_probe_get_transcript_text (probe);

          printf ("%s\n%s", _("Conversation with the server:"), text);
        }
    }

  return MD_CLI_EXIT_OK;
}
