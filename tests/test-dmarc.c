/* test-dmarc.c: the DMARC record parser (RFC 7489)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-core.h"

static void
test_dmarc_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdDmarcRecord) record = NULL;

  g_assert_true (md_dmarc_is_record ("v=DMARC1; p=none"));
  g_assert_true (md_dmarc_is_record ("v = DMARC1;p=none"));
  g_assert_false (md_dmarc_is_record ("v=DMARC2; p=none"));
  g_assert_false (md_dmarc_is_record ("p=none; v=DMARC1"));

  record = md_dmarc_record_parse ("v=DMARC1; p=Quarantine; sp=reject; pct=50; rua=mailto:d@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->policy, ==, "quarantine");
  g_assert_cmpstr (record->subdomain_policy, ==, "reject");
  g_assert_cmpuint (record->percent, ==, 50);
  g_assert_cmpstr (record->rua, ==, "mailto:d@example.com");
}

static void
test_dmarc_rua_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdDmarcRecord) record = md_dmarc_record_parse ("v=DMARC1; rua=mailto:x@example.com", &error);

  /* RFC 7489 6.6.3: a record with rua but no p counts as p=none. */
  g_assert_no_error (error);
  g_assert_cmpstr (record->policy, ==, "none");
  g_assert_cmpuint (record->percent, ==, 100);
}

static void
test_dmarc_errors (void)
{
  static const char * const bad[] = {
    "v=DMARC1",
    "v=DMARC1; p=maybe",
    "v=DMARC1; p=none; pct=150",
    "v=DMARC1; p=none; garbage",
    "v=spf1 -all",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdDmarcRecord) record = md_dmarc_record_parse (bad[i], &error);

      g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
      g_assert_null (record);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dmarc/parse", test_dmarc_parse);
  g_test_add_func ("/dmarc/rua-only", test_dmarc_rua_only);
  g_test_add_func ("/dmarc/errors", test_dmarc_errors);

  return g_test_run ();
}
