/* md-finding-row.h: a list row showing one finding of a check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-finding.h"

G_BEGIN_DECLS

#define MD_TYPE_FINDING_ROW (md_finding_row_get_type ())

G_DECLARE_FINAL_TYPE (MdFindingRow, md_finding_row, MD, FINDING_ROW, AdwPreferencesRow)

GtkWidget  *md_finding_row_new          (MdFinding    *finding);
MdFinding  *md_finding_row_get_finding  (MdFindingRow *self);
void        md_finding_row_fill_list    (GtkListBox   *list,
                                         GPtrArray    *findings);

G_END_DECLS
