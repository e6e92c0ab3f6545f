/* test-spf.c: the SPF record parser (RFC 7208)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-core.h"

static void
test_spf_is_record (void)
{
  g_assert_true (md_spf_is_record ("v=spf1 -all"));
  g_assert_true (md_spf_is_record ("v=spf1"));
  g_assert_true (md_spf_is_record ("V=SPF1 mx"));
  g_assert_false (md_spf_is_record ("v=spf10 mx"));
  g_assert_false (md_spf_is_record ("v=spf2.0/pra mx"));
  g_assert_false (md_spf_is_record ("google-site-verification=x"));
  g_assert_false (md_spf_is_record (""));
}

static void
test_spf_parse_terms (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSpfRecord) record = NULL;
  MdSpfTerm *term;

  record = md_spf_record_parse ("v=spf1 a mx:mail.example.com/24 ptr include:_spf.example.net "
                                "exists:%{i}.bl.example.org ip4:192.0.2.0/24 ip6:2001:db8::/32 "
                                "a:example.com/24//64 ~all redirect=example.org exp=explain.example.org "
                                "foo=bar",
                                &error);
  g_assert_no_error (error);
  g_assert_cmpuint (record->terms->len, ==, 12);
  /* a mx ptr include exists a redirect */
  g_assert_cmpuint (md_spf_record_count_lookups (record), ==, 7);

  term = g_ptr_array_index (record->terms, 0);
  g_assert_cmpint (term->kind, ==, MD_SPF_A);
  g_assert_null (term->domain);
  g_assert_cmpint (term->qualifier, ==, '+');

  term = g_ptr_array_index (record->terms, 1);
  g_assert_cmpint (term->kind, ==, MD_SPF_MX);
  g_assert_cmpstr (term->domain, ==, "mail.example.com");

  term = g_ptr_array_index (record->terms, 4);
  g_assert_cmpint (term->kind, ==, MD_SPF_EXISTS);
  g_assert_true (term->has_macro);

  term = g_ptr_array_index (record->terms, 7);
  g_assert_cmpint (term->kind, ==, MD_SPF_A);
  g_assert_cmpstr (term->domain, ==, "example.com");

  term = g_ptr_array_index (record->terms, 8);
  g_assert_cmpint (term->kind, ==, MD_SPF_ALL);
  g_assert_cmpint (term->qualifier, ==, '~');

  term = g_ptr_array_index (record->terms, 9);
  g_assert_cmpint (term->kind, ==, MD_SPF_REDIRECT);
  g_assert_cmpstr (term->domain, ==, "example.org");
  g_assert_cmpint (((MdSpfTerm *) g_ptr_array_index (record->terms, 11))->kind, ==, MD_SPF_UNKNOWN_MODIFIER);
}

static void
test_spf_parse_errors (void)
{
  static const char * const bad[] = {
    "v=spf1 ip4:999.1.1.1 -all",
    "v=spf1 foo:bar -all",
    "v=spf1 ip4:192.0.2.1/33",
    "v=spf1 ip6:192.0.2.1",
    "v=spf1 include: -all",
    "v=spf1 include:localhost",
    "v=spf1 all:example.com",
    "v=spf1 redirect=a.example redirect=b.example",
    "v=spf1 mx:%{z}.example.com",
    "v=spf1 a:exa%mple.com",
    "v=spf1 -redirect=a.example",
    "spf1 -all",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdSpfRecord) record = md_spf_record_parse (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
      g_assert_null (record);
    }
}

static void
test_spf_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSpfRecord) record = md_spf_record_parse ("v=spf1   ", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (record->terms->len, ==, 0);
  g_assert_cmpuint (md_spf_record_count_lookups (record), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/spf/is-record", test_spf_is_record);
  g_test_add_func ("/spf/parse-terms", test_spf_parse_terms);
  g_test_add_func ("/spf/parse-errors", test_spf_parse_errors);
  g_test_add_func ("/spf/empty", test_spf_empty);

  return g_test_run ();
}
