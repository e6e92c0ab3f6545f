/* test-address.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-core.h"

typedef struct
{
  const char                  *input;
  gboolean                     valid;
  const char                  *normalized;
  const char                  *ascii_domain;
  const char                  *suggestion;
  MdAddressSuggestionStrength  strength;
  const char                  *codes;  /* finding codes in order, without "address." */
} AddressCase;

#define NONE MD_ADDRESS_SUGGESTION_NONE
#define WEAK MD_ADDRESS_SUGGESTION_WEAK
#define STRONG MD_ADDRESS_SUGGESTION_STRONG

static const AddressCase cases[] = {
  /* Valid as typed */
  { "jane@example.com", TRUE, "jane@example.com", "example.com", NULL, NONE, "ok" },
  { "Jane.Doe+news@Example.COM", TRUE, "Jane.Doe+news@example.com", "example.com", NULL, NONE,
    "ok" },
  { "o'brien!#$%&*/=?^_`{|}~-@sub.example.org", TRUE,
    "o'brien!#$%&*/=?^_`{|}~-@sub.example.org", "sub.example.org", NULL, NONE, "ok" },
  { "\"john doe\"@example.com", TRUE, "\"john doe\"@example.com", "example.com", NULL, NONE,
    "quoted-local ok" },
  { "\"jane\"@example.com", TRUE, "jane@example.com", "example.com", NULL, NONE, "ok" },
  { "\"a\\\"b\"@example.com", TRUE, "\"a\\\"b\"@example.com", "example.com", NULL, NONE,
    "quoted-local ok" },
  { "jane@[192.0.2.1]", TRUE, "jane@[192.0.2.1]", NULL, NULL, NONE, "domain-literal ok" },
  { "jane@[ipv6:2001:DB8::1]", TRUE, "jane@[IPv6:2001:DB8::1]", NULL, NULL, NONE,
    "domain-literal ok" },
  { "jörg@bücher.example", TRUE, "jörg@bücher.example", "xn--bcher-kva.example", NULL, NONE,
    "smtputf8 idn ok" },
  { "jane@BÜCHER.example", TRUE, "jane@bücher.example", "xn--bcher-kva.example", NULL, NONE,
    "idn ok" },
  { "jane@xn--bcher-kva.example", TRUE, "jane@bücher.example", "xn--bcher-kva.example", NULL,
    NONE, "idn ok" },
  { "用户@例子.广告", TRUE, "用户@例子.广告", "xn--fsqu00a.xn--4rr70v", NULL, NONE,
    "smtputf8 idn ok" },
  { "jane@例子。广告", TRUE, "jane@例子.广告", "xn--fsqu00a.xn--4rr70v", NULL, NONE,
    "idn ok" },

  /* Not valid */
  { "", FALSE, NULL, NULL, NULL, NONE, "empty" },
  { "   ", FALSE, NULL, NULL, NULL, NONE, "fixed-surrounding-spaces empty" },
  { "jane.example.com", FALSE, NULL, NULL, NULL, NONE, "no-at" },
  { "jane@a.example@b.example", FALSE, NULL, NULL, NULL, NONE, "many-at" },
  { "@example.com", FALSE, NULL, "example.com", NULL, NONE, "no-local-part" },
  { "jane@", FALSE, NULL, NULL, NULL, NONE, "no-domain" },
  { "jane..doe@example.com", FALSE, NULL, "example.com", NULL, NONE, "bad-dots" },
  { ".jane@example.com", FALSE, NULL, "example.com", NULL, NONE, "bad-dots" },
  { "jane.@example.com", FALSE, NULL, "example.com", NULL, NONE, "bad-dots" },
  { "jane@example..com", FALSE, NULL, NULL, "jane@example.com", STRONG, "bad-dots" },
  { "jane@.example.com", FALSE, NULL, NULL, "jane@example.com", STRONG, "bad-dots" },
  { "ja(ne@example.com", FALSE, NULL, "example.com", NULL, NONE, "bad-char" },
  { "ja\\ne@example.com", FALSE, NULL, "example.com", NULL, NONE, "bad-char" },
  { "\"john\"doe@example.com", FALSE, NULL, "example.com", NULL, NONE, "bad-quotes" },
  { "jane@exa_mple.com", FALSE, NULL, NULL, NULL, NONE, "bad-domain" },
  { "jane@-example.com", FALSE, NULL, NULL, NULL, NONE, "bad-domain" },
  { "jane@example-.com", FALSE, NULL, NULL, NULL, NONE, "bad-domain" },
  { "jane@exa!mple.com", FALSE, NULL, NULL, NULL, NONE, "bad-domain" },
  { "jane@example.123", FALSE, NULL, NULL, NULL, NONE, "bad-domain" },
  { "jane@192.0.2.1", FALSE, NULL, NULL, NULL, NONE, "bare-ip" },
  { "jane@[192.0.2.300]", FALSE, NULL, NULL, NULL, NONE, "bad-domain-literal" },
  { "jane@[IPv6:nonsense]", FALSE, NULL, NULL, NULL, NONE, "bad-domain-literal" },
  { "jane@[192.0.2.1", FALSE, NULL, NULL, NULL, NONE, "bad-domain-literal" },
  { "jane@xn--a.example", FALSE, NULL, NULL, NULL, NONE, "bad-idn" },
  { "jane@xn--zz.example", FALSE, NULL, NULL, NULL, NONE, "bad-idn" },
  { "jane@exa☺mple.com", FALSE, NULL, NULL, NULL, NONE, "bad-idn" },
  { "jane@intranet", FALSE, NULL, NULL, NULL, NONE, "no-tld" },
  { "jane@gmial", FALSE, NULL, NULL, "jane@gmail.com", STRONG, "no-tld" },
  { "jane@gmailcom", FALSE, NULL, NULL, "jane@gmail.com", STRONG, "no-tld" },
  { "janegmail.com", FALSE, NULL, NULL, "jane@gmail.com", STRONG, "no-at" },
  { "jane.doe.hotmail.com", FALSE, NULL, NULL, "jane.doe@hotmail.com", STRONG, "no-at" },
  { "@gmial.com", FALSE, NULL, "gmial.com", NULL, NONE, "no-local-part" },

  /* Paste mistakes, fixed */
  { "  jane@example.com\n", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-surrounding-spaces ok" },
  { "jane doe@example.com", TRUE, "janedoe@example.com", "example.com", NULL, NONE,
    "fixed-spaces ok" },
  { "jane@example .com", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-spaces ok" },
  { "jane@example.com.", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-trailing-dot ok" },
  { "jane@gmail,com", TRUE, "jane@gmail.com", "gmail.com", NULL, NONE, "fixed-comma ok" },
  { "mailto:jane@example.com", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-mailto ok" },
  { "MAILTO:jane%40example.com?subject=Hello", TRUE, "jane@example.com", "example.com", NULL,
    NONE, "fixed-mailto ok" },
  { "Jane Doe <jane@example.com>", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-display-name ok" },
  { "\"Doe, Jane\" <jane@example.com>", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-display-name ok" },
  { "jane@example.com (Jane Doe)", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-display-name ok" },
  { "<jane@example.com>", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-brackets ok" },
  { "\"jane@example.com\"", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-quotes ok" },
  { "“jane@example.com”", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-quotes ok" },
  { "'jane@example.com'", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-quotes ok" },
  { "jane@example.com;", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-punctuation ok" },
  { "jane@example.com>,", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-punctuation ok" },
  { ", jane@example.com.;", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-punctuation fixed-trailing-dot ok" },
  { "To: jane@example.com", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-label ok" },
  { "jane@@example.com", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-double-at ok" },
  { "jane@example.com@example.com", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-double-at ok" },
  { "jane example.com", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-missing-at ok" },
  { "jane at example dot com", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-at-word ok" },
  { "jane [at] example [dot] co [dot] uk", TRUE, "jane@example.co.uk", "example.co.uk", NULL,
    NONE, "fixed-at-word ok" },
  { "jane@gmail", TRUE, "jane@gmail.com", "gmail.com", NULL, NONE, "fixed-tld ok" },
  { "jane@hotmail", TRUE, "jane@hotmail.com", "hotmail.com", NULL, NONE, "fixed-tld ok" },
  { "jane＠example.com", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-lookalike ok" },
  { "jane\xe2\x80\x8b@example.com", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-invisible ok" },
  { "ja\x01ne@exa\x7fmple.com", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-invisible ok" },
  { "jane\xff@example.com", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-encoding ok" },
  { "jane\xc2\xa0@example.com", TRUE, "jane@example.com", "example.com", NULL, NONE,
    "fixed-spaces ok" },
  { "a@example.com, b@example.org", TRUE, "a@example.com", "example.com", NULL, NONE,
    "several ok" },
  { "a@example.com b@example.org", TRUE, "a@example.com", "example.com", NULL, NONE,
    "several ok" },
  { "  \"Jane Doe\" <mailto:jane@gmail,com>;", TRUE, "jane@gmail.com", "gmail.com", NULL, NONE,
    "fixed-surrounding-spaces fixed-display-name fixed-mailto fixed-comma ok" },

  /* Typos of popular domains */
  { "jane@gmial.com", TRUE, "jane@gmial.com", "gmial.com", "jane@gmail.com", STRONG,
    "typo-suggestion" },
  { "jane@gnail.com", TRUE, "jane@gnail.com", "gnail.com", "jane@gmail.com", STRONG,
    "typo-suggestion" },
  { "jane@gmaill.com", TRUE, "jane@gmaill.com", "gmaill.com", "jane@gmail.com", STRONG,
    "typo-suggestion" },
  { "jane@gmal.com", TRUE, "jane@gmal.com", "gmal.com", "jane@gmail.com", WEAK,
    "typo-suggestion" },
  { "jane@hotmial.con", TRUE, "jane@hotmial.con", "hotmial.con", "jane@hotmail.com", WEAK,
    "typo-suggestion" },
  { "jane@outlok.com", TRUE, "jane@outlok.com", "outlok.com", "jane@outlook.com", STRONG,
    "typo-suggestion" },
  { "jane@yaho.fr", TRUE, "jane@yaho.fr", "yaho.fr", "jane@yahoo.fr", WEAK,
    "typo-suggestion" },
  { "jane@gmail.co", TRUE, "jane@gmail.co", "gmail.co", "jane@gmail.com", STRONG,
    "typo-suggestion" },
  { "jane@gmail.con", TRUE, "jane@gmail.con", "gmail.con", "jane@gmail.com", STRONG,
    "typo-suggestion" },
  { "jane@gmail.cmo", TRUE, "jane@gmail.cmo", "gmail.cmo", "jane@gmail.com", STRONG,
    "typo-suggestion" },
  { "jane@gmail.comm", TRUE, "jane@gmail.comm", "gmail.comm", "jane@gmail.com", STRONG,
    "typo-suggestion" },
  { "jane@aol.co", TRUE, "jane@aol.co", "aol.co", "jane@aol.com", WEAK, "typo-suggestion" },
  { "jane@qq.con", TRUE, "jane@qq.con", "qq.con", "jane@qq.com", STRONG, "typo-suggestion" },
  { "jane@wbe.de", TRUE, "jane@wbe.de", "wbe.de", "jane@web.de", WEAK, "typo-suggestion" },
  { "jane@googlemial.com", TRUE, "jane@googlemial.com", "googlemial.com",
    "jane@googlemail.com", STRONG, "typo-suggestion" },
  { "jane@hotmal.fr", TRUE, "jane@hotmal.fr", "hotmal.fr", "jane@hotmail.fr", WEAK,
    "typo-suggestion" },
  { "jane@yandex.ry", TRUE, "jane@yandex.ry", "yandex.ry", "jane@yandex.ru", STRONG,
    "typo-suggestion" },
  { "Jane Doe <jane@gmial.com>", TRUE, "jane@gmial.com", "gmial.com", "jane@gmail.com", STRONG,
    "fixed-display-name typo-suggestion" },

  /* Real domains near popular ones, and ordinary domains: no suggestion */
  { "jane@gmail.com", TRUE, "jane@gmail.com", "gmail.com", NULL, NONE, "ok" },
  { "jane@gmx.com", TRUE, "jane@gmx.com", "gmx.com", NULL, NONE, "ok" },
  { "jane@gmx.de", TRUE, "jane@gmx.de", "gmx.de", NULL, NONE, "ok" },
  { "jane@mail.com", TRUE, "jane@mail.com", "mail.com", NULL, NONE, "ok" },
  { "jane@email.com", TRUE, "jane@email.com", "email.com", NULL, NONE, "ok" },
  { "jane@ymail.com", TRUE, "jane@ymail.com", "ymail.com", NULL, NONE, "ok" },
  { "jane@hotmail.de", TRUE, "jane@hotmail.de", "hotmail.de", NULL, NONE, "ok" },
  { "jane@yahoo.co.uk", TRUE, "jane@yahoo.co.uk", "yahoo.co.uk", NULL, NONE, "ok" },
  { "jane@live.fr", TRUE, "jane@live.fr", "live.fr", NULL, NONE, "ok" },
  { "jane@me.com", TRUE, "jane@me.com", "me.com", NULL, NONE, "ok" },
  { "jane@t-online.de", TRUE, "jane@t-online.de", "t-online.de", NULL, NONE, "ok" },
  { "jane@company.com", TRUE, "jane@company.com", "company.com", NULL, NONE, "ok" },
  { "jane@univ-lyon.fr", TRUE, "jane@univ-lyon.fr", "univ-lyon.fr", NULL, NONE, "ok" },
  { "jane@gmail.test", TRUE, "jane@gmail.test", "gmail.test", NULL, NONE, "ok" },
};

static char *
join_codes (GPtrArray *findings)
{
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint i = 0; i < findings->len; i++)
    {
      const char *code = md_finding_get_code (g_ptr_array_index (findings, i));

      g_assert_true (g_str_has_prefix (code, "address."));
      if (codes->len > 0)
        g_string_append_c (codes, ' ');
      g_string_append (codes, code + strlen ("address."));
    }

  return g_strdup (codes->str);
}

static gboolean
has_code (MdAddress  *address,
          const char *code)
{
  GPtrArray *findings = md_address_get_findings (address);

  for (guint i = 0; i < findings->len; i++)
    {
      if (g_str_equal (md_finding_get_code (g_ptr_array_index (findings, i)), code))
        return TRUE;
    }

  return FALSE;
}

static MdFinding *
get_finding (MdAddress  *address,
             const char *code)
{
  GPtrArray *findings = md_address_get_findings (address);

  for (guint i = 0; i < findings->len; i++)
    {
      if (g_str_equal (md_finding_get_code (g_ptr_array_index (findings, i)), code))
        return g_ptr_array_index (findings, i);
    }

  return NULL;
}

static void
test_address_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const AddressCase *c = &cases[i];
      MdAddress *address = md_address_parse (c->input);
      GPtrArray *findings = md_address_get_findings (address);
      g_autofree char *codes = join_codes (findings);
      g_autofree char *valid_input = g_utf8_make_valid (c->input, -1);

      g_test_message ("case %u: %s", i, valid_input);
      g_assert_cmpstr (codes, ==, c->codes);
      g_assert_cmpint (md_address_is_valid (address), ==, c->valid);
      g_assert_cmpstr (md_address_get_normalized (address), ==, c->normalized);
      g_assert_cmpstr (md_address_get_ascii_domain (address), ==, c->ascii_domain);
      g_assert_cmpstr (md_address_get_suggestion (address), ==, c->suggestion);
      g_assert_cmpint (md_address_get_suggestion_strength (address), ==, c->strength);
      g_assert_cmpstr (md_address_get_input (address), ==, valid_input);
      g_assert_cmpint (md_address_was_fixed (address), ==, strstr (c->codes, "fixed-") != NULL);

      for (guint k = 0; k < findings->len; k++)
        {
          MdFinding *finding = g_ptr_array_index (findings, k);

          g_assert_cmpint (md_finding_get_step (finding), ==, MD_STEP_VERIFY_ADDRESS);
          g_assert_cmpstr (md_finding_get_evidence (finding), ==, valid_input);
          g_assert_nonnull (md_finding_get_title (finding));
          g_assert_nonnull (md_finding_get_detail (finding));
          g_assert_nonnull (md_finding_get_advice (finding));
          g_assert_true (g_utf8_validate (md_finding_get_detail (finding), -1, NULL));
        }

      /* A problem and validity go together. */
      g_assert_cmpint (md_findings_get_worst (findings) == MD_SEVERITY_PROBLEM, ==, !c->valid);

      g_assert_finalize_object (address);
    }
}

static void
test_address_parts (void)
{
  g_autoptr(MdAddress) address = md_address_parse ("  Jörg.Müller@Bücher.Example ");
  g_autoptr(MdAddress) literal = md_address_parse ("postmaster@[192.0.2.1]");
  g_autoptr(MdAddress) quoted = md_address_parse ("\"john doe\"@example.com");
  g_autoptr(MdAddress) no_at = md_address_parse ("jane");

  g_assert_cmpstr (md_address_get_local_part (address), ==, "Jörg.Müller");
  g_assert_cmpstr (md_address_get_domain (address), ==, "bücher.example");
  g_assert_cmpstr (md_address_get_ascii_domain (address), ==, "xn--bcher-kva.example");
  g_assert_cmpstr (md_address_get_normalized (address), ==, "Jörg.Müller@bücher.example");
  g_assert_false (md_address_is_domain_literal (address));
  g_assert_cmpint (md_finding_get_severity (get_finding (address, "address.smtputf8")), ==,
                   MD_SEVERITY_WARNING);
  g_assert_cmpint (md_finding_get_severity (get_finding (address, "address.idn")), ==,
                   MD_SEVERITY_INFO);
  g_assert_nonnull (strstr (md_finding_get_detail (get_finding (address, "address.idn")),
                            "xn--bcher-kva.example"));

  g_assert_true (md_address_is_domain_literal (literal));
  g_assert_cmpstr (md_address_get_domain (literal), ==, "[192.0.2.1]");
  g_assert_null (md_address_get_ascii_domain (literal));
  g_assert_true (md_address_is_valid (literal));

  g_assert_cmpstr (md_address_get_local_part (quoted), ==, "\"john doe\"");

  g_assert_null (md_address_get_local_part (no_at));
  g_assert_null (md_address_get_domain (no_at));
  g_assert_null (md_address_get_normalized (no_at));

  g_assert_finalize_object (g_steal_pointer (&address));
  g_assert_finalize_object (g_steal_pointer (&literal));
  g_assert_finalize_object (g_steal_pointer (&quoted));
  g_assert_finalize_object (g_steal_pointer (&no_at));
}

static void
test_address_lengths (void)
{
  g_autofree char *local64 = g_strnfill (64, 'a');
  g_autofree char *local65 = g_strnfill (65, 'a');
  g_autofree char *label63 = g_strnfill (63, 'b');
  g_autofree char *label64 = g_strnfill (64, 'b');
  g_autofree char *ok = g_strdup_printf ("%s@%s.example", local64, label63);
  g_autofree char *long_local = g_strdup_printf ("%s@example.com", local65);
  g_autofree char *long_label = g_strdup_printf ("jane@%s.example", label64);
  g_autofree char *long_domain = g_strdup_printf ("j@%s.%s.%s.%s.com", label63, label63,
                                                  label63, label63);
  g_autofree char *long_address = g_strdup_printf ("%s@%s.%s.%s.com", local64, label63,
                                                   label63, label63);
  struct {
    const char *input;
    const char *code;
  } lengths[] = {
    { ok, "address.ok" },
    { long_local, "address.local-too-long" },
    { long_label, "address.label-too-long" },
    { long_domain, "address.domain-too-long" },
    { long_address, "address.too-long" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      MdAddress *address = md_address_parse (lengths[i].input);

      g_assert_true (has_code (address, lengths[i].code));
      g_assert_cmpint (md_address_is_valid (address), ==, i == 0);
      g_assert_finalize_object (address);
    }
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_address_domain_accepts_mail (void)
{
  g_autoptr(MdAddress) weak = md_address_parse ("jane@yaho.fr");
  g_autoptr(MdAddress) strong = md_address_parse ("jane@gmial.com");
  g_autoptr(MdAddress) plain = md_address_parse ("jane@example.com");
  guint notified = 0;

  g_signal_connect (weak, "notify::suggestion", G_CALLBACK (on_notify), &notified);

  /* Weak: dropped when the domain exists and accepts mail. */
  g_assert_cmpint (md_address_get_suggestion_strength (weak), ==, MD_ADDRESS_SUGGESTION_WEAK);
  md_address_set_domain_accepts_mail (weak, TRUE);
  g_assert_null (md_address_get_suggestion (weak));
  g_assert_null (md_address_get_suggested_domain (weak));
  g_assert_cmpint (md_address_get_suggestion_strength (weak), ==, MD_ADDRESS_SUGGESTION_NONE);
  g_assert_false (has_code (weak, "address.typo-suggestion"));
  g_assert_true (has_code (weak, "address.ok"));
  g_assert_cmpuint (notified, ==, 1);

  md_address_set_domain_accepts_mail (weak, TRUE);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (md_address_get_findings (weak)->len, ==, 1);

  /* ... and back, as a problem, when the domain takes no mail. */
  md_address_set_domain_accepts_mail (weak, FALSE);
  g_assert_cmpstr (md_address_get_suggestion (weak), ==, "jane@yahoo.fr");
  g_assert_cmpstr (md_address_get_suggested_domain (weak), ==, "yahoo.fr");
  g_assert_false (has_code (weak, "address.ok"));
  g_assert_cmpint (md_finding_get_severity (get_finding (weak, "address.typo-suggestion")), ==,
                   MD_SEVERITY_PROBLEM);
  g_assert_cmpstr (md_finding_get_title (get_finding (weak, "address.typo-suggestion")), ==,
                   "Did you mean jane@yahoo.fr?");
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (md_address_is_valid (weak));

  /* Strong: kept even when the domain accepts mail. */
  md_address_set_domain_accepts_mail (strong, TRUE);
  g_assert_cmpstr (md_address_get_suggestion (strong), ==, "jane@gmail.com");
  g_assert_cmpint (md_address_get_suggestion_strength (strong), ==,
                   MD_ADDRESS_SUGGESTION_STRONG);
  g_assert_cmpint (md_finding_get_severity (get_finding (strong, "address.typo-suggestion")), ==,
                   MD_SEVERITY_WARNING);
  g_assert_false (has_code (strong, "address.ok"));
  g_assert_cmpuint (md_address_get_findings (strong)->len, ==, 1);

  /* Nothing to suggest: nothing changes. */
  md_address_set_domain_accepts_mail (plain, FALSE);
  g_assert_cmpuint (md_address_get_findings (plain)->len, ==, 1);
  g_assert_true (has_code (plain, "address.ok"));

  g_assert_finalize_object (g_steal_pointer (&weak));
  g_assert_finalize_object (g_steal_pointer (&strong));
  g_assert_finalize_object (g_steal_pointer (&plain));
}

static void
test_address_properties (void)
{
  g_autoptr(MdAddress) address = md_address_parse ("Jane <jane@outlok.com>");
  g_autofree char *input = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *suggestion = NULL;
  MdAddressSuggestionStrength strength;
  gboolean valid;

  g_object_get (address,
                "input", &input,
                "normalized", &normalized,
                "suggestion", &suggestion,
                "suggestion-strength", &strength,
                "valid", &valid,
                NULL);
  g_assert_cmpstr (input, ==, "Jane <jane@outlok.com>");
  g_assert_cmpstr (normalized, ==, "jane@outlok.com");
  g_assert_cmpstr (suggestion, ==, "jane@outlook.com");
  g_assert_cmpint (strength, ==, MD_ADDRESS_SUGGESTION_STRONG);
  g_assert_true (valid);

  g_assert_finalize_object (g_steal_pointer (&address));
}

static void
test_address_findings_json (void)
{
  g_autoptr(MdAddress) address = md_address_parse ("mailto:jane@gmial.com");
  g_autofree char *json = md_findings_to_json_string (md_address_get_findings (address), FALSE);

  g_assert_nonnull (strstr (json, "\"address.fixed-mailto\""));
  g_assert_nonnull (strstr (json, "\"address.typo-suggestion\""));
  g_assert_nonnull (strstr (json, "mailto:jane@gmial.com"));

  g_assert_finalize_object (g_steal_pointer (&address));
}

static void
test_address_huge (void)
{
  const gsize size = 1024 * 1024;
  g_autofree char *letters = g_strnfill (size, 'a');
  g_autofree char *ats = g_strnfill (size, '@');
  g_autofree char *spaces = g_strnfill (size, ' ');
  g_autofree char *padded = g_strconcat (spaces, "jane@example.com", spaces, NULL);
  g_autofree char *garbage = g_malloc (size + 1);
  gint64 start = g_get_monotonic_time ();
  const char *inputs[] = { letters, ats, padded, garbage };

  for (gsize i = 0; i < size; i++)
    garbage[i] = (char) (1 + (i * 7919) % 255);
  garbage[size] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      MdAddress *address = md_address_parse (inputs[i]);
      GPtrArray *findings = md_address_get_findings (address);

      g_assert_cmpuint (findings->len, >, 0);
      g_assert_true (g_utf8_validate (md_address_get_input (address), -1, NULL));
      for (guint k = 0; k < findings->len; k++)
        g_assert_cmpuint (strlen (md_finding_get_evidence (g_ptr_array_index (findings, k))),
                          <=, 210);
      if (i == 2)
        g_assert_cmpstr (md_address_get_normalized (address), ==, "jane@example.com");
      else
        g_assert_true (has_code (address, "address.too-long"));
      g_assert_finalize_object (address);
    }

  /* Four megabytes in well under a few seconds, even under sanitizers. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_address_random (void)
{
  /* Short random strings built from the characters the parser cares about:
   * no crash, no warning, consistent results. */
  static const char * const pieces[] = {
    "a", "Z", "0", ".", "..", "@", "@@", " ", "\"", "\\", "<", ">", "(", ")", "[", "]", ",",
    ";", ":", "mailto:", "xn--", "-", "_", "ü", "例", "\xff", "\x01", "\xe2\x80\x8b", "＠",
    "。", "gmail", ".com", "com", "at", " at ", "(dot)", "IPv6:", "'", "“", "”",
  };
  GRand *rand = g_rand_new_with_seed (20261123);

  for (guint n = 0; n < 3000; n++)
    {
      g_autoptr(GString) input = g_string_new (NULL);
      guint len = g_rand_int_range (rand, 0, 12);
      MdAddress *address;
      GPtrArray *findings;

      for (guint k = 0; k < len; k++)
        g_string_append (input, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

      address = md_address_parse (input->str);
      findings = md_address_get_findings (address);
      g_assert_cmpuint (findings->len, >, 0);
      g_assert_cmpint (md_address_is_valid (address), ==,
                       md_address_get_normalized (address) != NULL);
      if (md_address_is_valid (address))
        {
          /* A normalized address is a fixed point. */
          MdAddress *again = md_address_parse (md_address_get_normalized (address));

          g_assert_true (md_address_is_valid (again));
          g_assert_cmpstr (md_address_get_normalized (again), ==,
                           md_address_get_normalized (address));
          g_assert_false (md_address_was_fixed (again));
          g_assert_finalize_object (again);
        }
      g_assert_finalize_object (address);
    }

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/address/table", test_address_table);
  g_test_add_func ("/address/parts", test_address_parts);
  g_test_add_func ("/address/lengths", test_address_lengths);
  g_test_add_func ("/address/domain-accepts-mail", test_address_domain_accepts_mail);
  g_test_add_func ("/address/properties", test_address_properties);
  g_test_add_func ("/address/findings-json", test_address_findings_json);
  g_test_add_func ("/address/huge", test_address_huge);
  g_test_add_func ("/address/random", test_address_random);

  return g_test_run ();
}
