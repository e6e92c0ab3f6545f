/* fuzz-smtp-reply.c: fuzz target for the SMTP reply parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is what a (hostile) server sends. It is parsed as replies one
 * after another with md_smtp_reply_parse(), as the probe reads a
 * connection, and line by line with md_smtp_reply_add_line(). A complete
 * reply printed with md_smtp_reply_to_string() must parse again to the same
 * reply.
 */

#include "config.h"

#include "md-core.h"

#include "fuzz-common.h"

static void
check_reply (MdSmtpReply *reply)
{
  g_autofree char *str = md_smtp_reply_to_string (reply);
  g_autofree char *text = md_smtp_reply_get_text (reply);
  g_auto(GStrv) mechanisms = md_smtp_reply_get_auth_mechanisms (reply);
  guint n_lines = md_smtp_reply_get_n_lines (reply);

  g_assert_true (md_smtp_reply_is_complete (reply));
  g_assert_cmpuint (md_smtp_reply_get_class (reply), >=, 2);
  g_assert_cmpuint (md_smtp_reply_get_class (reply), <=, 5);
  g_assert_cmpuint (n_lines, >=, 1);
  g_assert_cmpuint (n_lines, <=, MD_SMTP_REPLY_MAX_LINES);
  g_assert_true (g_utf8_validate (str, -1, NULL));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  md_fuzz_touch (md_smtp_reply_get_enhanced_code (reply));
  for (guint i = 0; i < n_lines; i++)
    md_fuzz_touch (md_smtp_reply_get_line_text (reply, i));
  (void) md_smtp_reply_has_keyword (reply, "STARTTLS");
  (void) md_smtp_reply_has_keyword (reply, "AUTH");
  for (guint i = 0; mechanisms != NULL && mechanisms[i] != NULL; i++)
    md_fuzz_touch (mechanisms[i]);

  /* The printed form is the sanitized reply: it must read back the same. */
  {
    g_autofree char *again_text = g_strconcat (str, "\n", NULL);
    g_autoptr(MdSmtpReply) again = NULL;
    g_autofree char *again_str = NULL;
    gsize consumed = 0;

    again = md_smtp_reply_parse (again_text, strlen (again_text), &consumed, NULL);
    if (again != NULL)
      {
        again_str = md_smtp_reply_to_string (again);
        g_assert_cmpuint (consumed, ==, strlen (again_text));
        g_assert_cmpuint (md_smtp_reply_get_code (again), ==, md_smtp_reply_get_code (reply));
        g_assert_cmpuint (md_smtp_reply_get_n_lines (again), ==, n_lines);
        g_assert_cmpstr (again_str, ==, str);
      }
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  gsize pos = 0;

  /* Replies one after another, as a pipelining server sends them. */
  while (pos < size)
    {
      g_autoptr(MdSmtpReply) reply = NULL;
      g_autoptr(GError) error = NULL;
      gsize consumed = 0;

      reply = md_smtp_reply_parse (text + pos, size - pos, &consumed, &error);
      if (reply == NULL)
        {
          md_fuzz_check_error (error, data, size);
          break;
        }
      g_assert_cmpuint (consumed, >, 0);
      g_assert_cmpuint (consumed, <=, size - pos);
      check_reply (reply);
      pos += consumed;
    }

  /* The same bytes line by line, as the probe's line reader adds them. */
  {
    g_autoptr(MdSmtpReply) reply = md_smtp_reply_new ();
    gsize start = 0;

    for (gsize i = 0; i <= size; i++)
      {
        g_autoptr(GError) error = NULL;
        gboolean complete = FALSE;

        if (i < size && text[i] != '\n')
          continue;

        if (!md_smtp_reply_add_line (reply, text + start, i - start, &complete, &error))
          {
            md_fuzz_check_error (error, data, size);
            break;
          }
        if (complete)
          {
            check_reply (reply);
            g_clear_pointer (&reply, md_smtp_reply_unref);
            reply = md_smtp_reply_new ();
          }
        start = i + 1;
      }
  }

  return 0;
}
