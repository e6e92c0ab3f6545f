/* md-http-client.h: HTTPS GET requests for the checks (MTA-STS, autoconfig)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * MdHttpGetFlags:
 * @MD_HTTP_GET_NONE: no flags
 * @MD_HTTP_GET_NO_REDIRECT: do not follow redirects (MTA-STS forbids them);
 *   a redirect ends the request with %MD_HTTP_ERROR_STATUS
 *
 * Flags of md_http_client_get_async().
 */
typedef enum /*< flags >*/
{
  MD_HTTP_GET_NONE        = 0,
  MD_HTTP_GET_NO_REDIRECT = 1 << 0,
} MdHttpGetFlags;

#define MD_TYPE_HTTP_CLIENT (md_http_client_get_type ())

G_DECLARE_FINAL_TYPE (MdHttpClient, md_http_client, MD, HTTP_CLIENT, GObject)

MdHttpClient *md_http_client_new              (void);
guint         md_http_client_get_timeout      (MdHttpClient        *self);
void          md_http_client_set_timeout      (MdHttpClient        *self,
                                               guint                seconds);
const char   *md_http_client_get_base_url     (MdHttpClient        *self);
void          md_http_client_set_base_url     (MdHttpClient        *self,
                                               const char          *base_url);
gboolean      md_http_client_set_ca_file      (MdHttpClient        *self,
                                               const char          *ca_file,
                                               GError             **error);
char         *md_http_client_rewrite_url      (MdHttpClient        *self,
                                               const char          *url);
void          md_http_client_get_async        (MdHttpClient        *self,
                                               const char          *url,
                                               MdHttpGetFlags       flags,
                                               gsize                max_size,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GBytes       *md_http_client_get_finish       (MdHttpClient        *self,
                                               GAsyncResult        *result,
                                               char               **content_type,
                                               GError             **error);

G_END_DECLS
