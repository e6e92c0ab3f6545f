/* md-mta-sts.h: parsing of MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions over strings: the input comes from DNS and web servers.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MdMtaStsPolicy:
 * @mode: "enforce", "testing" or "none"
 * @mx: (element-type utf8): the MX patterns, such as "mx1.example.com" or
 *   "*.example.net"
 * @max_age: how long senders may cache the policy, in seconds
 */
typedef struct
{
  char      *mode;
  GPtrArray *mx;
  guint64    max_age;
} MdMtaStsPolicy;

gboolean        md_mta_sts_is_record        (const char      *txt);
char           *md_mta_sts_record_parse     (const char      *txt,
                                             GError         **error);
MdMtaStsPolicy *md_mta_sts_policy_parse     (const char      *text,
                                             gsize            length,
                                             GError         **error);
void            md_mta_sts_policy_free      (MdMtaStsPolicy  *policy);
gboolean        md_mta_sts_mx_matches       (const char      *pattern,
                                             const char      *host);
gboolean        md_mta_sts_policy_matches   (MdMtaStsPolicy  *policy,
                                             const char      *host);

gboolean        md_tls_rpt_is_record        (const char      *txt);
char           *md_tls_rpt_record_parse     (const char      *txt,
                                             GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdMtaStsPolicy, md_mta_sts_policy_free)

G_END_DECLS
