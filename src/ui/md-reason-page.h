/* md-reason-page.h: step 2, the reason explained with its evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-bounce.h"

G_BEGIN_DECLS

#define MD_TYPE_REASON_PAGE (md_reason_page_get_type ())

G_DECLARE_FINAL_TYPE (MdReasonPage, md_reason_page, MD, REASON_PAGE, AdwBin)

GtkWidget *md_reason_page_new        (void);
void       md_reason_page_set_bounce (MdReasonPage *self,
                                      MdBounce     *bounce);
char      *md_reason_page_dup_details (MdReasonPage *self);

G_END_DECLS
