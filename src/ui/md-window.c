/* md-window.c: the main window with the eight-step checklist
 *
 * A sidebar lists the steps; the content pane shows one MdStepPage at a time.
 * On narrow windows the AdwLeaflet folds and shows one pane at a time.
 *
 * The text of step 1 is parsed (md_bounce_parse_async) as soon as it is
 * pasted, dropped or opened, or once the user stops typing; the result feeds
 * every step page, says which steps do not matter for this bounce, and makes
 * the help-desk summary (win.copy-summary, Ctrl+Shift+C).
 *
 * The case in progress is an MdCase: every change is handed to it and it
 * autosaves the draft; md_window_restore_draft() brings a draft back and
 * win.new-case (Ctrl+N) starts over.
 *
 * For a fast first frame only step 1 and the step shown are built at first;
 * the other pages follow on first visit or once the window is on screen
 * (md_window_ensure_page()). Until then the case's incident holds their
 * state and notes, and the sidebar shows their state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-address-page.h"
#include "md-alternatives-page.h"
#include "md-analysis-view.h"
#include "md-case.h"
#include "md-contact-page.h"
#include "md-error.h"
#include "md-examples.h"
#include "md-finding.h"
#include "md-identify-page.h"
#include "md-incident.h"
#include "md-provider-page.h"
#include "md-reason-page.h"
#include "md-report.h"
#include "md-smtp-page.h"
#include "md-step-page.h"
#include "md-step-row.h"
#include "md-summary-page.h"
#include "md-window.h"

/* Typing is analysed once the user pauses for this long. */
#define MD_WINDOW_TYPING_DELAY_MS 300

/* Fixed, so a development build (app id ending in .Devel) shares it. */
#define MD_SETTINGS_SCHEMA_ID "io.github.maildoctor.MailDoctor"

struct _MdWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwLeaflet      *leaflet;
  GtkWidget       *sidebar_pane;
  GtkWidget       *content_pane;
  GtkListBox      *step_list;
  GtkStack        *stack;
  AdwWindowTitle  *content_title;
  GtkMenuButton   *primary_menu_button;
  GtkButton       *previous_button;
  GtkButton       *next_button;
  GMenu           *examples_section;

  /* The rows are all there from the start; a page is built when it is first
   * shown or in an idle after the first frame (see md_window_ensure_page()),
   * so it is NULL until then and the case's incident holds its state. */
  MdStepPage     *pages[MD_N_STEPS + 1];
  MdStepRow      *rows[MD_N_STEPS + 1];
  guint           build_pages_id;
  MdIdentifyPage *identify_page;
  MdAnalysisView *analysis_view;
  MdReasonPage   *reason_page;
  MdContactPage  *contact_page;
  MdProviderPage *provider_page;
  MdAlternativesPage *alternatives_page;
  MdSummaryPage  *summary_page;

  GSettings    *settings;
  GCancellable *cancellable;
  MdStep        step;

  /* The analysis: the bounce of the text in step 1, and the parse under way */
  MdBounce     *bounce;
  GCancellable *parse_cancellable;
  guint         typing_timeout_id;
  gboolean      busy;

  /* The case in progress, brought up to date in an idle after changes */
  MdCase       *md_case;
  guint         case_sync_id;
};

G_DEFINE_FINAL_TYPE (MdWindow, md_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BOUNCE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void        md_window_update_summary (MdWindow *self);
static MdStepPage *md_window_ensure_page    (MdWindow *self,
                                             MdStep    step);

static void
md_window_show_toast (MdWindow   *self,
                      const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
md_window_update_step_actions (MdWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-step",
                                 self->step > MD_STEP_IDENTIFY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-step",
                                 self->step < MD_STEP_DOCUMENT);
}

/* Tab enters the step list on the selected step and leaves it: only that
 * row takes the focus. (GtkListBox moves Tab from row to row, and every row
 * it passes shows another step.) Up and Down still go from step to step. */
static void
md_window_update_row_focus (MdWindow *self,
                            gboolean  list_had_focus)
{
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    if (self->rows[step] != NULL)
      gtk_widget_set_focusable (GTK_WIDGET (self->rows[step]), step == self->step);

  if (list_had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->rows[self->step]));
}

/**
 * md_window_set_step:
 * @self: a #MdWindow
 * @step: the checklist step to show
 *
 * Shows the page of @step and selects its row in the sidebar.
 */
void
md_window_set_step (MdWindow *self,
                    MdStep    step)
{
  g_autofree char *subtitle = NULL;
  GtkWidget *focus;
  gboolean list_had_focus;

  g_return_if_fail (MD_IS_WINDOW (self));
  g_return_if_fail (step >= MD_STEP_IDENTIFY && step <= MD_STEP_DOCUMENT);

  if (self->step == step)
    return;

  focus = gtk_root_get_focus (GTK_ROOT (self));
  list_had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->step_list));

  self->step = step;

  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (md_window_ensure_page (self, step)));
  gtk_list_box_select_row (self->step_list, GTK_LIST_BOX_ROW (self->rows[step]));
  md_window_update_row_focus (self, list_had_focus);

  /* Translators: the subtitle of the window while a step is shown. */
  subtitle = g_strdup_printf (_("Step %u of %u"), (guint) step, (guint) MD_N_STEPS);
  adw_window_title_set_title (self->content_title, md_step_get_title (step));
  adw_window_title_set_subtitle (self->content_title, subtitle);

  md_window_update_step_actions (self);

  if (step == MD_STEP_DOCUMENT)
    md_window_update_summary (self);
}

MdStep
md_window_get_step (MdWindow *self)
{
  g_return_val_if_fail (MD_IS_WINDOW (self), MD_STEP_NONE);

  return self->step;
}

/**
 * md_window_get_cancellable:
 * @self: a #MdWindow
 *
 * Returns: (transfer none): the cancellable of work done for this window;
 *   cancelled when the window goes away
 */
GCancellable *
md_window_get_cancellable (MdWindow *self)
{
  g_return_val_if_fail (MD_IS_WINDOW (self), NULL);

  return self->cancellable;
}

/**
 * md_window_get_bounce:
 * @self: a #MdWindow
 *
 * Returns: (transfer none) (nullable): the analysis of the text in step 1
 */
MdBounce *
md_window_get_bounce (MdWindow *self)
{
  g_return_val_if_fail (MD_IS_WINDOW (self), NULL);

  return self->bounce;
}

/**
 * md_window_is_busy:
 * @self: a #MdWindow
 *
 * Returns: whether the text of step 1 is waiting to be analysed or being
 *   analysed
 */
gboolean
md_window_is_busy (MdWindow *self)
{
  g_return_val_if_fail (MD_IS_WINDOW (self), FALSE);

  return self->busy || self->typing_timeout_id != 0;
}

/**
 * md_window_get_failed_address:
 * @self: a #MdWindow
 *
 * Returns: (nullable): the address of the first recipient that failed, the
 *   one step 3 checks
 */
const char *
md_window_get_failed_address (MdWindow *self)
{
  MdBounceRecipient *recipient;

  g_return_val_if_fail (MD_IS_WINDOW (self), NULL);

  if (self->bounce == NULL || !md_analysis_is_failure (self->bounce))
    return NULL;

  /* NULL when the bounce does not say which address failed. */
  recipient = md_analysis_pick_recipient (self->bounce);
  return recipient ? md_bounce_recipient_get_address (recipient) : NULL;
}

/* The content of a page already built, or NULL. */
static GtkWidget *
md_window_get_content (MdWindow *self,
                       MdStep    step)
{
  return self->pages[step] != NULL ? md_step_page_get_content (self->pages[step]) : NULL;
}

static void
append_findings (GPtrArray *all,
                 GPtrArray *findings)
{
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    g_ptr_array_add (all, g_object_ref (g_ptr_array_index (findings, i)));
}

/**
 * md_window_dup_findings:
 * @self: a #MdWindow
 *
 * Returns: (transfer full) (element-type MdFinding): the results of the
 *   checks run in steps 3 and 5
 */
GPtrArray *
md_window_dup_findings (MdWindow *self)
{
  GPtrArray *all;
  GtkWidget *content;

  g_return_val_if_fail (MD_IS_WINDOW (self), NULL);

  all = g_ptr_array_new_with_free_func (g_object_unref);

  /* A page not built yet has run no check. */
  content = md_window_get_content (self, MD_STEP_VERIFY_ADDRESS);
  if (MD_IS_ADDRESS_PAGE (content))
    {
      g_autoptr(GPtrArray) findings = md_address_page_dup_findings (MD_ADDRESS_PAGE (content));

      append_findings (all, findings);
    }

  content = md_window_get_content (self, MD_STEP_CHECK_SETTINGS);
  if (MD_IS_SMTP_PAGE (content))
    {
      g_autoptr(GPtrArray) findings = md_smtp_page_dup_findings (MD_SMTP_PAGE (content));

      append_findings (all, findings);
    }

  return all;
}

/* Why @step does not matter for @bounce, or NULL when it may. Only said when
 * it is clear: the reason does not list the step among its relevant ones and
 * whose side must act rules it out. */
static const char *
get_skip_reason (MdStep    step,
                 MdBounce *bounce)
{
  const MdReason *reason;

  if (bounce == NULL || step == MD_STEP_IDENTIFY || step == MD_STEP_UNDERSTAND ||
      step == MD_STEP_DOCUMENT)
    return NULL;

  if (!md_analysis_is_failure (bounce))
    {
      if (step == MD_STEP_ALTERNATIVE_CHANNEL &&
          md_bounce_get_kind (bounce) == MD_BOUNCE_KIND_AUTO_REPLY)
        return NULL;
      return _("Nothing failed, so this step is not needed.");
    }

  reason = md_analysis_get_reason (bounce);
  if (reason == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (reason->steps) && reason->steps[i] != MD_STEP_NONE; i++)
    if (reason->steps[i] == step)
      return NULL;

  switch (step)
    {
    case MD_STEP_VERIFY_ADDRESS:
      if (reason->party == MD_PARTY_SENDER || reason->party == MD_PARTY_SENDER_PROVIDER)
        return _("The address is not the problem here: the message, or the way it was sent, was refused.");
      return NULL;

    case MD_STEP_CHECK_SETTINGS:
      if (reason->party == MD_PARTY_RECIPIENT || reason->party == MD_PARTY_RECIPIENT_PROVIDER)
        return _("The problem is on the recipient’s side: your own email settings are not involved.");
      if (reason->party == MD_PARTY_NETWORK)
        return _("The problem is between the mail servers: your own email settings are not involved.");
      return NULL;

    case MD_STEP_CONSULT_PROVIDER:
      if (reason->party == MD_PARTY_RECIPIENT)
        return _("Only the recipient can fix this: your email provider cannot change anything on their side.");
      return NULL;

    case MD_STEP_NONE:
    case MD_STEP_IDENTIFY:
    case MD_STEP_UNDERSTAND:
    case MD_STEP_CONTACT_RECIPIENT:
    case MD_STEP_ALTERNATIVE_CHANNEL:
    case MD_STEP_DOCUMENT:
    default:
      return NULL;
    }
}

/* Step 3 checks the address that failed, visited or not: its findings
 * feed steps 6 and 8. */
static void
md_window_update_address_step (MdWindow *self)
{
  const char *address = md_window_get_failed_address (self);
  GtkWidget *content;

  if (address == NULL)
    return;

  content = md_step_page_get_content (md_window_ensure_page (self, MD_STEP_VERIFY_ADDRESS));
  if (!MD_IS_ADDRESS_PAGE (content))
    return;

  if (g_strcmp0 (md_address_page_get_address (MD_ADDRESS_PAGE (content)), address) != 0)
    md_address_page_set_address (MD_ADDRESS_PAGE (content), address);
}

/* Hands what the window shows to the case. Never the SMTP password. */
static void
md_window_sync_case (MdWindow *self)
{
  g_autofree char *text = NULL;
  g_autofree char *transcript = NULL;
  g_autofree char *reporter = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  MdIncident *incident = md_case_get_incident (self->md_case);
  GtkWidget *smtp_page;
  MdCaseState state = { 0, };

  g_clear_handle_id (&self->case_sync_id, g_source_remove);

  /* Gone with the template */
  if (self->identify_page == NULL)
    return;

  text = md_identify_page_dup_text (self->identify_page);
  findings = md_window_dup_findings (self);
  smtp_page = md_window_get_content (self, MD_STEP_CHECK_SETTINGS);
  if (MD_IS_SMTP_PAGE (smtp_page))
    transcript = md_smtp_page_dup_transcript (MD_SMTP_PAGE (smtp_page));

  /* Pages not built yet are skipped: the incident keeps what they hold. */
  state.bounce_text = text;
  state.bounce = self->bounce;
  state.pages = self->pages;
  state.findings = findings;
  state.transcript = transcript;
  if (self->summary_page != NULL)
    {
      state.outcome = md_summary_page_get_outcome (self->summary_page);
      reporter = g_strdup (md_summary_page_get_reporter (self->summary_page));
    }
  else
    {
      state.outcome = md_incident_get_outcome (incident);
      reporter = g_strdup (md_incident_get_reporter (incident));
    }
  state.reporter = reporter;
  md_case_update (self->md_case, &state);
}

static gboolean
case_sync_cb (gpointer user_data)
{
  MdWindow *self = user_data;

  self->case_sync_id = 0;
  md_window_sync_case (self);

  return G_SOURCE_REMOVE;
}

static void
md_window_queue_case_sync (MdWindow *self)
{
  if (self->case_sync_id == 0)
    self->case_sync_id = g_idle_add (case_sync_cb, self);
}

/**
 * md_window_build_incident:
 * @self: a #MdWindow
 *
 * Returns: (transfer full): the case as it stands: the bounce, its
 *   recipients, the state and notes of every step, the findings, the
 *   outcome and the reporter (the incident of md_window_get_case())
 */
MdIncident *
md_window_build_incident (MdWindow *self)
{
  g_return_val_if_fail (MD_IS_WINDOW (self), NULL);

  md_window_sync_case (self);
  return g_object_ref (md_case_get_incident (self->md_case));
}

/**
 * md_window_get_case:
 * @self: a #MdWindow
 *
 * Returns: (transfer none): the case in progress
 */
MdCase *
md_window_get_case (MdWindow *self)
{
  g_return_val_if_fail (MD_IS_WINDOW (self), NULL);

  return self->md_case;
}

/**
 * md_window_dup_summary:
 * @self: a #MdWindow
 *
 * Returns: (transfer full) (nullable): the help-desk summary in three
 *   sentences, or %NULL before anything was analysed
 */
char *
md_window_dup_summary (MdWindow *self)
{
  g_autoptr(MdIncident) incident = NULL;
  g_autofree char *headline = NULL;

  g_return_val_if_fail (MD_IS_WINDOW (self), NULL);

  if (self->bounce == NULL)
    return NULL;

  if (!md_analysis_is_failure (self->bounce))
    {
      const char *todo;

      headline = md_analysis_format_headline (self->bounce);
      if (md_bounce_get_kind (self->bounce) == MD_BOUNCE_KIND_NOT_A_BOUNCE)
        todo = _("What to do: find the message that came back and paste all of it, headers included.");
      else
        todo = _("What to do: nothing, unless the message is urgent.");

      /* Translators: %1$s is a sentence without its final period, %2$s a sentence */
      return g_strdup_printf (_("%1$s. Nobody needs to act. %2$s"), headline, todo);
    }

  incident = md_window_build_incident (self);
  return md_report_help_desk_summary (incident);
}

static void
md_window_update_summary (MdWindow *self)
{
  g_autoptr(MdIncident) incident = NULL;
  g_autofree char *summary = NULL;

  /* Brings the case up to date even while step 8 is not built. */
  incident = md_window_build_incident (self);
  if (self->summary_page == NULL)
    return;

  summary = md_window_dup_summary (self);
  md_summary_page_update (self->summary_page, incident,
                          summary ? summary
                                  : _("Nothing has been analysed yet: paste the bounce message in step 1."));
}

static void
md_window_update_provider_page (MdWindow *self)
{
  g_autoptr(GPtrArray) findings = NULL;

  if (self->provider_page == NULL)
    return;

  findings = md_window_dup_findings (self);
  md_provider_page_set_bounce (self->provider_page, self->bounce, findings);
}

/* Shows the analysis in the page of @step: whether the step matters, and
 * what its own tools make of it. A page not built yet gets it when it is,
 * except that step 3 is built now (its check starts as soon as the address
 * is known) and the case is brought up to date without step 8. */
static void
md_window_update_page (MdWindow *self,
                       MdStep    step)
{
  if (step == MD_STEP_VERIFY_ADDRESS)
    md_window_update_address_step (self);
  else if (step == MD_STEP_DOCUMENT)
    md_window_update_summary (self);

  if (self->pages[step] == NULL)
    return;

  md_step_page_set_skip_reason (self->pages[step], get_skip_reason (step, self->bounce));

  switch (step)
    {
    case MD_STEP_UNDERSTAND:
      md_reason_page_set_bounce (self->reason_page, self->bounce);
      break;

    case MD_STEP_CONTACT_RECIPIENT:
      md_contact_page_set_bounce (self->contact_page, self->bounce);
      break;

    case MD_STEP_CONSULT_PROVIDER:
      md_window_update_provider_page (self);
      break;

    case MD_STEP_ALTERNATIVE_CHANNEL:
      md_alternatives_page_set_bounce (self->alternatives_page, self->bounce);
      break;

    case MD_STEP_NONE:
    case MD_STEP_IDENTIFY:
    case MD_STEP_VERIFY_ADDRESS:
    case MD_STEP_CHECK_SETTINGS:
    case MD_STEP_DOCUMENT:
    default:
      break;
    }
}

static void
md_window_show_analysis (MdWindow *self,
                         MdBounce *bounce)
{
  MdStepPage *identify = self->pages[MD_STEP_IDENTIFY];

  g_set_object (&self->bounce, bounce);
  self->busy = FALSE;

  md_analysis_view_set_bounce (self->analysis_view, bounce);

  if (bounce != NULL && md_step_page_get_state (identify) == MD_STEP_STATE_NOT_STARTED)
    md_step_page_set_state (identify, MD_STEP_STATE_DONE);
  else if (bounce == NULL && md_step_page_get_state (identify) == MD_STEP_STATE_DONE)
    md_step_page_set_state (identify, MD_STEP_STATE_NOT_STARTED);

  /* In step order: step 8 sums up the others. */
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    md_window_update_page (self, step);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOUNCE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
parse_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MdWindow) self = user_data;
  g_autoptr(MdBounce) bounce = NULL;
  g_autoptr(GError) error = NULL;

  bounce = md_bounce_parse_finish (result, &error);

  /* A newer text is being read, or the window is going away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  md_window_show_analysis (self, bounce);
  if (bounce == NULL)
    md_analysis_view_set_error (self->analysis_view, error);
}

static void
md_window_analyse (MdWindow *self)
{
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  g_clear_handle_id (&self->typing_timeout_id, g_source_remove);

  g_cancellable_cancel (self->parse_cancellable);
  g_clear_object (&self->parse_cancellable);

  if (md_identify_page_is_empty (self->identify_page))
    {
      md_window_show_analysis (self, NULL);
      return;
    }

  text = md_identify_page_dup_text (self->identify_page);
  bytes = g_bytes_new_take (text, strlen (text));

  self->parse_cancellable = g_cancellable_new ();
  self->busy = TRUE;
  md_analysis_view_set_busy (self->analysis_view, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  md_bounce_parse_async (bytes, self->parse_cancellable, parse_cb, g_object_ref (self));
}

static gboolean
typing_timeout_cb (gpointer user_data)
{
  MdWindow *self = user_data;

  self->typing_timeout_id = 0;
  md_window_analyse (self);

  return G_SOURCE_REMOVE;
}

static void
on_identify_page_text_changed_cb (MdWindow       *self,
                                  gboolean        immediate,
                                  MdIdentifyPage *page)
{
  md_window_queue_case_sync (self);

  if (immediate)
    {
      md_window_analyse (self);
      return;
    }

  g_clear_handle_id (&self->typing_timeout_id, g_source_remove);
  self->typing_timeout_id = g_timeout_add (MD_WINDOW_TYPING_DELAY_MS, typing_timeout_cb, self);
}

static void
on_step_page_changed_cb (MdWindow   *self,
                         GParamSpec *pspec,
                         MdStepPage *page)
{
  md_window_queue_case_sync (self);

  if (self->step == MD_STEP_DOCUMENT)
    md_window_update_summary (self);
}

static void
on_check_running_cb (MdWindow   *self,
                     GParamSpec *pspec,
                     GtkWidget  *page)
{
  md_window_update_provider_page (self);
  md_window_update_summary (self);
}

static void
md_window_copy_summary_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  MdWindow *self = MD_WINDOW (widget);
  g_autofree char *summary = md_window_dup_summary (self);

  if (summary == NULL)
    {
      md_window_show_toast (self, _("There is nothing to summarise yet: paste the bounce message in step 1 first."));
      return;
    }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), summary);
  md_window_show_toast (self, _("Summary copied"));
}

static void
md_window_show_content (MdWindow *self)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  adw_leaflet_set_visible_child (self->leaflet, self->content_pane);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/**
 * md_window_set_bounce_text:
 * @self: a #MdWindow
 * @text: the text of a bounce message, in any encoding
 * @length: the length of @text in bytes, or -1 if it ends with a NUL
 *
 * Puts @text into the paste area of step 1 and shows step 1, where its
 * analysis appears as soon as the text has been parsed (in a thread). Bytes
 * that are not valid UTF-8 are replaced, so any file can be looked at.
 */
void
md_window_set_bounce_text (MdWindow   *self,
                           const char *text,
                           gssize      length)
{
  g_autofree char *valid = NULL;

  g_return_if_fail (MD_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  valid = g_utf8_make_valid (text, length);
  md_identify_page_set_text (self->identify_page, valid);
  md_window_set_step (self, MD_STEP_IDENTIFY);
  md_window_show_content (self);
}

static char *
get_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename ? basename : "");
}

static void
load_file_contents_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GFile *file = G_FILE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  MdWindow *self = g_task_get_source_object (task);
  gsize length = 0;

  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      name = get_display_name (file);
      g_task_return_new_error (task, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_UNREADABLE,
                               _("“%s” could not be read: %s"), name, error->message);
      return;
    }

  /* The size was checked before, but the file may have grown since. */
  if (length > MD_WINDOW_MAX_FILE_SIZE)
    {
      g_task_return_new_error (task, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_TOO_LARGE,
                               _("This file is larger than 20 MB and cannot be a bounce message"));
      return;
    }

  if (length == 0)
    {
      name = get_display_name (file);
      g_task_return_new_error (task, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_EMPTY,
                               _("“%s” is empty. Choose the file of the bounce message."), name);
      return;
    }

  md_window_set_bounce_text (self, contents, length);
  g_task_return_boolean (task, TRUE);
}

static void
load_file_query_info_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GFile *file = G_FILE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = NULL;
  GCancellable *cancellable;

  info = g_file_query_info_finish (file, result, &error);
  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      name = get_display_name (file);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_new_error (task, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_UNREADABLE,
                                 _("“%s” no longer exists. It may have been moved or deleted."),
                                 name);
      else
        g_task_return_new_error (task, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_UNREADABLE,
                                 _("“%s” could not be opened: %s"), name, error->message);
      return;
    }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      name = get_display_name (file);
      g_task_return_new_error (task, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_UNREADABLE,
                               _("“%s” is a folder. Choose the file of the bounce message."),
                               name);
      return;
    }

  /* Refuse before reading: a huge file would only fill the memory. */
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
      g_file_info_get_size (info) > MD_WINDOW_MAX_FILE_SIZE)
    {
      g_task_return_new_error (task, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_TOO_LARGE,
                               _("This file is larger than 20 MB and cannot be a bounce message"));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_file_load_contents_async (file, cancellable, load_file_contents_cb, g_steal_pointer (&task));
}

/**
 * md_window_load_file_async:
 * @self: a #MdWindow
 * @file: a file with a bounce message, usually an .eml file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file has been read or could not be
 * @user_data: data for @callback
 *
 * Reads @file and puts its text into step 1. Files larger than
 * %MD_WINDOW_MAX_FILE_SIZE are refused. On error the paste area keeps what it
 * had.
 */
void
md_window_load_file_async (MdWindow            *self,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_window_load_file_async);

  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT,
                           cancellable,
                           load_file_query_info_cb,
                           g_steal_pointer (&task));
}

/**
 * md_window_load_file_finish:
 * @self: a #MdWindow
 * @result: the result given to the callback
 * @error: return location for a #GError with a message for the user
 *
 * Returns: %TRUE if the file's text is now in step 1
 */
gboolean
md_window_load_file_finish (MdWindow      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (MD_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
md_window_open_file_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  MdWindow *self = MD_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!md_window_load_file_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    md_window_show_toast (self, error->message);
}

/**
 * md_window_open_file:
 * @self: a #MdWindow
 * @file: a file with a bounce message
 *
 * Like md_window_load_file_async(), but tells the user about errors itself.
 */
void
md_window_open_file (MdWindow *self,
                     GFile    *file)
{
  g_return_if_fail (MD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  md_window_load_file_async (self, file, self->cancellable, md_window_open_file_cb, NULL);
}

static GListStore *
create_file_filters (void)
{
  g_autoptr(GtkFileFilter) eml_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  gtk_file_filter_set_name (eml_filter, _("Email Messages"));
  gtk_file_filter_add_mime_type (eml_filter, "message/rfc822");
  gtk_file_filter_add_suffix (eml_filter, "eml");
  gtk_file_filter_add_suffix (eml_filter, "msg");
  gtk_file_filter_add_suffix (eml_filter, "txt");
  g_list_store_append (filters, eml_filter);

  gtk_file_filter_set_name (all_filter, _("All Files"));
  gtk_file_filter_add_pattern (all_filter, "*");
  g_list_store_append (filters, all_filter);

  return filters;
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
on_file_dialog_open_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(MdWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, &error);
  if (file != NULL)
    md_window_open_file (self, file);
  else if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) &&
           !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED) &&
           !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    md_window_show_toast (self, error->message);
}

static void
md_window_choose_file (MdWindow *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = create_file_filters ();
  g_autoptr(GtkFileFilter) default_filter = g_list_model_get_item (G_LIST_MODEL (filters), 0);

  gtk_file_dialog_set_title (dialog, _("Open Bounce Message"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, default_filter);
  gtk_file_dialog_open (dialog, GTK_WINDOW (self), self->cancellable,
                        on_file_dialog_open_cb, g_object_ref (self));
}
#else
static void
on_file_chooser_response_cb (GtkNativeDialog *native,
                             int              response,
                             gpointer         user_data)
{
  g_autoptr(MdWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        md_window_open_file (self, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
md_window_choose_file (MdWindow *self)
{
  g_autoptr(GListStore) filters = create_file_filters ();
  GtkFileChooserNative *native;

  /* The portal file chooser: works inside the Flatpak sandbox. */
  native = gtk_file_chooser_native_new (_("Open Bounce Message"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (filters)); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), i);

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }

  g_signal_connect (native, "response",
                    G_CALLBACK (on_file_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
#endif

static gboolean
on_drop_target_drop_cb (MdWindow      *self,
                        const GValue  *value,
                        double         x,
                        double         y,
                        GtkDropTarget *target)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files == NULL)
        return FALSE;

      md_window_open_file (self, files->data);
      return TRUE;
    }

  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      md_window_open_file (self, g_value_get_object (value));
      return TRUE;
    }

  if (G_VALUE_HOLDS (value, G_TYPE_STRING) && g_value_get_string (value) != NULL)
    {
      md_window_set_bounce_text (self, g_value_get_string (value), -1);
      return TRUE;
    }

  return FALSE;
}

static void
on_step_list_row_selected_cb (MdWindow      *self,
                              GtkListBoxRow *row,
                              GtkListBox    *list)
{
  if (MD_IS_STEP_ROW (row))
    md_window_set_step (self, md_step_row_get_step (MD_STEP_ROW (row)));
}

static void
on_step_list_row_activated_cb (MdWindow      *self,
                               GtkListBoxRow *row,
                               GtkListBox    *list)
{
  md_window_set_step (self, md_step_row_get_step (MD_STEP_ROW (row)));
  md_window_show_content (self);
}

static void
md_window_step_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MdWindow *self = MD_WINDOW (widget);

  if (g_str_equal (action_name, "win.previous-step"))
    {
      if (self->step > MD_STEP_IDENTIFY)
        md_window_set_step (self, self->step - 1);
    }
  else if (g_str_equal (action_name, "win.next-step"))
    {
      if (self->step < MD_STEP_DOCUMENT)
        md_window_set_step (self, self->step + 1);
    }
  else if (g_str_equal (action_name, "win.go-to-step"))
    {
      int step = g_variant_get_int32 (parameter);

      if (step >= MD_STEP_IDENTIFY && step <= MD_STEP_DOCUMENT)
        md_window_set_step (self, step);
    }
  else
    g_assert_not_reached ();

  md_window_show_content (self);
}

static void
md_window_show_steps_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  MdWindow *self = MD_WINDOW (widget);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_pane);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_widget_grab_focus (GTK_WIDGET (self->rows[self->step]));
}

static void
md_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  md_window_choose_file (MD_WINDOW (widget));
}

static void
md_window_show_primary_menu_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  MdWindow *self = MD_WINDOW (widget);

  /* The menu button lives in the content pane's header bar. */
  md_window_show_content (self);
  gtk_menu_button_popup (self->primary_menu_button);
}

static void
md_window_load_example_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  MdWindow *self = MD_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data;

  bytes = md_example_load (id, &error);
  if (bytes == NULL)
    {
      md_window_show_toast (self, error->message);
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  md_window_set_bounce_text (self, data ? data : "", size);
}

static void
md_window_fill_examples_menu (MdWindow *self)
{
  g_auto(GStrv) ids = md_examples_list ();
  g_autoptr(GMenu) examples = g_menu_new ();

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = NULL;

      item = g_menu_item_new (md_example_get_title (ids[i]), NULL);
      g_menu_item_set_action_and_target (item, "win.load-example", "s", ids[i]);
      g_menu_append_item (examples, item);
    }

  if (g_menu_model_get_n_items (G_MENU_MODEL (examples)) > 0)
    g_menu_append_submenu (self->examples_section, _("_Try an Example"), G_MENU_MODEL (examples));

  md_identify_page_set_examples_menu (self->identify_page, G_MENU_MODEL (examples));
}

/* The tools of @step; the window keeps the pages it feeds. */
static GtkWidget *
md_window_create_content (MdWindow *self,
                          MdStep    step)
{
  switch (step)
    {
    case MD_STEP_IDENTIFY:
      self->identify_page = MD_IDENTIFY_PAGE (md_identify_page_new ());
      self->analysis_view = md_identify_page_get_analysis_view (self->identify_page);
      g_signal_connect_object (self->identify_page, "text-changed",
                               G_CALLBACK (on_identify_page_text_changed_cb), self,
                               G_CONNECT_SWAPPED);
      return GTK_WIDGET (self->identify_page);

    case MD_STEP_UNDERSTAND:
      self->reason_page = MD_REASON_PAGE (md_reason_page_new ());
      return GTK_WIDGET (self->reason_page);

    case MD_STEP_VERIFY_ADDRESS:
      return md_address_page_new ();

    case MD_STEP_CONTACT_RECIPIENT:
      self->contact_page = MD_CONTACT_PAGE (md_contact_page_new ());
      return GTK_WIDGET (self->contact_page);

    case MD_STEP_CHECK_SETTINGS:
      return md_smtp_page_new ();

    case MD_STEP_CONSULT_PROVIDER:
      self->provider_page = MD_PROVIDER_PAGE (md_provider_page_new ());
      return GTK_WIDGET (self->provider_page);

    case MD_STEP_ALTERNATIVE_CHANNEL:
      self->alternatives_page = MD_ALTERNATIVES_PAGE (md_alternatives_page_new ());
      return GTK_WIDGET (self->alternatives_page);

    case MD_STEP_DOCUMENT:
      self->summary_page = MD_SUMMARY_PAGE (md_summary_page_new ());
      return GTK_WIDGET (self->summary_page);

    case MD_STEP_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* Puts what the case's incident holds for @step into its page: the state
 * and notes, the outcome and reporter of step 8. For a new page (the
 * incident kept them while it did not exist) and after a restore. */
static void
md_window_sync_page (MdWindow *self,
                     MdStep    step)
{
  MdIncident *incident = md_case_get_incident (self->md_case);
  const char *notes = md_incident_get_step_notes (incident, step);

  md_step_page_set_state (self->pages[step], md_incident_get_step_state (incident, step));
  md_step_page_set_notes (self->pages[step], notes ? notes : "");

  if (step == MD_STEP_DOCUMENT)
    {
      md_summary_page_set_outcome (self->summary_page, md_incident_get_outcome (incident));
      md_summary_page_set_reporter (self->summary_page, md_incident_get_reporter (incident));
    }
}

/* The page of @step, built on first use: building all eight delays the
 * first frame (issue #6). A new page gets the state of the case and the
 * analysis, as if it had been there all along. */
static MdStepPage *
md_window_ensure_page (MdWindow *self,
                       MdStep    step)
{
  GtkWidget *page;
  GtkWidget *content;

  if (self->pages[step] != NULL)
    return self->pages[step];

  page = md_step_page_new (step);
  content = md_window_create_content (self, step);
  md_step_page_set_content (MD_STEP_PAGE (page), content);
  self->pages[step] = MD_STEP_PAGE (page);
  md_window_sync_page (self, step);

  g_object_bind_property (page, "state", self->rows[step], "state", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (page, "notify::state",
                           G_CALLBACK (on_step_page_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::notes",
                           G_CALLBACK (on_step_page_changed_cb), self, G_CONNECT_SWAPPED);

  /* Checks that finish (steps 3 and 5) feed steps 6 and 8. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (content), "running"))
    g_signal_connect_object (content, "notify::running",
                             G_CALLBACK (on_check_running_cb), self, G_CONNECT_SWAPPED);

  if (step == MD_STEP_DOCUMENT)
    {
      g_signal_connect_object (content, "notify::outcome",
                               G_CALLBACK (md_window_queue_case_sync), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (content, "notify::reporter",
                               G_CALLBACK (md_window_queue_case_sync), self, G_CONNECT_SWAPPED);
    }

  gtk_stack_add_titled (self->stack, page, md_step_get_id (step), md_step_get_title (step));
  md_window_update_page (self, step);

  return self->pages[step];
}

/**
 * md_window_get_page:
 * @self: a #MdWindow
 * @step: a checklist step
 *
 * Building a page changes nothing in the case: it shows what the case and
 * the analysis hold for its step.
 *
 * Returns: (transfer none): the page of @step, built now if it was not yet
 */
MdStepPage *
md_window_get_page (MdWindow *self,
                    MdStep    step)
{
  g_return_val_if_fail (MD_IS_WINDOW (self), NULL);
  g_return_val_if_fail (step >= MD_STEP_IDENTIFY && step <= MD_STEP_DOCUMENT, NULL);

  return md_window_ensure_page (self, step);
}

/* One page per call, so input and frames go on in between. */
static gboolean
build_pages_cb (gpointer user_data)
{
  MdWindow *self = user_data;

  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    if (self->pages[step] == NULL)
      {
        md_window_ensure_page (self, step);
        return G_SOURCE_CONTINUE;
      }

  self->build_pages_id = 0;
  return G_SOURCE_REMOVE;
}

/* The pages not shown yet are built once the window is on screen, when
 * nothing else is going on, so a visit later finds its page ready. */
static void
on_first_frame_painted_cb (MdWindow      *self,
                           GdkFrameClock *clock)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame_painted_cb, self);

  if (self->build_pages_id == 0 && self->identify_page != NULL)
    self->build_pages_id = g_idle_add_full (G_PRIORITY_LOW, build_pages_cb, self, NULL);
}

static void
on_realize_cb (GtkWidget *widget,
               gpointer   user_data)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (on_first_frame_painted_cb), widget, G_CONNECT_SWAPPED);
  g_signal_handlers_disconnect_by_func (widget, on_realize_cb, user_data);
}

/* The sidebar has every step; of the pages only step 1 (it holds the text
 * everything comes from) and, once the settings are read, the step shown. */
static void
md_window_create_steps (MdWindow *self)
{
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      self->rows[step] = MD_STEP_ROW (md_step_row_new (step));
      gtk_list_box_append (self->step_list, GTK_WIDGET (self->rows[step]));
    }

  md_window_ensure_page (self, MD_STEP_IDENTIFY);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize_cb), NULL);
}

static void
md_window_load_settings (MdWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *last_step = NULL;
  MdStep step = MD_STEP_NONE;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, MD_SETTINGS_SCHEMA_ID, TRUE);

  /* Running from the build tree without GSETTINGS_SCHEMA_DIR: just forget. */
  if (schema == NULL)
    {
      g_debug ("Settings schema %s is not installed; the window will not remember its size",
               MD_SETTINGS_SCHEMA_ID);
      md_window_set_step (self, MD_STEP_IDENTIFY);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_step = g_settings_get_string (self->settings, "last-step");
  step = md_step_from_id (last_step);
  md_window_set_step (self, step != MD_STEP_NONE ? step : MD_STEP_IDENTIFY);
}

static void
md_window_save_settings (MdWindow *self)
{
  int width = 0;
  int height = 0;

  if (self->settings == NULL)
    return;

  g_settings_delay (self->settings);

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_set_string (self->settings, "last-step", md_step_get_id (self->step));

  g_settings_apply (self->settings);
}

static gboolean
md_window_close_request (GtkWindow *window)
{
  MdWindow *self = MD_WINDOW (window);

  md_window_save_settings (self);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (md_window_parent_class)->close_request (window);
}

/* New case: a fresh window takes over the draft file, so nothing of the
 * old case (text, checks, the password field) stays behind. */
static void
md_window_start_over (MdWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GFile) draft = NULL;
  MdWindow *window;

  g_set_object (&draft, md_case_get_draft (self->md_case));
  md_case_discard (self->md_case);
  md_case_set_draft (self->md_case, NULL);
  md_window_save_settings (self);

  window = g_object_new (MD_TYPE_WINDOW, "application", application, NULL);
  md_case_set_autosave_delay (window->md_case, md_case_get_autosave_delay (self->md_case));
  md_case_set_draft (window->md_case, draft);
  md_window_set_step (window, MD_STEP_IDENTIFY);
  gtk_window_present (GTK_WINDOW (window));

  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
start_over_idle_cb (gpointer user_data)
{
  md_window_start_over (user_data);

  return G_SOURCE_REMOVE;
}

static void
on_new_case_response_cb (MdWindow         *self,
                         const char       *response,
                         AdwMessageDialog *dialog)
{
  /* Once the dialog is gone: it must not outlive the window it belongs to. */
  if (g_strcmp0 (response, "new-case") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, start_over_idle_cb,
                     g_object_ref (self), g_object_unref);
}

static void
md_window_new_case_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  MdWindow *self = MD_WINDOW (widget);
  GtkWidget *dialog;

  md_window_sync_case (self);

  /* The toast after a restore asks no more questions: its button is clear. */
  if (g_str_equal (action_name, "win.start-over") || !md_case_has_content (self->md_case))
    {
      md_window_start_over (self);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Start a New Case?"),
                                   _("Everything entered for this case will be cleared: the bounce message, your notes and the results of the checks. Save the report first if you still need it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "new-case", _("_Start New Case"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "new-case",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_new_case_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Puts a restored case (the case's incident now) back into the pages; the
 * analysis runs again. Pages not built yet take it from the incident when
 * they are: until then only their row shows it. */
static void
md_window_apply_incident (MdWindow   *self,
                          MdIncident *incident)
{
  const char *text = md_incident_get_bounce_text (incident);

  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      if (self->pages[step] != NULL)
        md_window_sync_page (self, step);
      else
        md_step_row_set_state (self->rows[step], md_incident_get_step_state (incident, step));
    }

  if (text != NULL && *text != '\0')
    md_identify_page_set_text (self->identify_page, text);
}

/**
 * md_window_restore_draft:
 * @self: a #MdWindow
 *
 * Brings back the unfinished case from the draft file (see
 * md_case_dup_default_draft()), if there is one, and autosaves the case
 * there from now on. A damaged draft is moved aside; a toast says what
 * happened either way.
 */
void
md_window_restore_draft (MdWindow *self)
{
  g_autoptr(GFile) draft = md_case_dup_default_draft ();
  g_autoptr(GError) error = NULL;
  MdIncident *incident;
  AdwToast *toast;

  g_return_if_fail (MD_IS_WINDOW (self));

  md_case_set_draft (self->md_case, draft);
  incident = md_case_load_draft (self->md_case, &error);
  if (error != NULL)
    {
      toast = adw_toast_new (error->message);
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  if (incident == NULL)
    return;

  md_window_apply_incident (self, incident);

  toast = adw_toast_new (_("Your unfinished case was restored"));
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("Start Over"));
  adw_toast_set_action_name (toast, "win.start-over");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
md_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MdWindow *self = MD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BOUNCE:
      g_value_set_object (value, self->bounce);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, md_window_is_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_window_dispose (GObject *object)
{
  MdWindow *self = MD_WINDOW (object);

  /* Whatever was typed since the last autosave goes to the draft now. */
  if (self->identify_page != NULL)
    {
      md_window_sync_case (self);
      md_case_flush (self->md_case);
    }
  g_clear_handle_id (&self->case_sync_id, g_source_remove);
  g_clear_handle_id (&self->build_pages_id, g_source_remove);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->parse_cancellable);
  g_clear_handle_id (&self->typing_timeout_id, g_source_remove);

  /* The pages go with the template: no more updates from them or to them. */
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      GtkWidget *content;

      if (self->pages[step] == NULL)
        continue;

      content = md_step_page_get_content (self->pages[step]);
      if (content != NULL)
        g_signal_handlers_disconnect_by_data (content, self);
      g_signal_handlers_disconnect_by_data (self->pages[step], self);
      self->pages[step] = NULL;
    }
  self->identify_page = NULL;
  self->reason_page = NULL;
  self->contact_page = NULL;
  self->provider_page = NULL;
  self->alternatives_page = NULL;
  self->summary_page = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->parse_cancellable);
  g_clear_object (&self->bounce);
  g_clear_object (&self->md_case);

  G_OBJECT_CLASS (md_window_parent_class)->dispose (object);
}

static void
md_window_class_init (MdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = md_window_dispose;
  object_class->get_property = md_window_get_property;
  window_class->close_request = md_window_close_request;

  properties[PROP_BOUNCE] =
    g_param_spec_object ("bounce", NULL, NULL,
                         MD_TYPE_BOUNCE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/md-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, content_pane);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, step_list);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, previous_button);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, MdWindow, examples_section);
  gtk_widget_class_bind_template_callback (widget_class, on_step_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_step_list_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.previous-step", NULL, md_window_step_action);
  gtk_widget_class_install_action (widget_class, "win.next-step", NULL, md_window_step_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-step", "i", md_window_step_action);
  gtk_widget_class_install_action (widget_class, "win.show-steps", NULL,
                                   md_window_show_steps_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, md_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.show-primary-menu", NULL,
                                   md_window_show_primary_menu_action);
  gtk_widget_class_install_action (widget_class, "win.load-example", "s",
                                   md_window_load_example_action);
  gtk_widget_class_install_action (widget_class, "win.copy-summary", NULL,
                                   md_window_copy_summary_action);
  gtk_widget_class_install_action (widget_class, "win.new-case", NULL,
                                   md_window_new_case_action);
  gtk_widget_class_install_action (widget_class, "win.start-over", NULL,
                                   md_window_new_case_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.previous-step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "win.previous-step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "win.next-step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "win.next-step", NULL);
  for (int i = MD_STEP_IDENTIFY; i <= MD_STEP_DOCUMENT; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, GDK_CONTROL_MASK,
                                           "win.go-to-step", "i", i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + i, GDK_CONTROL_MASK,
                                           "win.go-to-step", "i", i);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, 0,
                                       "win.show-primary-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-summary", NULL);

  g_type_ensure (MD_TYPE_STEP_PAGE);
  g_type_ensure (MD_TYPE_STEP_ROW);
}

static void
md_window_init (MdWindow *self)
{
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE, G_TYPE_STRING };
  GtkDropTarget *drop_target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->step = MD_STEP_NONE;
  self->md_case = md_case_new ();

  md_window_create_steps (self);
  md_window_fill_examples_menu (self);

  /* Dropping a file or text anywhere on the window loads it into step 1. */
  drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop_target, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect_object (drop_target, "drop",
                           G_CALLBACK (on_drop_target_drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));

  md_window_load_settings (self);
  md_window_show_content (self);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/**
 * md_window_new:
 * @application: the application
 *
 * Returns: (transfer none): a new window, owned by its application
 */
MdWindow *
md_window_new (MdApplication *application)
{
  g_return_val_if_fail (MD_IS_APPLICATION (application), NULL);

  return g_object_new (MD_TYPE_WINDOW, "application", application, NULL);
}
