/* fuzz-bounce.c: fuzz target for md_bounce_parse() and the classifier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a whole message as a user would paste or drop it. Every
 * parsed bounce then goes through the classifier, and every string of the
 * result is read back.
 */

#include "config.h"

#include "md-core.h"

#include "fuzz-common.h"

static void
touch_recipient (MdBounceRecipient *recipient)
{
  const guint *lines;
  guint n_lines = 0;

  md_fuzz_touch (md_bounce_recipient_get_address (recipient));
  md_fuzz_touch (md_bounce_recipient_get_original_address (recipient));
  md_fuzz_touch (md_bounce_recipient_get_status (recipient));
  md_fuzz_touch (md_bounce_recipient_get_reply_code (recipient));
  md_fuzz_touch (md_bounce_recipient_get_diagnostic (recipient));
  md_fuzz_touch (md_bounce_recipient_get_context (recipient));
  md_fuzz_touch (md_bounce_recipient_get_remote_mta (recipient));
  md_fuzz_touch (md_bounce_recipient_get_smtp_command (recipient));
  md_fuzz_touch (md_bounce_recipient_get_feedback_type (recipient));
  md_fuzz_touch (md_bounce_recipient_get_reason (recipient));
  md_fuzz_touch (md_bounce_recipient_get_evidence_rule (recipient));
  md_fuzz_touch (md_bounce_recipient_get_evidence_text (recipient));
  (void) md_bounce_recipient_get_action (recipient);
  (void) md_bounce_recipient_get_last_attempt (recipient);
  (void) md_bounce_recipient_get_hardbounce (recipient);
  (void) md_bounce_recipient_get_temporary (recipient);
  (void) md_bounce_recipient_get_evidence_line (recipient);

  lines = md_bounce_recipient_get_lines (recipient, &n_lines);
  for (guint i = 0; i < n_lines; i++)
    (void) lines[i];
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(MdBounce) bounce = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *recipients;

  bounce = md_bounce_parse (bytes, &error);
  if (bounce == NULL)
    {
      md_fuzz_check_error (error, data, size);
      return 0;
    }
  g_assert_no_error (error);

  md_classifier_classify_bounce (md_classifier_get_default (), bounce);

  md_fuzz_touch (md_bounce_kind_to_string (md_bounce_get_kind (bounce)));
  md_fuzz_touch (md_bounce_kind_get_label (md_bounce_get_kind (bounce)));
  md_fuzz_touch (md_bounce_get_reporting_mta (bounce));
  md_fuzz_touch (md_bounce_get_mta (bounce));
  md_fuzz_touch (md_bounce_get_subject (bounce));
  md_fuzz_touch (md_bounce_get_date (bounce));
  md_fuzz_touch (md_bounce_get_from (bounce));
  md_fuzz_touch (md_bounce_get_to (bounce));
  md_fuzz_touch (md_bounce_get_message_id (bounce));
  md_fuzz_touch (md_bounce_get_text (bounce));
  md_fuzz_touch (md_bounce_get_feedback_type (bounce));

  recipients = md_bounce_get_recipients (bounce);
  for (guint i = 0; recipients != NULL && i < recipients->len; i++)
    touch_recipient (g_ptr_array_index (recipients, i));

  return 0;
}
