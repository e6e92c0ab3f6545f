/* md-history-item.h: one past incident as an item of a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-history.h"

G_BEGIN_DECLS

#define MD_TYPE_HISTORY_ITEM (md_history_item_get_type ())

G_DECLARE_FINAL_TYPE (MdHistoryItem, md_history_item, MD, HISTORY_ITEM, GObject)

MdHistoryItem        *md_history_item_new               (const MdHistoryEntry *entry);
const MdHistoryEntry *md_history_item_get_entry         (MdHistoryItem        *self);
const char           *md_history_item_get_id            (MdHistoryItem        *self);
char                 *md_history_item_dup_date          (MdHistoryItem        *self);
char                 *md_history_item_dup_domains       (MdHistoryItem        *self);
char                 *md_history_item_dup_reason_titles (MdHistoryItem        *self);
const char           *md_history_item_get_outcome_label (MdHistoryItem        *self);

G_END_DECLS
