/* md-dmarc.h: parsing of DMARC records (RFC 7489)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions over strings: the input comes from DNS, anyone's.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MdDmarcRecord:
 * @policy: the "p=" policy: "none", "quarantine" or "reject"
 * @subdomain_policy: (nullable): the "sp=" policy
 * @percent: the "pct=" value, 100 when absent
 * @rua: (nullable): where aggregate reports go
 */
typedef struct
{
  char  *policy;
  char  *subdomain_policy;
  guint  percent;
  char  *rua;
} MdDmarcRecord;

gboolean       md_dmarc_is_record     (const char     *txt);
MdDmarcRecord *md_dmarc_record_parse  (const char     *txt,
                                       GError        **error);
void           md_dmarc_record_free   (MdDmarcRecord  *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdDmarcRecord, md_dmarc_record_free)

G_END_DECLS
