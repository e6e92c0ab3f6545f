/* md-step-page.h: the page of one checklist step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-step.h"

G_BEGIN_DECLS

#define MD_TYPE_STEP_PAGE (md_step_page_get_type ())

G_DECLARE_FINAL_TYPE (MdStepPage, md_step_page, MD, STEP_PAGE, AdwBin)

GtkWidget   *md_step_page_new         (MdStep       step);
MdStep       md_step_page_get_step    (MdStepPage  *self);
MdStepState  md_step_page_get_state   (MdStepPage  *self);
void         md_step_page_set_state   (MdStepPage  *self,
                                       MdStepState  state);
GtkWidget   *md_step_page_get_content (MdStepPage  *self);
void         md_step_page_set_content (MdStepPage  *self,
                                       GtkWidget   *content);
char        *md_step_page_dup_notes   (MdStepPage  *self);
void         md_step_page_set_notes   (MdStepPage  *self,
                                       const char  *notes);
const char  *md_step_page_get_skip_reason (MdStepPage *self);
void         md_step_page_set_skip_reason (MdStepPage *self,
                                           const char *reason);

G_END_DECLS
