/* fuzz-spf.c: fuzz target for the SPF record parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is one TXT record of the recipient's (or sender's) domain, as
 * DNS returns it.
 */

#include "config.h"

#include "md-core.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *txt = md_fuzz_strndup (data, size);
  g_autoptr(MdSpfRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  (void) md_spf_is_record (txt);

  record = md_spf_record_parse (txt, &error);
  if (record == NULL)
    {
      md_fuzz_check_error (error, data, size);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_nonnull (record->terms);

  for (guint i = 0; i < record->terms->len; i++)
    {
      MdSpfTerm *term = g_ptr_array_index (record->terms, i);

      g_assert_cmpint (term->kind, >=, MD_SPF_ALL);
      g_assert_cmpint (term->kind, <=, MD_SPF_UNKNOWN_MODIFIER);
      md_fuzz_touch (term->text);
      md_fuzz_touch (term->domain);
      (void) md_spf_term_is_lookup (term);
    }
  g_assert_cmpuint (md_spf_record_count_lookups (record), <=, record->terms->len);

  return 0;
}
