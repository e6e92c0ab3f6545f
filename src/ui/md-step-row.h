/* md-step-row.h: one checklist step in the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-step.h"

G_BEGIN_DECLS

#define MD_TYPE_STEP_ROW (md_step_row_get_type ())

G_DECLARE_FINAL_TYPE (MdStepRow, md_step_row, MD, STEP_ROW, GtkListBoxRow)

GtkWidget   *md_step_row_new       (MdStep       step);
MdStep       md_step_row_get_step  (MdStepRow   *self);
MdStepState  md_step_row_get_state (MdStepRow   *self);
void         md_step_row_set_state (MdStepRow   *self,
                                    MdStepState  state);

const char  *md_step_row_get_state_icon_name (MdStepState  state);

G_END_DECLS
