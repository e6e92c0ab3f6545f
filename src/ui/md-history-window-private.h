/* md-history-window-private.h: import and export without the file chooser (tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-history-window.h"

G_BEGIN_DECLS

void _md_history_window_export_to_file (MdHistoryWindow *self,
                                        GFile           *file);
void _md_history_window_import_file    (MdHistoryWindow *self,
                                        GFile           *file);

G_END_DECLS
