/* md-summary-page.c: step 8, what was found and done, ready to hand over
 *
 * The three-sentence help-desk summary, the outcome and who reported the
 * problem, every step with its state and notes, and the findings of the
 * checks; the whole report can be copied as text, or saved to a file
 * (which also keeps the case in the history).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-finding.h"
#include "md-history-window.h"
#include "md-report.h"
#include "md-report-saver.h"
#include "md-summary-page.h"

struct _MdSummaryPage
{
  AdwBin parent_instance;

  GtkLabel   *summary_label;
  GtkListBox *steps_list;
  GtkWidget  *findings_box;
  GtkListBox *findings_list;
  GtkCheckButton *outcome_checks[MD_INCIDENT_OUTCOME_WORKAROUND + 1];
  AdwEntryRow    *reporter_row;

  MdIncident    *incident;
  MdReportSaver *saver;
};

G_DEFINE_FINAL_TYPE (MdSummaryPage, md_summary_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_OUTCOME,
  PROP_REPORTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
create_row (const char *title,
            const char *subtitle,
            const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title_markup = g_markup_escape_text (title, -1);
  g_autofree char *subtitle_markup = g_markup_escape_text (subtitle ? subtitle : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
  if (icon_name != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);

  return row;
}

/**
 * md_summary_page_update:
 * @self: a #MdSummaryPage
 * @incident: the case as it stands: steps, notes and findings
 * @summary: the help-desk summary
 */
void
md_summary_page_update (MdSummaryPage *self,
                        MdIncident    *incident,
                        const char    *summary)
{
  GPtrArray *findings;

  g_return_if_fail (MD_IS_SUMMARY_PAGE (self));
  g_return_if_fail (MD_IS_INCIDENT (incident));
  g_return_if_fail (summary != NULL);

  g_set_object (&self->incident, incident);
  gtk_label_set_label (self->summary_label, summary);

  clear_list (self->steps_list);
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      MdStepState state = md_incident_get_step_state (incident, step);
      const char *notes = md_incident_get_step_notes (incident, step);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: a step in the summary: its number and its title */
      title = g_strdup_printf (_("%u. %s"), (guint) step, md_step_get_title (step));
      if (notes != NULL && *notes != '\0')
        /* Translators: the state of a step, then the user's notes */
        subtitle = g_strdup_printf (_("%s — %s"), md_step_state_get_label (state), notes);
      else
        subtitle = g_strdup (md_step_state_get_label (state));

      gtk_list_box_append (self->steps_list, create_row (title, subtitle, NULL));
    }

  clear_list (self->findings_list);
  findings = md_incident_get_findings (incident);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      MdFinding *finding = g_ptr_array_index (findings, i);

      gtk_list_box_append (self->findings_list,
                           create_row (md_finding_get_title (finding),
                                       md_finding_get_detail (finding),
                                       md_severity_get_icon_name (md_finding_get_severity (finding))));
    }
  gtk_widget_set_visible (self->findings_box, findings != NULL && findings->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.copy-report", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.save-report", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.print-report", TRUE);
}

/**
 * md_summary_page_get_outcome:
 * @self: a #MdSummaryPage
 *
 * Returns: how the case ended, as chosen by the user
 */
MdIncidentOutcome
md_summary_page_get_outcome (MdSummaryPage *self)
{
  g_return_val_if_fail (MD_IS_SUMMARY_PAGE (self), MD_INCIDENT_OUTCOME_OPEN);

  for (guint i = 0; i < G_N_ELEMENTS (self->outcome_checks); i++)
    if (gtk_check_button_get_active (self->outcome_checks[i]))
      return (MdIncidentOutcome) i;

  return MD_INCIDENT_OUTCOME_OPEN;
}

void
md_summary_page_set_outcome (MdSummaryPage     *self,
                             MdIncidentOutcome  outcome)
{
  g_return_if_fail (MD_IS_SUMMARY_PAGE (self));
  g_return_if_fail (outcome <= MD_INCIDENT_OUTCOME_WORKAROUND);

  gtk_check_button_set_active (self->outcome_checks[outcome], TRUE);
}

/**
 * md_summary_page_get_reporter:
 * @self: a #MdSummaryPage
 *
 * Returns: (transfer none): who reported the problem, or an empty string
 */
const char *
md_summary_page_get_reporter (MdSummaryPage *self)
{
  g_return_val_if_fail (MD_IS_SUMMARY_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->reporter_row));
}

void
md_summary_page_set_reporter (MdSummaryPage *self,
                              const char    *reporter)
{
  g_return_if_fail (MD_IS_SUMMARY_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->reporter_row), reporter ? reporter : "");
}

const char *
md_summary_page_get_summary (MdSummaryPage *self)
{
  g_return_val_if_fail (MD_IS_SUMMARY_PAGE (self), NULL);

  return gtk_label_get_label (self->summary_label);
}

static void
md_summary_page_copy_report_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  MdSummaryPage *self = MD_SUMMARY_PAGE (widget);
  g_autofree char *report = NULL;
  GtkWidget *overlay;

  if (self->incident == NULL)
    return;

  report = md_report_render_text (self->incident);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), report);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_("Report copied")));
}

static void
md_summary_page_show_toast (MdSummaryPage *self,
                            const char    *message,
                            guint          timeout)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (overlay == NULL)
    return;

  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* A saved report is a finished piece of work: the case goes to the history
 * too (again when saved again: same incident, same entry). */
static gboolean
md_summary_page_add_to_history (MdSummaryPage  *self,
                                GError        **error)
{
  g_autoptr(MdHistory) history = md_history_window_create_history ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (!md_history_save (history, self->incident, error))
    return FALSE;

  /* An open history window shows it right away. */
  for (GList *l = application ? gtk_application_get_windows (application) : NULL; l != NULL; l = l->next)
    if (MD_IS_HISTORY_WINDOW (l->data))
      md_history_window_reload (MD_HISTORY_WINDOW (l->data));

  return TRUE;
}

static void
save_report_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MdSummaryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  message = md_report_saver_save_finish (MD_REPORT_SAVER (object), result, &error);
  if (message == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        md_summary_page_show_toast (self, error->message, 0);  /* an error stays until read */
      return;
    }

  if (self->incident == NULL || !md_summary_page_add_to_history (self, &error))
    {
      g_autofree char *text = NULL;

      /* Translators: %1$s says where the report was saved, %2$s why the
       * history could not be written */
      text = g_strdup_printf (_("%1$s The case could not be added to the history: %2$s"),
                              message, error ? error->message : "");
      md_summary_page_show_toast (self, text, 0);
      return;
    }

  md_summary_page_show_toast (self, message, 8);
}

static void
md_summary_page_save_report_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  MdSummaryPage *self = MD_SUMMARY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->incident == NULL)
    return;

  if (self->saver == NULL)
    self->saver = md_report_saver_new ();

  md_report_saver_save_async (self->saver, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                              self->incident, NULL, save_report_cb, g_object_ref (self));
}

static void
md_summary_page_print_report_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  MdSummaryPage *self = MD_SUMMARY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GError) error = NULL;

  if (self->incident == NULL)
    return;

  if (self->saver == NULL)
    self->saver = md_report_saver_new ();

  if (!md_report_saver_print (self->saver, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                              self->incident, &error))
    md_summary_page_show_toast (self, error->message, 0);
}

static void
on_outcome_toggled_cb (MdSummaryPage  *self,
                       GParamSpec     *pspec,
                       GtkCheckButton *check)
{
  /* Once per change: for the button that became active */
  if (gtk_check_button_get_active (check))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
}

static void
on_reporter_changed_cb (MdSummaryPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORTER]);
}

static void
md_summary_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MdSummaryPage *self = MD_SUMMARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_OUTCOME:
      g_value_set_uint (value, md_summary_page_get_outcome (self));
      break;

    case PROP_REPORTER:
      g_value_set_string (value, md_summary_page_get_reporter (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_summary_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MdSummaryPage *self = MD_SUMMARY_PAGE (object);

  switch (prop_id)
    {
    case PROP_OUTCOME:
      md_summary_page_set_outcome (self, g_value_get_uint (value));
      break;

    case PROP_REPORTER:
      md_summary_page_set_reporter (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_summary_page_dispose (GObject *object)
{
  MdSummaryPage *self = MD_SUMMARY_PAGE (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->outcome_checks); i++)
    if (self->outcome_checks[i] != NULL)
      g_signal_handlers_disconnect_by_data (self->outcome_checks[i], self);
  if (self->reporter_row != NULL)
    g_signal_handlers_disconnect_by_data (self->reporter_row, self);

  gtk_widget_dispose_template (GTK_WIDGET (object), MD_TYPE_SUMMARY_PAGE);
  g_clear_object (&self->incident);
  g_clear_object (&self->saver);

  G_OBJECT_CLASS (md_summary_page_parent_class)->dispose (object);
}

static void
md_summary_page_class_init (MdSummaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_summary_page_dispose;
  object_class->get_property = md_summary_page_get_property;
  object_class->set_property = md_summary_page_set_property;

  /* An MdIncidentOutcome (the core has no GType for it) */
  properties[PROP_OUTCOME] =
    g_param_spec_uint ("outcome", NULL, NULL,
                       MD_INCIDENT_OUTCOME_OPEN, MD_INCIDENT_OUTCOME_WORKAROUND,
                       MD_INCIDENT_OUTCOME_OPEN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REPORTER] =
    g_param_spec_string ("reporter", NULL, NULL,
                         "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/md-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdSummaryPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MdSummaryPage, steps_list);
  gtk_widget_class_bind_template_child (widget_class, MdSummaryPage, findings_box);
  gtk_widget_class_bind_template_child (widget_class, MdSummaryPage, findings_list);
  gtk_widget_class_bind_template_child_full (widget_class, "open_check", FALSE,
                                             G_STRUCT_OFFSET (MdSummaryPage, outcome_checks[MD_INCIDENT_OUTCOME_OPEN]));
  gtk_widget_class_bind_template_child_full (widget_class, "resolved_check", FALSE,
                                             G_STRUCT_OFFSET (MdSummaryPage, outcome_checks[MD_INCIDENT_OUTCOME_RESOLVED]));
  gtk_widget_class_bind_template_child_full (widget_class, "workaround_check", FALSE,
                                             G_STRUCT_OFFSET (MdSummaryPage, outcome_checks[MD_INCIDENT_OUTCOME_WORKAROUND]));
  gtk_widget_class_bind_template_child (widget_class, MdSummaryPage, reporter_row);

  gtk_widget_class_install_action (widget_class, "summary.copy-report", NULL,
                                   md_summary_page_copy_report_action);
  gtk_widget_class_install_action (widget_class, "summary.save-report", NULL,
                                   md_summary_page_save_report_action);
  gtk_widget_class_install_action (widget_class, "summary.print-report", NULL,
                                   md_summary_page_print_report_action);
}

static void
md_summary_page_init (MdSummaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.copy-report", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.save-report", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.print-report", FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (self->outcome_checks); i++)
    g_signal_connect_object (self->outcome_checks[i], "notify::active",
                             G_CALLBACK (on_outcome_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reporter_row, "changed",
                           G_CALLBACK (on_reporter_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
md_summary_page_new (void)
{
  return g_object_new (MD_TYPE_SUMMARY_PAGE, NULL);
}
