/* test-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/wait.h>
#include <glib/gstdio.h>

#include "md-core.h"

static MdIncident *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "incidents", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MdIncident *incident = md_incident_new_from_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (incident);
  return incident;
}

/* Compares with a golden file; MD_UPDATE_GOLDEN=1 rewrites it instead. */
static void
assert_golden (const char *actual,
               const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "incidents", name, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("MD_UPDATE_GOLDEN") != NULL)
    {
      g_file_set_contents (path, actual, -1, &error);
      g_assert_no_error (error);
      g_test_message ("updated %s", path);
      return;
    }

  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (actual, ==, expected);
}

static void
test_report_golden (void)
{
  g_autoptr(MdIncident) incident = load_fixture ("basic.json");
  g_autofree char *txt = md_report_render_text (incident);
  g_autofree char *md = md_report_render_markdown (incident);
  g_autofree char *html = md_report_render_html (incident);
  g_autofree char *json = md_report_render_json (incident);

  assert_golden (txt, "basic.txt");
  assert_golden (md, "basic.md");
  assert_golden (html, "basic.html");
  assert_golden (json, "basic.json");
}

static guint
count_sentences (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if ((*p == '.' || *p == ':') && (p[1] == ' ' || p[1] == '\0'))
      n++;
  return n;
}

static void
test_report_summary (void)
{
  g_autoptr(MdIncident) incident = load_fixture ("basic.json");
  g_autoptr(MdIncident) empty = md_incident_new ();
  g_autoptr(MdIncidentRecipient) unknown = md_incident_recipient_new ("x@example.com");
  g_autofree char *summary = md_report_help_desk_summary (incident);
  g_autofree char *resolved = NULL;
  g_autofree char *none = NULL;
  g_autofree char *unclassified = NULL;
  g_autofree char *txt = md_report_render_text (incident);
  g_autofree char *txt_start = NULL;

  g_test_message ("summary: %s", summary);
  /* What happened, who must act, what to do. */
  g_assert_true (g_str_has_prefix (summary, "The mailbox of bob@example.org is full; 1 other address failed too."));
  g_assert_nonnull (strstr (summary, "The recipient must act."));
  g_assert_nonnull (strstr (summary, "What to do: "));
  g_assert_cmpuint (count_sentences (summary), >=, 3);

  /* The summary comes first in the report. */
  txt_start = g_strndup (txt, 400);
  g_assert_nonnull (strstr (txt_start, "Summary"));
  g_assert_nonnull (strstr (txt_start, "The mailbox of bob@example.org is full"));

  md_incident_set_outcome (incident, MD_INCIDENT_OUTCOME_RESOLVED);
  resolved = md_report_help_desk_summary (incident);
  g_assert_nonnull (strstr (resolved, "Nothing more needs to be done"));

  none = md_report_help_desk_summary (empty);
  g_assert_nonnull (strstr (none, "has not been analysed yet"));
  g_assert_nonnull (strstr (none, "It is not clear yet who must act."));

  md_incident_add_recipient (empty, unknown);
  unclassified = md_report_help_desk_summary (empty);
  g_assert_true (g_str_has_prefix (unclassified, "An email to x@example.com could not be delivered."));
}

#define EVIL "<script>alert(\"x\")</script> 'q' & \"dq\" <img src=x onerror=alert(1)>"

static MdIncident *
build_evil_incident (void)
{
  MdIncident *incident = md_incident_new ();
  g_autoptr(MdIncidentRecipient) r = md_incident_recipient_new (EVIL "@example.org");
  g_autoptr(MdFinding) finding = md_finding_new (MD_SEVERITY_PROBLEM, MD_STEP_CHECK_SETTINGS,
                                                 EVIL, EVIL, EVIL, EVIL);
  g_autoptr(MdFinding) other = md_finding_new (MD_SEVERITY_INFO, MD_STEP_NONE, EVIL, EVIL, EVIL, EVIL);
  const char *transcript[] = { EVIL, "S: 250 " EVIL, NULL };

  r->reason = g_strdup (EVIL);
  r->status = g_strdup (EVIL);
  r->diagnostic = g_strdup (EVIL);
  r->remote_mta = g_strdup (EVIL);
  md_incident_add_recipient (incident, r);
  md_finding_set_evidence (finding, EVIL);
  md_incident_add_finding (incident, finding);
  md_incident_add_finding (incident, other);
  md_incident_set_bounce_text (incident, EVIL "\n" EVIL);
  md_incident_set_sender (incident, EVIL);
  md_incident_set_reporter (incident, EVIL);
  md_incident_set_transcript (incident, transcript);
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    md_incident_set_step_notes (incident, step, EVIL "\n" EVIL);

  return incident;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_report_html_escaping (void)
{
  g_autoptr(MdIncident) incident = build_evil_incident ();
  g_autofree char *html = md_report_render_html (incident);
  g_autofree char *lower = g_ascii_strdown (html, -1);

  g_assert_null (strstr (lower, "<script"));
  g_assert_null (strstr (lower, "<img"));
  g_assert_null (strstr (html, "\"dq\""));
  g_assert_null (strstr (html, "'q'"));
  /* Each of the 2 * 8 notes, 5 recipient fields, 2 * 4 finding fields,
   * 2 * 2 bounce and transcript lines, sender and reporter shows as text. */
  g_assert_cmpuint (count_occurrences (html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &apos;q&apos; &amp;"),
                    >=, 16 + 5 + 8 + 4 + 2);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_true (g_str_has_suffix (html, "</html>\n"));
  g_assert_nonnull (strstr (html, "<style>"));
  /* Self-contained: nothing is loaded from elsewhere. */
  g_assert_null (strstr (lower, "<link"));
  g_assert_null (strstr (lower, "http://"));
  g_assert_null (strstr (lower, "https://"));
}

static void
test_report_markdown_escaping (void)
{
  g_autoptr(MdIncident) incident = md_incident_new ();
  g_autofree char *md = NULL;

  md_incident_set_bounce_text (incident, "before\n````\ncode with ``` fences\n````\nafter");
  md_incident_set_step_notes (incident, MD_STEP_IDENTIFY,
                              "*bold* _it_ [link](http://x) <b>html</b> `code` | pipe\n# not a heading\n1. not a list");
  md = md_report_render_markdown (incident);

  /* The bounce is in a fence longer than any backtick run inside it. */
  g_assert_nonnull (strstr (md, "\n`````\nbefore\n````\ncode with ``` fences\n````\nafter\n`````\n"));
  g_assert_nonnull (strstr (md, "\\*bold\\* \\_it\\_ \\[link\\](http://x) \\<b\\>html\\</b\\> \\`code\\` \\| pipe\\\n"
                                "\\# not a heading\\\n1\\. not a list"));
}

static void
test_report_text_and_json (void)
{
  g_autoptr(MdIncident) incident = build_evil_incident ();
  g_autofree char *txt = md_report_render_text (incident);
  g_autofree char *json = md_report_render_json (incident);
  g_autofree char *direct = md_incident_to_json_string (incident, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  MdReportFormat format;

  /* Plain text shows what was typed, unchanged. */
  g_assert_nonnull (strstr (txt, EVIL));
  g_assert_cmpstr (json, ==, direct);

  bytes = md_report_render (incident, MD_REPORT_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), direct, strlen (direct));

  g_assert_true (md_report_format_from_string ("md", &format));
  g_assert_cmpint (format, ==, MD_REPORT_FORMAT_MARKDOWN);
  g_assert_true (md_report_format_from_string ("HTML", &format));
  g_assert_cmpint (format, ==, MD_REPORT_FORMAT_HTML);
  g_assert_false (md_report_format_from_string ("docx", &format));
  g_assert_cmpstr (md_report_format_get_extension (MD_REPORT_FORMAT_PDF), ==, "pdf");
  g_assert_cmpstr (md_report_format_get_mime_type (MD_REPORT_FORMAT_HTML), ==, "text/html");
}

static char *
normalize_space (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        space = TRUE;
      else
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }

  return g_string_free (out, FALSE);
}

static char *
pdf_to_text (GBytes *pdf)
{
  g_autofree char *dir = g_dir_make_tmp ("md-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  int status;

  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  g_unlink (path);
  g_rmdir (dir);

  return g_steal_pointer (&out);
}

static void
test_report_pdf (void)
{
  g_autoptr(MdIncident) incident = load_fixture ("basic.json");
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) long_pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = md_report_help_desk_summary (incident);
  g_autofree char *want = normalize_space (summary);
  g_autofree char *text = NULL;
  g_autofree char *got = NULL;
  g_autofree char *long_text = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  GString *bounce;

  pdf = md_report_render_pdf (incident, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_cmpuint (g_bytes_get_size (pdf), >, 1000);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }

  text = pdf_to_text (pdf);
  got = normalize_space (text);
  g_assert_nonnull (strstr (got, want));
  g_assert_nonnull (strstr (got, "Technical appendix"));
  g_assert_nonnull (strstr (got, "552 5.2.2 <bob@example.org>: Mailbox full"));

  /* A long bounce flows over several A4 pages. */
  bounce = g_string_new (NULL);
  for (guint i = 0; i < 400; i++)
    g_string_append_printf (bounce, "line %u of a very long bounce message that has to continue on the next page\n", i);
  g_string_append (bounce, "THE-LAST-LINE");
  md_incident_set_bounce_text (incident, bounce->str);
  g_string_free (bounce, TRUE);

  long_pdf = md_report_render (incident, MD_REPORT_FORMAT_PDF, &error);
  g_assert_no_error (error);
  long_text = pdf_to_text (long_pdf);
  g_assert_cmpuint (count_occurrences (long_text, "\f"), >=, 5);
  g_assert_nonnull (strstr (long_text, "THE-LAST-LINE"));
  g_assert_nonnull (strstr (long_text, "line 399 of a very long bounce"));
}

/* The command line tool */

static char *
cli_path (void)
{
  return g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "mail-doctor-cli", NULL);
}

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autofree char *cli = cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, cli);
  g_ptr_array_add (argv, (gpointer) "report");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));

  return WEXITSTATUS (status);
}

static void
test_report_cli (void)
{
  g_autofree char *cli = cli_path ();
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "incidents", "basic.json", NULL);
  g_autofree char *golden_md = g_test_build_filename (G_TEST_DIST, "data", "incidents", "basic.md", NULL);
  g_autofree char *golden_txt = g_test_build_filename (G_TEST_DIST, "data", "incidents", "basic.txt", NULL);
  g_autofree char *dir = g_dir_make_tmp ("md-cli-report-XXXXXX", NULL);
  g_autofree char *html_out = g_build_filename (dir, "report.html", NULL);
  g_autofree char *pdf_out = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("mail-doctor-cli is not built");
      return;
    }

  {
    const char *args[] = { fixture, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_file_get_contents (golden_txt, &expected, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (out, ==, expected);
    g_clear_pointer (&expected, g_free);
  }

  {
    const char *args[] = { "--format", "md", fixture, NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (run_cli (args, &out, NULL), ==, 0);
    g_file_get_contents (golden_md, &expected, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (out, ==, expected);
  }

  {
    const char *args[] = { "--format", "html", "-o", html_out, fixture, NULL };
    g_autoptr(MdIncident) incident = NULL;
    g_autoptr(GFile) file = g_file_new_for_path (fixture);
    g_autofree char *html = NULL;

    g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
    g_file_get_contents (html_out, &written, NULL, &error);
    g_assert_no_error (error);
    incident = md_incident_new_from_file (file, NULL, &error);
    g_assert_no_error (error);
    html = md_report_render_html (incident);
    g_assert_cmpstr (written, ==, html);
  }

  {
    const char *args[] = { "--format", "pdf", "-o", pdf_out, fixture, NULL };
    g_autofree char *pdf = NULL;
    gsize len;

    g_assert_cmpint (run_cli (args, NULL, NULL), ==, 0);
    g_file_get_contents (pdf_out, &pdf, &len, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (len, >, 1000);
    g_assert_cmpmem (pdf, 5, "%PDF-", 5);
  }

  /* Usage errors and unreadable input: exit status 1. */
  {
    const char *pdf_to_terminal[] = { "--format", "pdf", fixture, NULL };
    const char *unknown_format[] = { "--format", "docx", fixture, NULL };
    const char *no_file[] = { NULL };
    const char *two_files[] = { fixture, fixture, NULL };
    const char *missing[] = { "/nonexistent/incident.json", NULL };
    const char *damaged[] = { bad, NULL };
    const char *bad_option[] = { "--frobnicate", fixture, NULL };
    g_autofree char *err = NULL;

    g_file_set_contents (bad, "{\"format\": \"mail-doctor-incident\", \"version\": 7}", -1, &error);
    g_assert_no_error (error);

    g_assert_cmpint (run_cli (pdf_to_terminal, NULL, NULL), ==, 1);
    g_assert_cmpint (run_cli (unknown_format, NULL, NULL), ==, 1);
    g_assert_cmpint (run_cli (no_file, NULL, NULL), ==, 1);
    g_assert_cmpint (run_cli (two_files, NULL, NULL), ==, 1);
    g_assert_cmpint (run_cli (missing, NULL, NULL), ==, 1);
    g_assert_cmpint (run_cli (bad_option, NULL, NULL), ==, 1);
    g_assert_cmpint (run_cli (damaged, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "newer version of Mail Doctor"));
  }

  g_unlink (html_out);
  g_unlink (pdf_out);
  g_unlink (bad);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/report/golden", test_report_golden);
  g_test_add_func ("/report/summary", test_report_summary);
  g_test_add_func ("/report/html-escaping", test_report_html_escaping);
  g_test_add_func ("/report/markdown-escaping", test_report_markdown_escaping);
  g_test_add_func ("/report/text-and-json", test_report_text_and_json);
  g_test_add_func ("/report/pdf", test_report_pdf);
  g_test_add_func ("/report/cli", test_report_cli);

  return g_test_run ();
}
