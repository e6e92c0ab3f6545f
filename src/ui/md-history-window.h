/* md-history-window.h: past incidents, searchable, and what keeps happening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-history.h"

G_BEGIN_DECLS

/* Overrides the history database (tests, screenshots). */
#define MD_HISTORY_DB_ENV "MAIL_DOCTOR_HISTORY_DB"

#define MD_TYPE_HISTORY_WINDOW (md_history_window_get_type ())

G_DECLARE_FINAL_TYPE (MdHistoryWindow, md_history_window, MD, HISTORY_WINDOW, AdwWindow)

MdHistory       *md_history_window_create_history (void);
MdHistoryWindow *md_history_window_new            (MdHistory       *history);
MdHistory       *md_history_window_get_history    (MdHistoryWindow *self);
gboolean         md_history_window_is_loading     (MdHistoryWindow *self);
void             md_history_window_reload         (MdHistoryWindow *self);

G_END_DECLS
