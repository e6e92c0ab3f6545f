/* bench-domain-check.c: how long a full diagnosis takes when every DNS
 * reply is 100 ms late, compared with the same queries made one by one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "md-core.h"
#include "md-domain-check-private.h"
#include "dns/md-test-servers.h"

static MdDnsType
type_from_string (const char *text)
{
  for (MdDnsType type = MD_DNS_TYPE_A; type <= MD_DNS_TYPE_NS; type++)
    {
      if (g_str_equal (text, md_dns_type_to_string (type)))
        return type;
    }
  g_assert_not_reached ();
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GBytes **body = user_data;

  *body = md_http_client_get_finish (MD_HTTP_CLIENT (object), result, NULL, NULL);
  if (*body == NULL)
    *body = g_bytes_new (NULL, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *zone = NULL;
  g_autoptr(MdTestServer) peer = NULL;
  g_autoptr(MdTestServer) https = NULL;
  g_autoptr(MdResolver) resolver = NULL;
  g_autoptr(MdHttpClient) http_client = NULL;
  g_autoptr(MdDomainCheck) check = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(GBytes) body = NULL;
  GPtrArray *queries;
  gint64 start;
  gint64 parallel_us;
  gint64 sequential_us;
  gint64 fetch_us;
  double latency = 0.1;

  g_test_init (&argc, &argv, NULL);

  zone = g_test_build_filename (G_TEST_DIST, "dns", "peer.zone", NULL);
  peer = md_test_dns_peer_start (zone, latency);
  https = md_test_https_start ();
  base_url = g_strdup_printf ("https://127.0.0.1:%u", https->port);

  resolver = md_resolver_new_full (peer->address, 2000, 2, &error);
  g_assert_no_error (error);
  http_client = md_http_client_new ();
  md_http_client_set_base_url (http_client, base_url);
  md_http_client_set_ca_file (http_client, https->ca_file, &error);
  g_assert_no_error (error);
  check = md_domain_check_new (resolver, http_client);

  /* Warm up the HTTPS connection and the code paths, then measure. */
  findings = md_domain_check_run_sync (check, "bench.test", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&findings, g_ptr_array_unref);

  start = g_get_monotonic_time ();
  findings = md_domain_check_run_sync (check, "bench.test", NULL, &error);
  parallel_us = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  queries = md_domain_check_get_last_queries (check);

  /* The same DNS queries one after the other, and the policy fetch. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < queries->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (queries, i), " ", 2);
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(GError) lookup_error = NULL;

      records = md_resolver_lookup_sync (resolver, parts[1], type_from_string (parts[0]), NULL, &lookup_error);
    }
  start = g_get_monotonic_time () - start;
  fetch_us = g_get_monotonic_time ();
  md_http_client_get_async (http_client, "https://mta-sts.bench.test/.well-known/mta-sts.txt",
                            MD_HTTP_GET_NO_REDIRECT, 65536, NULL, on_fetched, &body);
  while (body == NULL)
    g_main_context_iteration (NULL, TRUE);
  fetch_us = g_get_monotonic_time () - fetch_us;
  sequential_us = start + fetch_us;

  printf ("latency per DNS reply: %.0f ms\n", latency * 1000);
  printf ("findings: %u, worst: %s\n", findings->len,
          md_severity_to_string (md_findings_get_worst (findings)));
  printf ("DNS queries: %u, HTTPS fetches: 1 (%.0f ms)\n", queries->len, fetch_us / 1000.0);
  printf ("parallel (MdDomainCheck): %.0f ms\n", parallel_us / 1000.0);
  printf ("one by one (same queries): %.0f ms\n", sequential_us / 1000.0);
  printf ("speed-up: %.1fx\n", (double) sequential_us / (double) parallel_us);

  return 0;
}
