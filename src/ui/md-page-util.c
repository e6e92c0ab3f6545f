/* md-page-util.c: small helpers shared by the step pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-page-util.h"
#include "md-step-page.h"

MdPageCall *
md_page_call_new (gpointer      page,
                  GCancellable *cancellable)
{
  MdPageCall *call;

  g_return_val_if_fail (G_IS_OBJECT (page), NULL);
  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  call = g_new0 (MdPageCall, 1);
  g_weak_ref_init (&call->self, page);
  call->cancellable = g_object_ref (cancellable);

  return call;
}

void
md_page_call_free (MdPageCall *call)
{
  if (call == NULL)
    return;

  g_weak_ref_clear (&call->self);
  g_clear_object (&call->cancellable);
  g_free (call);
}

/**
 * md_page_update_step_state:
 * @content: a check page inside an #MdStepPage
 * @worst: the worst severity among the page's findings
 *
 * Marks the step as needing attention from a warning up, as done otherwise.
 * A step the user chose to skip stays skipped.
 */
void
md_page_update_step_state (GtkWidget  *content,
                           MdSeverity  worst)
{
  GtkWidget *page;

  g_return_if_fail (GTK_IS_WIDGET (content));

  page = gtk_widget_get_ancestor (content, MD_TYPE_STEP_PAGE);
  if (page == NULL || md_step_page_get_state (MD_STEP_PAGE (page)) == MD_STEP_STATE_SKIPPED)
    return;

  md_step_page_set_state (MD_STEP_PAGE (page),
                          worst >= MD_SEVERITY_WARNING
                          ? MD_STEP_STATE_NEEDS_ATTENTION
                          : MD_STEP_STATE_DONE);
}
