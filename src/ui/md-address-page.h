/* md-address-page.h: step 3, where the recipient's address is checked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MD_TYPE_ADDRESS_PAGE (md_address_page_get_type ())

G_DECLARE_FINAL_TYPE (MdAddressPage, md_address_page, MD, ADDRESS_PAGE, AdwBin)

GtkWidget  *md_address_page_new           (void);
const char *md_address_page_get_address   (MdAddressPage *self);
void        md_address_page_set_address   (MdAddressPage *self,
                                           const char    *address);
void        md_address_page_check         (MdAddressPage *self);
void        md_address_page_cancel        (MdAddressPage *self);
gboolean    md_address_page_get_running   (MdAddressPage *self);
GPtrArray  *md_address_page_dup_findings  (MdAddressPage *self);

G_END_DECLS
