/* test-autoconfig.c: MdAutoconfig, parsing and lookups against an HTTPS
 * server on loopback (tests/smtp/autoconfig-server.py)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "md-core.h"
#include "dns/md-test-servers.h"

static const char *example =
  "<?xml version=\"1.0\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"example.test\">\n"
  "    <domain>example.test</domain>\n"
  "    <displayName>Example &amp; Co</displayName>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.%EMAILDOMAIN%</hostname>\n"
  "      <port>587</port>\n"
  "      <socketType>STARTTLS</socketType>\n"
  "      <authentication>OAuth2</authentication>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "      <username>%EMAILLOCALPART%</username>\n"
  "    </outgoingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.example.test</hostname>\n"
  "      <port>465</port>\n"
  "      <socketType>SSL</socketType>\n"
  "      <authentication>OAuth2</authentication>\n"
  "    </outgoingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>bad host name</hostname>\n"
  "      <port>25</port>\n"
  "      <socketType>plain</socketType>\n"
  "    </outgoingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.example.test</hostname>\n"
  "      <port>99999</port>\n"
  "      <socketType>plain</socketType>\n"
  "    </outgoingServer>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

static void
test_parse (void)
{
  g_autoptr(MdAutoconfig) autoconfig = md_autoconfig_new (NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *servers;
  MdAutoconfigServer *server;

  g_assert_true (md_autoconfig_load_from_data (autoconfig, example, -1, "jane@example.test",
                                               "https://example.test/config", &error));
  g_assert_no_error (error);
  g_assert_true (md_autoconfig_get_found (autoconfig));
  g_assert_cmpstr (md_autoconfig_get_provider_name (autoconfig), ==, "Example & Co");
  g_assert_cmpstr (md_autoconfig_get_source (autoconfig), ==, "https://example.test/config");

  /* The invalid servers (bad name, bad port) are skipped. */
  servers = md_autoconfig_get_outgoing_servers (autoconfig);
  g_assert_cmpuint (servers->len, ==, 2);
  server = g_ptr_array_index (servers, 0);
  g_assert_cmpstr (md_autoconfig_server_get_hostname (server), ==, "smtp.example.test");
  g_assert_cmpuint (md_autoconfig_server_get_port (server), ==, 587);
  g_assert_cmpint (md_autoconfig_server_get_security (server), ==, MD_SMTP_SECURITY_STARTTLS);
  g_assert_cmpstr (md_autoconfig_server_get_authentication (server), ==, "OAuth2 password-cleartext");
  g_assert_cmpstr (md_autoconfig_server_get_username (server), ==, "jane");
  server = g_ptr_array_index (servers, 1);
  g_assert_cmpuint (md_autoconfig_server_get_port (server), ==, 465);
  g_assert_cmpint (md_autoconfig_server_get_security (server), ==, MD_SMTP_SECURITY_TLS);
  g_assert_null (md_autoconfig_server_get_username (server));

  g_assert_nonnull (md_test_finding (md_autoconfig_get_findings (autoconfig), "autoconfig.found"));
}

static void
test_parse_invalid (void)
{
  static const char *invalid[] = {
    "",
    "<html><body>Not found</body></html>",
    "<clientConfig><emailProvider>",
    "<clientConfig><emailProvider><incomingServer type=\"imap\"/></emailProvider></clientConfig>",
    "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
      "<clientConfig>&e;</clientConfig>",
  };
  g_autoptr(MdAutoconfig) autoconfig = md_autoconfig_new (NULL);
  g_autoptr(GString) deep = g_string_new ("<clientConfig>");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_assert_false (md_autoconfig_load_from_data (autoconfig, invalid[i], -1, NULL, NULL, &error));
      g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_false (md_autoconfig_get_found (autoconfig));
      g_assert_cmpuint (md_autoconfig_get_outgoing_servers (autoconfig)->len, ==, 0);
    }

  for (guint i = 0; i < 100; i++)
    g_string_append (deep, "<x>");
  g_assert_false (md_autoconfig_load_from_data (autoconfig, deep->str, deep->len, NULL, NULL, &error));
  g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
}

static void
test_compare (void)
{
  g_autoptr(MdAutoconfig) autoconfig = md_autoconfig_new (NULL);
  g_autoptr(GPtrArray) same = NULL;
  g_autoptr(GPtrArray) other_port = NULL;
  g_autoptr(GPtrArray) other_host = NULL;
  g_autoptr(GPtrArray) other_security = NULL;

  g_assert_true (md_autoconfig_load_from_data (autoconfig, example, -1, "jane@example.test", "src", NULL));

  same = md_autoconfig_compare (autoconfig, "SMTP.example.test.", 465, MD_SMTP_SECURITY_TLS);
  g_assert_nonnull (md_test_finding (same, "autoconfig.settings-match"));
  g_assert_nonnull (md_test_finding (same, "autoconfig.oauth2"));

  other_port = md_autoconfig_compare (autoconfig, "smtp.example.test", 25, MD_SMTP_SECURITY_STARTTLS);
  g_assert_nonnull (md_test_finding (other_port, "autoconfig.port-differs"));
  g_assert_nonnull (strstr (md_finding_get_advice (md_test_finding (other_port, "autoconfig.port-differs")), "587"));
  g_assert_null (md_test_finding (other_port, "autoconfig.settings-match"));

  other_host = md_autoconfig_compare (autoconfig, "mail.example.test", 587, MD_SMTP_SECURITY_STARTTLS);
  g_assert_cmpuint (other_host->len, ==, 1);
  g_assert_nonnull (strstr (md_finding_get_advice (md_test_finding (other_host, "autoconfig.host-differs")),
                            "smtp.example.test"));

  other_security = md_autoconfig_compare (autoconfig, "smtp.example.test", 587, MD_SMTP_SECURITY_NONE);
  g_assert_nonnull (md_test_finding (other_security, "autoconfig.security-differs"));
  g_assert_cmpint (md_finding_get_severity (md_test_finding (other_security, "autoconfig.security-differs")),
                   ==, MD_SEVERITY_WARNING);
}

/* ---- lookups over HTTPS ---------------------------------------------------- */

static MdTestServer *server;
static char *base_url;
static char *ca_file;
static MdTestServer *dns;

static MdAutoconfig *
lookup (const char  *address,
        GError     **error)
{
  g_autoptr(MdHttpClient) client = md_http_client_new ();
  g_autoptr(GAsyncResult) result = NULL;
  MdAutoconfig *autoconfig;

  md_http_client_set_base_url (client, base_url);
  md_http_client_set_timeout (client, 5);
  g_assert_true (md_http_client_set_ca_file (client, ca_file, NULL));

  autoconfig = md_autoconfig_new (client);
  {
    g_autoptr(MdResolver) resolver = md_resolver_new_with_server (dns->address, NULL);

    g_assert_nonnull (resolver);
    md_autoconfig_set_resolver (autoconfig, resolver);
  }
  md_autoconfig_lookup_async (autoconfig, address, NULL, md_test_result_cb, &result);
  md_test_wait_for_result (&result, 20);

  if (!md_autoconfig_lookup_finish (autoconfig, result, error))
    g_clear_object (&autoconfig);

  return autoconfig;
}

static void
test_lookup_autoconfig_host (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAutoconfig) autoconfig = lookup ("jane@first.test", &error);
  MdAutoconfigServer *server0;

  g_assert_no_error (error);
  g_assert_true (md_autoconfig_get_found (autoconfig));
  g_assert_cmpstr (md_autoconfig_get_provider_name (autoconfig), ==, "First Mail");
  g_assert_true (g_str_has_prefix (md_autoconfig_get_source (autoconfig),
                                   "https://autoconfig.first.test/mail/config-v1.1.xml?emailaddress="));
  server0 = g_ptr_array_index (md_autoconfig_get_outgoing_servers (autoconfig), 0);
  g_assert_cmpstr (md_autoconfig_server_get_hostname (server0), ==, "smtp.first.test");
  g_assert_cmpstr (md_autoconfig_server_get_username (server0), ==, "jane@first.test");
}

static void
test_lookup_well_known (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAutoconfig) autoconfig = lookup ("joe@WellKnown.test", &error);
  MdAutoconfigServer *server0;

  g_assert_no_error (error);
  g_assert_true (md_autoconfig_get_found (autoconfig));
  g_assert_cmpstr (md_autoconfig_get_source (autoconfig), ==,
                   "https://wellknown.test/.well-known/autoconfig/mail/config-v1.1.xml");
  server0 = g_ptr_array_index (md_autoconfig_get_outgoing_servers (autoconfig), 0);
  g_assert_cmpstr (md_autoconfig_server_get_username (server0), ==, "joe");
}

static void
test_lookup_ispdb_after_broken (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAutoconfig) autoconfig = lookup ("amy@broken.test", &error);

  g_assert_no_error (error);
  g_assert_true (md_autoconfig_get_found (autoconfig));
  g_assert_cmpstr (md_autoconfig_get_provider_name (autoconfig), ==, "From ISPDB");
  g_assert_cmpstr (md_autoconfig_get_source (autoconfig), ==,
                   "https://autoconfig.thunderbird.net/v1.1/broken.test");
}

static void
test_lookup_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAutoconfig) autoconfig = lookup ("bob@nobody.test", &error);
  GPtrArray *findings;
  const char *evidence;

  g_assert_no_error (error);
  g_assert_false (md_autoconfig_get_found (autoconfig));
  findings = md_autoconfig_get_findings (autoconfig);
  g_assert_cmpuint (findings->len, ==, 1);
  evidence = md_finding_get_evidence (md_test_finding (findings, "autoconfig.not-found"));
  /* One line per place tried. */
  g_assert_nonnull (strstr (evidence, "https://autoconfig.nobody.test/"));
  g_assert_nonnull (strstr (evidence, "https://nobody.test/.well-known/"));
  g_assert_nonnull (strstr (evidence, "https://autoconfig.thunderbird.net/v1.1/nobody.test"));
  g_assert_nonnull (strstr (evidence, "_submissions._tcp.nobody.test SRV"));
  g_assert_nonnull (strstr (evidence, "_submission._tcp.nobody.test SRV"));
}

static void
test_lookup_srv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAutoconfig) autoconfig = lookup ("kim@srvonly.test", &error);
  g_autoptr(GPtrArray) findings = NULL;
  GPtrArray *servers;
  static const struct { const char *host; guint port; MdSmtpSecurity security; } expected[] = {
    { "smtps.srvonly.test", 465, MD_SMTP_SECURITY_TLS },
    { "smtp.srvonly.test", 587, MD_SMTP_SECURITY_STARTTLS },
    { "smtp2.srvonly.test", 2587, MD_SMTP_SECURITY_STARTTLS },
  };

  g_assert_no_error (error);
  g_assert_true (md_autoconfig_get_found (autoconfig));
  g_assert_nonnull (strstr (md_autoconfig_get_source (autoconfig), "_submissions._tcp.srvonly.test"));
  servers = md_autoconfig_get_outgoing_servers (autoconfig);
  g_assert_cmpuint (servers->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      MdAutoconfigServer *srv = g_ptr_array_index (servers, i);

      g_assert_cmpstr (md_autoconfig_server_get_hostname (srv), ==, expected[i].host);
      g_assert_cmpuint (md_autoconfig_server_get_port (srv), ==, expected[i].port);
      g_assert_cmpint (md_autoconfig_server_get_security (srv), ==, expected[i].security);
    }

  findings = md_autoconfig_compare (autoconfig, "smtp.srvonly.test", 587, MD_SMTP_SECURITY_STARTTLS);
  g_assert_nonnull (md_test_finding (findings, "autoconfig.settings-match"));
}

static void
test_lookup_srv_no_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAutoconfig) autoconfig = lookup ("lee@noservice.test", &error);

  g_assert_no_error (error);
  g_assert_false (md_autoconfig_get_found (autoconfig));
  g_assert_nonnull (md_test_finding (md_autoconfig_get_findings (autoconfig), "autoconfig.not-found"));
}

static void
test_lookup_huge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAutoconfig) autoconfig = lookup ("x@huge.test", &error);

  g_assert_no_error (error);
  g_assert_false (md_autoconfig_get_found (autoconfig));
  g_assert_nonnull (md_test_finding (md_autoconfig_get_findings (autoconfig), "autoconfig.not-found"));
}

static void
test_lookup_bad_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdAutoconfig) autoconfig = lookup ("no-domain@", &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (autoconfig);
  g_clear_error (&error);

  autoconfig = lookup ("x@evil.test/../../etc", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cert_dir = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  md_test_require (MD_TEST_NEEDS_DNSMASQ | MD_TEST_NEEDS_PYTHON | MD_TEST_NEEDS_OPENSSL);

  cert_dir = md_test_make_certs ("md-autoconfig-test");
  ca_file = g_build_filename (cert_dir, "ca.pem", NULL);
  {
    const char *args[] = { "--cert-dir", cert_dir, NULL };

    server = md_test_script_start ("smtp", "autoconfig-server.py", args);
    base_url = g_strdup_printf ("https://127.0.0.1:%u", server->port);
  }
  {
    g_autofree char *conf = g_test_build_filename (G_TEST_DIST, "smtp", "autoconfig-dns.conf", NULL);

    dns = md_test_dnsmasq_start (conf);
  }

  g_test_add_func ("/autoconfig/parse", test_parse);
  g_test_add_func ("/autoconfig/parse-invalid", test_parse_invalid);
  g_test_add_func ("/autoconfig/compare", test_compare);
  g_test_add_func ("/autoconfig/lookup/autoconfig-host", test_lookup_autoconfig_host);
  g_test_add_func ("/autoconfig/lookup/well-known", test_lookup_well_known);
  g_test_add_func ("/autoconfig/lookup/ispdb-after-broken", test_lookup_ispdb_after_broken);
  g_test_add_func ("/autoconfig/lookup/not-found", test_lookup_not_found);
  g_test_add_func ("/autoconfig/lookup/huge", test_lookup_huge);
  g_test_add_func ("/autoconfig/lookup/srv", test_lookup_srv);
  g_test_add_func ("/autoconfig/lookup/srv-no-service", test_lookup_srv_no_service);
  g_test_add_func ("/autoconfig/lookup/bad-address", test_lookup_bad_address);

  ret = g_test_run ();

  g_clear_pointer (&server, md_test_server_stop);
  g_clear_pointer (&dns, md_test_server_stop);
  md_test_remove_tree (cert_dir);
  g_free (base_url);
  g_free (ca_file);

  return ret;
}
