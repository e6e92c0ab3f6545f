/* test-domain-check.c: MdDomainCheck against dnsmasq, a scripted DNS peer
 * and an HTTPS server with a test CA
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "md-core.h"
#include "md-domain-check-private.h"
#include "dns/md-test-servers.h"

static MdTestServer *dnsmasq;
static MdTestServer *peer;
static MdTestServer *https;

static MdDomainCheck *
new_check (MdTestServer *dns,
           guint16       https_port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdResolver) resolver = NULL;
  g_autoptr(MdHttpClient) http_client = md_http_client_new ();
  g_autofree char *base_url = g_strdup_printf ("https://127.0.0.1:%u", https_port);

  resolver = md_resolver_new_full (dns->address, 200, 2, &error);
  g_assert_no_error (error);
  md_http_client_set_timeout (http_client, 1);
  md_http_client_set_base_url (http_client, base_url);
  md_http_client_set_ca_file (http_client, https->ca_file, &error);
  g_assert_no_error (error);

  return md_domain_check_new (resolver, http_client);
}

static GPtrArray *
check_with (MdTestServer *dns,
            guint16       https_port,
            const char   *domain)
{
  g_autoptr(MdDomainCheck) check = new_check (dns, https_port);
  g_autoptr(GError) error = NULL;
  GPtrArray *findings;

  findings = md_domain_check_run_sync (check, domain, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (findings);
  g_assert_cmpuint (findings->len, >, 0);

  for (guint i = 0; i < findings->len; i++)
    {
      MdFinding *finding = g_ptr_array_index (findings, i);

      /* Every finding speaks to the user. */
      g_assert_cmpstr (md_finding_get_title (finding), !=, "");
      g_assert_nonnull (md_finding_get_detail (finding));
      g_assert_true (md_finding_get_step (finding) == MD_STEP_VERIFY_ADDRESS ||
                     md_finding_get_step (finding) == MD_STEP_UNDERSTAND);
      g_test_message ("%s: %s [%s]", domain, md_finding_get_code (finding),
                      md_severity_to_string (md_finding_get_severity (finding)));
    }

  return findings;
}

static GPtrArray *
check (const char *domain)
{
  return check_with (dnsmasq, https->port, domain);
}

static void
assert_finding (GPtrArray  *findings,
                const char *code,
                MdSeverity  severity)
{
  MdFinding *finding = md_test_finding (findings, code);

  if (finding == NULL)
    g_test_message ("missing finding %s", code);
  g_assert_nonnull (finding);
  g_assert_cmpstr (md_severity_to_string (md_finding_get_severity (finding)), ==,
                   md_severity_to_string (severity));
}

static void
test_domain_healthy (void)
{
  g_autoptr(GPtrArray) findings = check ("healthy.test");
  MdFinding *mx;
  const char *evidence;

  g_assert_cmpuint (findings->len, ==, 5);
  assert_finding (findings, "mx.ok", MD_SEVERITY_OK);
  assert_finding (findings, "spf.ok", MD_SEVERITY_OK);
  assert_finding (findings, "dmarc.reject", MD_SEVERITY_OK);
  assert_finding (findings, "mta-sts.enforce-ok", MD_SEVERITY_OK);
  assert_finding (findings, "tls-rpt.ok", MD_SEVERITY_OK);
  g_assert_cmpint (md_findings_get_worst (findings), ==, MD_SEVERITY_OK);

  /* Mail servers in order of preference, with their addresses. */
  mx = md_test_finding (findings, "mx.ok");
  evidence = md_finding_get_evidence (mx);
  g_assert_nonnull (strstr (evidence, "healthy.test. MX 10 mx1.healthy.test.\nhealthy.test. MX 20 mx2.healthy.test."));
  g_assert_nonnull (strstr (evidence, "mx1.healthy.test. AAAA 2001:db8::10"));
  g_assert_nonnull (strstr (md_finding_get_detail (md_test_finding (findings, "spf.ok")),
                            "2 of the 10"));
  g_assert_nonnull (strstr (md_finding_get_evidence (md_test_finding (findings, "mta-sts.enforce-ok")),
                            "mx: *.healthy.test"));
}

static void
test_domain_null_mx (void)
{
  g_autoptr(GPtrArray) findings = check ("nullmx.test");
  gboolean accepts = TRUE;

  assert_finding (findings, "mx.null", MD_SEVERITY_PROBLEM);
  g_assert_null (md_test_finding (findings, "mx.ok"));
  g_assert_null (md_test_finding (findings, "mta-sts.none"));
  g_assert_true (md_domain_findings_accept_mail (findings, &accepts));
  g_assert_false (accepts);
}

static void
test_domain_null_mx_peer (void)
{
  g_autoptr(GPtrArray) findings = check_with (peer, https->port, "nullmx.test");

  assert_finding (findings, "mx.null", MD_SEVERITY_PROBLEM);
}

static void
test_domain_implicit_mx (void)
{
  g_autoptr(GPtrArray) findings = check ("aonly.test");
  gboolean accepts = FALSE;

  assert_finding (findings, "mx.none-a-fallback", MD_SEVERITY_WARNING);
  g_assert_nonnull (strstr (md_finding_get_evidence (md_test_finding (findings, "mx.none-a-fallback")),
                            "aonly.test. A 192.0.2.20"));
  g_assert_true (md_domain_findings_accept_mail (findings, &accepts));
  g_assert_true (accepts);
}

static void
test_domain_no_mx (void)
{
  g_autoptr(GPtrArray) findings = check ("nothing.test");

  assert_finding (findings, "mx.none", MD_SEVERITY_PROBLEM);
}

static void
test_domain_nxdomain (void)
{
  g_autoptr(GPtrArray) findings = check ("doesnotexist.test");

  /* Nothing else is worth saying about a domain that does not exist. */
  g_assert_cmpuint (findings->len, ==, 1);
  assert_finding (findings, "dns.nxdomain", MD_SEVERITY_PROBLEM);
  g_assert_nonnull (strstr (md_finding_get_title (g_ptr_array_index (findings, 0)), "does not exist"));
}

static void
test_domain_mx_problems (void)
{
  g_autoptr(GPtrArray) cname = check ("cname.test");
  g_autoptr(GPtrArray) literal = check ("iplit.test");
  g_autoptr(GPtrArray) partly = check ("noaddr.test");
  g_autoptr(GPtrArray) dead = check ("deadmx.test");

  assert_finding (cname, "mx.cname", MD_SEVERITY_WARNING);
  assert_finding (cname, "mx.ok", MD_SEVERITY_OK);
  g_assert_nonnull (strstr (md_finding_get_evidence (md_test_finding (cname, "mx.ok")),
                            "mxc.cname.test. CNAME real.cname.test."));
  assert_finding (literal, "mx.ip-literal", MD_SEVERITY_PROBLEM);
  assert_finding (partly, "mx.partly-reachable", MD_SEVERITY_WARNING);
  assert_finding (dead, "mx.no-address", MD_SEVERITY_PROBLEM);
}

static void
test_domain_spf (void)
{
  g_autoptr(GPtrArray) eleven = check ("spf11.test");
  g_autoptr(GPtrArray) two = check ("twospf.test");
  g_autoptr(GPtrArray) broken = check ("spfsyntax.test");
  g_autoptr(GPtrArray) voids = check ("spfvoid.test");
  g_autoptr(GPtrArray) none = check ("dmarcnone.test");
  g_autoptr(GPtrArray) include = check ("spfinc.test");

  g_autoptr(GPtrArray) loop = check ("spfloop.test");

  assert_finding (loop, "spf.include-broken", MD_SEVERITY_WARNING);
  g_assert_nonnull (strstr (md_finding_get_evidence (md_test_finding (loop, "spf.include-broken")),
                            "includes itself"));
  assert_finding (include, "spf.include-broken", MD_SEVERITY_WARNING);
  g_assert_nonnull (strstr (md_finding_get_evidence (md_test_finding (include, "spf.include-broken")),
                            "include:nospf.spfinc.test: “nospf.spfinc.test” has no SPF record"));
  assert_finding (eleven, "spf.too-many-lookups", MD_SEVERITY_WARNING);
  g_assert_nonnull (strstr (md_finding_get_detail (md_test_finding (eleven, "spf.too-many-lookups")), "11 DNS lookups"));
  g_assert_nonnull (strstr (md_finding_get_evidence (md_test_finding (eleven, "spf.too-many-lookups")),
                            "i3.spf11.test. TXT \"v=spf1 a:h.spf11.test exists:h.spf11.test -all\""));
  assert_finding (two, "spf.multiple", MD_SEVERITY_WARNING);
  assert_finding (broken, "spf.syntax", MD_SEVERITY_WARNING);
  g_assert_nonnull (strstr (md_finding_get_detail (md_test_finding (broken, "spf.syntax")),
                            "ip4:999.1.1.1"));
  assert_finding (voids, "spf.void-lookups", MD_SEVERITY_WARNING);
  g_assert_nonnull (strstr (md_finding_get_evidence (md_test_finding (voids, "spf.void-lookups")),
                            "v3.spfvoid.test"));
  assert_finding (none, "spf.none", MD_SEVERITY_INFO);
}

static void
test_domain_dmarc (void)
{
  g_autoptr(GPtrArray) none = check ("dmarcnone.test");
  g_autoptr(GPtrArray) quarantine = check ("dmarcq.test");
  g_autoptr(GPtrArray) missing = check ("cname.test");
  g_autoptr(GPtrArray) sub = check ("sub.healthy.test");

  assert_finding (none, "dmarc.p-none", MD_SEVERITY_INFO);
  assert_finding (quarantine, "dmarc.quarantine", MD_SEVERITY_OK);
  assert_finding (missing, "dmarc.none", MD_SEVERITY_INFO);
  assert_finding (sub, "dmarc.org-domain", MD_SEVERITY_INFO);
  assert_finding (sub, "dmarc.reject", MD_SEVERITY_OK);
  g_assert_nonnull (strstr (md_finding_get_title (md_test_finding (sub, "dmarc.org-domain")),
                            "“healthy.test”"));
}

static void
test_domain_mta_sts (void)
{
  g_autoptr(GPtrArray) mismatch = check ("stsmismatch.test");
  g_autoptr(GPtrArray) ctype = check ("stsctype.test");
  g_autoptr(GPtrArray) missing = check ("sts404.test");
  g_autoptr(GPtrArray) none = check ("cname.test");
  g_autoptr(GPtrArray) other_ca = check_with (dnsmasq, https->port_other_ca, "healthy.test");
  g_autoptr(GPtrArray) wrong_name = check_with (dnsmasq, https->port_wrong_name, "healthy.test");

  assert_finding (mismatch, "mta-sts.mx-mismatch", MD_SEVERITY_PROBLEM);
  g_assert_nonnull (strstr (md_finding_get_detail (md_test_finding (mismatch, "mta-sts.mx-mismatch")),
                            "mx.stsmismatch.test"));
  assert_finding (ctype, "mta-sts.bad-content-type", MD_SEVERITY_WARNING);
  g_assert_nonnull (strstr (md_finding_get_evidence (md_test_finding (ctype, "mta-sts.bad-content-type")),
                            "Content-Type: text/html"));
  assert_finding (missing, "mta-sts.policy-fetch-failed", MD_SEVERITY_WARNING);
  g_assert_nonnull (strstr (md_finding_get_evidence (md_test_finding (missing, "mta-sts.policy-fetch-failed")), "404"));
  assert_finding (none, "mta-sts.none", MD_SEVERITY_INFO);
  assert_finding (other_ca, "mta-sts.bad-certificate", MD_SEVERITY_WARNING);
  g_assert_nonnull (strstr (md_finding_get_evidence (md_test_finding (other_ca, "mta-sts.bad-certificate")),
                            "not signed by a trusted authority"));
  assert_finding (wrong_name, "mta-sts.bad-certificate", MD_SEVERITY_WARNING);
  g_assert_nonnull (strstr (md_finding_get_evidence (md_test_finding (wrong_name, "mta-sts.bad-certificate")),
                            "another name"));
}

static void
test_domain_mta_sts_slow (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) findings = check ("stsslow.test");

  /* The server takes 3 s; the client gives up after 1 s. */
  assert_finding (findings, "mta-sts.policy-timeout", MD_SEVERITY_WARNING);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2500 * 1000);
}

static void
test_domain_idn (void)
{
  g_autoptr(GPtrArray) findings = check ("B\xc3\xbc" "cher.test");
  g_autoptr(GError) error = NULL;
  g_autofree char *ascii = md_domain_to_ascii ("B\xc3\xbc" "cher.Test.", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ascii, ==, "xn--bcher-kva.test");
  assert_finding (findings, "mx.ok", MD_SEVERITY_OK);
  g_assert_nonnull (strstr (md_finding_get_title (md_test_finding (findings, "mx.ok")),
                            "B\xc3\xbc" "cher.test"));
  g_assert_nonnull (strstr (md_finding_get_evidence (md_test_finding (findings, "mx.ok")),
                            "mx.xn--bcher-kva.test. A 192.0.2.70"));
}

static void
test_domain_dns_failures (void)
{
  g_autoptr(GPtrArray) servfail = check_with (peer, https->port, "x.servfail.test");
  g_autoptr(GPtrArray) refused = check_with (peer, https->port, "x.refused.test");
  g_autoptr(GPtrArray) timeout = check_with (peer, https->port, "x.timeout.test");
  g_autoptr(GPtrArray) garbage = check_with (peer, https->port, "x.garbage.test");
  gboolean accepts;

  g_assert_cmpuint (servfail->len, ==, 1);
  assert_finding (servfail, "dns.servfail", MD_SEVERITY_PROBLEM);
  g_assert_nonnull (strstr (md_finding_get_advice (g_ptr_array_index (servfail, 0)), "again later"));
  assert_finding (refused, "dns.servfail", MD_SEVERITY_PROBLEM);
  g_assert_cmpuint (timeout->len, ==, 1);
  assert_finding (timeout, "dns.timeout", MD_SEVERITY_PROBLEM);
  assert_finding (garbage, "dns.bad-reply", MD_SEVERITY_PROBLEM);

  /* Whether the domain takes mail is unknown, not "no". */
  g_assert_false (md_domain_findings_accept_mail (servfail, &accepts));
  g_assert_false (md_domain_findings_accept_mail (timeout, &accepts));
}

static void
test_domain_bad_name (void)
{
  g_autoptr(MdDomainCheck) check = new_check (dnsmasq, https->port);
  static const char * const bad[] = { "", "a..b", "-a.test", "user@example.com", "a b.test", "\xff.test" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) findings = md_domain_check_run_sync (check, bad[i], NULL, &error);

      g_assert_error (error, MD_DNS_ERROR, MD_DNS_ERROR_BAD_NAME);
      g_assert_null (findings);
    }
}

static void
on_cancelled_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(GPtrArray) findings = md_domain_check_run_finish (MD_DOMAIN_CHECK (object), result, error);

  g_assert_null (findings);
}

static void
test_domain_cancel (void)
{
  g_autoptr(MdDomainCheck) check = new_check (peer, https->port);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  md_domain_check_run_async (check, "x.timeout.test", cancellable, on_cancelled_done, &error);
  g_cancellable_cancel (cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_domain_parallel (void)
{
  g_autofree char *zone = g_test_build_filename (G_TEST_DIST, "dns", "peer.zone", NULL);
  g_autoptr(MdTestServer) slow = md_test_dns_peer_start (zone, 0.1);
  g_autoptr(MdDomainCheck) check = new_check (slow, https->port);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *queries;
  gint64 start;
  gint64 elapsed;

  start = g_get_monotonic_time ();
  findings = md_domain_check_run_sync (check, "bench.test", NULL, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);

  assert_finding (findings, "mx.ok", MD_SEVERITY_OK);
  assert_finding (findings, "spf.ok", MD_SEVERITY_OK);
  assert_finding (findings, "mta-sts.enforce-ok", MD_SEVERITY_OK);

  /* 16 queries of 100 ms each, but the longest chain is three deep
   * (TXT, include, nested include). Wall-clock speed is measured by
   * bench-domain-check, side by side with the sequential run; a timed
   * upper bound here would only flake on a loaded machine. */
  queries = md_domain_check_get_last_queries (check);
  g_assert_cmpuint (queries->len, >=, 15);
  g_test_message ("%u queries in %" G_GINT64_FORMAT " ms", queries->len, elapsed / 1000);
  g_assert_cmpint (elapsed, >=, 300 * 1000);
}

/* Runs "mail-doctor-cli check-domain @args" in the C locale and returns its
 * exit status. */
static int
run_cli (const char * const  *args,
         char               **out)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "mail-doctor-cli", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, cli);
  g_ptr_array_add (argv, (char *) "check-domain");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

static void
test_domain_cli_json (void)
{
  g_autofree char *base_url = g_strdup_printf ("https://127.0.0.1:%u", https->port);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonObject *root;
  JsonArray *array;
  const char *args[] = { "--json", "--dns-server", dnsmasq->address,
                         "--https-base-url", base_url, "--ca-file", https->ca_file,
                         "--timeout", "2", "postmaster@nullmx.test", NULL };
  gboolean seen_null_mx = FALSE;
  gboolean seen_address = FALSE;

  g_assert_cmpint (run_cli (args, &out), ==, 0);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "domain"), ==, "nullmx.test");
  g_assert_cmpstr (json_object_get_string_member (root, "worst"), ==, "problem");
  array = json_object_get_array_member (root, "findings");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *finding = json_array_get_object_element (array, i);

      g_assert_true (json_object_has_member (finding, "code"));
      g_assert_true (json_object_has_member (finding, "severity"));
      g_assert_true (json_object_has_member (finding, "title"));
      g_assert_true (json_object_has_member (finding, "detail"));
      g_assert_true (json_object_has_member (finding, "advice"));
      g_assert_true (json_object_has_member (finding, "step"));
      g_assert_true (json_object_has_member (finding, "evidence"));
      if (g_str_equal (json_object_get_string_member (finding, "code"), "mx.null"))
        seen_null_mx = TRUE;
      if (g_str_has_prefix (json_object_get_string_member (finding, "code"), "address."))
        seen_address = TRUE;
    }
  g_assert_true (seen_null_mx);
  g_assert_true (seen_address);
}

static void
test_domain_cli_human (void)
{
  g_autofree char *out = NULL;
  const char *args[] = { "--dns-server", dnsmasq->address, "--timeout", "2",
                         "doesnotexist.test", NULL };

  g_assert_cmpint (run_cli (args, &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "[Problem] "));
  g_assert_nonnull (strstr (out, "does not exist"));
  g_assert_nonnull (strstr (out, "What to do: "));
  g_assert_nonnull (strstr (out, "Technical details:"));
}

static void
test_domain_cli_usage (void)
{
  const char * const cases[][4] = {
    { NULL },
    { "a.test", "b.test", NULL },
    { "--dns-server", "not-an-ip", "a.test", NULL },
    { "bad..name", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;

      g_assert_cmpint (run_cli (cases[i], &out), ==, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *conf = NULL;
  g_autofree char *zone = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  md_test_require (MD_TEST_NEEDS_DNSMASQ | MD_TEST_NEEDS_DNSLIB | MD_TEST_NEEDS_OPENSSL);

  conf = g_test_build_filename (G_TEST_DIST, "dns", "zones.conf", NULL);
  zone = g_test_build_filename (G_TEST_DIST, "dns", "peer.zone", NULL);
  dnsmasq = md_test_dnsmasq_start (conf);
  peer = md_test_dns_peer_start (zone, 0);
  https = md_test_https_start ();

  g_test_add_func ("/domain-check/healthy", test_domain_healthy);
  g_test_add_func ("/domain-check/null-mx", test_domain_null_mx);
  g_test_add_func ("/domain-check/null-mx-peer", test_domain_null_mx_peer);
  g_test_add_func ("/domain-check/implicit-mx", test_domain_implicit_mx);
  g_test_add_func ("/domain-check/no-mx", test_domain_no_mx);
  g_test_add_func ("/domain-check/nxdomain", test_domain_nxdomain);
  g_test_add_func ("/domain-check/mx-problems", test_domain_mx_problems);
  g_test_add_func ("/domain-check/spf", test_domain_spf);
  g_test_add_func ("/domain-check/dmarc", test_domain_dmarc);
  g_test_add_func ("/domain-check/mta-sts", test_domain_mta_sts);
  g_test_add_func ("/domain-check/mta-sts-slow", test_domain_mta_sts_slow);
  g_test_add_func ("/domain-check/idn", test_domain_idn);
  g_test_add_func ("/domain-check/dns-failures", test_domain_dns_failures);
  g_test_add_func ("/domain-check/bad-name", test_domain_bad_name);
  g_test_add_func ("/domain-check/cancel", test_domain_cancel);
  g_test_add_func ("/domain-check/parallel", test_domain_parallel);
  g_test_add_func ("/domain-check/cli-json", test_domain_cli_json);
  g_test_add_func ("/domain-check/cli-human", test_domain_cli_human);
  g_test_add_func ("/domain-check/cli-usage", test_domain_cli_usage);

  ret = g_test_run ();

  g_clear_pointer (&https, md_test_server_stop);
  g_clear_pointer (&peer, md_test_server_stop);
  g_clear_pointer (&dnsmasq, md_test_server_stop);

  return ret;
}
