/* md-cli-classify.c: mail-doctor-cli classify
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "md-cli.h"
#include "md-core.h"

static gboolean opt_json = FALSE;
static gboolean opt_list_examples = FALSE;
static char **opt_examples = NULL;

static const GOptionEntry entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print one JSON object per line and recipient"), NULL },
  { "example", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &opt_examples,
    N_("Classify a built-in example bounce"), N_("ID") },
  { "list-examples", 0, 0, G_OPTION_ARG_NONE, &opt_list_examples,
    N_("List the built-in example bounces"), NULL },
  { NULL }
};

static GBytes *
read_stdin (GError **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  guint8 chunk[65536];
  size_t n;

  while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
    {
      if (buf->len + n > MD_BOUNCE_MAX_SIZE)
        {
          g_autofree char *limit = g_format_size (MD_BOUNCE_MAX_SIZE);

          g_set_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_TOO_LARGE,
                       _("The input is too large to be an email bounce (the limit is %s)."),
                       limit);
          return NULL;
        }
      g_byte_array_append (buf, chunk, n);
    }
  if (ferror (stdin))
    {
      g_set_error_literal (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_UNREADABLE,
                           _("Could not read the standard input."));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

static void
print_json_node (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *out = NULL;

  json_generator_set_root (gen, root);
  out = json_generator_to_data (gen, NULL);
  printf ("%s\n", out);
}

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, value);
}

static void
print_recipient_json (const char        *file,
                      MdBounce          *bounce,
                      MdBounceRecipient *r,
                      guint              idx)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const MdReason *reason = md_reason_lookup (md_bounce_recipient_get_reason (r));
  GDateTime *last = md_bounce_recipient_get_last_attempt (r);
  const guint *lines;
  guint n_lines;

  json_builder_begin_object (b);
  add_string (b, "file", file);
  json_builder_set_member_name (b, "idx");
  json_builder_add_int_value (b, idx);
  add_string (b, "kind", md_bounce_kind_to_string (md_bounce_get_kind (bounce)));
  add_string (b, "recipient", md_bounce_recipient_get_address (r));
  add_string (b, "original_recipient", md_bounce_recipient_get_original_address (r));
  add_string (b, "reason", md_bounce_recipient_get_reason (r));
  add_string (b, "status", md_bounce_recipient_get_status (r) ? md_bounce_recipient_get_status (r) : "");
  add_string (b, "replycode", md_bounce_recipient_get_reply_code (r) ? md_bounce_recipient_get_reply_code (r) : "");
  json_builder_set_member_name (b, "hardbounce");
  json_builder_add_boolean_value (b, md_bounce_recipient_get_hardbounce (r));
  json_builder_set_member_name (b, "temporary");
  json_builder_add_boolean_value (b, md_bounce_recipient_get_temporary (r));
  add_string (b, "action", md_bounce_action_to_string (md_bounce_recipient_get_action (r)));
  add_string (b, "diagnostic", md_bounce_recipient_get_diagnostic (r));
  add_string (b, "remote_mta", md_bounce_recipient_get_remote_mta (r));
  add_string (b, "reporting_mta", md_bounce_get_reporting_mta (bounce));
  add_string (b, "mta", md_bounce_get_mta (bounce));
  add_string (b, "smtp_command", md_bounce_recipient_get_smtp_command (r));
  add_string (b, "feedbacktype", md_bounce_recipient_get_feedback_type (r));
  add_string (b, "party", reason ? md_party_to_string (reason->party) : NULL);
  if (last != NULL)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (last);

      add_string (b, "last_attempt", iso);
    }
  json_builder_set_member_name (b, "evidence");
  json_builder_begin_object (b);
  add_string (b, "rule", md_bounce_recipient_get_evidence_rule (r));
  add_string (b, "text", md_bounce_recipient_get_evidence_text (r));
  json_builder_set_member_name (b, "line");
  json_builder_add_int_value (b, md_bounce_recipient_get_evidence_line (r));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "lines");
  json_builder_begin_array (b);
  lines = md_bounce_recipient_get_lines (r, &n_lines);
  for (guint i = 0; i < n_lines && i < 50; i++)
    json_builder_add_int_value (b, lines[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);

  print_json_node (b);
}

static void
print_nothing_json (const char *file,
                    MdBounce   *bounce)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "file", file);
  add_string (b, "kind", md_bounce_kind_to_string (md_bounce_get_kind (bounce)));
  add_string (b, "recipient", NULL);
  add_string (b, "reason", NULL);
  add_string (b, "status", NULL);
  add_string (b, "message", md_bounce_kind_get_label (md_bounce_get_kind (bounce)));
  json_builder_end_object (b);
  print_json_node (b);
}

static void
print_human (const char *file,
             MdBounce   *bounce,
             gboolean    several)
{
  GPtrArray *rcpts = md_bounce_get_recipients (bounce);

  if (several)
    printf ("%s\n", file);
  printf ("%s\n", md_bounce_kind_get_label (md_bounce_get_kind (bounce)));
  if (md_bounce_get_kind (bounce) == MD_BOUNCE_KIND_NOT_A_BOUNCE)
    printf ("%s\n", _("A bounce is the message that came back to you, usually from “Mail Delivery "
                      "System” or “MAILER-DAEMON”. Give the whole message, including its "
                      "technical part, or save it as a .eml file and give that file."));

  for (guint i = 0; i < rcpts->len; i++)
    {
      MdBounceRecipient *r = g_ptr_array_index (rcpts, i);
      const char *addr = md_bounce_recipient_get_address (r);
      const MdReason *reason = md_reason_lookup (md_bounce_recipient_get_reason (r));
      const char *diag = md_bounce_recipient_get_diagnostic (r);
      g_autofree char *headline = NULL;

      if (addr == NULL)
        addr = _("(address not given)");
      if (reason != NULL)
        headline = md_reason_format_headline (reason, addr);
      else
        headline = g_strdup_printf ("%s: %s", addr, md_bounce_recipient_get_reason (r));

      printf ("\n• %s\n", headline);
      if (reason != NULL && reason->failure)
        {
          printf ("  %s\n", md_bounce_recipient_get_temporary (r)
                            ? _("This is probably temporary: the message may still get through later.")
                            : _("This is a permanent failure: sending again unchanged will not help."));
          /* Translators: %s is who must act, e.g. "The recipient's email provider" */
          printf ("  %s %s\n", _("Who needs to act:"), md_party_get_label (reason->party));
        }
      if (reason != NULL)
        {
          printf ("  %s\n", md_reason_get_explanation (reason));
          printf ("  %s %s\n", _("What to do:"), md_reason_get_advice (reason));
        }
      if (diag != NULL && *diag != '\0')
        {
          g_autofree char *shortd = g_utf8_substring (diag, 0, MIN (g_utf8_strlen (diag, -1), 300));

          printf ("  %s %s\n",
                  md_bounce_get_kind (bounce) == MD_BOUNCE_KIND_AUTO_REPLY
                  ? _("The reply said:") : _("The server said:"),
                  shortd);
        }
      if (md_bounce_recipient_get_status (r) != NULL)
        printf ("  %s %s\n", _("Status code:"), md_bounce_recipient_get_status (r));
    }
  if (several)
    printf ("\n");
}

static void
print_bounce (const char *name,
              MdBounce   *bounce,
              gboolean    several)
{
  GPtrArray *rcpts = md_bounce_get_recipients (bounce);
  MdBounceKind kind = md_bounce_get_kind (bounce);

  if (!opt_json)
    {
      print_human (name, bounce, several);
      return;
    }
  if (rcpts->len == 0 || kind == MD_BOUNCE_KIND_NOT_A_BOUNCE)
    print_nothing_json (name, bounce);
  else
    for (guint i = 0; i < rcpts->len; i++)
      print_recipient_json (name, bounce, g_ptr_array_index (rcpts, i), i + 1);
}

static gboolean
classify_bytes (const char  *name,
                GBytes      *bytes,
                gboolean     several,
                GError     **error)
{
  g_autoptr(MdBounce) bounce = md_bounce_parse (bytes, error);

  if (bounce == NULL)
    return FALSE;
  print_bounce (name, bounce, several);
  return TRUE;
}

static int
list_examples (void)
{
  g_auto(GStrv) ids = md_examples_list ();

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    printf ("%-24s %s\n", ids[i], md_example_get_title (ids[i]));
  return MD_CLI_EXIT_OK;
}

int
md_cli_classify (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  gboolean failed = FALSE;
  guint n_inputs;

  context = g_option_context_new (_("FILE|- …"));
  g_option_context_set_summary (context, _("Explain why an email bounced. Give one or more saved "
                                           "bounce messages (.eml or plain text), or “-” to read "
                                           "the standard input."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!md_cli_parse_options (context, &argc, &argv))
    return MD_CLI_EXIT_USAGE;

  if (opt_list_examples)
    return list_examples ();

  n_inputs = (argc - 1) + (opt_examples ? g_strv_length (opt_examples) : 0);
  if (n_inputs == 0)
    {
      g_printerr ("%s\n", _("Give a file to classify, or “-” for the standard input."));
      return MD_CLI_EXIT_USAGE;
    }

  for (guint i = 0; opt_examples != NULL && opt_examples[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = md_example_load (opt_examples[i], &error);

      if (bytes == NULL || !classify_bytes (opt_examples[i], bytes, n_inputs > 1, &error))
        {
          g_printerr ("%s: %s\n", opt_examples[i], error ? error->message : _("unknown example"));
          failed = TRUE;
        }
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *name = argv[i];

      if (g_str_equal (name, "-"))
        {
          g_autoptr(GBytes) bytes = read_stdin (&error);

          if (bytes == NULL || !classify_bytes (name, bytes, n_inputs > 1, &error))
            {
              g_printerr ("%s: %s\n", name, error->message);
              failed = TRUE;
            }
        }
      else
        {
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (name);
          g_autoptr(MdBounce) bounce = md_bounce_parse_file (file, NULL, &error);

          if (bounce == NULL)
            {
              g_printerr ("%s: %s\n", name, error->message);
              failed = TRUE;
              continue;
            }
          print_bounce (name, bounce, n_inputs > 1);
        }
      fflush (stdout);
    }

  return failed ? MD_CLI_EXIT_USAGE : MD_CLI_EXIT_OK;
}
