/* fuzz-mta-sts.c: fuzz target for the MTA-STS policy and the MTA-STS and
 * TLS-RPT TXT record parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole input is a policy file as the web server sends it; it is also
 * read as a TXT record, and its first line as an "mx:" pattern matched
 * against the rest.
 */

#include "config.h"

#include "md-core.h"

#include "fuzz-common.h"

static void
fuzz_policy (const uint8_t *data,
             size_t         size)
{
  g_autoptr(MdMtaStsPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;

  policy = md_mta_sts_policy_parse ((const char *) data, size, &error);
  if (policy == NULL)
    {
      md_fuzz_check_error (error, data, size);
      return;
    }
  g_assert_no_error (error);

  md_fuzz_touch (policy->mode);
  for (guint i = 0; policy->mx != NULL && i < policy->mx->len; i++)
    {
      const char *mx = g_ptr_array_index (policy->mx, i);

      md_fuzz_touch (mx);
      (void) md_mta_sts_mx_matches (mx, "mx1.mail.example.com");
    }
  (void) md_mta_sts_policy_matches (policy, "mx1.mail.example.com");
  (void) md_mta_sts_policy_matches (policy, "");
}

static void
fuzz_records (const char *txt)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) rpt_error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *rua = NULL;

  (void) md_mta_sts_is_record (txt);
  id = md_mta_sts_record_parse (txt, &error);
  g_assert_true ((id == NULL) == (error != NULL));
  if (error != NULL)
    md_fuzz_check_error (error, (const uint8_t *) txt, strlen (txt));
  md_fuzz_touch (id);

  (void) md_tls_rpt_is_record (txt);
  rua = md_tls_rpt_record_parse (txt, &rpt_error);
  g_assert_true ((rua == NULL) == (rpt_error != NULL));
  if (rpt_error != NULL)
    md_fuzz_check_error (rpt_error, (const uint8_t *) txt, strlen (txt));
  md_fuzz_touch (rua);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *txt = md_fuzz_strndup (data, size);
  char *newline;

  fuzz_policy (data, size);
  fuzz_records (txt);

  newline = strchr (txt, '\n');
  if (newline != NULL)
    {
      *newline = '\0';
      (void) md_mta_sts_mx_matches (txt, newline + 1);
    }

  return 0;
}
