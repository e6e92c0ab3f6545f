/* test-ui-wizard.c: the eight steps, fed real bounces, driven in-process
 *
 * Each test puts a bounce into step 1 the way a paste does, waits for the
 * analysis to land (parsed in a thread) and checks what every step shows.
 * Run through tests/run-with-display.sh, which starts Xvfb when needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "md-address-page.h"
#include "md-alternatives-page.h"
#include "md-analysis-view.h"
#include "md-application.h"
#include "md-contact-page.h"
#include "md-identify-page.h"
#include "md-provider-page.h"
#include "md-reason-page.h"
#include "md-step-page.h"
#include "md-step-row.h"
#include "md-summary-page.h"
#include "md-window.h"
#include "md-ui-test.h"

static MdApplication *app;

/* Window helpers */

static MdWindow *
create_window (void)
{
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();

  return md_ui_test_present_new_window (app);
}

static MdAnalysisView *
get_analysis_view (MdWindow *window)
{
  return md_identify_page_get_analysis_view (md_ui_test_get_content (window, MD_STEP_IDENTIFY,
                                                                     MD_TYPE_IDENTIFY_PAGE));
}

static const char *
get_label (gpointer    widget,
           GType       type,
           const char *name)
{
  return gtk_label_get_label (md_ui_test_get_child (widget, type, name));
}

/* Puts a bounce into step 1 as a paste does and waits for the analysis. */
static void
analyse (MdWindow   *window,
         const char *dir,
         const char *name)
{
  g_autofree char *text = md_ui_test_load_fixture (dir, name);

  md_window_set_bounce_text (window, text, -1);
  g_assert_true (md_window_is_busy (window));
  md_ui_test_wait_for (md_ui_test_is_idle, window);
  g_assert_nonnull (md_window_get_bounce (window));
}

static guint
count_children (gpointer widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (widget));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

/* The text of the first line of the step 2 evidence view with the highlight. */
static char *
dup_first_highlighted_line (MdWindow *window)
{
  MdReasonPage *page = md_ui_test_get_content (window, MD_STEP_UNDERSTAND, MD_TYPE_REASON_PAGE);
  GtkTextView *view = md_ui_test_get_child (page, MD_TYPE_REASON_PAGE, "evidence_view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "evidence");
  GtkTextIter iter, end;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  if (!gtk_text_iter_has_tag (&iter, tag) && !gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    return NULL;

  end = iter;
  gtk_text_iter_forward_to_line_end (&end);
  return gtk_text_iter_get_text (&iter, &end);
}

/* Tests */

static void
test_user_unknown (void)
{
  MdWindow *window = create_window ();
  MdAnalysisView *view = get_analysis_view (window);
  g_autofree char *line = NULL;
  g_autofree char *message = NULL;
  g_autofree char *request = NULL;
  g_autofree char *details = NULL;
  g_autofree char *summary = NULL;
  g_auto(GStrv) ids = NULL;
  gpointer weak_bounce;
  MdStepRow *row;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));
  analyse (window, "bounces", "postfix-userunknown.eml");

  /* Step 1: the headline, in words, at once */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_cmpstr (md_analysis_view_get_headline (view), ==,
                   "The address bob@recipient.example does not exist");
  g_assert_cmpstr (get_label (view, MD_TYPE_ANALYSIS_VIEW, "headline_label"), ==,
                   "The address bob@recipient.example does not exist");
  g_assert_cmpstr (get_label (view, MD_TYPE_ANALYSIS_VIEW, "outlook_label"), ==,
                   "Trying again later will not help");
  g_assert_cmpstr (get_label (view, MD_TYPE_ANALYSIS_VIEW, "party_label"), ==,
                   "Who needs to act: The recipient");
  g_assert_cmpuint (count_children (md_ui_test_get_child (view, MD_TYPE_ANALYSIS_VIEW,
                                                          "recipients_list")), ==, 1);
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_IDENTIFY)), ==,
                   MD_STEP_STATE_DONE);
  row = md_ui_test_get_row (window, MD_STEP_IDENTIFY);
  g_assert_cmpint (md_step_row_get_state (row), ==, MD_STEP_STATE_DONE);

  /* Step 2: the evidence line is highlighted; details for the help desk */
  line = dup_first_highlighted_line (window);
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "bob@recipient.example"));
  details = md_reason_page_dup_details (md_ui_test_get_content (window, MD_STEP_UNDERSTAND,
                                                                MD_TYPE_REASON_PAGE));
  g_assert_nonnull (strstr (details, "Status code: 5.1.1"));
  g_assert_nonnull (strstr (details, "Remote server: mx1.recipient.example"));
  g_assert_nonnull (strstr (details, "Reporting server: smtp.sender.example"));

  /* Step 3 gets the failed address; settings (step 5) are not involved */
  g_assert_cmpstr (md_window_get_failed_address (window), ==, "bob@recipient.example");
  g_assert_cmpstr (md_address_page_get_address (md_ui_test_get_content (window, MD_STEP_VERIFY_ADDRESS,
                                                                        MD_TYPE_ADDRESS_PAGE)),
                   ==, "bob@recipient.example");
  g_assert_null (md_step_page_get_skip_reason (md_ui_test_get_page (window, MD_STEP_VERIFY_ADDRESS)));
  g_assert_cmpstr (md_step_page_get_skip_reason (md_ui_test_get_page (window, MD_STEP_CHECK_SETTINGS)), ==,
                   "The problem is on the recipient’s side: your own email settings are not involved.");
  g_assert_nonnull (md_step_page_get_skip_reason (md_ui_test_get_page (window, MD_STEP_CONSULT_PROVIDER)));
  g_assert_null (md_step_page_get_skip_reason (md_ui_test_get_page (window, MD_STEP_CONTACT_RECIPIENT)));

  /* Step 4: a message for the recipient */
  message = md_contact_page_dup_message (md_ui_test_get_content (window, MD_STEP_CONTACT_RECIPIENT,
                                                                 MD_TYPE_CONTACT_PAGE));
  g_assert_true (g_str_has_prefix (message, "Hi, I tried to email you at bob@recipient.example on 4 March 2025"));
  g_assert_nonnull (strstr (message, "right address"));

  /* Step 6: the facts for the provider */
  request = md_provider_page_dup_request (md_ui_test_get_content (window, MD_STEP_CONSULT_PROVIDER,
                                                                  MD_TYPE_PROVIDER_PAGE));
  g_assert_nonnull (strstr (request, "Status code: 5.1.1"));
  g_assert_nonnull (strstr (request, "Reply code: 550"));
  g_assert_nonnull (strstr (request, "Remote server: mx1.recipient.example"));
  g_assert_nonnull (strstr (request, "Checks I ran with Mail Doctor:"));
  g_assert_nonnull (strstr (request, "User unknown"));

  /* Step 7: ask for the right address */
  ids = md_alternatives_page_dup_ids (md_ui_test_get_content (window, MD_STEP_ALTERNATIVE_CHANNEL,
                                                              MD_TYPE_ALTERNATIVES_PAGE));
  g_assert_true (g_strv_contains ((const char * const *) ids, "ask-address"));
  g_assert_false (g_strv_contains ((const char * const *) ids, "share-link"));

  /* Step 8 */
  summary = md_window_dup_summary (window);
  g_assert_true (g_str_has_prefix (summary, "The address bob@recipient.example does not exist."));
  md_window_set_step (window, MD_STEP_DOCUMENT);
  g_assert_cmpstr (md_summary_page_get_summary (md_ui_test_get_content (window, MD_STEP_DOCUMENT,
                                                                        MD_TYPE_SUMMARY_PAGE)), ==, summary);

  /* The same bounce again keeps what the user wrote in step 4 */
  {
    MdContactPage *contact = md_ui_test_get_content (window, MD_STEP_CONTACT_RECIPIENT, MD_TYPE_CONTACT_PAGE);
    GtkTextView *message_view = md_ui_test_get_child (contact, MD_TYPE_CONTACT_PAGE, "message_view");
    g_autofree char *kept = NULL;

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (message_view), "Hi Bob, call me?", -1);
    analyse (window, "bounces", "postfix-userunknown.eml");
    kept = md_contact_page_dup_message (contact);
    g_assert_cmpstr (kept, ==, "Hi Bob, call me?");
  }

  /* Nothing keeps the analysis alive once the window is gone */
  weak_bounce = md_window_get_bounce (window);
  g_object_add_weak_pointer (G_OBJECT (weak_bounce), &weak_bounce);
  md_ui_test_destroy_window (window);
  md_ui_test_wait_for (md_ui_test_is_null, &weak_bounce);
}

static void
test_several_recipients (void)
{
  MdWindow *window = create_window ();
  MdAnalysisView *view = get_analysis_view (window);

  analyse (window, "ui", "postfix-two-recipients.eml");

  g_assert_cmpuint (count_children (md_ui_test_get_child (view, MD_TYPE_ANALYSIS_VIEW,
                                                          "recipients_list")), ==, 2);
  g_assert_cmpstr (get_label (view, MD_TYPE_ANALYSIS_VIEW, "recipients_label"), ==,
                   "2 addresses in this bounce");
  g_assert_nonnull (strstr (md_analysis_view_get_headline (view), "jane@exmple.com"));
  g_assert_cmpstr (md_window_get_failed_address (window), ==, "jane@exmple.com");

  md_ui_test_destroy_window (window);
}

static void
test_size_limit (void)
{
  MdWindow *window = create_window ();
  MdAnalysisView *view = get_analysis_view (window);
  g_auto(GStrv) ids = NULL;

  analyse (window, "ui", "postfix-toobig.eml");

  g_assert_cmpstr (get_label (view, MD_TYPE_ANALYSIS_VIEW, "party_label"), ==, "Who needs to act: You");
  ids = md_alternatives_page_dup_ids (md_ui_test_get_content (window, MD_STEP_ALTERNATIVE_CHANNEL,
                                                              MD_TYPE_ALTERNATIVES_PAGE));
  g_assert_cmpstr (ids[0], ==, "share-link");
  g_assert_true (g_strv_contains ((const char * const *) ids, "split"));

  /* The address was fine: step 3 says so and offers to skip */
  g_assert_nonnull (md_step_page_get_skip_reason (md_ui_test_get_page (window, MD_STEP_VERIFY_ADDRESS)));
  g_assert_true (gtk_widget_get_visible (md_ui_test_get_child (md_ui_test_get_page (window,
                                                                                    MD_STEP_VERIFY_ADDRESS),
                                                               MD_TYPE_STEP_PAGE, "skip_box")));
  g_assert_false (gtk_widget_get_visible (md_ui_test_get_child (md_ui_test_get_page (window,
                                                                                     MD_STEP_CONTACT_RECIPIENT),
                                                                MD_TYPE_STEP_PAGE, "skip_box")));

  md_ui_test_destroy_window (window);
}

static void
test_delayed (void)
{
  MdWindow *window = create_window ();
  MdAnalysisView *view = get_analysis_view (window);
  g_auto(GStrv) ids = NULL;

  analyse (window, "bounces", "dsn-delayed.eml");

  g_assert_cmpstr (get_label (view, MD_TYPE_ANALYSIS_VIEW, "outlook_label"), ==,
                   "This may fix itself: the server will keep trying");
  ids = md_alternatives_page_dup_ids (md_ui_test_get_content (window, MD_STEP_ALTERNATIVE_CHANNEL,
                                                              MD_TYPE_ALTERNATIVES_PAGE));
  g_assert_true (g_strv_contains ((const char * const *) ids, "wait-retry"));

  md_ui_test_destroy_window (window);
}

static void
test_blocked (void)
{
  MdWindow *window = create_window ();
  MdProviderPage *provider;
  g_auto(GStrv) ids = NULL;

  analyse (window, "bounces", "outlook-blocked.eml");

  provider = md_ui_test_get_content (window, MD_STEP_CONSULT_PROVIDER, MD_TYPE_PROVIDER_PAGE);
  g_assert_true (md_provider_page_needs_postmaster (md_window_get_bounce (window)));
  g_assert_true (gtk_widget_get_visible (md_ui_test_get_child (provider, MD_TYPE_PROVIDER_PAGE,
                                                               "postmaster_box")));
  ids = md_alternatives_page_dup_ids (md_ui_test_get_content (window, MD_STEP_ALTERNATIVE_CHANNEL,
                                                              MD_TYPE_ALTERNATIVES_PAGE));
  g_assert_cmpstr (ids[0], ==, "other-account");

  md_ui_test_destroy_window (window);
}

static void
assert_not_a_bounce (MdWindow   *window,
                     const char *dir,
                     const char *name,
                     const char *headline)
{
  MdAnalysisView *view = get_analysis_view (window);
  GtkStack *contact_stack;
  g_autofree char *summary = NULL;

  analyse (window, dir, name);

  g_assert_cmpstr (md_analysis_view_get_headline (view), ==, headline);
  g_assert_false (gtk_widget_get_visible (md_ui_test_get_child (view, MD_TYPE_ANALYSIS_VIEW, "outlook_box")));
  g_assert_false (gtk_widget_get_visible (md_ui_test_get_child (view, MD_TYPE_ANALYSIS_VIEW, "party_box")));
  g_assert_null (md_window_get_failed_address (window));

  contact_stack = md_ui_test_get_child (md_ui_test_get_content (window, MD_STEP_CONTACT_RECIPIENT,
                                                                MD_TYPE_CONTACT_PAGE),
                                        MD_TYPE_CONTACT_PAGE, "stack");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (contact_stack), ==, "nothing");
  g_assert_cmpstr (md_step_page_get_skip_reason (md_ui_test_get_page (window, MD_STEP_CHECK_SETTINGS)), ==,
                   "Nothing failed, so this step is not needed.");

  summary = md_window_dup_summary (window);
  g_assert_true (g_str_has_prefix (summary, headline));
  g_assert_nonnull (strstr (summary, "Nobody needs to act."));
}

static void
test_not_a_bounce (void)
{
  MdWindow *window = create_window ();

  assert_not_a_bounce (window, "bounces", "vacation-autoreply.eml",
                       "This looks like an automatic reply, not a bounce: your message was delivered");
  assert_not_a_bounce (window, "bounces", "dsn-delivered.eml",
                       "This is a delivery notice, not a bounce: your message was delivered");
  assert_not_a_bounce (window, "bounces", "ordinary.eml",
                       "This does not look like a bounce message");
  assert_not_a_bounce (window, "ui", "garbage.txt",
                       "This does not look like a bounce message");

  md_ui_test_destroy_window (window);
}

static void
test_errors (void)
{
  MdWindow *window = create_window ();
  MdAnalysisView *view = get_analysis_view (window);
  MdIdentifyPage *identify = md_ui_test_get_content (window, MD_STEP_IDENTIFY, MD_TYPE_IDENTIFY_PAGE);
  GtkStack *stack = md_ui_test_get_child (view, MD_TYPE_ANALYSIS_VIEW, "stack");
  g_autofree char *text = NULL;

  /* Only blanks: said plainly, and what was typed stays */
  md_window_set_bounce_text (window, "  \n\t \n", -1);
  md_ui_test_wait_for (md_ui_test_is_idle, window);
  g_assert_null (md_window_get_bounce (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
  g_assert_cmpstr (get_label (view, MD_TYPE_ANALYSIS_VIEW, "error_label"), ==,
                   "There is nothing to analyse: the message is empty.");
  text = md_identify_page_dup_text (identify);
  g_assert_cmpstr (text, ==, "  \n\t \n");
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_IDENTIFY)), ==,
                   MD_STEP_STATE_NOT_STARTED);

  /* A real bounce, then nothing: back to the start */
  analyse (window, "bounces", "postfix-userunknown.eml");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "result");
  md_identify_page_set_text (identify, "");
  md_ui_test_wait_for (md_ui_test_is_idle, window);
  g_assert_null (md_window_get_bounce (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_IDENTIFY)), ==,
                   MD_STEP_STATE_NOT_STARTED);

  md_ui_test_destroy_window (window);
}

static void
test_typing (void)
{
  MdWindow *window = create_window ();
  MdIdentifyPage *identify = md_ui_test_get_content (window, MD_STEP_IDENTIFY, MD_TYPE_IDENTIFY_PAGE);
  GtkTextView *text_view = md_ui_test_get_child (identify, MD_TYPE_IDENTIFY_PAGE, "text_view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  const char *typed = "550 5.1.1 <sam@example.org>: User unknown";
  gint64 start;

  /* One key at a time: nothing happens until the user pauses */
  start = g_get_monotonic_time ();
  for (const char *p = typed; *p != '\0'; p++)
    gtk_text_buffer_insert_at_cursor (buffer, p, 1);
  g_assert_true (md_window_is_busy (window));
  g_assert_null (md_window_get_bounce (window));

  md_ui_test_wait_for (md_ui_test_is_idle, window);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_nonnull (md_window_get_bounce (window));
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_IDENTIFY)), ==,
                   MD_STEP_STATE_DONE);

  /* A paste is analysed at once, without waiting for a pause */
  gtk_text_buffer_set_text (buffer, "", -1);
  md_ui_test_wait_for (md_ui_test_is_idle, window);
  gtk_text_buffer_insert_at_cursor (buffer, typed, -1);
  g_assert_true (md_window_is_busy (window));
  md_ui_test_wait_for (md_ui_test_is_idle, window);
  g_assert_nonnull (md_window_get_bounce (window));

  md_ui_test_destroy_window (window);
}

static void
test_copy_summary (void)
{
  MdWindow *window = create_window ();
  g_autofree char *summary = NULL;
  g_autofree char *copied = NULL;

  /* Nothing yet: a toast says why, the clipboard is left alone */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "before");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-summary", NULL));
  copied = md_ui_test_read_clipboard (window);
  g_assert_cmpstr (copied, ==, "before");
  g_clear_pointer (&copied, g_free);

  analyse (window, "bounces", "postfix-userunknown.eml");
  summary = md_window_dup_summary (window);
  g_assert_nonnull (strstr (summary, "bob@recipient.example"));
  g_assert_nonnull (strstr (summary, "What to do:"));

  /* From any step, with the header-bar button's action */
  md_window_set_step (window, MD_STEP_ALTERNATIVE_CHANNEL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-summary", NULL));
  copied = md_ui_test_read_clipboard (window);
  g_assert_cmpstr (copied, ==, summary);
  g_clear_pointer (&copied, g_free);

  /* And with Ctrl+Shift+C */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "before");
  md_ui_test_press_shortcut (window, GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  copied = md_ui_test_read_clipboard (window);
  g_assert_cmpstr (copied, ==, summary);
  g_clear_pointer (&copied, g_free);

  /* Step 4's message is copied too */
  md_window_set_step (window, MD_STEP_CONTACT_RECIPIENT);
  g_assert_true (gtk_widget_activate_action (md_ui_test_get_content (window, MD_STEP_CONTACT_RECIPIENT,
                                                                     MD_TYPE_CONTACT_PAGE),
                                             "contact.copy", NULL));
  copied = md_ui_test_read_clipboard (window);
  g_assert_true (g_str_has_prefix (copied, "Hi, I tried to email you at bob@recipient.example"));
  g_clear_pointer (&copied, g_free);

  /* Step 8's whole report, rendered by the core */
  md_window_set_step (window, MD_STEP_DOCUMENT);
  g_assert_true (gtk_widget_activate_action (md_ui_test_get_content (window, MD_STEP_DOCUMENT,
                                                                     MD_TYPE_SUMMARY_PAGE),
                                             "summary.copy-report", NULL));
  copied = md_ui_test_read_clipboard (window);
  g_assert_nonnull (strstr (copied, "bob@recipient.example"));
  g_assert_nonnull (strstr (copied, "5.1.1"));

  md_ui_test_destroy_window (window);
}

static void
test_notes_and_skip (void)
{
  MdWindow *window = create_window ();
  MdStepPage *settings_page;
  GtkTextView *notes_view;
  g_autoptr(MdIncident) incident = NULL;
  g_autofree char *notes = NULL;
  MdStepRow *row;

  analyse (window, "bounces", "postfix-userunknown.eml");

  settings_page = md_ui_test_get_page (window, MD_STEP_CHECK_SETTINGS);
  notes_view = md_ui_test_get_child (settings_page, MD_TYPE_STEP_PAGE, "notes_view");
  md_window_set_step (window, MD_STEP_CHECK_SETTINGS);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (notes_view), "Called Bob: new address", -1);

  /* Away and back: the notes are still there */
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    md_window_set_step (window, step);
  md_window_set_step (window, MD_STEP_CHECK_SETTINGS);
  notes = md_ui_test_dup_buffer_text (notes_view);
  g_assert_cmpstr (notes, ==, "Called Bob: new address");

  /* The step is irrelevant here: its Skip button skips it */
  g_assert_true (gtk_widget_get_visible (md_ui_test_get_child (settings_page, MD_TYPE_STEP_PAGE,
                                                               "skip_box")));
  g_signal_emit_by_name (md_ui_test_get_child (settings_page, MD_TYPE_STEP_PAGE, "skip_button"), "clicked");
  md_ui_test_flush_events ();
  g_assert_cmpint (md_step_page_get_state (settings_page), ==, MD_STEP_STATE_SKIPPED);
  row = md_ui_test_get_row (window, MD_STEP_CHECK_SETTINGS);
  g_assert_cmpint (md_step_row_get_state (row), ==, MD_STEP_STATE_SKIPPED);
  g_assert_false (gtk_widget_get_visible (md_ui_test_get_child (settings_page, MD_TYPE_STEP_PAGE,
                                                                "skip_button")));

  /* Both end up in the case */
  incident = md_window_build_incident (window);
  g_assert_cmpstr (md_incident_get_step_notes (incident, MD_STEP_CHECK_SETTINGS), ==,
                   "Called Bob: new address");
  g_assert_cmpint (md_incident_get_step_state (incident, MD_STEP_CHECK_SETTINGS), ==,
                   MD_STEP_STATE_SKIPPED);
  g_assert_cmpuint (md_incident_get_recipients (incident)->len, ==, 1);

  md_window_set_step (window, MD_STEP_DOCUMENT);
  g_assert_cmpuint (count_children (md_ui_test_get_child (md_ui_test_get_content (window, MD_STEP_DOCUMENT,
                                                                                  MD_TYPE_SUMMARY_PAGE),
                                                          MD_TYPE_SUMMARY_PAGE, "steps_list")), ==, MD_N_STEPS);

  md_ui_test_destroy_window (window);
}

static void
test_mailto (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *long_body = NULL;
  g_autofree char *long_uri = NULL;

  uri = md_provider_page_build_mailto ("Help & more", "Status code: 5.1.1\nSee ?x=1");
  g_assert_cmpstr (uri, ==,
                   "mailto:?subject=Help%20%26%20more&body=Status%20code%3A%205.1.1%0ASee%20%3Fx%3D1");

  long_body = g_strnfill (5000, 'a');
  long_uri = md_provider_page_build_mailto ("s", long_body);
  g_assert_cmpuint (strlen (long_uri), <, MD_PROVIDER_PAGE_MAX_MAILTO_BODY + 200);
  g_assert_nonnull (strstr (long_uri, "shortened"));
}

/* Tab, and only Tab, reaches the tools and the notes of every step. */
static void
test_keyboard (void)
{
  MdWindow *window = create_window ();

  /* Under Xvfb the frame clock may not advance a crossfade, which would
   * leave the previous page mapped and focusable. */
  gtk_stack_set_transition_type (md_ui_test_get_child (window, MD_TYPE_WINDOW, "stack"),
                                 GTK_STACK_TRANSITION_TYPE_NONE);
  analyse (window, "bounces", "postfix-userunknown.eml");

  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      MdStepPage *page = md_ui_test_get_page (window, step);
      GtkWidget *notes_view = md_ui_test_get_child (page, MD_TYPE_STEP_PAGE, "notes_view");
      GtkWidget *done_button = md_ui_test_get_child (page, MD_TYPE_STEP_PAGE, "done_button");
      gboolean reached_notes = FALSE;
      gboolean reached_done = FALSE;
      gboolean reached_content = FALSE;
      GtkWidget *content = md_step_page_get_content (page);

      md_window_set_step (window, step);
      md_ui_test_flush_events ();
      gtk_widget_grab_focus (GTK_WIDGET (md_ui_test_get_child (window, MD_TYPE_WINDOW, "next_button")));

      /* Tab through the page as the window does once focus enters it (the
       * sidebar before it is the shell's and tested there). */
      for (guint i = 0; i < 300 && !(reached_notes && reached_done && reached_content); i++)
        {
          GtkWidget *focus;

          if (!gtk_widget_child_focus (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD))
            continue;
          focus = gtk_root_get_focus (GTK_ROOT (window));
          if (focus == NULL)
            continue;
          reached_notes |= focus == notes_view || gtk_widget_is_ancestor (focus, notes_view);
          reached_done |= focus == done_button;
          reached_content |= content != NULL && gtk_widget_is_ancestor (focus, content);
        }

      if (!(reached_notes && reached_done && reached_content))
        g_test_message ("step %d: notes %d, done %d, content %d", step,
                        reached_notes, reached_done, reached_content);
      g_assert_true (reached_notes);
      g_assert_true (reached_done);
      g_assert_true (reached_content);
    }

  md_ui_test_destroy_window (window);
}

/* At the narrowest size the window allows, every step fits. */
static void
test_narrow (void)
{
  MdWindow *window = create_window ();

  analyse (window, "bounces", "postfix-userunknown.eml");

  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      int minimum = 0;

      md_window_set_step (window, step);
      gtk_widget_measure (GTK_WIDGET (md_ui_test_get_page (window, step)), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, NULL, NULL, NULL);
      if (minimum > 360)
        g_test_message ("step %d is %d px wide at least", step, minimum);
      g_assert_cmpint (minimum, <=, 360);
    }

  md_ui_test_destroy_window (window);
}

/* Not a check: writes step-N.png of every step for build-aux/screenshot.sh
 * when MD_SCREENSHOT_DIR is set (and MD_SCREENSHOT_BOUNCE names the file). */
static void
test_screenshots (void)
{
  const char *dir = g_getenv ("MD_SCREENSHOT_DIR");
  const char *bounce = g_getenv ("MD_SCREENSHOT_BOUNCE");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  MdWindow *window;

  if (dir == NULL || bounce == NULL)
    {
      g_test_skip ("MD_SCREENSHOT_DIR and MD_SCREENSHOT_BOUNCE are not set");
      return;
    }

  g_file_get_contents (bounce, &text, NULL, &error);
  g_assert_no_error (error);

  /* build-aux/screenshot.sh runs a stand-in DNS server on loopback so that
   * step 3 shows a real diagnosis instead of the blocked network. */
  if (g_getenv ("MD_SCREENSHOT_DNS_SERVER") != NULL)
    g_setenv ("MAIL_DOCTOR_DNS_SERVER", g_getenv ("MD_SCREENSHOT_DNS_SERVER"), TRUE);

  window = create_window ();
  gtk_window_set_default_size (GTK_WINDOW (window),
                               atoi (g_getenv ("SCREENSHOT_WIDTH") ?: "1000"),
                               atoi (g_getenv ("SCREENSHOT_HEIGHT") ?: "700"));
  /* A snapshot in the middle of a crossfade would show two pages. */
  gtk_stack_set_transition_type (md_ui_test_get_child (window, MD_TYPE_WINDOW, "stack"),
                                 GTK_STACK_TRANSITION_TYPE_NONE);
  md_window_set_bounce_text (window, text, -1);
  md_ui_test_wait_for (md_ui_test_is_idle, window);

  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      g_autofree char *name = g_strdup_printf ("step-%d.png", step);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      md_window_set_step (window, step);
      md_ui_test_settle (600);
      md_ui_test_save_screenshot (window, path);
    }

  md_ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  md_ui_test_block_network ();

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  app = md_ui_test_application_new ();

  g_test_add_func ("/ui/wizard/user-unknown", test_user_unknown);
  g_test_add_func ("/ui/wizard/several-recipients", test_several_recipients);
  g_test_add_func ("/ui/wizard/size-limit", test_size_limit);
  g_test_add_func ("/ui/wizard/delayed", test_delayed);
  g_test_add_func ("/ui/wizard/blocked", test_blocked);
  g_test_add_func ("/ui/wizard/not-a-bounce", test_not_a_bounce);
  g_test_add_func ("/ui/wizard/errors", test_errors);
  g_test_add_func ("/ui/wizard/typing", test_typing);
  g_test_add_func ("/ui/wizard/copy-summary", test_copy_summary);
  g_test_add_func ("/ui/wizard/notes-and-skip", test_notes_and_skip);
  g_test_add_func ("/ui/wizard/mailto", test_mailto);
  g_test_add_func ("/ui/wizard/keyboard", test_keyboard);
  g_test_add_func ("/ui/wizard/narrow", test_narrow);
  g_test_add_func ("/ui/wizard/screenshots", test_screenshots);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
