/* md-resolver.h: asynchronous DNS queries driven by the GLib main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * MdDnsType:
 * @MD_DNS_TYPE_A: IPv4 addresses
 * @MD_DNS_TYPE_AAAA: IPv6 addresses
 * @MD_DNS_TYPE_MX: mail exchangers, sorted by preference
 * @MD_DNS_TYPE_TXT: text records, one record per string (chunks joined)
 * @MD_DNS_TYPE_CNAME: the alias target of a name
 * @MD_DNS_TYPE_SRV: service records
 * @MD_DNS_TYPE_NS: name servers
 *
 * The record types #MdResolver can look up.
 */
typedef enum
{
  MD_DNS_TYPE_A,
  MD_DNS_TYPE_AAAA,
  MD_DNS_TYPE_MX,
  MD_DNS_TYPE_TXT,
  MD_DNS_TYPE_CNAME,
  MD_DNS_TYPE_SRV,
  MD_DNS_TYPE_NS,
} MdDnsType;

/**
 * MdDnsRecord:
 * @type: the record type
 * @priority: MX preference or SRV priority, 0 otherwise
 * @weight: SRV weight, 0 otherwise
 * @port: SRV port, 0 otherwise
 * @value: the host name (MX, CNAME, SRV, NS; "" for the root, as in a null
 *   MX), the address as text (A, AAAA) or the joined text (TXT)
 *
 * One record of a DNS answer.
 */
typedef struct
{
  MdDnsType  type;
  guint16    priority;
  guint16    weight;
  guint16    port;
  char      *value;
} MdDnsRecord;

#define MD_TYPE_DNS_RECORD (md_dns_record_get_type ())

GType        md_dns_record_get_type   (void) G_GNUC_CONST;
MdDnsRecord *md_dns_record_new        (MdDnsType          type,
                                       const char        *value);
MdDnsRecord *md_dns_record_copy       (const MdDnsRecord *record);
void         md_dns_record_free       (MdDnsRecord       *record);
char        *md_dns_record_to_string  (const MdDnsRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdDnsRecord, md_dns_record_free)

const char  *md_dns_type_to_string    (MdDnsType          type);

#define MD_TYPE_RESOLVER (md_resolver_get_type ())

G_DECLARE_FINAL_TYPE (MdResolver, md_resolver, MD, RESOLVER, GObject)

MdResolver  *md_resolver_new              (void);
MdResolver  *md_resolver_new_with_server  (const char           *server,
                                           GError              **error);
MdResolver  *md_resolver_new_full         (const char           *server,
                                           guint                 timeout_ms,
                                           guint                 tries,
                                           GError              **error);
const char  *md_resolver_get_server       (MdResolver           *self);
guint        md_resolver_get_timeout_ms   (MdResolver           *self);
guint        md_resolver_get_tries        (MdResolver           *self);
guint        md_resolver_get_n_queries    (MdResolver           *self);
void         md_resolver_lookup_async     (MdResolver           *self,
                                           const char           *name,
                                           MdDnsType             type,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GPtrArray   *md_resolver_lookup_finish    (MdResolver           *self,
                                           GAsyncResult         *result,
                                           GError              **error);
GPtrArray   *md_resolver_lookup_sync      (MdResolver           *self,
                                           const char           *name,
                                           MdDnsType             type,
                                           GCancellable         *cancellable,
                                           GError              **error);

G_END_DECLS
