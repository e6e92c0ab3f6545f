/* md-test-servers.h: real servers on loopback for the network tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  guint16      port;
  char        *address;   /* "127.0.0.1:PORT" */
  char        *dir;       /* HTTPS only: where the test CA lives */
  char        *ca_file;   /* HTTPS only: the test CA */
  guint16      port_other_ca;
  guint16      port_wrong_name;
} MdTestServer;

MdTestServer *md_test_dnsmasq_start      (const char   *conf_file);
MdTestServer *md_test_dns_peer_start     (const char   *zone_file,
                                          double        latency_s);
MdTestServer *md_test_https_start        (void);
void          md_test_server_stop        (MdTestServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdTestServer, md_test_server_stop)

G_END_DECLS
