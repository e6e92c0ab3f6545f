/* test-classifier.c: MdClassifier, bounce facts to reasons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-core.h"

static MdBounce *
parse_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "bounces", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MdBounce *bounce = md_bounce_parse_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bounce);
  return bounce;
}

typedef struct
{
  const char *file;
  const char *reason;
  gboolean    hardbounce;
  gboolean    temporary;
} Case;

static const Case fixtures[] = {
  { "postfix-userunknown.eml", "userunknown", TRUE, FALSE },
  { "exim-mailboxfull.eml", "mailboxfull", FALSE, FALSE },
  { "sendmail-hostunknown.eml", "hostunknown", TRUE, FALSE },
  { "qmail-userunknown.eml", "userunknown", TRUE, FALSE },
  { "exchange-de-quota.eml", "mailboxfull", FALSE, FALSE },
  { "office365-fr-notfound.eml", "userunknown", TRUE, FALSE },
  { "exchange-es-quota.eml", "mailboxfull", FALSE, FALSE },
  { "exchange-ja-notfound.eml", "userunknown", TRUE, FALSE },
  { "gmail-userunknown.eml", "userunknown", TRUE, FALSE },
  { "yahoo-notfound.eml", "userunknown", TRUE, FALSE },
  { "outlook-blocked.eml", "blocked", FALSE, FALSE },
  { "ses-json-bounce.eml", "userunknown", TRUE, FALSE },
  { "dsn-delayed.eml", "networkerror", FALSE, TRUE },
  { "exim-delay.eml", "networkerror", FALSE, TRUE },
  { "dsn-delivered.eml", "delivered", FALSE, FALSE },
  { "arf-abuse.eml", "feedback", FALSE, FALSE },
  { "vacation-autoreply.eml", "vacation", FALSE, FALSE },
  { "paste-quoted.txt", "suspend", FALSE, FALSE },
  { "paste-outlook.txt", "userunknown", TRUE, FALSE },
  { "ratelimit-511.eml", "speeding", FALSE, FALSE },
  { "courier-mbox.mbox", "norelaying", FALSE, FALSE },
  { "domino-userunknown.eml", "userunknown", TRUE, FALSE },
  { "sendgrid-spam.eml", "spamdetected", FALSE, FALSE },
  { "gmx-userunknown.eml", "userunknown", TRUE, FALSE },
  { "messagingserver-text.eml", "suspend", FALSE, FALSE },
  { "aol-hostunknown.eml", "hostunknown", TRUE, FALSE },
  { "zimbra-quota.eml", "mailboxfull", FALSE, FALSE },
};

static void
test_fixtures (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(MdBounce) b = parse_fixture (fixtures[i].file);
      GPtrArray *r = md_bounce_get_recipients (b);
      MdBounceRecipient *rc;

      g_test_message ("%s", fixtures[i].file);
      g_assert_cmpuint (r->len, ==, 1);
      rc = g_ptr_array_index (r, 0);
      g_assert_cmpstr (md_bounce_recipient_get_reason (rc), ==, fixtures[i].reason);
      g_assert_cmpint (md_bounce_recipient_get_hardbounce (rc), ==, fixtures[i].hardbounce);
      g_assert_cmpint (md_bounce_recipient_get_temporary (rc), ==, fixtures[i].temporary);
      g_assert_nonnull (md_bounce_recipient_get_evidence_rule (rc));
      /* every reason is one the plain-language table knows */
      g_assert_nonnull (md_reason_lookup (md_bounce_recipient_get_reason (rc)));
    }
}

static void
test_ordinary_mail (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("ordinary.eml");

  g_assert_cmpint (md_bounce_get_kind (b), ==, MD_BOUNCE_KIND_NOT_A_BOUNCE);
  g_assert_cmpuint (md_bounce_get_recipients (b)->len, ==, 0);
}

/* A status code alone is not trusted: the words say rate limit. */
static void
test_status_not_trusted_blindly (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("ratelimit-511.eml");
  MdBounceRecipient *r = g_ptr_array_index (md_bounce_get_recipients (b), 0);

  g_assert_cmpstr (md_bounce_recipient_get_status (r), ==, "5.1.1");
  g_assert_cmpstr (md_bounce_recipient_get_reason (r), ==, "speeding");
  g_assert_cmpstr (md_bounce_recipient_get_evidence_rule (r), ==, "speeding-rate");
  g_assert_nonnull (strstr (md_bounce_recipient_get_evidence_text (r), "Too many recipients this hour"));
  g_assert_cmpuint (md_bounce_recipient_get_evidence_line (r), >, 0);
}

static void
test_evidence_line (void)
{
  g_autoptr(MdBounce) b = parse_fixture ("exim-mailboxfull.eml");
  MdBounceRecipient *r = g_ptr_array_index (md_bounce_get_recipients (b), 0);
  g_auto(GStrv) lines = g_strsplit (md_bounce_get_text (b), "\n", -1);
  guint line = md_bounce_recipient_get_evidence_line (r);

  g_assert_cmpuint (line, >, 0);
  g_assert_cmpuint (line, <=, g_strv_length (lines));
  g_assert_nonnull (strstr (lines[line - 1], "quota exceeded"));
}

typedef struct
{
  const char *status;
  const char *reply;
  const char *diagnostic;
  const char *command;
  const char *reason;
} Facts;

static const Facts facts[] = {
  { "5.1.1", "550", "5.1.1 <x@y.example>: Recipient address rejected: User unknown", "RCPT", "userunknown" },
  { NULL, "550", "Requested action not taken: mailbox unavailable (no such user)", NULL, "userunknown" },
  { "5.2.2", "552", "Mailbox full", NULL, "mailboxfull" },
  { "4.2.2", "452", "4.2.2 The email account that you tried to reach is over quota", NULL, "mailboxfull" },
  { "5.7.1", "554", "Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", NULL, "blocked" },
  { "5.7.26", "550", "Unauthenticated email from example.com is not accepted due to domain's DMARC policy", NULL, "authfailure" },
  { "5.7.25", "550", "The IP address sending this message does not have a PTR record setup", NULL, "requireptr" },
  { "5.7.1", "554", "Relay access denied", NULL, "norelaying" },
  { "5.3.4", "552", "Message size exceeds fixed maximum message size", NULL, "mesgtoobig" },
  { "4.7.0", "421", "Too many concurrent SMTP connections from this IP address; please try again later", NULL, "toomanyconn" },
  { "5.7.1", "550", "Message rejected because it contains a virus", NULL, "virusdetected" },
  { "5.7.1", "550", "Our system has detected that this message is likely unsolicited mail", NULL, "spamdetected" },
  { "5.1.2", "550", "Host or domain name not found", NULL, "hostunknown" },
  { "5.1.0", "553", "Sender address rejected: Domain not found", "MAIL", "rejected" },
  { "5.0.0", "550", "User unknown", "DATA", "filtered" },
  { "5.2.1", "550", "The email account that you tried to reach is disabled", NULL, "suspend" },
  { "5.1.6", "551", "User has moved; please try <new@y.example>", NULL, "hasmoved" },
  { "5.7.1", "550", "Message does not comply with RFC 5322: multiple From headers", NULL, "notcompliantrfc" },
  { "4.4.7", NULL, "Message expired: unable to deliver in 840 minutes", NULL, "expired" },
  { "5.1.10", "550", "Recipient domain has null MX", NULL, "notaccept" },
  { "5.7.10", "530", "Must issue a STARTTLS command first", NULL, "failedstarttls" },
  { "5.7.1", "550", "Daily sending quota exceeded: you are sending too fast", NULL, "speeding" },
  { "5.1.1", "550", "5.1.1 too many recipients this hour", NULL, "speeding" },
  { "5.3.0", "554", "procmail: Couldn't create \"/var/mail/x\": exit status 73", NULL, "mailererror" },
  { "5.6.0", "554", "Illegal header line too long", NULL, "contenterror" },
  { "5.2.0", "550", "Rejected by recipient's message filter", NULL, "filtered" },
  { "5.0.0", NULL, "Nothing useful here", NULL, "onhold" },
  { NULL, NULL, NULL, NULL, "undefined" },
  /* localised words */
  { NULL, "550", "Benutzer unbekannt", NULL, "userunknown" },
  { NULL, "552", "La boîte aux lettres pleine", NULL, "mailboxfull" },
  { NULL, "550", "El usuario no existe", NULL, "userunknown" },
};

static void
test_facts (void)
{
  MdClassifier *classifier = md_classifier_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    {
      g_autoptr(MdBounceRecipient) r = md_bounce_recipient_new ("x@y.example");

      g_test_message ("%u: %s", i, facts[i].diagnostic);
      md_bounce_recipient_set_status (r, facts[i].status);
      md_bounce_recipient_set_reply_code (r, facts[i].reply);
      md_bounce_recipient_set_diagnostic (r, facts[i].diagnostic);
      md_bounce_recipient_set_context (r, facts[i].diagnostic);
      md_bounce_recipient_set_smtp_command (r, facts[i].command);
      md_bounce_recipient_set_action (r, MD_BOUNCE_ACTION_FAILED);
      md_classifier_classify_recipient (classifier, r, MD_BOUNCE_KIND_FAILURE, NULL, facts[i].diagnostic);
      g_assert_cmpstr (md_bounce_recipient_get_reason (r), ==, facts[i].reason);
    }
}

static void
test_hardbounce (void)
{
  g_assert_true (md_classifier_is_hardbounce ("userunknown", "5.1.1", "550"));
  g_assert_true (md_classifier_is_hardbounce ("hostunknown", NULL, NULL));
  g_assert_true (md_classifier_is_hardbounce ("hasmoved", "5.1.6", NULL));
  g_assert_true (md_classifier_is_hardbounce ("notaccept", "5.1.10", "550"));
  g_assert_false (md_classifier_is_hardbounce ("notaccept", "4.4.4", NULL));
  g_assert_false (md_classifier_is_hardbounce ("notaccept", NULL, "421"));
  g_assert_false (md_classifier_is_hardbounce ("mailboxfull", "5.2.2", "552"));
  g_assert_false (md_classifier_is_hardbounce ("vacation", NULL, NULL));
  g_assert_false (md_classifier_is_hardbounce (NULL, NULL, NULL));
}

static void
test_every_rule_reason_is_known (void)
{
  static const char * const reasons[] = {
    "authfailure", "badreputation", "blocked", "contenterror", "delivered", "exceedlimit",
    "expired", "failedstarttls", "feedback", "filtered", "hasmoved", "hostunknown",
    "mailboxfull", "mailererror", "mesgtoobig", "networkerror", "norelaying", "notaccept",
    "notcompliantrfc", "onhold", "policyviolation", "rejected", "requireptr", "securityerror",
    "spamdetected", "speeding", "suppressed", "suspend", "syntaxerror", "systemerror",
    "systemfull", "toomanyconn", "undefined", "userunknown", "vacation", "virusdetected",
  };

  g_assert_cmpuint (md_classifier_get_n_rules (md_classifier_get_default ()), >, 50);
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    g_assert_nonnull (md_reason_lookup (reasons[i]));
}

/* The built-in examples behind "Try an example" must classify right. */
static void
test_examples (void)
{
  static const struct { const char *id; const char *reason; } known[] = {
    { "user-unknown", "userunknown" },
    { "mailbox-full", "mailboxfull" },
    { "relay-denied", "norelaying" },
    { "delayed", "networkerror" },
  };
  g_auto(GStrv) ids = md_examples_list ();

  g_assert_nonnull (ids);
  g_assert_cmpuint (g_strv_length (ids), >, 0);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = md_example_load (ids[i], &error);
      g_autoptr(MdBounce) b = NULL;
      GPtrArray *r;

      g_assert_no_error (error);
      b = md_bounce_parse (bytes, &error);
      g_assert_no_error (error);
      r = md_bounce_get_recipients (b);
      g_test_message ("example %s", ids[i]);
      g_assert_cmpuint (r->len, >, 0);
      for (guint k = 0; k < r->len; k++)
        {
          const char *reason = md_bounce_recipient_get_reason (g_ptr_array_index (r, k));

          g_assert_cmpstr (reason, !=, "undefined");
          g_assert_cmpstr (reason, !=, "onhold");
          for (guint j = 0; j < G_N_ELEMENTS (known); j++)
            if (g_str_equal (ids[i], known[j].id))
              g_assert_cmpstr (reason, ==, known[j].reason);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/classifier/fixtures", test_fixtures);
  g_test_add_func ("/classifier/ordinary-mail", test_ordinary_mail);
  g_test_add_func ("/classifier/status-not-trusted-blindly", test_status_not_trusted_blindly);
  g_test_add_func ("/classifier/evidence-line", test_evidence_line);
  g_test_add_func ("/classifier/facts", test_facts);
  g_test_add_func ("/classifier/hardbounce", test_hardbounce);
  g_test_add_func ("/classifier/examples", test_examples);
  g_test_add_func ("/classifier/reasons-known", test_every_rule_reason_is_known);

  return g_test_run ();
}
