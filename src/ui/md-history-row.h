/* md-history-row.h: one past incident in the history list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-history-item.h"

G_BEGIN_DECLS

#define MD_TYPE_HISTORY_ROW (md_history_row_get_type ())

G_DECLARE_FINAL_TYPE (MdHistoryRow, md_history_row, MD, HISTORY_ROW, AdwBin)

GtkWidget     *md_history_row_new      (void);
MdHistoryItem *md_history_row_get_item (MdHistoryRow  *self);
void           md_history_row_set_item (MdHistoryRow  *self,
                                        MdHistoryItem *item);

G_END_DECLS
