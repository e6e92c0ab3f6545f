/* md-cli-report.c: mail-doctor-cli report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "md-cli.h"
#include "md-core.h"

int
md_cli_report (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MdIncident) incident = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) args = NULL;
  MdReportFormat format = MD_REPORT_FORMAT_TEXT;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("Report format: txt (default), md, html, json or pdf"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the report to this file instead of the terminal"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, NULL },
    { NULL }
  };
  gconstpointer data;
  gsize length;

  /* Translators: the argument of “mail-doctor-cli report”: a saved incident file */
  context = g_option_context_new (_("INCIDENT.json"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Turns an incident saved by Mail Doctor into a report that a help "
                                  "desk can read: a summary, the eight steps, and the technical "
                                  "details. Use “-” to read the incident from standard input."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!md_cli_parse_options (context, &argc, &argv))
    return MD_CLI_EXIT_USAGE;

  if (args == NULL || args[0] == NULL || args[1] != NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("Give exactly one incident file."));
      g_printerr ("%s\n", _("Run with --help to see the options."));
      return MD_CLI_EXIT_USAGE;
    }

  if (format_name != NULL && !md_report_format_from_string (format_name, &format))
    {
      g_printerr ("%s: ", g_get_prgname ());
      g_printerr (_("Unknown report format “%s”: use txt, md, html, json or pdf."), format_name);
      g_printerr ("\n");
      return MD_CLI_EXIT_USAGE;
    }

  if (format == MD_REPORT_FORMAT_PDF && output == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("A PDF report must be written to a file: add -o FILE."));
      return MD_CLI_EXIT_USAGE;
    }

  if (g_str_equal (args[0], "-"))
    {
      g_autoptr(GString) input = g_string_new (NULL);
      char buffer[8192];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_string_append_len (input, buffer, n);
      if (ferror (stdin))
        {
          g_printerr ("%s: %s\n", g_get_prgname (), _("The standard input cannot be read."));
          return MD_CLI_EXIT_USAGE;
        }
      data = input->str;
      length = input->len;
      incident = md_incident_new_from_json_string (data, length, &error);
    }
  else
    {
      file = g_file_new_for_commandline_arg (args[0]);
      incident = md_incident_new_from_file (file, NULL, &error);
    }

  if (incident == NULL)
    {
      g_printerr ("%s: %s: %s\n", g_get_prgname (), args[0], error->message);
      return MD_CLI_EXIT_USAGE;
    }

  bytes = md_report_render (incident, format, &error);
  if (bytes == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return MD_CLI_EXIT_INTERNAL;
    }

  data = g_bytes_get_data (bytes, &length);

  if (output == NULL || g_str_equal (output, "-"))
    {
      if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
        return MD_CLI_EXIT_INTERNAL;
      return MD_CLI_EXIT_OK;
    }

  /* Atomic: a temporary file renamed over the target, never half a report. */
  if (!g_file_set_contents_full (output, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return MD_CLI_EXIT_USAGE;
    }

  return MD_CLI_EXIT_OK;
}
