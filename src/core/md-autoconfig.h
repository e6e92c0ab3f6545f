/* md-autoconfig.h: the provider's recommended outgoing server settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-http-client.h"
#include "md-resolver.h"
#include "md-smtp-probe.h"

G_BEGIN_DECLS

/* Autoconfig files are small; anything bigger is not one. */
#define MD_AUTOCONFIG_MAX_SIZE    (256 * 1024)
#define MD_AUTOCONFIG_MAX_SERVERS 16

typedef struct _MdAutoconfigServer MdAutoconfigServer;

#define MD_TYPE_AUTOCONFIG_SERVER (md_autoconfig_server_get_type ())

GType               md_autoconfig_server_get_type           (void) G_GNUC_CONST;
MdAutoconfigServer *md_autoconfig_server_ref                (MdAutoconfigServer *self);
void                md_autoconfig_server_unref              (MdAutoconfigServer *self);
const char         *md_autoconfig_server_get_hostname       (MdAutoconfigServer *self);
guint               md_autoconfig_server_get_port           (MdAutoconfigServer *self);
MdSmtpSecurity      md_autoconfig_server_get_security       (MdAutoconfigServer *self);
const char         *md_autoconfig_server_get_authentication (MdAutoconfigServer *self);
const char         *md_autoconfig_server_get_username       (MdAutoconfigServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdAutoconfigServer, md_autoconfig_server_unref)

#define MD_TYPE_AUTOCONFIG (md_autoconfig_get_type ())

G_DECLARE_FINAL_TYPE (MdAutoconfig, md_autoconfig, MD, AUTOCONFIG, GObject)

MdAutoconfig *md_autoconfig_new                  (MdHttpClient         *client);
void          md_autoconfig_set_resolver         (MdAutoconfig         *self,
                                                  MdResolver           *resolver);
gboolean      md_autoconfig_load_from_data       (MdAutoconfig         *self,
                                                  const char           *data,
                                                  gssize                length,
                                                  const char           *email_address,
                                                  const char           *source,
                                                  GError              **error);
void          md_autoconfig_lookup_async         (MdAutoconfig         *self,
                                                  const char           *email_address,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      md_autoconfig_lookup_finish        (MdAutoconfig         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
gboolean      md_autoconfig_get_found            (MdAutoconfig         *self);
const char   *md_autoconfig_get_provider_name    (MdAutoconfig         *self);
const char   *md_autoconfig_get_source           (MdAutoconfig         *self);
GPtrArray    *md_autoconfig_get_outgoing_servers (MdAutoconfig         *self);
GPtrArray    *md_autoconfig_get_findings         (MdAutoconfig         *self);
GPtrArray    *md_autoconfig_compare              (MdAutoconfig         *self,
                                                  const char           *host,
                                                  guint                 port,
                                                  MdSmtpSecurity        security);

G_END_DECLS
