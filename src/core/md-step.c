/* md-step.c: titles and explanations of the eight checklist steps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "md-step.h"

typedef struct
{
  const char *id;
  const char *title;
  const char *summary;
  const char *explanation;
  const char *icon_name;
} MdStepInfo;

/* Index 0 is MD_STEP_NONE. The texts are translated when they are read. */
static const MdStepInfo steps[] = {
  { NULL, NULL, NULL, NULL, NULL },
  {
    "identify",
    N_("Identify the failure"),
    N_("Paste the bounce message you received."),
    N_("When an email cannot be delivered, a mail server sends back a message "
       "that says so: a “bounce”. Paste it here, open it from a file or drop it "
       "onto this window. Mail Doctor reads it and tells you which addresses "
       "failed and whether the problem is temporary or permanent."),
    "mail-unread-symbolic",
  },
  {
    "understand",
    N_("Understand the reason"),
    N_("Find out why the message was refused."),
    N_("Every bounce carries a reason, often hidden in technical wording. This "
       "step explains it in plain words: what went wrong, whether trying again "
       "later can help, and who has to do something about it — you, your email "
       "provider or the recipient."),
    "dialog-question-symbolic",
  },
  {
    "verify-address",
    N_("Verify the recipient’s address"),
    N_("Check the address for typing mistakes and a working domain."),
    N_("Most bounces come from a mistyped address. Check every letter of the "
       "address, and let Mail Doctor check that the part after the “@” exists "
       "and is set up to receive email."),
    "avatar-default-symbolic",
  },
  {
    "contact-recipient",
    N_("Contact the recipient another way"),
    N_("Ask the recipient by phone, chat or text message."),
    N_("If the address looks right, ask the person directly — by phone, chat or "
       "text message — whether their address has changed, their mailbox is "
       "full, or they can see a problem on their side."),
    "call-start-symbolic",
  },
  {
    "check-settings",
    N_("Check your email settings"),
    N_("Test the outgoing mail server settings of your email program."),
    N_("Some bounces are caused by your own email program: a wrong outgoing "
       "(SMTP) server, port or security setting, or a missing sign-in. Mail "
       "Doctor can test these settings for real, without sending any message."),
    "preferences-system-symbolic",
  },
  {
    "consult-provider",
    N_("Consult your email provider"),
    N_("Ask your email provider’s support for help."),
    N_("If the problem is on the side of your email provider — for example your "
       "server is on a block list or sending is limited — only they can fix "
       "it. Mail Doctor prepares a support request with the facts they need."),
    "system-users-symbolic",
  },
  {
    "alternative-channel",
    N_("Use an alternative channel"),
    N_("Get your message through another way in the meantime."),
    N_("While the problem is being fixed, your message may still be urgent. "
       "Send it from another email account, share a large file through a link, "
       "or use another way of reaching the person."),
    "mail-send-symbolic",
  },
  {
    "document",
    N_("Document and learn"),
    N_("Save a report of what happened and what you did."),
    N_("Write down what happened and what solved it. A saved report helps you, "
       "or your help desk, solve the same problem faster next time and notice "
       "when it keeps coming back."),
    "document-save-symbolic",
  },
};

G_STATIC_ASSERT (G_N_ELEMENTS (steps) == MD_N_STEPS + 1);

static const MdStepInfo *
get_info (MdStep step)
{
  g_return_val_if_fail (step >= MD_STEP_IDENTIFY && step <= MD_STEP_DOCUMENT, NULL);

  return &steps[step];
}

/**
 * md_step_get_title:
 * @step: a checklist step
 *
 * Returns: (transfer none): the translated title of @step
 */
const char *
md_step_get_title (MdStep step)
{
  const MdStepInfo *info = get_info (step);

  return info ? _(info->title) : NULL;
}

/**
 * md_step_get_summary:
 * @step: a checklist step
 *
 * Returns: (transfer none): one translated sentence saying what to do
 */
const char *
md_step_get_summary (MdStep step)
{
  const MdStepInfo *info = get_info (step);

  return info ? _(info->summary) : NULL;
}

/**
 * md_step_get_explanation:
 * @step: a checklist step
 *
 * Returns: (transfer none): a translated paragraph saying what to do and why
 */
const char *
md_step_get_explanation (MdStep step)
{
  const MdStepInfo *info = get_info (step);

  return info ? _(info->explanation) : NULL;
}

const char *
md_step_get_icon_name (MdStep step)
{
  const MdStepInfo *info = get_info (step);

  return info ? info->icon_name : NULL;
}

/**
 * md_step_get_id:
 * @step: a checklist step
 *
 * Returns: (transfer none): a stable, untranslated identifier such as
 *   "verify-address", used in settings, JSON and reports
 */
const char *
md_step_get_id (MdStep step)
{
  const MdStepInfo *info = get_info (step);

  return info ? info->id : NULL;
}

MdStep
md_step_from_id (const char *id)
{
  g_return_val_if_fail (id != NULL, MD_STEP_NONE);

  for (guint i = MD_STEP_IDENTIFY; i <= MD_STEP_DOCUMENT; i++)
    {
      if (g_str_equal (steps[i].id, id))
        return (MdStep) i;
    }

  return MD_STEP_NONE;
}

const char *
md_step_state_get_label (MdStepState state)
{
  switch (state)
    {
    case MD_STEP_STATE_NOT_STARTED:
      return _("Not started");
    case MD_STEP_STATE_DONE:
      return _("Done");
    case MD_STEP_STATE_NEEDS_ATTENTION:
      return _("Needs attention");
    case MD_STEP_STATE_SKIPPED:
      return _("Skipped");
    default:
      g_return_val_if_reached (NULL);
    }
}
