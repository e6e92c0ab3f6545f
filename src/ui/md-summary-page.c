/* md-summary-page.c: step 8, what was found and done, ready to hand over
 *
 * The three-sentence help-desk summary, every step with its state and
 * notes, and the findings of the checks; the whole report can be copied
 * as text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-finding.h"
#include "md-report.h"
#include "md-summary-page.h"

struct _MdSummaryPage
{
  AdwBin parent_instance;

  GtkLabel   *summary_label;
  GtkListBox *steps_list;
  GtkWidget  *findings_box;
  GtkListBox *findings_list;

  MdIncident *incident;
};

G_DEFINE_FINAL_TYPE (MdSummaryPage, md_summary_page, ADW_TYPE_BIN)

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
md_summary_page_dispose (GObject *object)
{
  MdSummaryPage *self = MD_SUMMARY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), MD_TYPE_SUMMARY_PAGE);
  g_clear_object (&self->incident);

  G_OBJECT_CLASS (md_summary_page_parent_class)->dispose (object);
}

static void
md_summary_page_class_init (MdSummaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_summary_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/md-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdSummaryPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MdSummaryPage, steps_list);
  gtk_widget_class_bind_template_child (widget_class, MdSummaryPage, findings_box);
  gtk_widget_class_bind_template_child (widget_class, MdSummaryPage, findings_list);

  gtk_widget_class_install_action (widget_class, "summary.copy-report", NULL,
                                   md_summary_page_copy_report_action);
}

static void
md_summary_page_init (MdSummaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.copy-report", FALSE);
}

GtkWidget *
md_summary_page_new (void)
{
  return g_object_new (MD_TYPE_SUMMARY_PAGE, NULL);
}
