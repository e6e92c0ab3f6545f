/* test-smtp-reply.c: the SMTP reply parser and the transcript
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-core.h"

static MdSmtpReply *
parse (const char  *text,
       GError     **error)
{
  gsize consumed = 0;
  MdSmtpReply *reply = md_smtp_reply_parse (text, strlen (text), &consumed, error);

  if (reply != NULL)
    g_assert_cmpuint (consumed, <=, strlen (text));

  return reply;
}

static void
test_reply_single_line (void)
{
  g_autoptr(MdSmtpReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize consumed;

  reply = md_smtp_reply_parse ("550 5.7.1 Relaying denied\r\nextra", 33, &consumed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (consumed, ==, 27);
  g_assert_cmpuint (md_smtp_reply_get_code (reply), ==, 550);
  g_assert_cmpuint (md_smtp_reply_get_class (reply), ==, 5);
  g_assert_cmpstr (md_smtp_reply_get_enhanced_code (reply), ==, "5.7.1");
  g_assert_cmpuint (md_smtp_reply_get_n_lines (reply), ==, 1);
  g_assert_cmpstr (md_smtp_reply_get_line_text (reply, 0), ==, "5.7.1 Relaying denied");
  g_assert_true (md_smtp_reply_is_complete (reply));

  text = md_smtp_reply_to_string (reply);
  g_assert_cmpstr (text, ==, "550 5.7.1 Relaying denied");

  /* A bare code is a valid reply; LF alone is tolerated. */
  g_clear_pointer (&reply, md_smtp_reply_unref);
  reply = parse ("250\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_smtp_reply_get_code (reply), ==, 250);
  g_assert_cmpstr (md_smtp_reply_get_line_text (reply, 0), ==, "");
  g_assert_null (md_smtp_reply_get_enhanced_code (reply));
}

static void
test_reply_multi_line (void)
{
  g_autoptr(MdSmtpReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) mechs = NULL;
  g_autofree char *joined = NULL;

  reply = parse ("250-mx.example.test Hello\r\n"
                 "250-SIZE 35882577\r\n"
                 "250-starttls\r\n"
                 "250-AUTH LOGIN PLAIN XOAUTH2\r\n"
                 "250-AUTH=LOGIN CRAM-MD5\r\n"
                 "250 8BITMIME\r\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (md_smtp_reply_get_n_lines (reply), ==, 6);
  g_assert_true (md_smtp_reply_has_keyword (reply, "STARTTLS"));
  g_assert_true (md_smtp_reply_has_keyword (reply, "SIZE"));
  g_assert_false (md_smtp_reply_has_keyword (reply, "SIZ"));
  g_assert_false (md_smtp_reply_has_keyword (reply, "PIPELINING"));
  /* The greeting line is not an extension. */
  g_assert_false (md_smtp_reply_has_keyword (reply, "mx.example.test"));

  mechs = md_smtp_reply_get_auth_mechanisms (reply);
  joined = g_strjoinv (" ", mechs);
  g_assert_cmpstr (joined, ==, "LOGIN PLAIN XOAUTH2 CRAM-MD5");
}

static void
test_reply_invalid (void)
{
  static const char *invalid[] = {
    "",                                   /* nothing */
    "250-first line\r\n",                 /* never ends */
    "250-first\r\n251 second\r\n",        /* code changes */
    "2x0 what\r\n",                       /* not digits */
    "650 no such class\r\n",              /* first digit out of range */
    "25\r\n",                             /* too short */
    "250_x\r\n",                          /* bad separator */
    "HTTP/1.1 400 Bad Request\r\n",       /* not SMTP at all */
  };
  g_autofree char *long_line = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(MdSmtpReply) reply = parse (invalid[i], &error);

      g_assert_null (reply);
      g_assert_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_PROTOCOL);
      g_clear_error (&error);
    }

  long_line = g_strnfill (MD_SMTP_REPLY_MAX_LINE_LENGTH + 10, 'A');
  memcpy (long_line, "250 ", 4);
  {
    g_autoptr(MdSmtpReply) reply = md_smtp_reply_parse (long_line, strlen (long_line), NULL, &error);

    g_assert_null (reply);
    g_assert_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_PROTOCOL);
    g_clear_error (&error);
  }
}

static void
test_reply_too_many_lines (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(MdSmtpReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < MD_SMTP_REPLY_MAX_LINES + 5; i++)
    g_string_append (text, "250-more\r\n");
  g_string_append (text, "250 end\r\n");

  reply = parse (text->str, &error);
  g_assert_null (reply);
  g_assert_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_PROTOCOL);
}

static void
test_reply_sanitized (void)
{
  g_autoptr(MdSmtpReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char raw[] = "554 \033[31mred\x01\xff\r\n";

  reply = md_smtp_reply_parse (raw, sizeof raw - 1, NULL, &error);
  g_assert_no_error (error);
  text = md_smtp_reply_get_text (reply);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '\033'));
  g_assert_null (strchr (text, '\001'));
}

static void
test_reply_add_after_end (void)
{
  g_autoptr(MdSmtpReply) reply = md_smtp_reply_new ();
  g_autoptr(GError) error = NULL;
  gboolean complete = TRUE;

  g_assert_true (md_smtp_reply_add_line (reply, "334 VXNlcm5hbWU6", 16, &complete, &error));
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_false (md_smtp_reply_add_line (reply, "235 ok", 6, &complete, &error));
  g_assert_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_PROTOCOL);
}

static void
test_transcript_bounds (void)
{
  g_autoptr(MdSmtpTranscript) transcript = md_smtp_transcript_new ();
  g_autofree char *huge = g_strnfill (10000, 'x');
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) json = NULL;
  MdSmtpDirection direction;
  guint ms;

  md_smtp_transcript_add (transcript, MD_SMTP_DIRECTION_CLIENT, "EHLO [127.0.0.1]");
  md_smtp_transcript_add (transcript, MD_SMTP_DIRECTION_SERVER, huge);
  g_assert_cmpstr (md_smtp_transcript_get_entry (transcript, 0, &ms, &direction), ==,
                   "EHLO [127.0.0.1]");
  g_assert_cmpint (direction, ==, MD_SMTP_DIRECTION_CLIENT);
  g_assert_cmpuint (strlen (md_smtp_transcript_get_entry (transcript, 1, NULL, NULL)), <=,
                    MD_SMTP_TRANSCRIPT_MAX_LINE_LENGTH + 3);

  for (guint i = 0; i < 2 * MD_SMTP_TRANSCRIPT_MAX_ENTRIES; i++)
    md_smtp_transcript_add (transcript, MD_SMTP_DIRECTION_SERVER, "250 OK");
  g_assert_true (md_smtp_transcript_get_truncated (transcript));
  g_assert_cmpuint (md_smtp_transcript_get_n_entries (transcript), <=, MD_SMTP_TRANSCRIPT_MAX_ENTRIES);

  text = md_smtp_transcript_to_text (transcript);
  g_assert_nonnull (strstr (text, " C: EHLO [127.0.0.1]\n"));
  json = md_smtp_transcript_to_json (transcript);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (json), 0), "direction"),
                   ==, "client");

  g_assert_finalize_object (g_steal_pointer (&transcript));
}

static void
test_security_names (void)
{
  MdSmtpSecurity security;

  for (MdSmtpSecurity s = MD_SMTP_SECURITY_AUTO; s <= MD_SMTP_SECURITY_NONE; s++)
    {
      g_assert_true (md_smtp_security_from_string (md_smtp_security_to_string (s), &security));
      g_assert_cmpint (security, ==, s);
      g_assert_nonnull (md_smtp_security_get_label (s));
    }
  g_assert_false (md_smtp_security_from_string ("ssl-maybe", &security));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/smtp-reply/single-line", test_reply_single_line);
  g_test_add_func ("/smtp-reply/multi-line", test_reply_multi_line);
  g_test_add_func ("/smtp-reply/invalid", test_reply_invalid);
  g_test_add_func ("/smtp-reply/too-many-lines", test_reply_too_many_lines);
  g_test_add_func ("/smtp-reply/sanitized", test_reply_sanitized);
  g_test_add_func ("/smtp-reply/add-after-end", test_reply_add_after_end);
  g_test_add_func ("/smtp-transcript/bounds", test_transcript_bounds);
  g_test_add_func ("/smtp-probe/security-names", test_security_names);

  return g_test_run ();
}
