/* md-provider-page.h: step 6, a support request for the email provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-bounce.h"

G_BEGIN_DECLS

/* Mail apps and browsers truncate or refuse longer mailto: links. */
#define MD_PROVIDER_PAGE_MAX_MAILTO_BODY 1800

#define MD_TYPE_PROVIDER_PAGE (md_provider_page_get_type ())

G_DECLARE_FINAL_TYPE (MdProviderPage, md_provider_page, MD, PROVIDER_PAGE, AdwBin)

GtkWidget *md_provider_page_new             (void);
void       md_provider_page_set_bounce      (MdProviderPage *self,
                                             MdBounce       *bounce,
                                             GPtrArray      *findings);
char      *md_provider_page_dup_request     (MdProviderPage *self);
char      *md_provider_page_format_request  (MdBounce       *bounce,
                                             GPtrArray      *findings);
char      *md_provider_page_build_mailto    (const char     *subject,
                                             const char     *body);
gboolean   md_provider_page_needs_postmaster (MdBounce      *bounce);

G_END_DECLS
