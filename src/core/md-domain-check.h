/* md-domain-check.h: can a domain receive email? (checklist step 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-http-client.h"
#include "md-resolver.h"

G_BEGIN_DECLS

#define MD_TYPE_DOMAIN_CHECK (md_domain_check_get_type ())

G_DECLARE_FINAL_TYPE (MdDomainCheck, md_domain_check, MD, DOMAIN_CHECK, GObject)

MdDomainCheck *md_domain_check_new                 (MdResolver           *resolver,
                                                    MdHttpClient         *http_client);
MdResolver    *md_domain_check_get_resolver        (MdDomainCheck        *self);
MdHttpClient  *md_domain_check_get_http_client     (MdDomainCheck        *self);
void           md_domain_check_run_async           (MdDomainCheck        *self,
                                                    const char           *domain,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray     *md_domain_check_run_finish          (MdDomainCheck        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
GPtrArray     *md_domain_check_run_sync            (MdDomainCheck        *self,
                                                    const char           *domain,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

char          *md_domain_to_ascii                  (const char           *domain,
                                                    GError              **error);
gboolean       md_domain_findings_accept_mail      (GPtrArray            *findings,
                                                    gboolean             *accepts);

G_END_DECLS
