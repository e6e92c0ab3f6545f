/* test-reason.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "md-core.h"

/* Sisimai's taxonomy (go-sisimai reason/lib.go and p5-sisimai 5.1), sorted. */
static const char * const sisimai_reasons[] = {
  "authfailure", "badreputation", "blocked", "contenterror", "delivered",
  "exceedlimit", "expired", "failedstarttls", "feedback", "filtered",
  "hasmoved", "hostunknown", "mailboxfull", "mailererror", "mesgtoobig",
  "networkerror", "norelaying", "notaccept", "notcompliantrfc", "onhold",
  "policyviolation", "rejected", "requireptr", "securityerror", "spamdetected",
  "speeding", "suppressed", "suspend", "syntaxerror", "systemerror",
  "systemfull", "toomanyconn", "undefined", "userunknown", "vacation",
  "virusdetected",
};

static guint
count_sentences (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if ((*p == '.' || *p == '?') && (p[1] == ' ' || p[1] == '\0'))
        n++;
    }

  return n;
}

/* Counts “%s” and returns FALSE for any other conversion. */
static gboolean
scan_format (const char *format,
             guint      *n_strings)
{
  *n_strings = 0;

  for (const char *p = format; *p != '\0'; p++)
    {
      if (*p != '%')
        continue;

      p++;
      if (*p == 's')
        (*n_strings)++;
      else
        return FALSE;
    }

  return TRUE;
}

static void
assert_plain_text (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  /* Typographic quotes and apostrophes, as GNOME writes them. */
  g_assert_null (strchr (text, '\''));
  g_assert_null (strchr (text, '"'));
  g_assert_null (strchr (text, '!'));
  g_assert_null (strstr (text, "  "));
  g_assert_false (g_ascii_isspace (text[0]));
  g_assert_false (g_ascii_isspace (text[strlen (text) - 1]));
}

static void
test_reason_complete (void)
{
  const MdReason * const *list;
  guint n = 0;

  list = md_reason_list (&n);
  g_assert_nonnull (list);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (sisimai_reasons));
  g_assert_null (list[n]);
  g_assert_true (md_reason_list (NULL) == list);

  /* Stable, alphabetical order, and exactly the taxonomy. */
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (list[i]->id, ==, sisimai_reasons[i]);
      g_assert_true (md_reason_lookup (sisimai_reasons[i]) == list[i]);
      if (i > 0)
        g_assert_cmpint (strcmp (list[i - 1]->id, list[i]->id), <, 0);
    }
}

static void
test_reason_lookup (void)
{
  const MdReason *reason = md_reason_lookup ("userunknown");

  g_assert_nonnull (reason);
  g_assert_cmpstr (reason->id, ==, "userunknown");
  g_assert_true (md_reason_lookup ("UserUnknown") == reason);
  g_assert_true (md_reason_lookup ("USERUNKNOWN") == reason);

  g_assert_null (md_reason_lookup (NULL));
  g_assert_null (md_reason_lookup (""));
  g_assert_null (md_reason_lookup ("nosuchreason"));
  g_assert_null (md_reason_lookup ("userunknown "));
  g_assert_null (md_reason_lookup ("user"));
}

static void
test_reason_texts (void)
{
  const MdReason * const *list = md_reason_list (NULL);

  for (guint i = 0; list[i] != NULL; i++)
    {
      const MdReason *reason = list[i];
      const char *title = md_reason_get_title (reason);
      const char *explanation = md_reason_get_explanation (reason);
      const char *advice = md_reason_get_advice (reason);
      guint n_strings = 0;

      g_test_message ("reason %s", reason->id);

      /* A short title in sentence case, without a full stop. */
      g_assert_cmpuint (strlen (title), >=, 15);
      g_assert_cmpuint (g_utf8_strlen (title, -1), <=, 60);
      g_assert_true (g_ascii_isupper (title[0]));
      g_assert_cmpint (title[strlen (title) - 1], !=, '.');
      assert_plain_text (title);

      g_assert_true (scan_format (reason->headline, &n_strings));
      g_assert_cmpuint (n_strings, ==, 1);
      g_assert_cmpint (reason->headline[strlen (reason->headline) - 1], !=, '.');
      assert_plain_text (reason->headline);

      /* Two to four sentences, and advice that says what to do. */
      g_assert_cmpuint (strlen (explanation), >=, 100);
      g_assert_cmpuint (count_sentences (explanation), >=, 2);
      g_assert_cmpuint (count_sentences (explanation), <=, 4);
      g_assert_null (strchr (explanation, '%'));
      assert_plain_text (explanation);

      g_assert_cmpuint (strlen (advice), >=, 80);
      g_assert_cmpuint (count_sentences (advice), <=, 4);
      g_assert_null (strchr (advice, '%'));
      assert_plain_text (advice);

      g_assert_cmpstr (explanation, !=, advice);
      g_assert_cmpint (reason->party, >=, MD_PARTY_NONE);
      g_assert_cmpint (reason->party, <=, MD_PARTY_NETWORK);
    }
}

static void
test_reason_steps (void)
{
  const MdReason * const *list = md_reason_list (NULL);

  for (guint i = 0; list[i] != NULL; i++)
    {
      const MdReason *reason = list[i];
      guint n_steps = 0;

      g_test_message ("reason %s", reason->id);

      while (n_steps < G_N_ELEMENTS (reason->steps) && reason->steps[n_steps] != MD_STEP_NONE)
        {
          MdStep step = reason->steps[n_steps];

          g_assert_cmpint (step, >=, MD_STEP_IDENTIFY);
          g_assert_cmpint (step, <=, MD_STEP_DOCUMENT);
          g_assert_nonnull (md_step_get_id (step));
          for (guint j = 0; j < n_steps; j++)
            g_assert_cmpint (reason->steps[j], !=, step);
          n_steps++;
        }

      g_assert_cmpuint (n_steps, >=, 1);
      g_assert_cmpuint (n_steps, <=, 3);
      g_assert_cmpint (reason->steps[n_steps], ==, MD_STEP_NONE);
    }

  /* Address problems start with checking the address. */
  g_assert_cmpint (md_reason_lookup ("userunknown")->steps[0], ==, MD_STEP_VERIFY_ADDRESS);
  g_assert_cmpint (md_reason_lookup ("hostunknown")->steps[0], ==, MD_STEP_VERIFY_ADDRESS);
  /* Problems with one's own sending setup point to the settings check. */
  g_assert_cmpint (md_reason_lookup ("norelaying")->steps[0], ==, MD_STEP_CHECK_SETTINGS);
  g_assert_cmpint (md_reason_lookup ("securityerror")->steps[0], ==, MD_STEP_CHECK_SETTINGS);
  g_assert_cmpint (md_reason_lookup ("blocked")->steps[0], ==, MD_STEP_CONSULT_PROVIDER);
}

static void
test_reason_semantics (void)
{
  const char * const not_failures[] = { "delivered", "feedback", "vacation" };
  const char * const permanent_recipient[] = { "userunknown", "hostunknown", "hasmoved", "notaccept" };
  const char * const soft[] = { "mailboxfull", "expired", "networkerror", "toomanyconn",
                                "systemerror", "systemfull", "undefined", "onhold", "speeding" };
  const char * const senders_provider[] = { "blocked", "badreputation", "requireptr", "authfailure" };
  const MdReason * const *list = md_reason_list (NULL);
  guint n_failures = 0;

  for (guint i = 0; i < G_N_ELEMENTS (not_failures); i++)
    {
      const MdReason *reason = md_reason_lookup (not_failures[i]);

      g_assert_false (reason->failure);
      g_assert_false (reason->temporary);
    }
  g_assert_cmpint (md_reason_lookup ("delivered")->party, ==, MD_PARTY_NONE);
  g_assert_cmpint (md_reason_lookup ("vacation")->party, ==, MD_PARTY_NONE);

  for (guint i = 0; list[i] != NULL; i++)
    {
      if (list[i]->failure)
        {
          n_failures++;
          /* Something went wrong: somebody, or time, has to fix it. */
          g_assert_cmpint (list[i]->party, !=, MD_PARTY_NONE);
        }
    }
  g_assert_cmpuint (n_failures, ==, G_N_ELEMENTS (sisimai_reasons) - G_N_ELEMENTS (not_failures));

  /* Sisimai's hard bounces: the address is wrong, the recipient must give a new one. */
  for (guint i = 0; i < G_N_ELEMENTS (permanent_recipient); i++)
    {
      const MdReason *reason = md_reason_lookup (permanent_recipient[i]);

      g_assert_true (reason->failure);
      g_assert_false (reason->temporary);
      g_assert_cmpint (reason->party, ==, MD_PARTY_RECIPIENT);
    }

  for (guint i = 0; i < G_N_ELEMENTS (soft); i++)
    {
      const MdReason *reason = md_reason_lookup (soft[i]);

      g_assert_true (reason->failure);
      g_assert_true (reason->temporary);
    }
  g_assert_cmpint (md_reason_lookup ("mailboxfull")->party, ==, MD_PARTY_RECIPIENT);
  g_assert_cmpint (md_reason_lookup ("networkerror")->party, ==, MD_PARTY_NETWORK);
  g_assert_cmpint (md_reason_lookup ("toomanyconn")->party, ==, MD_PARTY_NETWORK);

  for (guint i = 0; i < G_N_ELEMENTS (senders_provider); i++)
    g_assert_cmpint (md_reason_lookup (senders_provider[i])->party, ==, MD_PARTY_SENDER_PROVIDER);

  g_assert_cmpint (md_reason_lookup ("mesgtoobig")->party, ==, MD_PARTY_SENDER);
  g_assert_false (md_reason_lookup ("mesgtoobig")->temporary);
  g_assert_cmpint (md_reason_lookup ("norelaying")->party, ==, MD_PARTY_SENDER);
  g_assert_cmpint (md_reason_lookup ("systemfull")->party, ==, MD_PARTY_RECIPIENT_PROVIDER);
  g_assert_cmpint (md_reason_lookup ("policyviolation")->party, ==, MD_PARTY_RECIPIENT_PROVIDER);
}

static void
test_reason_headline (void)
{
  const MdReason * const *list = md_reason_list (NULL);
  char *headline;

  headline = md_reason_format_headline (md_reason_lookup ("userunknown"), "jane@example.com");
  g_assert_cmpstr (headline, ==, "The address jane@example.com does not exist");
  g_free (headline);

  headline = md_reason_format_headline (md_reason_lookup ("mailboxfull"), "bob@example.org");
  g_assert_cmpstr (headline, ==, "The mailbox of bob@example.org is full");
  g_free (headline);

  /* A “%” in the address is data, not a conversion. */
  headline = md_reason_format_headline (md_reason_lookup ("userunknown"), "100%s@example.com");
  g_assert_cmpstr (headline, ==, "The address 100%s@example.com does not exist");
  g_free (headline);

  for (guint i = 0; list[i] != NULL; i++)
    {
      headline = md_reason_format_headline (list[i], "someone@example.net");
      g_assert_nonnull (strstr (headline, "someone@example.net"));
      g_assert_null (strchr (headline, '%'));
      g_free (headline);

      /* Without an address, a neutral text that names nobody. */
      headline = md_reason_format_headline (list[i], NULL);
      g_assert_cmpstr (headline, ==, md_reason_get_title (list[i]));
      g_assert_null (strchr (headline, '%'));
      g_free (headline);

      headline = md_reason_format_headline (list[i], "");
      g_assert_cmpstr (headline, ==, md_reason_get_title (list[i]));
      g_free (headline);
    }
}

static void
test_reason_party (void)
{
  const char *ids[] = {
    [MD_PARTY_NONE] = "none",
    [MD_PARTY_SENDER] = "sender",
    [MD_PARTY_SENDER_PROVIDER] = "sender-provider",
    [MD_PARTY_RECIPIENT] = "recipient",
    [MD_PARTY_RECIPIENT_PROVIDER] = "recipient-provider",
    [MD_PARTY_NETWORK] = "network",
  };

  for (MdParty party = MD_PARTY_NONE; party <= MD_PARTY_NETWORK; party++)
    {
      const char *label = md_party_get_label (party);

      g_assert_cmpstr (md_party_to_string (party), ==, ids[party]);
      g_assert_nonnull (label);
      g_assert_cmpuint (strlen (label), >=, 3);
      assert_plain_text (label);
      for (MdParty other = MD_PARTY_NONE; other < party; other++)
        g_assert_cmpstr (md_party_get_label (other), !=, label);
    }

  g_assert_cmpstr (md_party_get_label (MD_PARTY_SENDER), ==, "You");
  g_assert_cmpstr (md_party_get_label (MD_PARTY_SENDER_PROVIDER), ==, "Your email provider");
  g_assert_cmpstr (md_party_get_label (MD_PARTY_RECIPIENT), ==, "The recipient");
  g_assert_cmpstr (md_party_get_label (MD_PARTY_RECIPIENT_PROVIDER), ==,
                   "The recipient’s email provider");
}

static void
test_reason_preconditions (void)
{
  if (g_test_subprocess ())
    {
      md_reason_get_title (NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*reason != NULL*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reason/complete", test_reason_complete);
  g_test_add_func ("/reason/lookup", test_reason_lookup);
  g_test_add_func ("/reason/texts", test_reason_texts);
  g_test_add_func ("/reason/steps", test_reason_steps);
  g_test_add_func ("/reason/semantics", test_reason_semantics);
  g_test_add_func ("/reason/headline", test_reason_headline);
  g_test_add_func ("/reason/party", test_reason_party);
  g_test_add_func ("/reason/preconditions", test_reason_preconditions);

  return g_test_run ();
}
