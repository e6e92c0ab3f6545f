/* test-incident.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "md-core.h"

static const char *self_path;

static MdIncident *
build_full_incident (void)
{
  MdIncident *incident = md_incident_new ();
  g_autoptr(MdIncidentRecipient) r = md_incident_recipient_new ("Bob@Example.ORG");
  g_autoptr(MdFinding) finding = NULL;
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 20, 9, 14, 0.75);
  g_autoptr(GDateTime) updated = g_date_time_new_utc (2026, 11, 20, 10, 2, 30);
  const char *transcript[] = { "S: 220 ready", "C: AUTH PLAIN ********", "S: 235 ok “ü”", NULL };

  r->reason = g_strdup ("mailboxfull");
  r->status = g_strdup ("5.2.2");
  r->reply_code = 552;
  r->diagnostic = g_strdup ("552 5.2.2 Mailbox full \"quoted\" \\ back\tslash\nnext line");
  r->remote_mta = g_strdup ("mx.example.org");
  r->temporary = TRUE;
  md_incident_add_recipient (incident, r);

  md_incident_set_bounce_text (incident, "Line 1\r\nLine 2 with ünïcödé and \x01 control\n");
  md_incident_set_sender (incident, "alice@example.com");
  md_incident_set_reporter (incident, "Dana");
  md_incident_set_outcome (incident, MD_INCIDENT_OUTCOME_RESOLVED);
  md_incident_set_time_spent (incident, 1530);
  md_incident_set_step_state (incident, MD_STEP_IDENTIFY, MD_STEP_STATE_DONE);
  md_incident_set_step_state (incident, MD_STEP_CONSULT_PROVIDER, MD_STEP_STATE_SKIPPED);
  md_incident_set_step_notes (incident, MD_STEP_CONTACT_RECIPIENT, "Called Bob.\nHe will clean up.");

  finding = md_finding_new (MD_SEVERITY_WARNING, MD_STEP_CHECK_SETTINGS, "smtp.port-25",
                            "Port 25", "Blocked on many networks.", "Use 587.");
  md_finding_set_evidence (finding, "connect: ok");
  md_incident_add_finding (incident, finding);
  md_incident_set_transcript (incident, transcript);

  md_incident_set_created (incident, created);
  md_incident_set_updated (incident, updated);

  return incident;
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_incident_properties (void)
{
  g_autoptr(MdIncident) incident = md_incident_new ();
  g_autoptr(MdIncident) other = md_incident_new ();
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2025, 1, 2, 3, 4, 5);
  guint changed = 0, notified = 0;
  g_autofree char *domain = NULL;

  g_assert_nonnull (md_incident_get_id (incident));
  g_assert_cmpstr (md_incident_get_id (incident), !=, md_incident_get_id (other));
  g_assert_true (g_uuid_string_is_valid (md_incident_get_id (incident)));
  g_assert_cmpint (md_incident_get_outcome (incident), ==, MD_INCIDENT_OUTCOME_OPEN);
  g_assert_cmpuint (md_incident_get_recipients (incident)->len, ==, 0);
  g_assert_null (md_incident_get_transcript (incident)[0]);
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      g_assert_cmpint (md_incident_get_step_state (incident, step), ==, MD_STEP_STATE_NOT_STARTED);
      g_assert_null (md_incident_get_step_notes (incident, step));
    }

  g_signal_connect_swapped (incident, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect_swapped (incident, "notify::reporter", G_CALLBACK (count_cb), &notified);

  md_incident_set_reporter (incident, "Dana");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  md_incident_set_reporter (incident, "Dana");   /* no real change: no notify */
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  g_object_set (incident, "reporter", "Eve", NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (md_incident_get_reporter (incident), ==, "Eve");

  md_incident_set_step_notes (incident, MD_STEP_DOCUMENT, "note");
  md_incident_set_step_state (incident, MD_STEP_DOCUMENT, MD_STEP_STATE_DONE);
  md_incident_set_step_state (incident, MD_STEP_DOCUMENT, MD_STEP_STATE_DONE);
  g_assert_cmpuint (changed, ==, 4);
  md_incident_set_step_notes (incident, MD_STEP_DOCUMENT, "");
  g_assert_null (md_incident_get_step_notes (incident, MD_STEP_DOCUMENT));
  g_assert_cmpuint (changed, ==, 5);

  md_incident_set_created (incident, dt);
  g_assert_true (g_date_time_equal (md_incident_get_created (incident), dt));

  md_incident_set_sender (incident, "Alice@Mail.Example.COM");
  domain = md_incident_dup_sender_domain (incident);
  g_assert_cmpstr (domain, ==, "mail.example.com");

  md_incident_set_outcome (incident, MD_INCIDENT_OUTCOME_WORKAROUND);
  g_assert_cmpstr (md_incident_outcome_to_string (md_incident_get_outcome (incident)), ==, "workaround");
  g_assert_nonnull (md_incident_outcome_get_label (MD_INCIDENT_OUTCOME_WORKAROUND));

  g_assert_finalize_object (g_steal_pointer (&incident));
}

static void
test_incident_updated_is_touched (void)
{
  g_autoptr(MdIncident) incident = md_incident_new ();
  g_autoptr(GDateTime) old = g_date_time_new_utc (2000, 1, 1, 0, 0, 0);
  guint notified = 0;

  md_incident_set_updated (incident, old);
  g_signal_connect_swapped (incident, "notify::updated", G_CALLBACK (count_cb), &notified);
  md_incident_set_bounce_text (incident, "bounce");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (g_date_time_get_year (md_incident_get_updated (incident)), >, 2000);
}

static char *
round_trip (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdIncident) parsed = md_incident_new_from_json_string (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (parsed);
  return md_incident_to_json_string (parsed, NULL);
}

static void
test_incident_json_round_trip (void)
{
  g_autoptr(MdIncident) incident = build_full_incident ();
  g_autofree char *json = md_incident_to_json_string (incident, NULL);
  g_autofree char *again = round_trip (json);
  g_autofree char *third = round_trip (again);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdIncident) parsed = md_incident_new_from_json_string (json, -1, &error);
  const MdIncidentRecipient *r;

  g_assert_cmpstr (json, ==, again);
  g_assert_cmpstr (again, ==, third);

  g_assert_no_error (error);
  g_assert_cmpstr (md_incident_get_id (parsed), ==, md_incident_get_id (incident));
  g_assert_cmpstr (md_incident_get_bounce_text (parsed), ==, md_incident_get_bounce_text (incident));
  g_assert_cmpint (md_incident_get_outcome (parsed), ==, MD_INCIDENT_OUTCOME_RESOLVED);
  g_assert_cmpuint (md_incident_get_time_spent (parsed), ==, 1530);
  g_assert_true (g_date_time_equal (md_incident_get_created (parsed), md_incident_get_created (incident)));
  g_assert_cmpint (g_date_time_get_microsecond (md_incident_get_created (parsed)), ==, 0);
  g_assert_cmpint (md_incident_get_step_state (parsed, MD_STEP_CONSULT_PROVIDER), ==, MD_STEP_STATE_SKIPPED);
  g_assert_cmpstr (md_incident_get_step_notes (parsed, MD_STEP_CONTACT_RECIPIENT), ==, "Called Bob.\nHe will clean up.");
  g_assert_cmpuint (md_incident_get_findings (parsed)->len, ==, 1);
  g_assert_cmpstr (md_finding_get_evidence (g_ptr_array_index (md_incident_get_findings (parsed), 0)), ==, "connect: ok");
  g_assert_true (g_strv_equal (md_incident_get_transcript (parsed), md_incident_get_transcript (incident)));
  r = g_ptr_array_index (md_incident_get_recipients (parsed), 0);
  g_assert_cmpstr (r->address, ==, "Bob@Example.ORG");
  g_assert_cmpstr (r->diagnostic, ==, "552 5.2.2 Mailbox full \"quoted\" \\ back\tslash\nnext line");
  g_assert_cmpuint (r->reply_code, ==, 552);
  g_assert_true (r->temporary);
  g_assert_false (r->hardbounce);

  g_assert_true (g_str_has_suffix (json, "}\n"));
  g_assert_nonnull (strstr (json, "\"created\" : \"2026-11-20T09:14:00Z\""));
}

static void
test_incident_fixture_round_trip (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "incidents", "basic.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  again = round_trip (contents);
  g_assert_cmpstr (contents, ==, again);
}

static void
assert_parse_error (const char *json,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdIncident) incident = md_incident_new_from_json_string (json, -1, &error);

  g_assert_null (incident);
  g_assert_error (error, MD_DATA_ERROR, code);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
test_incident_parse_errors (void)
{
  assert_parse_error ("", MD_DATA_ERROR_INVALID);
  assert_parse_error ("{ not json", MD_DATA_ERROR_INVALID);
  assert_parse_error ("[1, 2]", MD_DATA_ERROR_INVALID);
  assert_parse_error ("{\"format\": \"something-else\", \"version\": 1}", MD_DATA_ERROR_INVALID);
  assert_parse_error ("{\"format\": \"mail-doctor-incident\"}", MD_DATA_ERROR_INVALID);
  assert_parse_error ("{\"format\": \"mail-doctor-incident\", \"version\": \"1\"}", MD_DATA_ERROR_INVALID);
  assert_parse_error ("{\"format\": \"mail-doctor-incident\", \"version\": 2, \"id\": \"x\"}",
                      MD_DATA_ERROR_VERSION);
  assert_parse_error ("{\"format\": \"mail-doctor-incident\", \"version\": 1}", MD_DATA_ERROR_INVALID);
  assert_parse_error ("{\"format\": \"mail-doctor-incident\", \"version\": 1, \"id\": \"x\","
                      " \"created\": \"yesterday\", \"updated\": \"2026-01-01T00:00:00Z\", \"outcome\": \"open\"}",
                      MD_DATA_ERROR_INVALID);
  assert_parse_error ("{\"format\": \"mail-doctor-incident\", \"version\": 1, \"id\": \"x\","
                      " \"created\": \"2026-01-01T00:00:00Z\", \"updated\": \"2026-01-01T00:00:00Z\","
                      " \"outcome\": \"lost\"}",
                      MD_DATA_ERROR_INVALID);
  assert_parse_error ("{\"format\": \"mail-doctor-incident\", \"version\": 1, \"id\": \"x\","
                      " \"created\": \"2026-01-01T00:00:00Z\", \"updated\": \"2026-01-01T00:00:00Z\","
                      " \"outcome\": \"open\", \"recipients\": [ {\"reason\": \"x\"} ]}",
                      MD_DATA_ERROR_INVALID);
  assert_parse_error ("{\"format\": \"mail-doctor-incident\", \"version\": 1, \"id\": \"x\","
                      " \"created\": \"2026-01-01T00:00:00Z\", \"updated\": \"2026-01-01T00:00:00Z\","
                      " \"outcome\": \"open\", \"steps\": [ {\"step\": \"dance\", \"state\": \"done\"} ]}",
                      MD_DATA_ERROR_INVALID);
  assert_parse_error ("{\"format\": \"mail-doctor-incident\", \"version\": 1, \"id\": \"x\","
                      " \"created\": \"2026-01-01T00:00:00Z\", \"updated\": \"2026-01-01T00:00:00Z\","
                      " \"outcome\": \"open\", \"findings\": [ {\"code\": \"x\"} ]}",
                      MD_DATA_ERROR_INVALID);
  assert_parse_error ("{\"format\": \"mail-doctor-incident\", \"version\": 1, \"id\": \"x\","
                      " \"created\": \"2026-01-01T00:00:00Z\", \"updated\": \"2026-01-01T00:00:00Z\","
                      " \"outcome\": \"open\", \"transcript\": [ 42 ]}",
                      MD_DATA_ERROR_INVALID);
}

static void
test_incident_never_stores_password (void)
{
  const char *json =
    "{\"format\": \"mail-doctor-incident\", \"version\": 1, \"id\": \"abc\","
    " \"created\": \"2026-01-01T10:00:00+02:00\", \"updated\": \"2026-01-01T08:00:00Z\","
    " \"outcome\": \"open\", \"password\": \"hunter2\", \"smtp\": {\"password\": \"hunter2\"},"
    " \"recipients\": [ {\"address\": \"a@b.c\", \"password\": \"hunter2\"} ]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(MdIncident) incident = md_incident_new_from_json_string (json, -1, &error);
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  out = md_incident_to_json_string (incident, NULL);
  g_assert_null (strstr (out, "hunter2"));
  g_assert_null (strstr (out, "password"));
  /* The offset is converted to UTC. */
  g_assert_nonnull (strstr (out, "\"created\" : \"2026-01-01T08:00:00Z\""));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_incident_save_finish (MD_INCIDENT (object), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (user_data);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  MdIncident **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = md_incident_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_incident_save_load (void)
{
  g_autoptr(MdIncident) incident = build_full_incident ();
  g_autoptr(MdIncident) loaded = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *dir = g_dir_make_tmp ("md-incident-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "incident.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/dir/incident.json");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf buf;

  md_incident_save_async (incident, file, NULL, save_cb, loop);
  g_main_loop_run (loop);

  /* Saving again replaces the file. */
  md_incident_set_reporter (incident, "Someone else");
  md_incident_save_async (incident, file, NULL, save_cb, loop);
  g_main_loop_run (loop);

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0077, ==, 0);

  md_incident_load_async (file, NULL, load_cb, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);

  a = md_incident_to_json_string (incident, NULL);
  b = md_incident_to_json_string (loaded, NULL);
  g_assert_cmpstr (a, ==, b);

  g_assert_false (md_incident_save (incident, missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (md_incident_new_from_file (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_unlink (path);
  g_rmdir (dir);
}

static void
autosaved_cb (MdIncident *incident,
              GError     *error,
              gpointer    user_data)
{
  g_assert_no_error (error);
  (*(guint *) user_data)++;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_incident_autosave (void)
{
  g_autoptr(MdIncident) incident = md_incident_new ();
  g_autoptr(MdIncident) draft = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *dir = g_dir_make_tmp ("md-autosave-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "drafts", "current.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  guint saves = 0;

  /* No draft yet: no incident, no error. */
  draft = md_incident_load_draft (file, &error);
  g_assert_no_error (error);
  g_assert_null (draft);

  g_signal_connect (incident, "autosaved", G_CALLBACK (autosaved_cb), &saves);
  md_incident_set_autosave_delay (incident, 100);
  md_incident_schedule_autosave (incident, file);

  /* A burst of changes within the delay gives a single save. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *notes = g_strdup_printf ("notes %u", i);

      md_incident_set_step_notes (incident, MD_STEP_IDENTIFY, notes);
      g_timeout_add (20, quit_cb, loop);
      g_main_loop_run (loop);
    }
  g_assert_cmpuint (saves, ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  while (saves == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (saves, ==, 1);

  draft = md_incident_load_draft (file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (draft);
  g_assert_cmpstr (md_incident_get_step_notes (draft, MD_STEP_IDENTIFY), ==, "notes 4");
  g_assert_cmpstr (md_incident_get_id (draft), ==, md_incident_get_id (incident));
  g_clear_object (&draft);

  /* After cancelling, changes are no longer saved. */
  md_incident_cancel_autosave (incident);
  md_incident_set_reporter (incident, "late");
  g_timeout_add (250, quit_cb, loop);
  g_main_loop_run (loop);
  g_assert_cmpuint (saves, ==, 1);

  /* A damaged draft is reported. */
  g_file_set_contents (path, "{ half a fi", -1, &error);
  g_assert_no_error (error);
  draft = md_incident_load_draft (file, &error);
  g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
  g_assert_null (draft);

  g_assert_finalize_object (g_steal_pointer (&incident));
  g_unlink (path);
}

/* The writer: saves two different versions in a loop until it is killed. */
static int
run_crash_writer (const char *path)
{
  g_autoptr(MdIncident) a = build_full_incident ();
  g_autoptr(MdIncident) b = build_full_incident ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GString *big = g_string_new (NULL);

  /* Big enough that a save takes a while: kills land mid-write. */
  for (guint i = 0; i < 30000; i++)
    g_string_append (big, "This line makes the bounce text long enough to take time. ");
  md_incident_set_bounce_text (a, big->str);
  md_incident_set_reporter (b, "version b");
  g_string_free (big, TRUE);

  for (guint i = 0; ; i++)
    {
      if (!md_incident_save (i % 2 ? b : a, file, NULL, NULL))
        return 3;
    }

  return 0;
}

#define N_ROUNDS 16

static void
test_incident_crash_safety (void)
{
  g_autofree char *dir = g_dir_make_tmp ("md-crash-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "draft.json", NULL);
  g_autoptr(MdIncident) first = build_full_incident ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint parsed_a = 0, parsed_b = 0;

  /* The previous version: the file exists before the writer starts. */
  g_assert_true (md_incident_save (first, file, NULL, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      const char *argv[] = { self_path, "--crash-writer", path, NULL };
      g_autoptr(MdIncident) survivor = NULL;
      GPid pid;
      int status;

      g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
      g_assert_no_error (error);

      g_usleep (g_rand_int_range (rand, 60, 250) * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_spawn_close_pid (pid);

      survivor = md_incident_new_from_file (file, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (survivor);
      if (g_strcmp0 (md_incident_get_reporter (survivor), "version b") == 0)
        parsed_b++;
      else
        parsed_a++;
    }

  /* Leftover temporary files are the writes the kills interrupted; they are
   * harmless. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    guint interrupted = 0;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);

        if (g_str_has_prefix (name, ".goutputstream-"))
          interrupted++;
        g_unlink (p);
      }

    g_test_message ("%u killed writers, %u of them in the middle of a save; the file then held "
                    "version a (or the first one) %u times, version b %u times, and always parsed",
                    N_ROUNDS, interrupted, parsed_a, parsed_b);
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--crash-writer"))
    return run_crash_writer (argv[2]);

  self_path = argv[0];
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/incident/properties", test_incident_properties);
  g_test_add_func ("/incident/updated-is-touched", test_incident_updated_is_touched);
  g_test_add_func ("/incident/json-round-trip", test_incident_json_round_trip);
  g_test_add_func ("/incident/fixture-round-trip", test_incident_fixture_round_trip);
  g_test_add_func ("/incident/parse-errors", test_incident_parse_errors);
  g_test_add_func ("/incident/never-stores-password", test_incident_never_stores_password);
  g_test_add_func ("/incident/save-load", test_incident_save_load);
  g_test_add_func ("/incident/autosave", test_incident_autosave);
  g_test_add_func ("/incident/crash-safety", test_incident_crash_safety);

  return g_test_run ();
}
