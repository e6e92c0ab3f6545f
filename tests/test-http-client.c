/* test-http-client.c: MdHttpClient against an HTTPS server with a test CA
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-core.h"
#include "dns/md-test-servers.h"

static MdTestServer *https;

typedef struct
{
  GBytes *body;
  char   *content_type;
  GError *error;
  gboolean done;
} Fetch;

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->body = md_http_client_get_finish (MD_HTTP_CLIENT (object), result,
                                           &fetch->content_type, &fetch->error);
  fetch->done = TRUE;
}

static void
fetch_clear (Fetch *fetch)
{
  g_clear_pointer (&fetch->body, g_bytes_unref);
  g_clear_pointer (&fetch->content_type, g_free);
  g_clear_error (&fetch->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fetch, fetch_clear)

static void
get (MdHttpClient   *client,
     const char     *url,
     MdHttpGetFlags  flags,
     gsize           max_size,
     Fetch          *fetch)
{
  md_http_client_get_async (client, url, flags, max_size, NULL, on_fetched, fetch);
  while (!fetch->done)
    g_main_context_iteration (NULL, TRUE);
}

static MdHttpClient *
new_client (guint16 port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = g_strdup_printf ("https://127.0.0.1:%u/", port);
  MdHttpClient *client = md_http_client_new ();

  md_http_client_set_base_url (client, base_url);
  md_http_client_set_ca_file (client, https->ca_file, &error);
  g_assert_no_error (error);

  return client;
}

static void
test_http_rewrite (void)
{
  g_autoptr(MdHttpClient) client = md_http_client_new ();
  g_autofree char *plain = md_http_client_rewrite_url (client, "https://a.example/x?y=1");
  g_autofree char *rewritten = NULL;

  g_assert_cmpstr (plain, ==, "https://a.example/x?y=1");
  md_http_client_set_base_url (client, "https://127.0.0.1:8443///");
  g_assert_cmpstr (md_http_client_get_base_url (client), ==, "https://127.0.0.1:8443");
  rewritten = md_http_client_rewrite_url (client, "https://mta-sts.example.com/.well-known/mta-sts.txt?y=1");
  g_assert_cmpstr (rewritten, ==, "https://127.0.0.1:8443/mta-sts.example.com/.well-known/mta-sts.txt?y=1");
}

static void
test_http_user_agent (void)
{
  g_autoptr(MdHttpClient) client = new_client (https->port);
  g_auto(Fetch) fetch = { 0 };

  get (client, "https://client.test/user-agent", MD_HTTP_GET_NONE, 1024, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_cmpstr (fetch.content_type, ==, "text/plain");
  g_assert_cmpmem (g_bytes_get_data (fetch.body, NULL), g_bytes_get_size (fetch.body),
                   "MailDoctor/" PACKAGE_VERSION, strlen ("MailDoctor/" PACKAGE_VERSION));
}

static void
test_http_redirect (void)
{
  g_autoptr(MdHttpClient) client = new_client (https->port);
  g_auto(Fetch) followed = { 0 };
  g_auto(Fetch) refused = { 0 };

  get (client, "https://client.test/redirect", MD_HTTP_GET_NONE, 1024, &followed);
  g_assert_no_error (followed.error);
  get (client, "https://client.test/redirect", MD_HTTP_GET_NO_REDIRECT, 1024, &refused);
  g_assert_error (refused.error, MD_HTTP_ERROR, MD_HTTP_ERROR_STATUS);
  g_assert_null (refused.body);
}

static void
test_http_errors (void)
{
  g_autoptr(MdHttpClient) client = new_client (https->port);
  g_autoptr(MdHttpClient) other_ca = new_client (https->port_other_ca);
  g_autoptr(MdHttpClient) system_ca = new_client (https->port);
  g_autoptr(GError) error = NULL;
  g_auto(Fetch) big = { 0 };
  g_auto(Fetch) missing = { 0 };
  g_auto(Fetch) untrusted = { 0 };
  g_auto(Fetch) untrusted_system = { 0 };

  get (client, "https://client.test/big", MD_HTTP_GET_NONE, 65536, &big);
  g_assert_error (big.error, MD_HTTP_ERROR, MD_HTTP_ERROR_TOO_LARGE);
  get (client, "https://client.test/nothing", MD_HTTP_GET_NONE, 65536, &missing);
  g_assert_error (missing.error, MD_HTTP_ERROR, MD_HTTP_ERROR_STATUS);
  g_assert_nonnull (strstr (missing.error->message, "404"));
  get (other_ca, "https://client.test/user-agent", MD_HTTP_GET_NONE, 1024, &untrusted);
  g_assert_error (untrusted.error, MD_HTTP_ERROR, MD_HTTP_ERROR_TLS);

  /* Back to the system's authorities, which do not know the test CA. */
  g_assert_true (md_http_client_set_ca_file (system_ca, NULL, &error));
  g_assert_no_error (error);
  get (system_ca, "https://client.test/user-agent", MD_HTTP_GET_NONE, 1024, &untrusted_system);
  g_assert_error (untrusted_system.error, MD_HTTP_ERROR, MD_HTTP_ERROR_TLS);

  g_assert_false (md_http_client_set_ca_file (client, "/nonexistent/ca.pem", &error));
  g_assert_nonnull (error);
}


int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  md_test_require (MD_TEST_NEEDS_PYTHON | MD_TEST_NEEDS_OPENSSL);

  https = md_test_https_start ();

  g_test_add_func ("/http-client/rewrite", test_http_rewrite);
  g_test_add_func ("/http-client/user-agent", test_http_user_agent);
  g_test_add_func ("/http-client/redirect", test_http_redirect);
  g_test_add_func ("/http-client/errors", test_http_errors);

  ret = g_test_run ();

  g_clear_pointer (&https, md_test_server_stop);

  return ret;
}
