/* fuzz-address.c: fuzz target for the address parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is what someone types or pastes as the recipient's address,
 * or what a bounce names as the failed recipient.
 */

#include "config.h"

#include "md-core.h"

#include "fuzz-common.h"

static void
touch_address (MdAddress *address)
{
  GPtrArray *findings;
  const char *input;

  input = md_address_get_input (address);
  g_assert_nonnull (input);
  g_assert_true (g_utf8_validate (input, -1, NULL));
  md_fuzz_touch (md_address_get_local_part (address));
  md_fuzz_touch (md_address_get_domain (address));
  md_fuzz_touch (md_address_get_ascii_domain (address));
  md_fuzz_touch (md_address_get_normalized (address));
  md_fuzz_touch (md_address_get_suggestion (address));
  md_fuzz_touch (md_address_get_suggested_domain (address));
  (void) md_address_is_valid (address);
  (void) md_address_is_domain_literal (address);
  (void) md_address_was_fixed (address);
  (void) md_address_get_suggestion_strength (address);

  findings = md_address_get_findings (address);
  if (findings != NULL)
    {
      g_autofree char *json = md_findings_to_json_string (findings, FALSE);

      md_fuzz_touch (json);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = md_fuzz_strndup (data, size);
  g_autoptr(MdAddress) address = md_address_parse (input);

  g_assert_nonnull (address);
  touch_address (address);

  /* What the domain check learns later changes the findings. */
  md_address_set_domain_accepts_mail (address, FALSE);
  touch_address (address);
  md_address_set_domain_accepts_mail (address, TRUE);
  touch_address (address);

  /* The normalized form of a valid address must be valid too. */
  if (md_address_is_valid (address) && md_address_get_normalized (address) != NULL)
    {
      g_autoptr(MdAddress) again = md_address_parse (md_address_get_normalized (address));

      touch_address (again);
      g_assert_true (md_address_is_valid (again));
    }

  return 0;
}
