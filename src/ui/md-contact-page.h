/* md-contact-page.h: step 4, a message to send the recipient another way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-bounce.h"

G_BEGIN_DECLS

#define MD_TYPE_CONTACT_PAGE (md_contact_page_get_type ())

G_DECLARE_FINAL_TYPE (MdContactPage, md_contact_page, MD, CONTACT_PAGE, AdwBin)

GtkWidget *md_contact_page_new            (void);
void       md_contact_page_set_bounce     (MdContactPage *self,
                                           MdBounce      *bounce);
char      *md_contact_page_dup_message    (MdContactPage *self);
char      *md_contact_page_format_message (MdBounce      *bounce);

G_END_DECLS
