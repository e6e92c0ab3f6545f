/* fuzz-dmarc.c: fuzz target for the DMARC record parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is one TXT record of _dmarc.<domain>, as DNS returns it.
 */

#include "config.h"

#include "md-core.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *txt = md_fuzz_strndup (data, size);
  g_autoptr(MdDmarcRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  (void) md_dmarc_is_record (txt);

  record = md_dmarc_record_parse (txt, &error);
  if (record == NULL)
    {
      md_fuzz_check_error (error, data, size);
      return 0;
    }
  g_assert_no_error (error);

  md_fuzz_touch (record->policy);
  md_fuzz_touch (record->subdomain_policy);
  md_fuzz_touch (record->rua);
  g_assert_cmpuint (record->percent, <=, 100);

  return 0;
}
