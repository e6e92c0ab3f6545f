/* test-ui-draft.c: the case in progress is autosaved and comes back
 *
 * The real window, driven in-process: what the user enters goes to the
 * draft file a moment later (never the SMTP password), a new window brings
 * it back, a SIGKILLed process (this program, started again with
 * --draft-child) leaves the last autosaved draft intact, a damaged draft is
 * moved aside, and New Case deletes it.
 *
 * Every test has its own XDG directories (G_TEST_OPTION_ISOLATE_DIRS), so
 * the draft lives in a fresh g_get_user_data_dir()/mail-doctor each time.
 * Run through tests/run-with-display.sh, which starts Xvfb when needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "md-analysis-view.h"
#include "md-application.h"
#include "md-case.h"
#include "md-history.h"
#include "md-history-window.h"
#include "md-identify-page.h"
#include "md-smtp-page.h"
#include "md-step-page.h"
#include "md-summary-page.h"
#include "md-window.h"
#include "md-ui-test.h"

#define AUTOSAVE_DELAY_MS 150
#define CHILD_AUTOSAVE_DELAY_MS 1500
#define PASSWORD "Sw0rdfish-never-on-disk"
#define NOTES "Called Bob on the phone: he has a new address"
#define REPORTER "Alice from accounting"

static MdApplication *app;

/* Draft helpers */

static char *
dup_draft_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "mail-doctor", "draft.json", NULL);
}

static char *
read_draft (void)
{
  g_autofree char *path = dup_draft_path ();
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  return contents;
}

/* Waits until the draft file holds @needle. */
static gboolean
draft_contains (gpointer data)
{
  g_autofree char *contents = read_draft ();

  return contents != NULL && strstr (contents, data) != NULL;
}

static gboolean
draft_missing (gpointer data)
{
  g_autofree char *path = dup_draft_path ();

  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Window helpers */

/* A window as the application's first one: it restores the draft. */
static MdWindow *
create_window (void)
{
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();
  MdWindow *window = md_window_new (app);
  md_case_set_autosave_delay (md_window_get_case (window), AUTOSAVE_DELAY_MS);
  md_window_restore_draft (window);
  md_ui_test_present_window (window);
  md_ui_test_wait_for (md_ui_test_is_idle, window);

  return window;
}

static char *
dup_notes_text (MdWindow *window,
                MdStep    step)
{
  return md_ui_test_dup_buffer_text (md_ui_test_get_child (md_ui_test_get_page (window, step),
                                                          MD_TYPE_STEP_PAGE, "notes_view"));
}

static void
type_notes (MdWindow   *window,
            MdStep      step,
            const char *notes)
{
  GtkTextView *view = md_ui_test_get_child (md_ui_test_get_page (window, step), MD_TYPE_STEP_PAGE,
                                            "notes_view");

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), notes, -1);
}

static char *
dup_bounce_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "bounces", "postfix-userunknown.eml", NULL);
}

static char *
load_bounce_from (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static char *
load_bounce (void)
{
  g_autofree char *path = dup_bounce_path ();

  return load_bounce_from (path);
}

/* What a user does: pastes the bounce, takes notes, marks step 4 done,
 * types the SMTP password in step 5, and says how it ended in step 8. */
static void
fill_case (MdWindow *window)
{
  g_autofree char *bounce = load_bounce ();
  MdSummaryPage *summary = md_ui_test_get_content (window, MD_STEP_DOCUMENT, MD_TYPE_SUMMARY_PAGE);

  md_window_set_bounce_text (window, bounce, -1);
  md_ui_test_wait_for (md_ui_test_is_idle, window);
  g_assert_nonnull (md_window_get_bounce (window));

  type_notes (window, MD_STEP_CONTACT_RECIPIENT, NOTES);
  md_step_page_set_state (md_ui_test_get_page (window, MD_STEP_CONTACT_RECIPIENT), MD_STEP_STATE_DONE);
  md_step_page_set_state (md_ui_test_get_page (window, MD_STEP_CHECK_SETTINGS), MD_STEP_STATE_SKIPPED);

  gtk_editable_set_text (md_ui_test_get_child (md_ui_test_get_content (window, MD_STEP_CHECK_SETTINGS,
                                                                       MD_TYPE_SMTP_PAGE),
                                               MD_TYPE_SMTP_PAGE, "password_row"),
                         PASSWORD);

  gtk_check_button_set_active (md_ui_test_get_child (summary, MD_TYPE_SUMMARY_PAGE,
                                                     "workaround_check"), TRUE);
  gtk_editable_set_text (md_ui_test_get_child (summary, MD_TYPE_SUMMARY_PAGE, "reporter_row"), REPORTER);
}

static MdWindow *
find_main_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (MD_IS_WINDOW (l->data))
      return MD_WINDOW (l->data);

  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      {
        *(gpointer *) data = l->data;
        return TRUE;
      }

  return FALSE;
}

static void
answer_dialog (const char *response)
{
  gpointer dialog = NULL;

  md_ui_test_wait_for (has_message_dialog, &dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), &dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  md_ui_test_wait_for (md_ui_test_is_null, &dialog);
}

/* Tests */

static void
test_autosave_and_restore (void)
{
  MdWindow *window = create_window ();
  MdSummaryPage *summary;
  g_autofree char *bounce = load_bounce ();
  g_autofree char *headline = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *text = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *id = NULL;
  g_autoptr(MdIncident) restored = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing entered, nothing saved */
  md_ui_test_settle (AUTOSAVE_DELAY_MS * 3);
  g_assert_true (draft_missing (NULL));

  fill_case (window);
  headline = g_strdup (md_analysis_view_get_headline (md_identify_page_get_analysis_view (
    md_ui_test_get_content (window, MD_STEP_IDENTIFY, MD_TYPE_IDENTIFY_PAGE))));
  g_assert_nonnull (strstr (headline, "bob@recipient.example"));
  id = g_strdup (md_incident_get_id (md_case_get_incident (md_window_get_case (window))));

  /* A moment later, the draft has it all, but not the password */
  md_ui_test_wait_for (draft_contains, (gpointer) REPORTER);
  md_ui_test_wait_for (draft_contains, (gpointer) "Called Bob on the phone");
  draft = read_draft ();
  g_assert_null (strstr (draft, PASSWORD));
  g_assert_nonnull (strstr (draft, "bob@recipient.example"));
  g_assert_nonnull (strstr (draft, "5.1.1"));

  restored = md_incident_new_from_json_string (draft, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (md_incident_get_id (restored), ==, id);
  g_assert_cmpstr (md_incident_get_bounce_text (restored), ==, bounce);
  g_assert_cmpstr (md_incident_get_step_notes (restored, MD_STEP_CONTACT_RECIPIENT), ==, NOTES);
  g_assert_cmpint (md_incident_get_step_state (restored, MD_STEP_CONTACT_RECIPIENT), ==,
                   MD_STEP_STATE_DONE);
  g_assert_cmpint (md_incident_get_outcome (restored), ==, MD_INCIDENT_OUTCOME_WORKAROUND);
  g_assert_cmpuint (md_incident_get_recipients (restored)->len, ==, 1);
  g_assert_cmpstr (((MdIncidentRecipient *) g_ptr_array_index (md_incident_get_recipients (restored), 0))->status,
                   ==, "5.1.1");

  /* The window goes; the next one brings everything back */
  md_ui_test_destroy_window (window);
  g_assert_true (draft_contains ((gpointer) NOTES));

  window = create_window ();
  summary = md_ui_test_get_content (window, MD_STEP_DOCUMENT, MD_TYPE_SUMMARY_PAGE);

  text = md_identify_page_dup_text (md_ui_test_get_content (window, MD_STEP_IDENTIFY, MD_TYPE_IDENTIFY_PAGE));
  g_assert_cmpstr (text, ==, bounce);
  g_assert_nonnull (md_window_get_bounce (window));
  g_assert_cmpstr (md_analysis_view_get_headline (md_identify_page_get_analysis_view (
                     md_ui_test_get_content (window, MD_STEP_IDENTIFY,
                                             MD_TYPE_IDENTIFY_PAGE))), ==, headline);

  notes = dup_notes_text (window, MD_STEP_CONTACT_RECIPIENT);
  g_assert_cmpstr (notes, ==, NOTES);
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_IDENTIFY)), ==,
                   MD_STEP_STATE_DONE);
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_CONTACT_RECIPIENT)), ==,
                   MD_STEP_STATE_DONE);
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_CHECK_SETTINGS)), ==,
                   MD_STEP_STATE_SKIPPED);
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_CONSULT_PROVIDER)), ==,
                   MD_STEP_STATE_NOT_STARTED);
  g_assert_cmpint (md_summary_page_get_outcome (summary), ==, MD_INCIDENT_OUTCOME_WORKAROUND);
  g_assert_cmpstr (md_summary_page_get_reporter (summary), ==, REPORTER);
  g_assert_cmpstr (gtk_editable_get_text (md_ui_test_get_child (md_ui_test_get_content (window,
                                                                                        MD_STEP_CHECK_SETTINGS,
                                                                                        MD_TYPE_SMTP_PAGE),
                                                                MD_TYPE_SMTP_PAGE, "password_row")),
                   ==, "");

  /* It is the same case, and it goes on being saved */
  g_clear_object (&restored);
  restored = md_window_build_incident (window);
  g_assert_cmpstr (md_incident_get_id (restored), ==, id);
  g_assert_cmpuint (md_incident_get_recipients (restored)->len, ==, 1);

  type_notes (window, MD_STEP_CONSULT_PROVIDER, "Provider says all is fine");
  md_ui_test_wait_for (draft_contains, (gpointer) "Provider says all is fine");
  g_clear_pointer (&draft, g_free);
  draft = read_draft ();
  g_assert_nonnull (strstr (draft, NOTES));
  g_assert_null (strstr (draft, PASSWORD));

  md_ui_test_destroy_window (window);
}

static void
test_damaged_draft (void)
{
  g_autofree char *path = dup_draft_path ();
  g_autofree char *damaged_path = g_strconcat (path, ".damaged", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *damaged = NULL;
  g_autoptr(GError) error = NULL;
  const char *garbage = "{ \"format\": \"mail-doctor-incident\", \"version\": 1, \"bounce\": \"tru";
  MdWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, garbage, -1, &error);
  g_assert_no_error (error);

  /* No crash; the draft is moved aside, untouched, and the case is empty */
  window = create_window ();
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_file_get_contents (damaged_path, &damaged, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (damaged, ==, garbage);
  g_assert_true (md_identify_page_is_empty (md_ui_test_get_content (window, MD_STEP_IDENTIFY,
                                                                    MD_TYPE_IDENTIFY_PAGE)));
  g_assert_false (md_case_has_content (md_window_get_case (window)));

  /* Autosaving goes on with the new case */
  type_notes (window, MD_STEP_IDENTIFY, "Fresh start");
  md_ui_test_wait_for (draft_contains, (gpointer) "Fresh start");

  md_ui_test_destroy_window (window);
}

static void
test_new_case (void)
{
  MdWindow *window = create_window ();
  g_autofree char *notes = NULL;
  gpointer weak;

  /* An empty case: no question asked, no draft */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-case", NULL));
  window = find_main_window ();
  g_assert_nonnull (window);
  md_ui_test_wait_for (md_ui_test_is_mapped, window);
  md_case_set_autosave_delay (md_window_get_case (window), AUTOSAVE_DELAY_MS);
  g_assert_true (draft_missing (NULL));

  fill_case (window);
  md_ui_test_wait_for (draft_contains, (gpointer) NOTES);

  /* Cancelled: all stays */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-case", NULL));
  answer_dialog ("cancel");
  g_assert_true (find_main_window () == window);
  g_assert_true (draft_contains ((gpointer) NOTES));
  g_assert_nonnull (md_window_get_bounce (window));

  /* Confirmed: a fresh window, no draft left, nothing restored next time */
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-case", NULL));
  answer_dialog ("new-case");
  md_ui_test_wait_for (md_ui_test_is_null, &weak);
  md_ui_test_settle (AUTOSAVE_DELAY_MS * 3);
  g_assert_true (draft_missing (NULL));

  window = find_main_window ();
  g_assert_nonnull (window);
  g_assert_true (md_identify_page_is_empty (md_ui_test_get_content (window, MD_STEP_IDENTIFY,
                                                                    MD_TYPE_IDENTIFY_PAGE)));
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_CONTACT_RECIPIENT)), ==,
                   MD_STEP_STATE_NOT_STARTED);
  g_assert_cmpstr (gtk_editable_get_text (md_ui_test_get_child (md_ui_test_get_content (window,
                                                                                        MD_STEP_CHECK_SETTINGS,
                                                                                        MD_TYPE_SMTP_PAGE),
                                                                MD_TYPE_SMTP_PAGE, "password_row")),
                   ==, "");
  g_assert_cmpint (md_window_get_step (window), ==, MD_STEP_IDENTIFY);

  /* The new case is autosaved to the same draft */
  md_case_set_autosave_delay (md_window_get_case (window), AUTOSAVE_DELAY_MS);
  type_notes (window, MD_STEP_IDENTIFY, "Second case");
  md_ui_test_wait_for (draft_contains, (gpointer) "Second case");
  md_ui_test_destroy_window (window);

  /* The restore toast's Start Over: straight away, no question */
  window = create_window ();
  notes = dup_notes_text (window, MD_STEP_IDENTIFY);
  g_assert_cmpstr (notes, ==, "Second case");
  g_assert_true (md_case_has_content (md_window_get_case (window)));
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start-over", NULL));
  md_ui_test_wait_for (md_ui_test_is_null, &weak);
  g_assert_true (draft_missing (NULL));

  md_ui_test_destroy_window (find_main_window ());
}

#if !GTK_CHECK_VERSION (4, 10, 0)
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static gboolean
chooser_has_file (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (data);

  return file != NULL;
}

/* In the default database, in this test's own data directory */
static gboolean
history_has_case (gpointer data)
{
  g_autoptr(MdHistory) history = md_history_new (NULL);
  g_autoptr(MdIncident) incident = md_history_get (history, data, NULL);

  return incident != NULL;
}

/* Step 8's Save Report…: the report goes to the chosen file (GTK's own
 * chooser here, the portal's in a sandbox), the case to the history, with
 * its outcome and reporter. */
static void
test_save_report (void)
{
  MdWindow *window = create_window ();
  MdSummaryPage *summary = md_ui_test_get_content (window, MD_STEP_DOCUMENT, MD_TYPE_SUMMARY_PAGE);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "reports", NULL);
  g_autofree char *path = g_build_filename (dir, "bob-bounce.html", NULL);
  g_autofree char *report = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(MdHistory) history = md_history_new (NULL);
  g_autoptr(MdIncident) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser;
  const char *id;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  fill_case (window);
  md_window_set_step (window, MD_STEP_DOCUMENT);
  id = md_incident_get_id (md_case_get_incident (md_window_get_case (window)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (summary), "summary.save-report", NULL));
  md_ui_test_wait_for (md_ui_test_has_file_chooser, NULL);
  chooser = md_ui_test_find_file_chooser ();
  md_ui_test_settle (300);  /* the chooser proposes its own folder and name first */
  gtk_file_chooser_set_current_folder (chooser, folder, &error);
  g_assert_no_error (error);
  gtk_file_chooser_set_current_name (chooser, "bob-bounce.html");
  md_ui_test_wait_for (chooser_has_file, chooser);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  /* The case goes to the history once the report is written */
  md_ui_test_wait_for (history_has_case, (gpointer) id);

  g_file_get_contents (path, &report, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "Called Bob on the phone"));
  g_assert_null (strstr (report, PASSWORD));

  stored = md_history_get (history, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (md_incident_get_outcome (stored), ==, MD_INCIDENT_OUTCOME_WORKAROUND);
  g_assert_cmpstr (md_incident_get_reporter (stored), ==, REPORTER);
  g_assert_cmpstr (md_incident_get_step_notes (stored, MD_STEP_CONTACT_RECIPIENT), ==, NOTES);

  md_ui_test_destroy_window (window);
}

G_GNUC_END_IGNORE_DEPRECATIONS
#endif

/* The kill test: a child process types, autosaves, types again and is
 * killed before the second autosave. */

static int
run_child (const char *bounce_path)
{
  g_autofree char *bounce = load_bounce_from (bounce_path);
  MdWindow *window;

  app = md_ui_test_application_new ();

  /* Long enough for the parent to kill us before the second save */
  window = md_window_new (app);
  md_case_set_autosave_delay (md_window_get_case (window), CHILD_AUTOSAVE_DELAY_MS);
  md_window_restore_draft (window);
  gtk_window_present (GTK_WINDOW (window));

  md_window_set_bounce_text (window, bounce, -1);
  md_ui_test_wait_for (md_ui_test_is_idle, window);
  type_notes (window, MD_STEP_CONTACT_RECIPIENT, "Saved before the kill");
  md_ui_test_wait_for (draft_contains, (gpointer) "Saved before the kill");
  printf ("saved\n");
  fflush (stdout);

  /* Typed, and killed well within the autosave delay */
  type_notes (window, MD_STEP_CONTACT_RECIPIENT, "Typed just before the kill");
  md_step_page_set_state (md_ui_test_get_page (window, MD_STEP_CONTACT_RECIPIENT), MD_STEP_STATE_DONE);
  md_ui_test_flush_events ();
  printf ("typed\n");
  fflush (stdout);

  for (;;)
    g_main_context_iteration (NULL, TRUE);

  return 0;
}

static char *
read_child_line (GDataInputStream *input)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line (input, NULL, NULL, &error);

  g_assert_no_error (error);
  return line;
}

static void
test_kill (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = dup_draft_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "test-ui-draft", NULL);
  g_autofree char *bounce_path = dup_bounce_path ();
  g_autofree char *saved = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *notes = NULL;
  g_autoptr(MdIncident) incident = NULL;
  g_autoptr(GFile) draft = g_file_new_for_path (path);
  MdWindow *window;

  g_subprocess_launcher_setenv (launcher, MD_CASE_DATA_DIR_ENV, dir, TRUE);
  /* This test's own directories (GLib keeps them out of the environment),
   * and the system's data (MIME database, icons) */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  g_subprocess_launcher_unsetenv (launcher, "XDG_DATA_DIRS");
  child = g_subprocess_launcher_spawn (launcher, &error, program, "--draft-child", bounce_path, NULL);
  g_assert_no_error (error);

  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  saved = read_child_line (input);
  g_assert_cmpstr (saved, ==, "saved");
  typed = read_child_line (input);
  g_assert_cmpstr (typed, ==, "typed");

  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* The draft of before is whole and comes back */
  incident = md_incident_load_draft (draft, &error);
  g_assert_no_error (error);
  g_assert_nonnull (incident);
  g_assert_cmpstr (md_incident_get_step_notes (incident, MD_STEP_CONTACT_RECIPIENT), ==,
                   "Saved before the kill");

  window = create_window ();
  notes = dup_notes_text (window, MD_STEP_CONTACT_RECIPIENT);
  g_assert_cmpstr (notes, ==, "Saved before the kill");
  g_assert_nonnull (md_window_get_bounce (window));
  g_assert_false (md_identify_page_is_empty (md_ui_test_get_content (window, MD_STEP_IDENTIFY,
                                                                     MD_TYPE_IDENTIFY_PAGE)));
  md_ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  md_ui_test_block_network ();

  if (argc == 3 && g_str_equal (argv[1], "--draft-child"))
    {
      gtk_init ();
      return run_child (argv[2]);
    }

  /* GdkPixbuf needs the system's MIME database to recognise SVG icons. */
  g_content_type_set_mime_dirs (NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  g_assert_nonnull (gtk_icon_theme_get_for_display (gdk_display_get_default ()));

  /* The draft goes where each test's isolated directories say. */
  g_unsetenv (MD_CASE_DATA_DIR_ENV);
  g_unsetenv (MD_HISTORY_DB_ENV);

  app = md_ui_test_application_new ();

  g_test_add_func ("/ui/draft/autosave-and-restore", test_autosave_and_restore);
  g_test_add_func ("/ui/draft/damaged", test_damaged_draft);
  g_test_add_func ("/ui/draft/new-case", test_new_case);
  g_test_add_func ("/ui/draft/kill", test_kill);
#if !GTK_CHECK_VERSION (4, 10, 0)
  g_test_add_func ("/ui/draft/save-report", test_save_report);
#endif

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
