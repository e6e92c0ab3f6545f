/* md-address.h: checks of a recipient's email address (checklist step 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "md-finding.h"

G_BEGIN_DECLS

/**
 * MdAddressSuggestionStrength:
 * @MD_ADDRESS_SUGGESTION_NONE: no suggestion
 * @MD_ADDRESS_SUGGESTION_WEAK: a plausible typo; dropped once the typed
 *   domain is known to accept mail
 * @MD_ADDRESS_SUGGESTION_STRONG: almost certainly a typo, kept even when the
 *   typed domain accepts mail (typo-squatting domains often do)
 *
 * How sure the typo suggestion for the domain is.
 */
typedef enum
{
  MD_ADDRESS_SUGGESTION_NONE,
  MD_ADDRESS_SUGGESTION_WEAK,
  MD_ADDRESS_SUGGESTION_STRONG,
} MdAddressSuggestionStrength;

#define MD_TYPE_ADDRESS (md_address_get_type ())

G_DECLARE_FINAL_TYPE (MdAddress, md_address, MD, ADDRESS, GObject)

MdAddress   *md_address_parse                    (const char *input);

const char  *md_address_get_input                (MdAddress  *self);
const char  *md_address_get_local_part           (MdAddress  *self);
const char  *md_address_get_domain               (MdAddress  *self);
const char  *md_address_get_ascii_domain         (MdAddress  *self);
const char  *md_address_get_normalized           (MdAddress  *self);
gboolean     md_address_is_valid                 (MdAddress  *self);
gboolean     md_address_is_domain_literal        (MdAddress  *self);
gboolean     md_address_was_fixed                (MdAddress  *self);

GPtrArray   *md_address_get_findings             (MdAddress  *self);

const char  *md_address_get_suggestion           (MdAddress  *self);
const char  *md_address_get_suggested_domain     (MdAddress  *self);
MdAddressSuggestionStrength
             md_address_get_suggestion_strength  (MdAddress  *self);

void         md_address_set_domain_accepts_mail  (MdAddress  *self,
                                                  gboolean    accepts);

G_END_DECLS
