/* md-bounce-recipient.c: what a bounce says about one recipient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "md-bounce-recipient.h"

/**
 * MdBounceRecipient:
 *
 * The facts a bounce message gives about one recipient (address, RFC 3463
 * status, SMTP reply, diagnostic text, ...) and, once an #MdClassifier has
 * looked at it, the reason with the evidence that decided it.
 */
struct _MdBounceRecipient
{
  GObject         parent_instance;

  char           *address;
  char           *original_address;
  char           *status;
  char           *reply_code;
  char           *diagnostic;
  char           *context;
  MdBounceAction  action;
  char           *remote_mta;
  GDateTime      *last_attempt;
  char           *smtp_command;
  char           *feedback_type;
  GArray         *lines;

  char           *reason;
  gboolean        hardbounce;
  gboolean        temporary;
  char           *evidence_rule;
  char           *evidence_text;
  guint           evidence_line;
};

G_DEFINE_FINAL_TYPE (MdBounceRecipient, md_bounce_recipient, G_TYPE_OBJECT)

static void
md_bounce_recipient_finalize (GObject *object)
{
  MdBounceRecipient *self = (MdBounceRecipient *) object;

  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->original_address, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->reply_code, g_free);
  g_clear_pointer (&self->diagnostic, g_free);
  g_clear_pointer (&self->context, g_free);
  g_clear_pointer (&self->remote_mta, g_free);
  g_clear_pointer (&self->last_attempt, g_date_time_unref);
  g_clear_pointer (&self->smtp_command, g_free);
  g_clear_pointer (&self->feedback_type, g_free);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->evidence_rule, g_free);
  g_clear_pointer (&self->evidence_text, g_free);

  G_OBJECT_CLASS (md_bounce_recipient_parent_class)->finalize (object);
}

static void
md_bounce_recipient_class_init (MdBounceRecipientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_bounce_recipient_finalize;
}

static void
md_bounce_recipient_init (MdBounceRecipient *self)
{
  self->lines = g_array_new (FALSE, FALSE, sizeof (guint));
}

/**
 * md_bounce_recipient_new:
 * @address: (nullable): the recipient's address
 *
 * Returns: (transfer full): a new #MdBounceRecipient
 */
MdBounceRecipient *
md_bounce_recipient_new (const char *address)
{
  MdBounceRecipient *self = g_object_new (MD_TYPE_BOUNCE_RECIPIENT, NULL);

  self->address = g_strdup (address);
  return self;
}

#define STRING_ACCESSORS(field)                                          \
const char *                                                             \
md_bounce_recipient_get_##field (MdBounceRecipient *self)                \
{                                                                        \
  g_return_val_if_fail (MD_IS_BOUNCE_RECIPIENT (self), NULL);            \
  return self->field;                                                    \
}                                                                        \
                                                                         \
void                                                                     \
md_bounce_recipient_set_##field (MdBounceRecipient *self,                \
                                 const char        *value)               \
{                                                                        \
  g_return_if_fail (MD_IS_BOUNCE_RECIPIENT (self));                      \
  if (g_strcmp0 (self->field, value) != 0)                               \
    {                                                                    \
      g_free (self->field);                                              \
      self->field = g_strdup (value);                                    \
    }                                                                    \
}

STRING_ACCESSORS (address)
STRING_ACCESSORS (original_address)
STRING_ACCESSORS (status)
STRING_ACCESSORS (reply_code)
STRING_ACCESSORS (diagnostic)
STRING_ACCESSORS (context)
STRING_ACCESSORS (remote_mta)
STRING_ACCESSORS (smtp_command)
STRING_ACCESSORS (feedback_type)

MdBounceAction
md_bounce_recipient_get_action (MdBounceRecipient *self)
{
  g_return_val_if_fail (MD_IS_BOUNCE_RECIPIENT (self), MD_BOUNCE_ACTION_UNKNOWN);
  return self->action;
}

void
md_bounce_recipient_set_action (MdBounceRecipient *self,
                                MdBounceAction     action)
{
  g_return_if_fail (MD_IS_BOUNCE_RECIPIENT (self));
  self->action = action;
}

/**
 * md_bounce_recipient_get_last_attempt:
 *
 * Returns: (transfer none) (nullable): when the reporting server last tried
 */
GDateTime *
md_bounce_recipient_get_last_attempt (MdBounceRecipient *self)
{
  g_return_val_if_fail (MD_IS_BOUNCE_RECIPIENT (self), NULL);
  return self->last_attempt;
}

void
md_bounce_recipient_set_last_attempt (MdBounceRecipient *self,
                                      GDateTime         *last_attempt)
{
  g_return_if_fail (MD_IS_BOUNCE_RECIPIENT (self));

  if (last_attempt != NULL)
    g_date_time_ref (last_attempt);
  g_clear_pointer (&self->last_attempt, g_date_time_unref);
  self->last_attempt = last_attempt;
}

/**
 * md_bounce_recipient_get_lines:
 * @n_lines: (out): number of entries
 *
 * Returns: (array length=n_lines) (transfer none): 1-based line numbers in
 *   the decoded text (md_bounce_get_text()) where this recipient's
 *   diagnostic was found
 */
const guint *
md_bounce_recipient_get_lines (MdBounceRecipient *self,
                               guint             *n_lines)
{
  g_return_val_if_fail (MD_IS_BOUNCE_RECIPIENT (self), NULL);
  g_return_val_if_fail (n_lines != NULL, NULL);

  *n_lines = self->lines->len;
  return (const guint *) (gpointer) self->lines->data;
}

void
md_bounce_recipient_add_line (MdBounceRecipient *self,
                              guint              line)
{
  g_return_if_fail (MD_IS_BOUNCE_RECIPIENT (self));

  for (guint i = 0; i < self->lines->len; i++)
    if (g_array_index (self->lines, guint, i) == line)
      return;
  g_array_append_val (self->lines, line);
}

const char *
md_bounce_recipient_get_reason (MdBounceRecipient *self)
{
  g_return_val_if_fail (MD_IS_BOUNCE_RECIPIENT (self), NULL);
  return self->reason;
}

gboolean
md_bounce_recipient_get_hardbounce (MdBounceRecipient *self)
{
  g_return_val_if_fail (MD_IS_BOUNCE_RECIPIENT (self), FALSE);
  return self->hardbounce;
}

gboolean
md_bounce_recipient_get_temporary (MdBounceRecipient *self)
{
  g_return_val_if_fail (MD_IS_BOUNCE_RECIPIENT (self), FALSE);
  return self->temporary;
}

const char *
md_bounce_recipient_get_evidence_rule (MdBounceRecipient *self)
{
  g_return_val_if_fail (MD_IS_BOUNCE_RECIPIENT (self), NULL);
  return self->evidence_rule;
}

const char *
md_bounce_recipient_get_evidence_text (MdBounceRecipient *self)
{
  g_return_val_if_fail (MD_IS_BOUNCE_RECIPIENT (self), NULL);
  return self->evidence_text;
}

/**
 * md_bounce_recipient_get_evidence_line:
 *
 * Returns: the 1-based line of the decoded text where the deciding evidence
 *   was found, or 0 when it did not come from one line
 */
guint
md_bounce_recipient_get_evidence_line (MdBounceRecipient *self)
{
  g_return_val_if_fail (MD_IS_BOUNCE_RECIPIENT (self), 0);
  return self->evidence_line;
}

/**
 * md_bounce_recipient_set_classification:
 * @reason: a reason id (see md_reason_lookup())
 * @rule: (nullable): id of the rule that decided
 * @matched_text: (nullable): the text that the rule matched
 * @line: 1-based line of @matched_text in the decoded text, or 0
 *
 * Records the decision of a classifier.
 */
void
md_bounce_recipient_set_classification (MdBounceRecipient *self,
                                        const char        *reason,
                                        gboolean           hardbounce,
                                        gboolean           temporary,
                                        const char        *rule,
                                        const char        *matched_text,
                                        guint              line)
{
  g_return_if_fail (MD_IS_BOUNCE_RECIPIENT (self));

  g_free (self->reason);
  self->reason = g_strdup (reason);
  self->hardbounce = !!hardbounce;
  self->temporary = !!temporary;
  g_free (self->evidence_rule);
  self->evidence_rule = g_strdup (rule);
  g_free (self->evidence_text);
  self->evidence_text = g_strdup (matched_text);
  self->evidence_line = line;
}

static const char * const action_names[] = {
  "", "failed", "delayed", "delivered", "relayed", "expanded",
};

const char *
md_bounce_action_to_string (MdBounceAction action)
{
  if ((guint) action < G_N_ELEMENTS (action_names))
    return action_names[action];
  return "";
}

MdBounceAction
md_bounce_action_from_string (const char *str)
{
  if (str == NULL)
    return MD_BOUNCE_ACTION_UNKNOWN;

  for (guint i = 1; i < G_N_ELEMENTS (action_names); i++)
    if (g_ascii_strncasecmp (str, action_names[i], strlen (action_names[i])) == 0)
      return (MdBounceAction) i;

  /* Some servers write "failure" or "delay". */
  if (g_ascii_strncasecmp (str, "fail", 4) == 0)
    return MD_BOUNCE_ACTION_FAILED;
  if (g_ascii_strncasecmp (str, "delay", 5) == 0)
    return MD_BOUNCE_ACTION_DELAYED;
  return MD_BOUNCE_ACTION_UNKNOWN;
}
