/* md-identify-page.h: step 1, where the user gives the bounce message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-analysis-view.h"

G_BEGIN_DECLS

#define MD_TYPE_IDENTIFY_PAGE (md_identify_page_get_type ())

G_DECLARE_FINAL_TYPE (MdIdentifyPage, md_identify_page, MD, IDENTIFY_PAGE, AdwBin)

GtkWidget *md_identify_page_new               (void);
char      *md_identify_page_dup_text          (MdIdentifyPage *self);
void       md_identify_page_set_text          (MdIdentifyPage *self,
                                               const char     *text);
gboolean   md_identify_page_is_empty          (MdIdentifyPage *self);
void       md_identify_page_set_examples_menu (MdIdentifyPage *self,
                                               GMenuModel     *menu);
void       md_identify_page_focus_text        (MdIdentifyPage *self);
MdAnalysisView *md_identify_page_get_analysis_view (MdIdentifyPage *self);

G_END_DECLS
