/* test-resolver.c: MdResolver against dnsmasq and a scripted DNS peer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-core.h"
#include "dns/md-test-servers.h"

static MdTestServer *dnsmasq;
static MdTestServer *peer;

static MdResolver *
new_resolver (MdTestServer *server)
{
  g_autoptr(GError) error = NULL;
  MdResolver *resolver;

  /* Short timeouts: the peer's timeout.test never answers. */
  resolver = md_resolver_new_full (server->address, 300, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (resolver);

  return resolver;
}

static GPtrArray *
lookup (MdTestServer  *server,
        const char    *name,
        MdDnsType      type,
        GError       **error)
{
  g_autoptr(MdResolver) resolver = new_resolver (server);

  return md_resolver_lookup_sync (resolver, name, type, NULL, error);
}

static void
test_resolver_mx_sorted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = lookup (dnsmasq, "healthy.test", MD_DNS_TYPE_MX, &error);
  MdDnsRecord *first;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  first = g_ptr_array_index (records, 0);
  g_assert_cmpint (first->type, ==, MD_DNS_TYPE_MX);
  g_assert_cmpuint (first->priority, ==, 10);
  g_assert_cmpstr (first->value, ==, "mx1.healthy.test");
  g_assert_cmpuint (((MdDnsRecord *) g_ptr_array_index (records, 1))->priority, ==, 20);
  g_assert_cmpstr (((MdDnsRecord *) g_ptr_array_index (records, 1))->value, ==, "mx2.healthy.test");

  text = md_dns_record_to_string (first);
  g_assert_cmpstr (text, ==, "MX 10 mx1.healthy.test.");
}

static void
test_resolver_addresses (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = lookup (dnsmasq, "mx1.healthy.test", MD_DNS_TYPE_A, &error);
  g_autoptr(GPtrArray) aaaa = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 1);
  g_assert_cmpstr (((MdDnsRecord *) g_ptr_array_index (a, 0))->value, ==, "192.0.2.10");

  aaaa = lookup (dnsmasq, "mx1.healthy.test", MD_DNS_TYPE_AAAA, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aaaa->len, ==, 1);
  g_assert_cmpstr (((MdDnsRecord *) g_ptr_array_index (aaaa, 0))->value, ==, "2001:db8::10");
}

static void
test_resolver_txt (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = lookup (dnsmasq, "healthy.test", MD_DNS_TYPE_TXT, &error);
  gboolean found_spf = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  for (guint i = 0; i < records->len; i++)
    {
      MdDnsRecord *record = g_ptr_array_index (records, i);

      if (g_str_equal (record->value, "v=spf1 mx include:_spf.healthy.test -all"))
        found_spf = TRUE;
    }
  g_assert_true (found_spf);
}

static void
test_resolver_txt_over_tcp (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gsize longest = 0;

  /* 3000 bytes of TXT: the UDP reply is truncated, c-ares retries over TCP. */
  records = lookup (peer, "bigtxt.test", MD_DNS_TYPE_TXT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  for (guint i = 0; i < records->len; i++)
    longest = MAX (longest, strlen (((MdDnsRecord *) g_ptr_array_index (records, i))->value));
  g_assert_cmpuint (longest, ==, 12 * 250);
}

static void
test_resolver_truncated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = lookup (peer, "host.tc.test", MD_DNS_TYPE_A, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((MdDnsRecord *) g_ptr_array_index (records, 0))->value, ==, "192.0.2.99");
}

static void
test_resolver_cname_srv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cname = lookup (dnsmasq, "mxc.cname.test", MD_DNS_TYPE_CNAME, &error);
  g_autoptr(GPtrArray) srv = NULL;
  g_autoptr(GPtrArray) a = NULL;
  MdDnsRecord *record;

  g_assert_no_error (error);
  g_assert_cmpuint (cname->len, ==, 1);
  g_assert_cmpstr (((MdDnsRecord *) g_ptr_array_index (cname, 0))->value, ==, "real.cname.test");

  /* An address query follows the alias. */
  a = lookup (dnsmasq, "mxc.cname.test", MD_DNS_TYPE_A, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((MdDnsRecord *) g_ptr_array_index (a, 0))->value, ==, "192.0.2.30");

  srv = lookup (dnsmasq, "_submission._tcp.healthy.test", MD_DNS_TYPE_SRV, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (srv->len, ==, 1);
  record = g_ptr_array_index (srv, 0);
  g_assert_cmpstr (record->value, ==, "mail.healthy.test");
  g_assert_cmpuint (record->port, ==, 587);
  g_assert_cmpuint (record->weight, ==, 1);
}

static void
test_resolver_ns (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = lookup (peer, "bench.test", MD_DNS_TYPE_NS, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((MdDnsRecord *) g_ptr_array_index (records, 0))->value, ==, "ns1.bench.test");
}

static void
test_resolver_null_mx (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = lookup (dnsmasq, "nullmx.test", MD_DNS_TYPE_MX, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpuint (((MdDnsRecord *) g_ptr_array_index (records, 0))->priority, ==, 0);
  g_assert_cmpstr (((MdDnsRecord *) g_ptr_array_index (records, 0))->value, ==, "");
}

typedef struct
{
  MdTestServer *server;
  const char   *name;
  MdDnsType     type;
  GQuark        domain;
  int           code;
} ErrorCase;

static void
test_resolver_errors (void)
{
  const ErrorCase cases[] = {
    { dnsmasq, "doesnotexist.test", MD_DNS_TYPE_MX, MD_DNS_ERROR, MD_DNS_ERROR_NOT_FOUND },
    { dnsmasq, "aonly.test", MD_DNS_TYPE_MX, MD_DNS_ERROR, MD_DNS_ERROR_NO_DATA },
    { dnsmasq, "healthy.test", MD_DNS_TYPE_CNAME, MD_DNS_ERROR, MD_DNS_ERROR_NO_DATA },
    { peer, "x.servfail.test", MD_DNS_TYPE_MX, MD_DNS_ERROR, MD_DNS_ERROR_SERVER_FAILURE },
    { peer, "x.refused.test", MD_DNS_TYPE_A, MD_DNS_ERROR, MD_DNS_ERROR_REFUSED },
    { peer, "x.timeout.test", MD_DNS_TYPE_TXT, MD_DNS_ERROR, MD_DNS_ERROR_TIMEOUT },
    { peer, "x.garbage.test", MD_DNS_TYPE_TXT, MD_DNS_ERROR, MD_DNS_ERROR_BAD_REPLY },
    { peer, "bad..name", MD_DNS_TYPE_A, MD_DNS_ERROR, MD_DNS_ERROR_BAD_NAME },
    { peer, "b\xc3\xbc" "cher.test", MD_DNS_TYPE_A, MD_DNS_ERROR, MD_DNS_ERROR_BAD_NAME },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = NULL;

      g_test_message ("%s %s", cases[i].name, md_dns_type_to_string (cases[i].type));
      records = lookup (cases[i].server, cases[i].name, cases[i].type, &error);
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_null (records);
    }
}

static void
on_cancelled_lookup_done (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(GPtrArray) records = NULL;

  records = md_resolver_lookup_finish (MD_RESOLVER (object), result, error);
  g_assert_null (records);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_resolver_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(MdResolver) resolver = NULL;
  gint64 start = g_get_monotonic_time ();

  /* A long timeout: only the cancellation can end this query quickly. */
  resolver = md_resolver_new_full (peer->address, 5000, 1, &error);
  g_assert_no_error (error);
  md_resolver_lookup_async (resolver, "x.timeout.test", MD_DNS_TYPE_A, cancellable,
                            on_cancelled_lookup_done, &error);
  g_timeout_add (50, cancel_cb, cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* The resolver goes away with the abandoned query still in c-ares. */
  g_assert_cmpuint (md_resolver_get_n_queries (resolver), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&resolver));
}

typedef struct
{
  guint pending;
  guint succeeded;
} ParallelData;

static void
on_parallel_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ParallelData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  records = md_resolver_lookup_finish (MD_RESOLVER (object), result, &error);
  g_assert_no_error (error);
  if (records->len > 0)
    data->succeeded++;
  data->pending--;
}

static void
test_resolver_parallel (void)
{
  g_autoptr(MdTestServer) slow = NULL;
  g_autoptr(MdResolver) resolver = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *zone = g_test_build_filename (G_TEST_DIST, "dns", "peer.zone", NULL);
  ParallelData data = { 0, 0 };
  static const char * const names[] = { "bench.test", "mx1.bench.test", "mx2.bench.test",
                                        "_spf.bench.test", "_dmarc.bench.test" };
  static const MdDnsType types[] = { MD_DNS_TYPE_MX, MD_DNS_TYPE_A, MD_DNS_TYPE_A,
                                     MD_DNS_TYPE_TXT, MD_DNS_TYPE_TXT };
  gint64 start;
  gint64 elapsed;

  /* 20 queries at 200 ms each: in parallel they take ~200 ms, not 4 s. */
  slow = md_test_dns_peer_start (zone, 0.2);
  resolver = md_resolver_new_full (slow->address, 1000, 2, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 20; i++)
    {
      md_resolver_lookup_async (resolver, names[i % 5], types[i % 5], NULL, on_parallel_done, &data);
      data.pending++;
    }
  g_assert_cmpuint (md_resolver_get_n_queries (resolver), ==, 20);
  while (data.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - start;

  g_assert_cmpuint (data.succeeded, ==, 20);
  g_assert_cmpint (elapsed, >=, 200 * 1000);
  g_assert_cmpint (elapsed, <, 900 * 1000);
  g_assert_cmpuint (md_resolver_get_n_queries (resolver), ==, 0);
}

static void
test_resolver_bad_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdResolver) resolver = md_resolver_new_with_server ("not an address", &error);

  g_assert_error (error, MD_DNS_ERROR, MD_DNS_ERROR_FAILED);
  g_assert_null (resolver);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *conf = NULL;
  g_autofree char *zone = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  md_test_require (MD_TEST_NEEDS_DNSMASQ | MD_TEST_NEEDS_DNSLIB);

  conf = g_test_build_filename (G_TEST_DIST, "dns", "zones.conf", NULL);
  zone = g_test_build_filename (G_TEST_DIST, "dns", "peer.zone", NULL);
  dnsmasq = md_test_dnsmasq_start (conf);
  peer = md_test_dns_peer_start (zone, 0);

  g_test_add_func ("/resolver/mx-sorted", test_resolver_mx_sorted);
  g_test_add_func ("/resolver/addresses", test_resolver_addresses);
  g_test_add_func ("/resolver/txt", test_resolver_txt);
  g_test_add_func ("/resolver/txt-over-tcp", test_resolver_txt_over_tcp);
  g_test_add_func ("/resolver/truncated", test_resolver_truncated);
  g_test_add_func ("/resolver/cname-srv", test_resolver_cname_srv);
  g_test_add_func ("/resolver/ns", test_resolver_ns);
  g_test_add_func ("/resolver/null-mx", test_resolver_null_mx);
  g_test_add_func ("/resolver/errors", test_resolver_errors);
  g_test_add_func ("/resolver/cancel", test_resolver_cancel);
  g_test_add_func ("/resolver/parallel", test_resolver_parallel);
  g_test_add_func ("/resolver/bad-server", test_resolver_bad_server);

  ret = g_test_run ();

  g_clear_pointer (&peer, md_test_server_stop);
  g_clear_pointer (&dnsmasq, md_test_server_stop);

  return ret;
}
