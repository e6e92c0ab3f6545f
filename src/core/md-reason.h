/* md-reason.h: the bounce reasons (Sisimai's taxonomy) in plain language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "md-step.h"

G_BEGIN_DECLS

/* Whose side must act to get the mail through. */
typedef enum
{
  MD_PARTY_NONE,                /* nothing to do: delivered, auto-reply */
  MD_PARTY_SENDER,              /* you */
  MD_PARTY_SENDER_PROVIDER,     /* your email provider */
  MD_PARTY_RECIPIENT,           /* the person you wrote to */
  MD_PARTY_RECIPIENT_PROVIDER,  /* the recipient's email provider */
  MD_PARTY_NETWORK,             /* nobody in particular: wait and retry */
} MdParty;

typedef struct _MdReason MdReason;

struct _MdReason
{
  const char *id;            /* Sisimai reason name, e.g. "userunknown" */
  MdParty     party;
  gboolean    temporary;     /* retrying later can succeed by itself */
  gboolean    failure;       /* FALSE for delivered, vacation, feedback */
  MdStep      steps[4];      /* most relevant steps, MD_STEP_NONE terminated */
  const char *title;         /* untranslated; use the getters */
  const char *headline;      /* untranslated printf format with one %s: the address */
  const char *explanation;
  const char *advice;
};

const MdReason  *md_reason_lookup          (const char      *id);
const MdReason * const *md_reason_list     (guint           *n_reasons);
const char      *md_reason_get_title       (const MdReason  *reason);
char            *md_reason_format_headline (const MdReason  *reason,
                                            const char      *address);
const char      *md_reason_get_explanation (const MdReason  *reason);
const char      *md_reason_get_advice      (const MdReason  *reason);

const char      *md_party_to_string        (MdParty          party);
const char      *md_party_get_label        (MdParty          party);

G_END_DECLS
