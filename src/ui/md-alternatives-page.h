/* md-alternatives-page.h: step 7, other ways to get the message through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-bounce.h"

G_BEGIN_DECLS

#define MD_TYPE_ALTERNATIVES_PAGE (md_alternatives_page_get_type ())

G_DECLARE_FINAL_TYPE (MdAlternativesPage, md_alternatives_page, MD, ALTERNATIVES_PAGE, AdwBin)

GtkWidget  *md_alternatives_page_new              (void);
void        md_alternatives_page_set_bounce       (MdAlternativesPage *self,
                                                   MdBounce           *bounce);
GStrv       md_alternatives_page_dup_ids          (MdAlternativesPage *self);
GStrv       md_alternatives_page_dup_checked      (MdAlternativesPage *self);
GStrv       md_alternatives_choose                (MdBounce           *bounce);

G_END_DECLS
