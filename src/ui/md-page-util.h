/* md-page-util.h: small helpers shared by the step pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-finding.h"

G_BEGIN_DECLS

/* A check a page started, in flight: it holds the page by a weak reference
 * only, so a check still running does not keep the page alive after its
 * window closed (disposing the page is what cancels the check). */
typedef struct
{
  GWeakRef      self;
  GCancellable *cancellable;
} MdPageCall;

MdPageCall *md_page_call_new  (gpointer      page,
                               GCancellable *cancellable);
void        md_page_call_free (MdPageCall   *call);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdPageCall, md_page_call_free)

void        md_page_update_step_state (GtkWidget  *content,
                                       MdSeverity  worst);

void        md_page_fix_accessible_names (GtkWidget *widget);

G_END_DECLS
