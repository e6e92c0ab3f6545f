/* md-classifier.c: decides why a bounce happened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "md-bounce-private.h"
#include "md-classifier.h"
#include "md-classifier-private.h"
#include "md-reason.h"

/**
 * MdClassifier:
 *
 * Turns the facts of an #MdBounceRecipient (status code, SMTP reply,
 * diagnostic text, provider) into one of Sisimai's reasons, with the
 * evidence: which rule decided and on which line.
 *
 * The order of trust: a specific phrase in the recipient's own diagnostic,
 * then a specific status code (x.1.1, x.2.2, ...), then a specific phrase
 * elsewhere in the report, then generic codes. A status code alone is not
 * trusted blindly: "5.1.1 too many recipients this hour" is a rate limit.
 */
struct _MdClassifier
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (MdClassifier, md_classifier, G_TYPE_OBJECT)

#define MAX_MATCH_BYTES (64 * 1024)

static void
md_classifier_class_init (MdClassifierClass *klass)
{
}

static void
md_classifier_init (MdClassifier *self)
{
}

/**
 * md_classifier_new:
 *
 * Returns: (transfer full): a classifier with the built-in rules
 */
MdClassifier *
md_classifier_new (void)
{
  return g_object_new (MD_TYPE_CLASSIFIER, NULL);
}

/**
 * md_classifier_get_default:
 *
 * Returns: (transfer none): a shared classifier; it holds no state, so it
 *   can be used from any thread
 */
MdClassifier *
md_classifier_get_default (void)
{
  static MdClassifier *instance = NULL;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, md_classifier_new ());
  return instance;
}

guint
md_classifier_get_n_rules (MdClassifier *self)
{
  g_return_val_if_fail (MD_IS_CLASSIFIER (self), 0);
  return md_n_text_rules + md_n_status_rules;
}

/* Lower-case with whitespace collapsed, so "User\n    unknown" matches. */
static char *
normalise (const char *text)
{
  g_autofree char *low = NULL;
  GString *out;
  gboolean space = TRUE;
  gboolean seen_code = FALSE;
  gsize len;

  if (text == NULL)
    return g_strdup ("");
  len = strlen (text);
  if (len > MAX_MATCH_BYTES)
    {
      const char *end = g_utf8_find_prev_char (text, text + MAX_MATCH_BYTES);

      len = end ? (gsize) (end - text) : 0;
    }
  low = g_utf8_strdown (text, len);
  out = g_string_sized_new (strlen (low) + 1);
  for (const char *p = low; *p != '\0'; p++)
    {
      /* Multi-line replies repeat "550-5.7.1 " on every line: keep only
       * the first so phrases that span lines still match. */
      if (space && (p[0] == '4' || p[0] == '5') && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2])
          && (p[3] == '-' || p[3] == ' '))
        {
          const char *q = p + 4;

          if ((q[0] == '4' || q[0] == '5') && q[1] == '.')
            {
              while (*q != '\0' && !g_ascii_isspace (*q))
                q++;
            }
          if (seen_code && (*q == ' ' || *q == '\0'))
            {
              p = *q == '\0' ? q - 1 : q;
              continue;
            }
          seen_code = TRUE;
        }
      if (g_ascii_isspace (*p))
        {
          if (!space)
            g_string_append_c (out, ' ');
          space = TRUE;
          continue;
        }
      g_string_append_c (out, *p);
      space = FALSE;
    }
  return g_string_free (out, FALSE);
}

static gboolean
status_matches (const char *pattern,
                const char *status)
{
  if (status == NULL || status[0] == '\0')
    return FALSE;
  if (pattern[0] == 'x')
    {
      if (status[0] != '4' && status[0] != '5')
        return FALSE;
      return g_str_equal (pattern + 1, status + 1);
    }
  return g_str_equal (pattern, status);
}

static const MdStatusRule *
lookup_status (const char *status)
{
  for (guint i = 0; i < md_n_status_rules; i++)
    if (status_matches (md_status_rules[i].pattern, status))
      return &md_status_rules[i];
  return NULL;
}

typedef struct
{
  const MdTextRule *rule;
  const char       *phrase;
} Match;

static gboolean
rule_applies (const MdTextRule *rule,
              gboolean          temporary,
              gboolean          permanent,
              gboolean          final,
              const char       *mta)
{
  if ((rule->flags & MD_RULE_FINAL_ONLY) && !final)
    return FALSE;
  if ((rule->flags & MD_RULE_TEMP_ONLY) && !temporary)
    return FALSE;
  if ((rule->flags & MD_RULE_PERM_ONLY) && !permanent)
    return FALSE;
  if (rule->mta != NULL && g_strcmp0 (rule->mta, mta) != 0)
    return FALSE;
  return TRUE;
}

/* First rule (in table order) with a phrase in @norm. */
static gboolean
match_rules (const char *norm,
             gboolean    weak,
             gboolean    own,
             gboolean    temporary,
             gboolean    permanent,
             gboolean    final,
             const char *mta,
             Match      *match)
{
  if (norm == NULL || norm[0] == '\0')
    return FALSE;

  for (guint i = 0; i < md_n_text_rules; i++)
    {
      const MdTextRule *rule = &md_text_rules[i];

      if (!!(rule->flags & MD_RULE_WEAK) != weak)
        continue;
      if ((rule->flags & MD_RULE_DIAG_ONLY) && !own)
        continue;
      if (!rule_applies (rule, temporary, permanent, final, mta))
        continue;
      for (guint k = 0; rule->phrases[k] != NULL; k++)
        if (strstr (norm, rule->phrases[k]) != NULL)
          {
            match->rule = rule;
            match->phrase = rule->phrases[k];
            return TRUE;
          }
    }
  return FALSE;
}

/* Where in the decoded text does the evidence sit? Prefer the recipient's
 * own lines, then anywhere. */
static guint
find_line (GStrv              lines,
           guint              n_lines,
           MdBounceRecipient *recipient,
           const char        *phrase,
           char             **line_text)
{
  const guint *own;
  guint n_own = 0;

  if (lines == NULL || phrase == NULL)
    return 0;
  own = md_bounce_recipient_get_lines (recipient, &n_own);

  for (guint pass = 0; pass < 2; pass++)
    {
      guint n = pass == 0 ? n_own : MIN (n_lines, 8000);

      for (guint k = 0; k < n; k++)
        {
          guint idx = pass == 0 ? own[k] - 1 : k;
          g_autofree char *norm = NULL;

          if (idx >= n_lines)
            continue;
          norm = normalise (lines[idx]);
          if (strstr (norm, phrase) != NULL)
            {
              if (line_text != NULL)
                *line_text = g_strstrip (g_strdup (lines[idx]));
              return idx + 1;
            }
        }
    }
  return 0;
}

static void classify (MdBounceRecipient *recipient,
                      MdBounceKind       kind,
                      const char        *mta,
                      GStrv              lines,
                      guint              n_lines);

/**
 * md_classifier_is_hardbounce:
 * @reason: a reason id
 * @status: (nullable): the RFC 3463 status
 * @reply_code: (nullable): the SMTP reply code
 *
 * Sisimai's rule: an unknown user, an unknown domain or a moved mailbox is
 * a hard bounce; a domain that accepts no mail is one unless the error was
 * temporary; nothing else is.
 *
 * Returns: whether retrying to this address is pointless
 */
gboolean
md_classifier_is_hardbounce (const char *reason,
                             const char *status,
                             const char *reply_code)
{
  gboolean temporary = (status != NULL && status[0] == '4')
                       || ((status == NULL || status[0] == '\0')
                           && reply_code != NULL && reply_code[0] == '4');

  if (reason == NULL)
    return FALSE;
  if (g_str_equal (reason, "userunknown") || g_str_equal (reason, "hostunknown")
      || g_str_equal (reason, "hasmoved"))
    return TRUE;
  if (g_str_equal (reason, "notaccept"))
    return !temporary;
  return FALSE;
}

static gboolean
is_generic_status (const char *status)
{
  return status == NULL || status[0] == '\0'
         || g_str_has_suffix (status, ".0.0") || g_str_equal (status + 1, ".0.0");
}

/**
 * md_classifier_classify_recipient:
 * @recipient: the recipient to classify; gets the reason and evidence
 * @kind: what kind of report it came from
 * @mta: (nullable): the detected MTA or provider family
 * @text: (nullable): the decoded text of the bounce, to locate evidence
 *
 * Decides the reason for one recipient.
 */
void
md_classifier_classify_recipient (MdClassifier      *self,
                                  MdBounceRecipient *recipient,
                                  MdBounceKind       kind,
                                  const char        *mta,
                                  const char        *text)
{
  g_auto(GStrv) lines = NULL;

  g_return_if_fail (MD_IS_CLASSIFIER (self));
  g_return_if_fail (MD_IS_BOUNCE_RECIPIENT (recipient));

  if (text != NULL)
    lines = md_bounce_split_lines (text, 20000);
  classify (recipient, kind, mta, lines, lines ? g_strv_length (lines) : 0);
}

static void
classify (MdBounceRecipient *recipient,
          MdBounceKind       kind,
          const char        *mta,
          GStrv              lines,
          guint              n_lines)
{
  const char *status, *reply, *reason = NULL, *rule_id = NULL, *phrase = NULL;
  g_autofree char *diag = NULL;
  g_autofree char *ctx = NULL;
  g_autofree char *matched_line = NULL;
  const MdStatusRule *srule;
  MdBounceAction action;
  const char *command;
  gboolean temporary, permanent, final;
  Match own = { 0 }, wide = { 0 }, own_weak = { 0 }, wide_weak = { 0 };
  gboolean has_own, has_wide, has_own_weak, has_wide_weak;
  guint line = 0;

  status = md_bounce_recipient_get_status (recipient);
  reply = md_bounce_recipient_get_reply_code (recipient);
  action = md_bounce_recipient_get_action (recipient);

  if (kind == MD_BOUNCE_KIND_COMPLAINT)
    {
      md_bounce_recipient_set_classification (recipient, "feedback", FALSE, FALSE,
                                              "arf-feedback-report",
                                              md_bounce_recipient_get_feedback_type (recipient), 0);
      return;
    }
  if (kind == MD_BOUNCE_KIND_AUTO_REPLY)
    {
      md_bounce_recipient_set_classification (recipient, "vacation", FALSE, FALSE,
                                              "rfc3834-auto-reply", NULL, 0);
      return;
    }
  if (action == MD_BOUNCE_ACTION_DELIVERED || action == MD_BOUNCE_ACTION_RELAYED
      || action == MD_BOUNCE_ACTION_EXPANDED
      || (status != NULL && status[0] == '2'))
    {
      md_bounce_recipient_set_classification (recipient, "delivered", FALSE, FALSE,
                                              "dsn-action-delivered", status, 0);
      return;
    }

  temporary = (status != NULL && status[0] == '4')
              || ((status == NULL || is_generic_status (status)) && reply != NULL && reply[0] == '4')
              || action == MD_BOUNCE_ACTION_DELAYED;
  permanent = !temporary && ((status != NULL && status[0] == '5') || (reply != NULL && reply[0] == '5'));
  final = action != MD_BOUNCE_ACTION_DELAYED && kind != MD_BOUNCE_KIND_DELAY;

  diag = normalise (md_bounce_recipient_get_diagnostic (recipient));
  ctx = normalise (md_bounce_recipient_get_context (recipient));

  has_own = match_rules (diag, FALSE, TRUE, temporary, permanent, final, mta, &own);
  has_wide = match_rules (ctx, FALSE, FALSE, temporary, permanent, final, mta, &wide);
  has_own_weak = match_rules (diag, TRUE, TRUE, temporary, permanent, final, mta, &own_weak);
  has_wide_weak = match_rules (ctx, TRUE, FALSE, temporary, permanent, final, mta, &wide_weak);
  srule = lookup_status (status);

  if (has_own)
    {
      reason = own.rule->reason;
      rule_id = own.rule->id;
      phrase = own.phrase;
    }
  else if (srule != NULL && srule->specific)
    {
      reason = srule->reason;
      rule_id = "status-code";
    }
  else if (has_wide)
    {
      reason = wide.rule->reason;
      rule_id = wide.rule->id;
      phrase = wide.phrase;
    }
  else if (srule != NULL && !is_generic_status (status))
    {
      reason = srule->reason;
      rule_id = "status-code";
    }
  else if (has_own_weak)
    {
      reason = own_weak.rule->reason;
      rule_id = own_weak.rule->id;
      phrase = own_weak.phrase;
    }
  else if (srule != NULL)
    {
      reason = srule->reason;
      rule_id = "status-code";
    }
  else if (has_wide_weak)
    {
      reason = wide_weak.rule->reason;
      rule_id = wide_weak.rule->id;
      phrase = wide_weak.phrase;
    }

  /* Where in the SMTP dialogue it failed says more than the words: an
   * "unknown user" after the message was sent is a content filter; an
   * address problem at MAIL FROM is about the sender. */
  command = md_bounce_recipient_get_smtp_command (recipient);
  if (reason != NULL && g_strcmp0 (command, "DATA") == 0 && g_str_equal (reason, "userunknown")
      && (srule == NULL || !srule->specific))
    {
      reason = "filtered";
      rule_id = "userunknown-after-data";
    }
  else if (g_strcmp0 (command, "MAIL") == 0
           && (reason == NULL || g_str_equal (reason, "userunknown") || g_str_equal (reason, "hostunknown")
               || g_str_equal (reason, "filtered") || g_str_equal (reason, "securityerror")))
    {
      reason = "rejected";
      rule_id = "refused-at-mail-from";
    }

  /* A final failure after timeouts: the server gave up retrying. */
  if (action == MD_BOUNCE_ACTION_FAILED && kind == MD_BOUNCE_KIND_FAILURE
      && reason != NULL && g_str_equal (reason, "networkerror") && phrase != NULL
      && (status == NULL || status[0] == '4')
      && (strstr (phrase, "timed out") != NULL || strstr (phrase, "timeout") != NULL
          || strstr (phrase, "not reachable") != NULL || strstr (phrase, "not responding") != NULL))
    {
      reason = "expired";
      rule_id = "gave-up-after-temporary-error";
    }
  /* "Domain not found" that may clear up is a DNS problem, not a verdict. */
  if (reason != NULL && g_str_equal (reason, "hostunknown") && temporary)
    {
      reason = "networkerror";
      rule_id = "hostunknown-temporary";
    }

  if (reason == NULL)
    {
      /* A failure report we cannot explain is "on hold" (judge it by
       * hand); "undefined" is for reports that say nothing at all. */
      if (status != NULL || reply != NULL || md_bounce_recipient_get_diagnostic (recipient) != NULL)
        reason = "onhold";
      else
        reason = "undefined";
      rule_id = "no-rule-matched";
    }

  if (phrase != NULL)
    line = find_line (lines, n_lines, recipient, phrase, &matched_line);
  if (matched_line == NULL && g_strcmp0 (rule_id, "status-code") == 0 && status != NULL)
    {
      line = find_line (lines, n_lines, recipient, status, &matched_line);
      if (matched_line == NULL)
        matched_line = g_strdup (status);
    }
  if (matched_line == NULL && phrase != NULL)
    matched_line = g_strdup (phrase);
  if (line == 0)
    {
      guint n;
      const guint *own_lines = md_bounce_recipient_get_lines (recipient, &n);

      if (n > 0 && phrase == NULL)
        line = own_lines[0];
    }

  md_bounce_recipient_set_classification (recipient, reason,
                                          md_classifier_is_hardbounce (reason, status, reply),
                                          temporary, rule_id, matched_line, line);
}

/**
 * md_classifier_classify_bounce:
 * @bounce: a parsed bounce
 *
 * Classifies every recipient of @bounce.
 */
void
md_classifier_classify_bounce (MdClassifier *self,
                               MdBounce     *bounce)
{
  GPtrArray *recipients;
  g_auto(GStrv) lines = NULL;
  guint n_lines;

  g_return_if_fail (MD_IS_CLASSIFIER (self));
  g_return_if_fail (MD_IS_BOUNCE (bounce));

  recipients = md_bounce_get_recipients (bounce);
  if (recipients->len == 0)
    return;
  /* split once: a report may name hundreds of recipients */
  lines = md_bounce_split_lines (md_bounce_get_text (bounce) ? md_bounce_get_text (bounce) : "", 20000);
  n_lines = g_strv_length (lines);
  for (guint i = 0; i < recipients->len; i++)
    classify (g_ptr_array_index (recipients, i), md_bounce_get_kind (bounce),
              md_bounce_get_mta (bounce), lines, n_lines);
}
