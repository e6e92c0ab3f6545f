/* test-ui-startup.c: pages built late show what pages built early show
 *
 * For a fast first frame the window builds only step 1 and the step shown;
 * the others are built on first visit or once the window is on screen
 * (md_window_ensure_page()). These tests drive windows that are never
 * presented, so nothing is built behind their back, and check that nothing
 * is lost: an analysis or a restored draft that arrives before a step is
 * built shows on that step once it is, exactly as on a window that had every
 * page from the start; the sidebar shows the restored states meanwhile; the
 * help-desk summary and the saved draft are the same, visited or not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-address-page.h"
#include "md-case.h"
#include "md-history-window.h"
#include "md-step-row.h"
#include "md-summary-page.h"
#include "md-ui-test.h"

#define NOTES "Checked the outgoing server with the provider’s help page"
#define REPORTER "Alice from accounting"

static MdApplication *app;

/* A window as the application makes it, never presented: no frame, so the
 * pages not shown are built only when something asks for them. */
static MdWindow *
create_window (void)
{
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();

  return md_window_new (app);
}

static gboolean
is_built (MdWindow *window,
          MdStep    step)
{
  GtkStack *stack = md_ui_test_get_child (window, MD_TYPE_WINDOW, "stack");

  return gtk_stack_get_child_by_name (stack, md_step_get_id (step)) != NULL;
}

static gboolean
all_built (gpointer data)
{
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    if (!is_built (data, step))
      return FALSE;

  return TRUE;
}

/* Analysis done, and the check of step 3 it started too. */
static gboolean
is_settled (gpointer data)
{
  MdWindow *window = data;

  if (md_window_is_busy (window))
    return FALSE;

  return !is_built (window, MD_STEP_VERIFY_ADDRESS) ||
         !md_address_page_get_running (md_ui_test_get_content (window, MD_STEP_VERIFY_ADDRESS,
                                                               MD_TYPE_ADDRESS_PAGE));
}

/* Every text a visible label of @widget shows, in order. */
static void
collect_texts (GtkWidget *widget,
               GString   *texts)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static char *
dup_page_texts (MdWindow *window,
                MdStep    step)
{
  GString *texts = g_string_new (NULL);

  collect_texts (GTK_WIDGET (md_ui_test_get_page (window, step)), texts);
  return g_string_free (texts, FALSE);
}

/* The case as the draft would have it, without what differs between two
 * windows of the same case (its id, times). */
static char *
dup_case_json (MdWindow *window)
{
  g_autoptr(MdIncident) incident = md_window_build_incident (window);
  g_autoptr(JsonNode) node = md_incident_to_json (incident);
  JsonObject *object = json_node_get_object (node);
  const char *volatile_members[] = { "id", "created", "updated", "time_spent" };

  for (guint i = 0; i < G_N_ELEMENTS (volatile_members); i++)
    if (json_object_has_member (object, volatile_members[i]))
      json_object_remove_member (object, volatile_members[i]);

  return json_to_string (node, TRUE);
}

static char *
dup_notes_text (MdStepPage *page)
{
  return md_ui_test_dup_buffer_text (md_ui_test_get_child (page, MD_TYPE_STEP_PAGE, "notes_view"));
}

/* Tests */

static void
test_built_on_demand (void)
{
  MdWindow *window = create_window ();

  /* The sidebar is complete; of the pages only step 1 exists */
  g_assert_true (is_built (window, MD_STEP_IDENTIFY));
  for (MdStep step = MD_STEP_UNDERSTAND; step <= MD_STEP_DOCUMENT; step++)
    {
      g_assert_false (is_built (window, step));
      g_assert_cmpint (md_step_row_get_step (md_ui_test_get_row (window, step)), ==, step);
      g_assert_cmpint (md_step_row_get_state (md_ui_test_get_row (window, step)), ==, MD_STEP_STATE_NOT_STARTED);
    }

  /* A visit builds the page and shows it */
  md_window_set_step (window, MD_STEP_CHECK_SETTINGS);
  g_assert_true (is_built (window, MD_STEP_CHECK_SETTINGS));
  g_assert_false (is_built (window, MD_STEP_CONSULT_PROVIDER));
  g_assert_true (gtk_stack_get_visible_child (md_ui_test_get_child (window, MD_TYPE_WINDOW, "stack")) ==
                 GTK_WIDGET (md_ui_test_get_page (window, MD_STEP_CHECK_SETTINGS)));

  /* On screen, the rest follows after the first frame */
  md_ui_test_present_window (window);
  md_ui_test_wait_for (all_built, window);

  md_ui_test_destroy_window (window);
}

static void
test_analysis_before_visit (void)
{
  g_autofree char *bounce = md_ui_test_load_fixture ("bounces", "postfix-userunknown.eml");
  MdWindow *eager = create_window ();
  MdWindow *lazy = create_window ();
  g_autofree char *eager_summary = NULL;
  g_autofree char *lazy_summary = NULL;
  g_autofree char *eager_json = NULL;
  g_autofree char *lazy_json = NULL;
  g_autofree char *lazy_json_after = NULL;
  g_autofree char *reason_texts = NULL;

  /* One window has all its pages before the bounce arrives */
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    md_ui_test_get_page (eager, step);

  md_window_set_bounce_text (eager, bounce, -1);
  md_window_set_bounce_text (lazy, bounce, -1);
  md_ui_test_wait_for (is_settled, eager);
  md_ui_test_wait_for (is_settled, lazy);
  g_assert_nonnull (md_window_get_bounce (lazy));

  /* The check of step 3 started on its own; nothing else was built */
  g_assert_true (is_built (lazy, MD_STEP_VERIFY_ADDRESS));
  g_assert_cmpstr (md_address_page_get_address (md_ui_test_get_content (lazy, MD_STEP_VERIFY_ADDRESS,
                                                                        MD_TYPE_ADDRESS_PAGE)),
                   ==, "bob@recipient.example");
  for (MdStep step = MD_STEP_UNDERSTAND; step <= MD_STEP_DOCUMENT; step++)
    if (step != MD_STEP_VERIFY_ADDRESS)
      g_assert_false (is_built (lazy, step));

  /* Summary and case do not depend on the pages being there */
  eager_summary = md_window_dup_summary (eager);
  lazy_summary = md_window_dup_summary (lazy);
  g_assert_nonnull (strstr (lazy_summary, "bob@recipient.example"));
  g_assert_cmpstr (lazy_summary, ==, eager_summary);
  eager_json = dup_case_json (eager);
  lazy_json = dup_case_json (lazy);
  g_assert_cmpstr (lazy_json, ==, eager_json);
  for (MdStep step = MD_STEP_UNDERSTAND; step <= MD_STEP_DOCUMENT; step++)
    g_assert_cmpint (md_step_row_get_state (md_ui_test_get_row (lazy, step)), ==,
                     md_step_row_get_state (md_ui_test_get_row (eager, step)));

  /* Visited now, each page shows what it would have shown all along */
  for (MdStep step = MD_STEP_UNDERSTAND; step <= MD_STEP_DOCUMENT; step++)
    {
      g_autofree char *eager_texts = NULL;
      g_autofree char *lazy_texts = NULL;
      MdStepPage *page;

      md_window_set_step (eager, step);
      md_window_set_step (lazy, step);
      page = md_ui_test_get_page (lazy, step);
      eager_texts = dup_page_texts (eager, step);
      lazy_texts = dup_page_texts (lazy, step);

      g_test_message ("step %d", step);
      g_assert_cmpstr (lazy_texts, ==, eager_texts);
      g_assert_cmpstr (md_step_page_get_skip_reason (page), ==,
                       md_step_page_get_skip_reason (md_ui_test_get_page (eager, step)));
      g_assert_cmpint (md_step_page_get_state (page), ==,
                       md_step_page_get_state (md_ui_test_get_page (eager, step)));
    }

  /* The reason (step 2) and the summary (step 8) are really there */
  reason_texts = dup_page_texts (lazy, MD_STEP_UNDERSTAND);
  g_assert_nonnull (strstr (reason_texts, "bob@recipient.example"));
  g_assert_cmpstr (md_summary_page_get_summary (md_ui_test_get_content (lazy, MD_STEP_DOCUMENT,
                                                                        MD_TYPE_SUMMARY_PAGE)),
                   ==, lazy_summary);

  /* Building the pages changed nothing in the case */
  lazy_json_after = dup_case_json (lazy);
  g_assert_cmpstr (lazy_json_after, ==, lazy_json);

  md_ui_test_destroy_window (eager);
  md_ui_test_destroy_window (lazy);
}

static char *
read_draft (void)
{
  g_autoptr(GFile) draft = md_case_dup_default_draft ();
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_load_contents (draft, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* The analysis reached the autosaved draft: it has the failed recipient. */
static gboolean
draft_has_recipient (gpointer data)
{
  g_autoptr(MdIncident) incident = NULL;
  g_autofree char *contents = read_draft ();

  incident = md_incident_new_from_json_string (contents, -1, NULL);
  return incident != NULL && md_incident_get_recipients (incident)->len == 1;
}

static char *
dup_normalized_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdIncident) incident = md_incident_new_from_json_string (json, -1, &error);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  g_assert_no_error (error);
  node = md_incident_to_json (incident);
  object = json_node_get_object (node);
  json_object_remove_member (object, "updated");
  json_object_remove_member (object, "time_spent");

  return json_to_string (node, TRUE);
}

static void
test_draft_before_visit (void)
{
  g_autoptr(MdIncident) saved = md_incident_new ();
  g_autoptr(GFile) draft = md_case_dup_default_draft ();
  g_autoptr(GFile) dir = g_file_get_parent (draft);
  g_autoptr(GError) error = NULL;
  g_autofree char *bounce = md_ui_test_load_fixture ("bounces", "postfix-userunknown.eml");
  g_autofree char *summary = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *json = NULL;
  g_autofree char *unvisited_draft = NULL;
  g_autofree char *visited_draft = NULL;
  g_autofree char *unvisited = NULL;
  g_autofree char *visited = NULL;
  g_autoptr(MdIncident) incident = NULL;
  MdSummaryPage *summary_page;
  MdWindow *window;

  /* A case left unfinished, with work done in steps 5, 7 and 8 */
  md_incident_set_bounce_text (saved, bounce);
  md_incident_set_step_state (saved, MD_STEP_CHECK_SETTINGS, MD_STEP_STATE_NEEDS_ATTENTION);
  md_incident_set_step_notes (saved, MD_STEP_CHECK_SETTINGS, NOTES);
  md_incident_set_step_state (saved, MD_STEP_ALTERNATIVE_CHANNEL, MD_STEP_STATE_SKIPPED);
  md_incident_set_outcome (saved, MD_INCIDENT_OUTCOME_WORKAROUND);
  md_incident_set_reporter (saved, REPORTER);
  g_file_make_directory_with_parents (dir, NULL, NULL);
  md_incident_save (saved, draft, NULL, &error);
  g_assert_no_error (error);

  window = create_window ();
  md_case_set_autosave_delay (md_window_get_case (window), 50);
  md_window_restore_draft (window);
  md_ui_test_wait_for (is_settled, window);
  g_assert_nonnull (md_window_get_bounce (window));

  /* Autosaved with the analysis, though step 8 (which sums it up) is not built */
  md_ui_test_wait_for (draft_has_recipient, NULL);

  /* Not built, but the sidebar shows the restored states */
  g_assert_false (is_built (window, MD_STEP_CHECK_SETTINGS));
  g_assert_false (is_built (window, MD_STEP_ALTERNATIVE_CHANNEL));
  g_assert_false (is_built (window, MD_STEP_DOCUMENT));
  g_assert_cmpint (md_step_row_get_state (md_ui_test_get_row (window, MD_STEP_CHECK_SETTINGS)), ==,
                   MD_STEP_STATE_NEEDS_ATTENTION);
  g_assert_cmpint (md_step_row_get_state (md_ui_test_get_row (window, MD_STEP_ALTERNATIVE_CHANNEL)), ==,
                   MD_STEP_STATE_SKIPPED);
  g_assert_cmpint (md_step_row_get_state (md_ui_test_get_row (window, MD_STEP_IDENTIFY)), ==,
                   MD_STEP_STATE_DONE);

  /* The case still holds the work of the pages not built */
  incident = md_window_build_incident (window);
  g_assert_cmpstr (md_incident_get_step_notes (incident, MD_STEP_CHECK_SETTINGS), ==, NOTES);
  g_assert_cmpint (md_incident_get_step_state (incident, MD_STEP_CHECK_SETTINGS), ==,
                   MD_STEP_STATE_NEEDS_ATTENTION);
  g_assert_cmpint (md_incident_get_outcome (incident), ==, MD_INCIDENT_OUTCOME_WORKAROUND);
  g_assert_cmpstr (md_incident_get_reporter (incident), ==, REPORTER);
  g_assert_cmpuint (md_incident_get_recipients (incident)->len, ==, 1);
  summary = md_window_dup_summary (window);
  g_assert_nonnull (summary);
  json = dup_case_json (window);

  /* Closed unvisited: the draft keeps it all */
  md_ui_test_destroy_window (window);
  unvisited_draft = read_draft ();
  g_assert_nonnull (strstr (unvisited_draft, NOTES));
  g_assert_nonnull (strstr (unvisited_draft, REPORTER));

  /* Again, and this time every step is visited */
  window = create_window ();
  md_window_restore_draft (window);
  md_ui_test_wait_for (is_settled, window);

  md_window_set_step (window, MD_STEP_CHECK_SETTINGS);
  notes = dup_notes_text (md_ui_test_get_page (window, MD_STEP_CHECK_SETTINGS));
  g_assert_cmpstr (notes, ==, NOTES);
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_CHECK_SETTINGS)), ==,
                   MD_STEP_STATE_NEEDS_ATTENTION);
  g_assert_cmpint (md_step_row_get_state (md_ui_test_get_row (window, MD_STEP_CHECK_SETTINGS)), ==,
                   MD_STEP_STATE_NEEDS_ATTENTION);

  md_window_set_step (window, MD_STEP_ALTERNATIVE_CHANNEL);
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_ALTERNATIVE_CHANNEL)), ==,
                   MD_STEP_STATE_SKIPPED);

  md_window_set_step (window, MD_STEP_DOCUMENT);
  summary_page = md_ui_test_get_content (window, MD_STEP_DOCUMENT, MD_TYPE_SUMMARY_PAGE);
  g_assert_cmpint (md_summary_page_get_outcome (summary_page), ==, MD_INCIDENT_OUTCOME_WORKAROUND);
  g_assert_cmpstr (md_summary_page_get_reporter (summary_page), ==, REPORTER);
  g_assert_cmpstr (md_summary_page_get_summary (summary_page), ==, summary);

  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    md_window_set_step (window, step);
  visited = dup_case_json (window);
  g_assert_cmpstr (visited, ==, json);

  /* Closed visited: the same draft as unvisited */
  md_ui_test_destroy_window (window);
  visited_draft = read_draft ();
  g_clear_pointer (&unvisited, g_free);
  g_clear_pointer (&visited, g_free);
  unvisited = dup_normalized_json (unvisited_draft);
  visited = dup_normalized_json (visited_draft);
  g_assert_cmpstr (visited, ==, unvisited);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  md_ui_test_block_network ();

  /* GdkPixbuf needs the system's MIME database to recognise SVG icons. */
  g_content_type_set_mime_dirs (NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();

  /* The draft goes where each test's isolated directories say. */
  g_unsetenv (MD_CASE_DATA_DIR_ENV);
  g_unsetenv (MD_HISTORY_DB_ENV);

  app = md_ui_test_application_new ();

  g_test_add_func ("/ui/startup/built-on-demand", test_built_on_demand);
  g_test_add_func ("/ui/startup/analysis-before-visit", test_analysis_before_visit);
  g_test_add_func ("/ui/startup/draft-before-visit", test_draft_before_visit);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
