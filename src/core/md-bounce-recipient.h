/* md-bounce-recipient.h: what a bounce says about one recipient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  MD_BOUNCE_ACTION_UNKNOWN,
  MD_BOUNCE_ACTION_FAILED,
  MD_BOUNCE_ACTION_DELAYED,
  MD_BOUNCE_ACTION_DELIVERED,
  MD_BOUNCE_ACTION_RELAYED,
  MD_BOUNCE_ACTION_EXPANDED,
} MdBounceAction;

#define MD_TYPE_BOUNCE_RECIPIENT (md_bounce_recipient_get_type ())

G_DECLARE_FINAL_TYPE (MdBounceRecipient, md_bounce_recipient, MD, BOUNCE_RECIPIENT, GObject)

MdBounceRecipient *md_bounce_recipient_new                (const char         *address);

const char        *md_bounce_recipient_get_address        (MdBounceRecipient  *self);
void               md_bounce_recipient_set_address        (MdBounceRecipient  *self,
                                                           const char         *address);
const char        *md_bounce_recipient_get_original_address (MdBounceRecipient *self);
void               md_bounce_recipient_set_original_address (MdBounceRecipient *self,
                                                             const char        *address);
const char        *md_bounce_recipient_get_status         (MdBounceRecipient  *self);
void               md_bounce_recipient_set_status         (MdBounceRecipient  *self,
                                                           const char         *status);
const char        *md_bounce_recipient_get_reply_code     (MdBounceRecipient  *self);
void               md_bounce_recipient_set_reply_code     (MdBounceRecipient  *self,
                                                           const char         *reply_code);
const char        *md_bounce_recipient_get_diagnostic     (MdBounceRecipient  *self);
void               md_bounce_recipient_set_diagnostic     (MdBounceRecipient  *self,
                                                           const char         *diagnostic);
const char        *md_bounce_recipient_get_context        (MdBounceRecipient  *self);
void               md_bounce_recipient_set_context        (MdBounceRecipient  *self,
                                                           const char         *context);
MdBounceAction     md_bounce_recipient_get_action         (MdBounceRecipient  *self);
void               md_bounce_recipient_set_action         (MdBounceRecipient  *self,
                                                           MdBounceAction      action);
const char        *md_bounce_recipient_get_remote_mta     (MdBounceRecipient  *self);
void               md_bounce_recipient_set_remote_mta     (MdBounceRecipient  *self,
                                                           const char         *remote_mta);
GDateTime         *md_bounce_recipient_get_last_attempt   (MdBounceRecipient  *self);
void               md_bounce_recipient_set_last_attempt   (MdBounceRecipient  *self,
                                                           GDateTime          *last_attempt);
const char        *md_bounce_recipient_get_smtp_command   (MdBounceRecipient  *self);
void               md_bounce_recipient_set_smtp_command   (MdBounceRecipient  *self,
                                                           const char         *command);
const char        *md_bounce_recipient_get_feedback_type  (MdBounceRecipient  *self);
void               md_bounce_recipient_set_feedback_type  (MdBounceRecipient  *self,
                                                           const char         *feedback_type);
const guint       *md_bounce_recipient_get_lines          (MdBounceRecipient  *self,
                                                           guint              *n_lines);
void               md_bounce_recipient_add_line           (MdBounceRecipient  *self,
                                                           guint               line);

/* Set by MdClassifier */
const char        *md_bounce_recipient_get_reason         (MdBounceRecipient  *self);
gboolean           md_bounce_recipient_get_hardbounce     (MdBounceRecipient  *self);
gboolean           md_bounce_recipient_get_temporary      (MdBounceRecipient  *self);
const char        *md_bounce_recipient_get_evidence_rule  (MdBounceRecipient  *self);
const char        *md_bounce_recipient_get_evidence_text  (MdBounceRecipient  *self);
guint              md_bounce_recipient_get_evidence_line  (MdBounceRecipient  *self);
void               md_bounce_recipient_set_classification (MdBounceRecipient  *self,
                                                           const char         *reason,
                                                           gboolean            hardbounce,
                                                           gboolean            temporary,
                                                           const char         *rule,
                                                           const char         *matched_text,
                                                           guint               line);

const char        *md_bounce_action_to_string             (MdBounceAction      action);
MdBounceAction     md_bounce_action_from_string           (const char         *str);

G_END_DECLS
