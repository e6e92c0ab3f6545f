/* test-mta-sts.c: MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-core.h"

static void
test_mta_sts_record (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = md_mta_sts_record_parse ("v=STSv1; id=20240101T000000;", &error);
  g_autofree char *bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "20240101T000000");

  bad = md_mta_sts_record_parse ("v=STSv1; id=not-alnum!", &error);
  g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
  g_assert_null (bad);
  g_assert_false (md_mta_sts_is_record ("v=STSv10; id=1"));
}

static void
test_mta_sts_policy (void)
{
  const char *text = "version: STSv1\r\nmode: enforce\r\nmx: MX1.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(MdMtaStsPolicy) policy = md_mta_sts_policy_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (policy->mode, ==, "enforce");
  g_assert_cmpuint (policy->mx->len, ==, 2);
  g_assert_cmpuint (policy->max_age, ==, 604800);

  g_assert_true (md_mta_sts_policy_matches (policy, "mx1.example.com"));
  g_assert_true (md_mta_sts_policy_matches (policy, "mx1.example.com."));
  g_assert_true (md_mta_sts_policy_matches (policy, "a.example.net"));
  g_assert_false (md_mta_sts_policy_matches (policy, "example.net"));
  g_assert_false (md_mta_sts_policy_matches (policy, "a.b.example.net"));
  g_assert_false (md_mta_sts_policy_matches (policy, "mx2.example.com"));
}

static void
test_mta_sts_policy_errors (void)
{
  static const char * const bad[] = {
    "mode: enforce\nmx: a.example\nmax_age: 1\n",
    "version: STSv1\nmode: sometimes\nmx: a.example\nmax_age: 1\n",
    "version: STSv1\nmode: enforce\nmax_age: 1\n",
    "version: STSv1\nmode: enforce\nmx: a.example\n",
    "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 99999999999\n",
    "<html>version: STSv1</html>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdMtaStsPolicy) policy = md_mta_sts_policy_parse (bad[i], strlen (bad[i]), &error);

      g_test_message ("%s", bad[i]);
      g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
      g_assert_null (policy);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MdMtaStsPolicy) policy = md_mta_sts_policy_parse ("version: STSv1\0mode", 18, &error);

    g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
    g_assert_null (policy);
  }
}

static void
test_tls_rpt (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rua = md_tls_rpt_record_parse ("v=TLSRPTv1; rua=mailto:tls@example.com", &error);
  g_autofree char *bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (rua, ==, "mailto:tls@example.com");

  bad = md_tls_rpt_record_parse ("v=TLSRPTv1;", &error);
  g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
  g_assert_null (bad);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mta-sts/record", test_mta_sts_record);
  g_test_add_func ("/mta-sts/policy", test_mta_sts_policy);
  g_test_add_func ("/mta-sts/policy-errors", test_mta_sts_policy_errors);
  g_test_add_func ("/mta-sts/tls-rpt", test_tls_rpt);

  return g_test_run ();
}
