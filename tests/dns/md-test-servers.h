/* md-test-servers.h: real servers on loopback for the network tests, and
 * what those tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-finding.h"

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

/* What a test program needs on the machine besides itself. */
typedef enum
{
  MD_TEST_NEEDS_DNSMASQ  = 1 << 0,  /* /usr/sbin/dnsmasq */
  MD_TEST_NEEDS_PYTHON   = 1 << 1,  /* /usr/bin/python3 */
  MD_TEST_NEEDS_DNSLIB   = 1 << 2,  /* /usr/bin/python3 with dnslib */
  MD_TEST_NEEDS_AIOSMTPD = 1 << 3,  /* /usr/bin/python3 with aiosmtpd */
  MD_TEST_NEEDS_OPENSSL  = 1 << 4,  /* openssl on PATH */
} MdTestNeeds;

void          md_test_require            (MdTestNeeds   needs);

MdTestServer *md_test_dnsmasq_start      (const char   *conf_file);
MdTestServer *md_test_dns_peer_start     (const char   *zone_file,
                                          double        latency_s);
MdTestServer *md_test_https_start        (void);
MdTestServer *md_test_script_start       (const char   *dir,
                                          const char   *script,
                                          const char * const *args);
void          md_test_server_stop        (MdTestServer *server);
guint16       md_test_free_port          (void);

char         *md_test_make_certs         (const char   *prefix);
void          md_test_remove_tree        (const char   *dir);

void          md_test_result_cb          (GObject      *object,
                                          GAsyncResult *result,
                                          gpointer      user_data);
void          md_test_wait_for_result    (GAsyncResult **result,
                                          guint         seconds);

MdFinding    *md_test_finding            (GPtrArray    *findings,
                                          const char   *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdTestServer, md_test_server_stop)

G_END_DECLS
