/* test-bounce.c: MdBounce, the bounce parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "md-core.h"

static MdBounce *
parse_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "bounces", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MdBounce *bounce;

  bounce = md_bounce_parse_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bounce);
  return bounce;
}

static MdBounce *
parse_string (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  MdBounce *bounce = md_bounce_parse (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bounce);
  return bounce;
}

static MdBounceRecipient *
only_recipient (MdBounce *bounce)
{
  GPtrArray *r = md_bounce_get_recipients (bounce);

  g_assert_cmpuint (r->len, ==, 1);
  return g_ptr_array_index (r, 0);
}

static void
test_postfix_dsn (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("postfix-userunknown.eml");
  MdBounceRecipient *r = only_recipient (b);
  const guint *lines;
  guint n_lines;
  g_auto(GStrv) text_lines = NULL;

  g_assert_cmpint (md_bounce_get_kind (b), ==, MD_BOUNCE_KIND_FAILURE);
  g_assert_cmpstr (md_bounce_get_mta (b), ==, "Postfix");
  g_assert_cmpstr (md_bounce_get_reporting_mta (b), ==, "smtp.sender.example");
  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "bob@recipient.example");
  g_assert_cmpstr (md_bounce_recipient_get_original_address (r), ==, "bob@recipient.example");
  g_assert_cmpstr (md_bounce_recipient_get_status (r), ==, "5.1.1");
  g_assert_cmpstr (md_bounce_recipient_get_reply_code (r), ==, "550");
  g_assert_cmpint (md_bounce_recipient_get_action (r), ==, MD_BOUNCE_ACTION_FAILED);
  g_assert_cmpstr (md_bounce_recipient_get_remote_mta (r), ==, "mx1.recipient.example");
  g_assert_cmpstr (md_bounce_recipient_get_smtp_command (r), ==, "RCPT");
  g_assert_nonnull (md_bounce_recipient_get_last_attempt (r));
  g_assert_cmpint (g_date_time_get_year (md_bounce_recipient_get_last_attempt (r)), ==, 2025);
  g_assert_nonnull (strstr (md_bounce_recipient_get_diagnostic (r), "User unknown in virtual mailbox table"));

  /* original message headers from text/rfc822-headers */
  g_assert_cmpstr (md_bounce_get_subject (b), ==, "Quarterly figures");
  g_assert_cmpstr (md_bounce_get_message_id (b), ==, "20250304091400.1234@sender.example");
  g_assert_nonnull (strstr (md_bounce_get_to (b), "bob@recipient.example"));
  g_assert_nonnull (strstr (md_bounce_get_from (b), "alice@sender.example"));
  g_assert_nonnull (md_bounce_get_date (b));

  /* the lines point at the diagnostic in the decoded text */
  lines = md_bounce_recipient_get_lines (r, &n_lines);
  g_assert_cmpuint (n_lines, >, 0);
  text_lines = g_strsplit (md_bounce_get_text (b), "\n", -1);
  g_assert_cmpuint (lines[0], <=, g_strv_length (text_lines));
  {
    gboolean found = FALSE;

    for (guint i = 0; i < n_lines; i++)
      if (strstr (text_lines[lines[i] - 1], "bob@recipient.example") != NULL)
        found = TRUE;
    g_assert_true (found);
  }
}

static void
test_exim_text (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("exim-mailboxfull.eml");
  MdBounceRecipient *r = only_recipient (b);

  g_assert_cmpint (md_bounce_get_kind (b), ==, MD_BOUNCE_KIND_FAILURE);
  g_assert_cmpstr (md_bounce_get_mta (b), ==, "Exim");
  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "dave@full.example");
  g_assert_cmpstr (md_bounce_recipient_get_status (r), ==, "5.2.2");
  g_assert_cmpstr (md_bounce_recipient_get_reply_code (r), ==, "552");
  g_assert_cmpstr (md_bounce_recipient_get_smtp_command (r), ==, "RCPT");
  g_assert_cmpstr (md_bounce_get_subject (b), ==, "Lunch on Friday?");
  g_assert_cmpstr (md_bounce_get_message_id (b), ==, "lunch-7781@sender.example");
}

static void
test_sendmail (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("sendmail-hostunknown.eml");
  MdBounceRecipient *r = only_recipient (b);

  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "frank@no-such-host.example");
  g_assert_cmpstr (md_bounce_recipient_get_status (r), ==, "5.1.2");
  g_assert_cmpstr (md_bounce_get_mta (b), ==, "Sendmail");
  g_assert_cmpstr (md_bounce_get_subject (b), ==, "Invoice 2025-031");
}

static void
test_qmail (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("qmail-userunknown.eml");
  MdBounceRecipient *r = only_recipient (b);

  g_assert_cmpint (md_bounce_get_kind (b), ==, MD_BOUNCE_KIND_FAILURE);
  g_assert_cmpstr (md_bounce_get_mta (b), ==, "qmail");
  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "heidi@qmail-site.example");
  g_assert_cmpstr (md_bounce_recipient_get_status (r), ==, "5.1.1");
  g_assert_cmpstr (md_bounce_recipient_get_reply_code (r), ==, "550");
  g_assert_cmpstr (md_bounce_get_subject (b), ==, "Minutes");
}

static void
test_localised_exchange (void)
{
  struct { const char *file; const char *address; const char *status; const char *needle; } cases[] = {
    { "exchange-de-quota.eml", "ivan@firma.example", "5.2.2", "Empfänger" },
    { "office365-fr-notfound.eml", "kim@societe.example", "5.1.10", "introuvable" },
    { "exchange-es-quota.eml", "maria@empresa.example", "5.2.2", "buzón" },
    { "exchange-ja-notfound.eml", "taro@kaisha.example", "5.1.1", "見つかりません" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MdBounce) b = parse_fixture (cases[i].file);
      MdBounceRecipient *r = only_recipient (b);

      g_test_message ("%s", cases[i].file);
      g_assert_cmpint (md_bounce_get_kind (b), ==, MD_BOUNCE_KIND_FAILURE);
      g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, cases[i].address);
      g_assert_cmpstr (md_bounce_recipient_get_status (r), ==, cases[i].status);
      /* decoded from QP / base64 / 8-bit / ISO-2022-JP into UTF-8 */
      g_assert_true (g_utf8_validate (md_bounce_get_text (b), -1, NULL));
      g_assert_nonnull (strstr (md_bounce_get_text (b), cases[i].needle));
    }
}

static void
test_french_subject_crlf (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("office365-fr-notfound.eml");

  g_assert_cmpstr (md_bounce_get_subject (b), ==, "Réunion");
  g_assert_null (strchr (md_bounce_get_text (b), '\r'));
}

static void
test_gmail (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("gmail-userunknown.eml");
  MdBounceRecipient *r = only_recipient (b);

  g_assert_cmpstr (md_bounce_get_mta (b), ==, "Gmail");
  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "quinn@nowhere-mail.example");
  g_assert_cmpstr (md_bounce_recipient_get_status (r), ==, "5.1.1");
  g_assert_cmpstr (md_bounce_recipient_get_reply_code (r), ==, "550");
  /* the HTML alternative is not used when there is plain text */
  g_assert_null (strstr (md_bounce_get_text (b), "<html>"));
}

static void
test_yahoo (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("yahoo-notfound.eml");
  MdBounceRecipient *r = only_recipient (b);

  g_assert_cmpstr (md_bounce_get_mta (b), ==, "Yahoo");
  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "sam@mailhost.example");
  g_assert_cmpstr (md_bounce_recipient_get_reply_code (r), ==, "554");
}

static void
test_ses_json (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("ses-json-bounce.eml");
  MdBounceRecipient *r = only_recipient (b);

  g_assert_cmpstr (md_bounce_get_mta (b), ==, "AmazonSES");
  g_assert_cmpint (md_bounce_get_kind (b), ==, MD_BOUNCE_KIND_FAILURE);
  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "victor@unknown-user.example");
  g_assert_cmpstr (md_bounce_recipient_get_status (r), ==, "5.1.1");
  g_assert_cmpstr (md_bounce_recipient_get_reply_code (r), ==, "550");
  g_assert_cmpstr (md_bounce_get_subject (b), ==, "Your receipt");
}

static void
test_kinds (void)
{
  struct { const char *file; MdBounceKind kind; MdBounceAction action; guint n; } cases[] = {
    { "dsn-delayed.eml", MD_BOUNCE_KIND_DELAY, MD_BOUNCE_ACTION_DELAYED, 1 },
    { "dsn-delivered.eml", MD_BOUNCE_KIND_DELIVERED, MD_BOUNCE_ACTION_DELIVERED, 1 },
    { "exim-delay.eml", MD_BOUNCE_KIND_DELAY, MD_BOUNCE_ACTION_DELAYED, 1 },
    { "arf-abuse.eml", MD_BOUNCE_KIND_COMPLAINT, MD_BOUNCE_ACTION_UNKNOWN, 1 },
    { "vacation-autoreply.eml", MD_BOUNCE_KIND_AUTO_REPLY, MD_BOUNCE_ACTION_UNKNOWN, 1 },
    { "ordinary.eml", MD_BOUNCE_KIND_NOT_A_BOUNCE, MD_BOUNCE_ACTION_UNKNOWN, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MdBounce) b = parse_fixture (cases[i].file);
      GPtrArray *r = md_bounce_get_recipients (b);

      g_test_message ("%s", cases[i].file);
      g_assert_cmpint (md_bounce_get_kind (b), ==, cases[i].kind);
      g_assert_cmpuint (r->len, ==, cases[i].n);
      if (cases[i].n > 0)
        g_assert_cmpint (md_bounce_recipient_get_action (g_ptr_array_index (r, 0)), ==, cases[i].action);
    }
}

static void
test_arf (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("arf-abuse.eml");
  MdBounceRecipient *r = only_recipient (b);

  g_assert_cmpstr (md_bounce_get_feedback_type (b), ==, "abuse");
  g_assert_cmpstr (md_bounce_recipient_get_feedback_type (r), ==, "abuse");
  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "member@isp.example");
  g_assert_cmpstr (md_bounce_get_subject (b), ==, "Spring offers");
}

static void
test_vacation (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("vacation-autoreply.eml");
  MdBounceRecipient *r = only_recipient (b);

  /* the person who is away */
  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "ann@away.example");
}

static void
test_paste_quoted (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("paste-quoted.txt");
  MdBounceRecipient *r = only_recipient (b);

  g_assert_cmpint (md_bounce_get_kind (b), ==, MD_BOUNCE_KIND_FAILURE);
  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "eve@closed-box.example");
  g_assert_cmpstr (md_bounce_recipient_get_status (r), ==, "5.2.1");
  g_assert_cmpstr (md_bounce_recipient_get_reply_code (r), ==, "550");
  /* quoting removed, wrapped lines joined in the diagnostic */
  g_assert_null (strstr (md_bounce_get_text (b), "> "));
  g_assert_nonnull (strstr (md_bounce_recipient_get_diagnostic (r), "this account has been disabled"));
}

static void
test_paste_outlook_crlf (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("paste-outlook.txt");
  MdBounceRecipient *r = only_recipient (b);

  g_assert_cmpstr (md_bounce_get_mta (b), ==, "Office365");
  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "fred@typo-domain.example");
  g_assert_cmpstr (md_bounce_recipient_get_status (r), ==, "5.4.1");
  g_assert_null (strchr (md_bounce_get_text (b), '\r'));
}

static void
test_mbox (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("courier-mbox.mbox");
  MdBounceRecipient *r = only_recipient (b);

  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "jane@relay-only.example");
  g_assert_cmpstr (md_bounce_recipient_get_status (r), ==, "5.7.1");
  g_assert_cmpstr (md_bounce_recipient_get_reply_code (r), ==, "554");
  g_assert_cmpstr (md_bounce_recipient_get_smtp_command (r), ==, "RCPT");
}

static void
test_domino (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("domino-userunknown.eml");
  MdBounceRecipient *r = only_recipient (b);

  g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, "lena@domino.example");
  g_assert_cmpint (md_bounce_get_kind (b), ==, MD_BOUNCE_KIND_FAILURE);
}

static void
test_more_families (void)
{
  struct { const char *file; const char *mta; const char *address; const char *status; const char *reply; const char *command; } cases[] = {
    { "gmx-userunknown.eml", "GMX", "rosa@unknown-at-gmx.example", "5.1.1", "550", "RCPT" },
    { "messagingserver-text.eml", "MessagingServer", "tina@ms.example", "5.2.1", "550", NULL },
    { "aol-hostunknown.eml", "AOL", "vera@no-such-domain.example", "5.4.4", NULL, NULL },
    { "zimbra-quota.eml", "Zimbra", "xavier@zimbra.example", "5.2.2", "552", "DATA" },
    { "sendgrid-spam.eml", "SendGrid", "paul@strict.example", "5.7.1", "550", NULL },
    { "outlook-blocked.eml", "Office365", "uma@outlook.example", "5.7.1", "550", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MdBounce) b = parse_fixture (cases[i].file);
      MdBounceRecipient *r = only_recipient (b);

      g_test_message ("%s", cases[i].file);
      g_assert_cmpint (md_bounce_get_kind (b), ==, MD_BOUNCE_KIND_FAILURE);
      g_assert_cmpstr (md_bounce_get_mta (b), ==, cases[i].mta);
      g_assert_cmpstr (md_bounce_recipient_get_address (r), ==, cases[i].address);
      g_assert_cmpstr (md_bounce_recipient_get_status (r), ==, cases[i].status);
      g_assert_cmpstr (md_bounce_recipient_get_reply_code (r), ==, cases[i].reply);
      g_assert_cmpstr (md_bounce_recipient_get_smtp_command (r), ==, cases[i].command);
    }
}

static void
test_multiple_recipients (void)
{
  g_autoptr(MdBounce) b = parse_string (
    "Delivery to the following recipients failed.\n"
    "\n"
    "<one@a.example>: host mx.a.example said: 550 5.1.1 User unknown\n"
    "<two@b.example>: host mx.b.example said: 552 5.2.2 Mailbox full\n");
  GPtrArray *r = md_bounce_get_recipients (b);

  g_assert_cmpuint (r->len, ==, 2);
  g_assert_cmpstr (md_bounce_recipient_get_address (g_ptr_array_index (r, 0)), ==, "one@a.example");
  g_assert_cmpstr (md_bounce_recipient_get_status (g_ptr_array_index (r, 0)), ==, "5.1.1");
  g_assert_cmpstr (md_bounce_recipient_get_address (g_ptr_array_index (r, 1)), ==, "two@b.example");
  g_assert_cmpstr (md_bounce_recipient_get_status (g_ptr_array_index (r, 1)), ==, "5.2.2");
}

static void
test_text_variants (void)
{
  g_autoptr(MdBounce) quoted = parse_string (
    "Final-Recipient: rfc822; \"first last\"@q.example\n"
    "Action: failed\n"
    "Status: 5.1.1\n");
  g_autoptr(MdBounce) italian = parse_string (
    "Il recapito ai seguenti destinatari o gruppi non è riuscito:\n"
    "\n"
    "mario@azienda.example\n"
    "Utente sconosciuto.\n"
    "\n"
    "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'\n");
  g_autoptr(MdBounce) warning = parse_string (
    "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n"
    "\n"
    "Your message could not be delivered for more than 4 hour(s).\n"
    "\n"
    "<ben@far.example>: host mx.far.example[192.0.2.1] said: 451 4.3.0 Try again later\n");

  g_assert_cmpstr (md_bounce_recipient_get_address (only_recipient (quoted)), ==, "\"first last\"@q.example");
  g_assert_cmpint (md_bounce_get_kind (italian), ==, MD_BOUNCE_KIND_FAILURE);
  g_assert_cmpstr (md_bounce_recipient_get_address (only_recipient (italian)), ==, "mario@azienda.example");
  g_assert_cmpint (md_bounce_get_kind (warning), ==, MD_BOUNCE_KIND_DELAY);
  g_assert_cmpint (md_bounce_recipient_get_action (only_recipient (warning)), ==, MD_BOUNCE_ACTION_DELAYED);
  g_assert_true (md_bounce_recipient_get_temporary (only_recipient (warning)));
}

static void
test_unlabelled_8bit (void)
{
  /* Latin-1 without a charset label, then Shift_JIS without one */
  g_autoptr(MdBounce) latin = parse_string (
    "Die Zustellung an folgende Empf\xe4nger ist fehlgeschlagen:\n\n"
    "<ida@x.example>: 552 5.2.2 Postfach voll\n");
  g_autoptr(MdBounce) sjis = parse_string (
    "\x83\x81\x81\x5b\x83\x8b\x82\xcd\x94\x7a\x90\x4d\x82\xc5\x82\xab\x82\xdc\x82\xb9\x82\xf1\x82\xc5\x82\xb5\x82\xbd\n\n"
    "<jun@y.example>: 550 5.1.1 user unknown\n");

  g_assert_nonnull (strstr (md_bounce_get_text (latin), "Empfänger"));
  g_assert_cmpstr (md_bounce_recipient_get_reason (only_recipient (latin)), ==, "mailboxfull");
  g_assert_nonnull (strstr (md_bounce_get_text (sjis), "メールは配信できませんでした"));
  g_assert_cmpstr (md_bounce_recipient_get_address (only_recipient (sjis)), ==, "jun@y.example");
}

static void
test_empty (void)
{
  const char *inputs[] = { "", "   \n\r\n\t  \n" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (inputs[i], strlen (inputs[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(MdBounce) b = md_bounce_parse (bytes, &error);

      g_assert_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_EMPTY);
      g_assert_null (b);
    }
}

static void
test_too_large (void)
{
  gsize size = MD_BOUNCE_MAX_SIZE + 1;
  char *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdBounce) b = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  int fd;

  memset (data, 'a', size);
  bytes = g_bytes_new_take (data, size);
  b = md_bounce_parse (bytes, &error);
  g_assert_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_TOO_LARGE);
  g_assert_null (b);
  g_assert_nonnull (strstr (error->message, "MB"));
  g_clear_error (&error);

  /* md_bounce_parse_file() stops reading at the limit */
  fd = g_file_open_tmp ("md-bounce-XXXXXX", &path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ftruncate (fd, (off_t) MD_BOUNCE_MAX_SIZE * 3), ==, 0);
  close (fd);
  file = g_file_new_for_path (path);
  b = md_bounce_parse_file (file, NULL, &error);
  g_assert_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_TOO_LARGE);
  g_assert_null (b);
  g_unlink (path);
}

static void
test_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/bounce.eml");
  g_autoptr(GError) error = NULL;
  g_autoptr(MdBounce) b = md_bounce_parse_file (file, NULL, &error);

  g_assert_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_UNREADABLE);
  g_assert_null (b);
}

static void
test_invalid_utf8 (void)
{
  const char raw[] =
    "Subject: Undelivered Mail Returned to Sender\n"
    "From: MAILER-DAEMON@x.example\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "<bad\xff\xfe@x.example>: 550 5.1.1 User \xc3\x28unknown \xed\xa0\x80\n"
    "\x00\x01\x02 binary \x80\x81\x82\n";
  g_autoptr(GBytes) bytes = g_bytes_new (raw, sizeof raw - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdBounce) b = md_bounce_parse (bytes, &error);
  GPtrArray *r;

  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (md_bounce_get_text (b), -1, NULL));
  r = md_bounce_get_recipients (b);
  for (guint i = 0; i < r->len; i++)
    {
      const char *d = md_bounce_recipient_get_diagnostic (g_ptr_array_index (r, i));
      const char *a = md_bounce_recipient_get_address (g_ptr_array_index (r, i));

      g_assert_true (d == NULL || g_utf8_validate (d, -1, NULL));
      g_assert_true (a == NULL || g_utf8_validate (a, -1, NULL));
    }
}

static void
test_garbage (void)
{
  GRand *rand = g_rand_new_with_seed (4242);

  for (guint round = 0; round < 50; round++)
    {
      gsize len = 1 + g_rand_int_range (rand, 0, 8192);
      guint8 *data = g_malloc (len);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(MdBounce) b = NULL;

      for (gsize i = 0; i < len; i++)
        data[i] = (guint8) g_rand_int_range (rand, 0, 256);
      /* sometimes look like a message, to reach the MIME parser */
      if (round % 3 == 0 && len > 40)
        memcpy (data, "Content-Type: multipart/report; boundary=x\n\n--x\n", 40);
      bytes = g_bytes_new_take (data, len);
      b = md_bounce_parse (bytes, &error);
      if (b == NULL)
        g_assert_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_EMPTY);
      else
        g_assert_true (g_utf8_validate (md_bounce_get_text (b), -1, NULL));
    }
  g_rand_free (rand);
}

static void
check_fast (const char *pattern,
            gsize       total)
{
  GString *s = g_string_sized_new (total + 64);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdBounce) b = NULL;
  gint64 start;
  double seconds;

  while (s->len < total)
    g_string_append (s, pattern);
  bytes = g_string_free_to_bytes (s);

  start = g_get_monotonic_time ();
  b = md_bounce_parse (bytes, &error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_assert_no_error (error);
  {
    g_autofree char *escaped = g_strescape (pattern, NULL);

    g_test_message ("%s: %.3f s", escaped, seconds);
  }
  /* generous for slow CI and sanitizers; catastrophic cases take minutes */
  g_assert_cmpfloat (seconds, <, 10.0);
}

static void
test_pathological (void)
{
  check_fast ("<<<@@@", 1024 * 1024);
  check_fast ("<<<@@@\n", 1024 * 1024);
  check_fast ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1024 * 1024);
  check_fast ("a@b.c 550 5.1.1 user unknown a@b.c\n", 1024 * 1024);
  check_fast ("5.5.5.5.5.5.5.5.5.", 512 * 1024);
  check_fast ("From: x\n", 256 * 1024);
  check_fast ("> > > > > > > > > > \n", 512 * 1024);

  /* hundreds of recipients, each with its own error line */
  {
    GString *s = g_string_new ("The mail system\n\n");
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(MdBounce) b = NULL;
    gint64 start;

    for (guint i = 0; i < 2000; i++)
      g_string_append_printf (s, "<user%u@d%u.example>: host mx.example said: 550 5.1.1 no such user\n", i, i);
    bytes = g_string_free_to_bytes (s);
    start = g_get_monotonic_time ();
    b = parse_string ((const char *) g_bytes_get_data (bytes, NULL));
    g_assert_cmpfloat ((g_get_monotonic_time () - start) / 1e6, <, 10.0);
    g_assert_cmpuint (md_bounce_get_recipients (b)->len, ==, 500);
    g_assert_cmpstr (md_bounce_recipient_get_reason (g_ptr_array_index (md_bounce_get_recipients (b), 499)), ==, "userunknown");
  }
}

static void
on_parsed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  MdBounce **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = md_bounce_parse_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "bounces", "exim-mailboxfull.eml", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MdBounce) b = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  bytes = g_bytes_new (contents, len);
  md_bounce_parse_async (bytes, NULL, on_parsed, &b);
  while (b == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (md_bounce_recipient_get_address (only_recipient (b)), ==, "dave@full.example");
  g_assert_finalize_object (g_steal_pointer (&b));
}

static void
on_parsed_cancelled (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdBounce) b = md_bounce_parse_finish (result, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (b);
  *done = TRUE;
}

static void
test_async_cancelled (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;

  g_cancellable_cancel (cancellable);
  md_bounce_parse_async (bytes, cancellable, on_parsed_cancelled, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bounce/postfix-dsn", test_postfix_dsn);
  g_test_add_func ("/bounce/exim-text", test_exim_text);
  g_test_add_func ("/bounce/sendmail", test_sendmail);
  g_test_add_func ("/bounce/qmail", test_qmail);
  g_test_add_func ("/bounce/exchange-localised", test_localised_exchange);
  g_test_add_func ("/bounce/french-subject-crlf", test_french_subject_crlf);
  g_test_add_func ("/bounce/gmail", test_gmail);
  g_test_add_func ("/bounce/yahoo", test_yahoo);
  g_test_add_func ("/bounce/ses-json", test_ses_json);
  g_test_add_func ("/bounce/kinds", test_kinds);
  g_test_add_func ("/bounce/arf", test_arf);
  g_test_add_func ("/bounce/vacation", test_vacation);
  g_test_add_func ("/bounce/paste-quoted", test_paste_quoted);
  g_test_add_func ("/bounce/paste-outlook-crlf", test_paste_outlook_crlf);
  g_test_add_func ("/bounce/mbox", test_mbox);
  g_test_add_func ("/bounce/domino", test_domino);
  g_test_add_func ("/bounce/more-families", test_more_families);
  g_test_add_func ("/bounce/multiple-recipients", test_multiple_recipients);
  g_test_add_func ("/bounce/text-variants", test_text_variants);
  g_test_add_func ("/bounce/unlabelled-8bit", test_unlabelled_8bit);
  g_test_add_func ("/bounce/empty", test_empty);
  g_test_add_func ("/bounce/too-large", test_too_large);
  g_test_add_func ("/bounce/missing-file", test_missing_file);
  g_test_add_func ("/bounce/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/bounce/garbage", test_garbage);
  g_test_add_func ("/bounce/pathological", test_pathological);
  g_test_add_func ("/bounce/async", test_async);
  g_test_add_func ("/bounce/async-cancelled", test_async_cancelled);

  return g_test_run ();
}
