/* md-summary-page.h: step 8, what was found and done, ready to hand over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-incident.h"

G_BEGIN_DECLS

#define MD_TYPE_SUMMARY_PAGE (md_summary_page_get_type ())

G_DECLARE_FINAL_TYPE (MdSummaryPage, md_summary_page, MD, SUMMARY_PAGE, AdwBin)

GtkWidget  *md_summary_page_new         (void);
void        md_summary_page_update      (MdSummaryPage *self,
                                         MdIncident    *incident,
                                         const char    *summary);
const char *md_summary_page_get_summary (MdSummaryPage *self);

MdIncidentOutcome md_summary_page_get_outcome  (MdSummaryPage     *self);
void              md_summary_page_set_outcome  (MdSummaryPage     *self,
                                                MdIncidentOutcome  outcome);
const char       *md_summary_page_get_reporter (MdSummaryPage     *self);
void              md_summary_page_set_reporter (MdSummaryPage     *self,
                                                const char        *reporter);

G_END_DECLS
