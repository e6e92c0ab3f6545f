/* md-analysis-view.h: step 1's answer: what happened, in one card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-bounce.h"
#include "md-reason.h"

G_BEGIN_DECLS

#define MD_TYPE_ANALYSIS_VIEW (md_analysis_view_get_type ())

G_DECLARE_FINAL_TYPE (MdAnalysisView, md_analysis_view, MD, ANALYSIS_VIEW, AdwBin)

GtkWidget         *md_analysis_view_new          (void);
void               md_analysis_view_set_bounce   (MdAnalysisView *self,
                                                  MdBounce       *bounce);
void               md_analysis_view_set_error    (MdAnalysisView *self,
                                                  const GError   *error);
void               md_analysis_view_set_busy     (MdAnalysisView *self,
                                                  gboolean        busy);
const char        *md_analysis_view_get_headline (MdAnalysisView *self);

/* The reading of a parsed bounce shared by the step pages. */
MdBounceRecipient *md_analysis_pick_recipient    (MdBounce       *bounce);
const MdReason    *md_analysis_get_reason        (MdBounce       *bounce);
const char        *md_analysis_get_address       (MdBounceRecipient *recipient);
gboolean           md_analysis_is_failure        (MdBounce       *bounce);
char              *md_analysis_format_headline   (MdBounce       *bounce);
const char        *md_analysis_get_outlook       (MdBounce       *bounce);

G_END_DECLS
