/* md-report.c: an incident as a readable report (text, Markdown, HTML, JSON, PDF)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "md-error.h"
#include "md-reason.h"
#include "md-report.h"

/* Every format is rendered from one list of blocks, so that they all say the
 * same thing in the same order: summary first, then the eight steps, then the
 * technical appendix. */

typedef enum
{
  BLOCK_TITLE,
  BLOCK_HEADING,      /* a section */
  BLOCK_SUBHEADING,   /* a step, a recipient */
  BLOCK_PARAGRAPH,
  BLOCK_FIELD,        /* label: value; consecutive fields form one list */
  BLOCK_ITEM,         /* a bullet with a bold lead: a finding */
  BLOCK_VERBATIM,     /* shown exactly as is, in a fixed-width font */
} BlockType;

typedef struct
{
  BlockType   type;
  char       *label;
  char       *text;
  const char *style;    /* HTML class: "summary", "ok", "problem", ... */
  gboolean    indent;   /* belongs to the item above */
} Block;

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->label);
  g_free (block->text);
  g_free (block);
}

static Block *
add_block (GPtrArray  *blocks,
           BlockType   type,
           const char *label,
           const char *text)
{
  Block *block = g_new0 (Block, 1);

  block->type = type;
  block->label = g_strdup (label);
  block->text = g_strdup (text != NULL ? text : "");
  g_ptr_array_add (blocks, block);

  return block;
}

/* 1 for the title, 2 for a section, 3 for a step or a recipient */
static int
heading_level (BlockType type)
{
  g_assert (type <= BLOCK_SUBHEADING);

  return type - BLOCK_TITLE + 1;
}

static char *
format_time (GDateTime *dt)
{
  /* Always UTC: a report is read in other time zones and must not change. */
  return g_date_time_format (dt, "%Y-%m-%d %H:%M UTC");
}

static char *
format_duration (guint64 seconds)
{
  guint64 minutes = (seconds + 30) / 60;

  if (seconds < 60)
    return g_strdup (_("less than a minute"));

  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes),
                            (guint) minutes);
  else
    {
      guint hours = (guint) (minutes / 60);
      guint rest = (guint) (minutes % 60);
      g_autofree char *h = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", hours),
                                            hours);
      g_autofree char *m = NULL;

      if (rest == 0)
        return g_steal_pointer (&h);

      m = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", rest), rest);
      /* Translators: a duration: "2 hours 5 minutes" */
      return g_strdup_printf (_("%s %s"), h, m);
    }
}

static const char *
yes_no (gboolean value)
{
  return value ? _("yes") : _("no");
}

/* The recipient the summary talks about: the first one that really failed. */
static const MdIncidentRecipient *
get_main_recipient (MdIncident      *incident,
                    const MdReason **reason_out)
{
  GPtrArray *recipients = md_incident_get_recipients (incident);

  for (guint i = 0; i < recipients->len; i++)
    {
      const MdIncidentRecipient *r = g_ptr_array_index (recipients, i);
      const MdReason *reason = md_reason_lookup (r->reason);

      if (reason == NULL || reason->failure)
        {
          *reason_out = reason;
          return r;
        }
    }

  if (recipients->len > 0)
    {
      const MdIncidentRecipient *r = g_ptr_array_index (recipients, 0);

      *reason_out = md_reason_lookup (r->reason);
      return r;
    }

  *reason_out = NULL;
  return NULL;
}

static const char *
who_must_act (MdParty party)
{
  switch (party)
    {
    case MD_PARTY_SENDER:
      return _("The sender must act.");
    case MD_PARTY_SENDER_PROVIDER:
      return _("The sender’s email provider must act.");
    case MD_PARTY_RECIPIENT:
      return _("The recipient must act.");
    case MD_PARTY_RECIPIENT_PROVIDER:
      return _("The recipient’s email provider must act.");
    case MD_PARTY_NETWORK:
      return _("Nobody in particular must act: the problem may go away by itself.");
    case MD_PARTY_NONE:
    default:
      return _("Nobody needs to act.");
    }
}

/**
 * md_report_help_desk_summary:
 * @incident: a #MdIncident
 *
 * Three sentences for a help-desk reader who never saw the app: what
 * happened, who must act, and what to do.
 *
 * Returns: (transfer full): the translated summary
 */
char *
md_report_help_desk_summary (MdIncident *incident)
{
  const MdIncidentRecipient *primary;
  const MdReason *reason = NULL;
  g_autofree char *what = NULL;
  const char *who;
  g_autofree char *todo = NULL;
  guint n_recipients;

  g_return_val_if_fail (MD_IS_INCIDENT (incident), NULL);

  n_recipients = md_incident_get_recipients (incident)->len;
  primary = get_main_recipient (incident, &reason);

  if (primary == NULL)
    what = g_strdup (_("An email could not be delivered, but the bounce message has not been analysed yet."));
  else
    {
      g_autofree char *headline = NULL;

      if (reason != NULL)
        headline = md_reason_format_headline (reason, primary->address);
      else
        /* Translators: %s is an email address */
        headline = g_strdup_printf (_("An email to %s could not be delivered"), primary->address);

      if (n_recipients > 1)
        /* Translators: the first %s is a sentence without its final period,
         * such as “The mailbox of jane@example.com is full” */
        what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s; %u other address failed too.",
                                             "%s; %u other addresses failed too.",
                                             n_recipients - 1),
                                headline, n_recipients - 1);
      else
        /* Translators: %s is a sentence without its final period */
        what = g_strdup_printf (_("%s."), headline);
    }

  if (reason != NULL)
    who = who_must_act (reason->party);
  else
    who = _("It is not clear yet who must act.");

  if (md_incident_get_outcome (incident) == MD_INCIDENT_OUTCOME_RESOLVED)
    todo = g_strdup (_("Nothing more needs to be done: the problem has been solved."));
  else if (reason != NULL)
    /* Translators: %s is advice of one or more sentences */
    todo = g_strdup_printf (_("What to do: %s"), md_reason_get_advice (reason));
  else
    todo = g_strdup (_("What to do: go through the checklist below, starting with the first step."));

  return g_strdup_printf ("%s %s %s", what, who, todo);
}

static void
add_finding_blocks (GPtrArray *blocks,
                    MdFinding *finding)
{
  Block *block;
  const char *detail = md_finding_get_detail (finding);
  const char *advice = md_finding_get_advice (finding);
  const char *evidence = md_finding_get_evidence (finding);

  block = add_block (blocks, BLOCK_ITEM,
                     md_severity_get_label (md_finding_get_severity (finding)),
                     md_finding_get_title (finding));
  block->style = md_severity_to_string (md_finding_get_severity (finding));

  if (detail != NULL && *detail != '\0')
    add_block (blocks, BLOCK_PARAGRAPH, NULL, detail)->indent = TRUE;
  if (advice != NULL && *advice != '\0')
    {
      /* Translators: %s is advice of one or more sentences */
      g_autofree char *text = g_strdup_printf (_("What to do: %s"), advice);

      add_block (blocks, BLOCK_PARAGRAPH, NULL, text)->indent = TRUE;
    }
  if (evidence != NULL && *evidence != '\0')
    add_block (blocks, BLOCK_VERBATIM, NULL, evidence)->indent = TRUE;
}

static GPtrArray *
build_blocks (MdIncident *incident)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (block_free);
  GPtrArray *recipients = md_incident_get_recipients (incident);
  GPtrArray *findings = md_incident_get_findings (incident);
  const char * const *transcript = md_incident_get_transcript (incident);
  g_autoptr(GPtrArray) explained = g_ptr_array_new ();
  g_autofree char *summary = md_report_help_desk_summary (incident);
  g_autofree char *created = format_time (md_incident_get_created (incident));
  g_autofree char *updated = format_time (md_incident_get_updated (incident));
  g_autofree char *spent = NULL;
  const char *bounce = md_incident_get_bounce_text (incident);
  gboolean other_findings = FALSE;

  add_block (blocks, BLOCK_TITLE, NULL, _("Email delivery problem report"));

  add_block (blocks, BLOCK_HEADING, NULL, _("Summary"));
  add_block (blocks, BLOCK_PARAGRAPH, NULL, summary)->style = "summary";

  /* What each reason means, once per reason. */
  for (guint i = 0; i < recipients->len; i++)
    {
      const MdIncidentRecipient *r = g_ptr_array_index (recipients, i);
      const MdReason *reason = md_reason_lookup (r->reason);

      if (reason == NULL || g_ptr_array_find (explained, reason, NULL))
        continue;
      g_ptr_array_add (explained, (gpointer) reason);
      add_block (blocks, BLOCK_PARAGRAPH, NULL, md_reason_get_explanation (reason));
    }

  add_block (blocks, BLOCK_FIELD, _("Status"),
             md_incident_outcome_get_label (md_incident_get_outcome (incident)));
  add_block (blocks, BLOCK_FIELD, _("Started"), created);
  add_block (blocks, BLOCK_FIELD, _("Last changed"), updated);
  if (md_incident_get_time_spent (incident) > 0)
    {
      spent = format_duration (md_incident_get_time_spent (incident));
      add_block (blocks, BLOCK_FIELD, _("Time spent"), spent);
    }
  if (md_incident_get_sender (incident) != NULL)
    add_block (blocks, BLOCK_FIELD, _("Sent from"), md_incident_get_sender (incident));
  if (md_incident_get_reporter (incident) != NULL)
    add_block (blocks, BLOCK_FIELD, _("Documented by"), md_incident_get_reporter (incident));
  add_block (blocks, BLOCK_FIELD, _("Incident number"), md_incident_get_id (incident));

  add_block (blocks, BLOCK_HEADING, NULL, _("The eight steps"));
  for (guint step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      /* Translators: a step heading: the step number, its title, and its state */
      g_autofree char *heading = g_strdup_printf (_("%u. %s — %s"), step, md_step_get_title (step),
                                                  md_step_state_get_label (md_incident_get_step_state (incident, step)));
      const char *notes = md_incident_get_step_notes (incident, step);
      gboolean any = FALSE;

      add_block (blocks, BLOCK_SUBHEADING, NULL, heading);
      if (notes != NULL)
        {
          add_block (blocks, BLOCK_FIELD, _("Notes"), NULL);
          add_block (blocks, BLOCK_PARAGRAPH, NULL, notes)->style = "notes";
          any = TRUE;
        }

      for (guint i = 0; i < findings->len; i++)
        {
          MdFinding *finding = g_ptr_array_index (findings, i);

          if (md_finding_get_step (finding) != step)
            continue;
          add_finding_blocks (blocks, finding);
          any = TRUE;
        }

      if (!any)
        add_block (blocks, BLOCK_PARAGRAPH, NULL, _("Nothing was noted for this step."))->style = "empty";
    }

  for (guint i = 0; i < findings->len; i++)
    {
      MdFinding *finding = g_ptr_array_index (findings, i);

      if (md_finding_get_step (finding) >= MD_STEP_IDENTIFY)
        continue;
      if (!other_findings)
        add_block (blocks, BLOCK_SUBHEADING, NULL, _("Other results"));
      other_findings = TRUE;
      add_finding_blocks (blocks, finding);
    }

  add_block (blocks, BLOCK_HEADING, NULL, _("Technical appendix"));

  if (recipients->len == 0)
    {
      add_block (blocks, BLOCK_SUBHEADING, NULL, _("Failed recipients"));
      add_block (blocks, BLOCK_PARAGRAPH, NULL, _("No failed recipient was found."))->style = "empty";
    }
  for (guint i = 0; i < recipients->len; i++)
    {
      const MdIncidentRecipient *r = g_ptr_array_index (recipients, i);
      const MdReason *reason = md_reason_lookup (r->reason);
      g_autofree char *reason_text = NULL;
      g_autofree char *code = NULL;
      g_autofree char *heading = NULL;

      if (reason != NULL)
        reason_text = g_strdup_printf ("%s (%s)", md_reason_get_title (reason), r->reason);
      else
        reason_text = g_strdup (r->reason != NULL ? r->reason : _("unknown"));
      if (r->reply_code != 0)
        code = g_strdup_printf ("%u", r->reply_code);

      /* Translators: %s is an email address */
      heading = g_strdup_printf (_("Failed recipient: %s"), r->address);

      add_block (blocks, BLOCK_SUBHEADING, NULL, heading);
      add_block (blocks, BLOCK_FIELD, _("Reason"), reason_text);
      add_block (blocks, BLOCK_FIELD, _("Status code"), r->status != NULL ? r->status : "—");
      add_block (blocks, BLOCK_FIELD, _("Reply code"), code != NULL ? code : "—");
      add_block (blocks, BLOCK_FIELD, _("Temporary"), yes_no (r->temporary));
      /* Translators: a “hard bounce”: the address itself cannot receive mail */
      add_block (blocks, BLOCK_FIELD, _("Hard bounce"), yes_no (r->hardbounce));
      add_block (blocks, BLOCK_FIELD, _("Receiving server"), r->remote_mta != NULL ? r->remote_mta : "—");
      add_block (blocks, BLOCK_FIELD, _("Server message"), r->diagnostic != NULL ? r->diagnostic : "—");
    }

  add_block (blocks, BLOCK_SUBHEADING, NULL, _("The bounce message as received"));
  if (bounce != NULL && *bounce != '\0')
    add_block (blocks, BLOCK_VERBATIM, NULL, bounce);
  else
    add_block (blocks, BLOCK_PARAGRAPH, NULL, _("No bounce message was saved."))->style = "empty";

  add_block (blocks, BLOCK_SUBHEADING, NULL, _("Mail server test conversation"));
  if (transcript[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv ("\n", (char **) transcript);

      add_block (blocks, BLOCK_VERBATIM, NULL, joined);
    }
  else
    add_block (blocks, BLOCK_PARAGRAPH, NULL, _("The mail server settings were not tested."))->style = "empty";

  return g_steal_pointer (&blocks);
}

/* Plain text */

static void
append_wrapped (GString    *out,
                const char *text,
                const char *prefix,
                guint       width)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) words = g_strsplit_set (lines[l], " \t", -1);
      guint column = 0;

      g_string_append (out, prefix);
      column = g_utf8_strlen (prefix, -1);
      for (guint w = 0, n = 0; words[w] != NULL; w++)
        {
          guint len = g_utf8_strlen (words[w], -1);

          if (len == 0)
            continue;
          if (n > 0 && column + 1 + len > width)
            {
              g_string_append_c (out, '\n');
              g_string_append (out, prefix);
              column = g_utf8_strlen (prefix, -1);
              n = 0;
            }
          if (n > 0)
            {
              g_string_append_c (out, ' ');
              column++;
            }
          g_string_append (out, words[w]);
          column += len;
          n++;
        }
      g_string_append_c (out, '\n');
    }
}

/* Appends each line of @text after @prefix; a final newline in @text makes
 * no extra empty line. */
static void
append_lines (GString    *out,
              const char *prefix,
              const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  if (n > 1 && *lines[n - 1] == '\0')
    n--;
  for (guint l = 0; l < n; l++)
    g_string_append_printf (out, "%s%s\n", prefix, lines[l]);
}

static void
append_underlined (GString    *out,
                   const char *text,
                   char        c)
{
  glong len = g_utf8_strlen (text, -1);

  g_string_append_printf (out, "%s\n", text);
  for (glong i = 0; i < len; i++)
    g_string_append_c (out, c);
  g_string_append_c (out, '\n');
}

/* No blank line inside a run of fields, nor after a label whose value is
 * the block that follows (“Notes:”). */
static gboolean
glued_to_next (const Block *block,
               const Block *next)
{
  return block->type == BLOCK_FIELD &&
         (*block->text == '\0' || next->type == BLOCK_FIELD);
}

/**
 * md_report_render_text:
 * @incident: a #MdIncident
 *
 * Returns: (transfer full): the report as plain text, wrapped at 76 columns
 */
char *
md_report_render_text (MdIncident *incident)
{
  g_autoptr(GPtrArray) blocks = NULL;
  GString *out;

  g_return_val_if_fail (MD_IS_INCIDENT (incident), NULL);

  blocks = build_blocks (incident);
  out = g_string_new (NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (blocks, i);
      const Block *next = i + 1 < blocks->len ? g_ptr_array_index (blocks, i + 1) : NULL;
      const char *prefix = block->indent ? "    " : "";

      switch (block->type)
        {
        case BLOCK_TITLE:
          append_underlined (out, block->text, '=');
          break;
        case BLOCK_HEADING:
          if (i > 1)
            g_string_append_c (out, '\n');
          append_underlined (out, block->text, '=');
          break;
        case BLOCK_SUBHEADING:
          append_underlined (out, block->text, '-');
          break;
        case BLOCK_PARAGRAPH:
          append_wrapped (out, block->text, prefix, 76);
          break;
        case BLOCK_FIELD:
          {
            g_autofree char *line = NULL;

            if (*block->text != '\0')
              /* Translators: a label and its value in a plain-text report */
              line = g_strdup_printf (_("%s: %s"), block->label, block->text);
            else
              line = g_strdup_printf (_("%s:"), block->label);
            append_wrapped (out, line, prefix, 76);
          }
          break;
        case BLOCK_ITEM:
          {
            g_autofree char *line = g_strdup_printf ("* %s: %s", block->label, block->text);

            append_wrapped (out, line, prefix, 76);
          }
          break;
        case BLOCK_VERBATIM:
          {
            g_autofree char *verbatim_prefix = g_strconcat (prefix, "    ", NULL);

            append_lines (out, verbatim_prefix, block->text);
          }
          break;
        default:
          g_assert_not_reached ();
        }

      if (next != NULL && !glued_to_next (block, next))
        g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* Markdown */

/* Escapes user text so that Markdown shows it as written: every character
 * that can start an inline construct, and the ones that start a block when
 * they open a line. */
static void
append_md_escaped_line (GString    *out,
                        const char *line,
                        gboolean    line_start)
{
  const char *p = line;

  while (*p == ' ')
    p++;
  if (p != line)
    g_string_append_len (out, line, p - line);

  if (line_start && (*p == '#' || *p == '+' || *p == '-' || *p == '=' || *p == '>'))
    {
      g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
      p++;
    }
  else if (line_start && g_ascii_isdigit (*p))
    {
      const char *q = p;

      while (g_ascii_isdigit (*q))
        q++;
      if (*q == '.' || *q == ')')
        {
          g_string_append_len (out, p, q - p);
          g_string_append_c (out, '\\');
          g_string_append_c (out, *q);
          p = q + 1;
        }
    }

  for (; *p != '\0'; p++)
    {
      if (strchr ("\\`*_{}[]<>|~!&", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

/* @indent is NULL when @text does not start a line (after a list marker,
 * in a heading). */
static void
append_md_escaped (GString    *out,
                   const char *text,
                   const char *indent)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint l = 0; lines[l] != NULL; l++)
    {
      if (l > 0)
        {
          /* A backslash at the end of a line is a hard line break. */
          g_string_append (out, "\\\n");
          g_string_append (out, indent != NULL ? indent : "  ");
        }
      append_md_escaped_line (out, lines[l], l > 0 || indent != NULL);
    }
}

static guint
longest_backtick_run (const char *text)
{
  guint longest = 0, run = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      run = (*p == '`') ? run + 1 : 0;
      longest = MAX (longest, run);
    }

  return longest;
}

static void
append_md_fenced (GString    *out,
                  const char *text,
                  const char *indent)
{
  guint fence_len = MAX (3, longest_backtick_run (text) + 1);
  g_autofree char *fence = g_strnfill (fence_len, '`');

  g_string_append_printf (out, "%s%s\n", indent, fence);
  append_lines (out, indent, text);
  g_string_append_printf (out, "%s%s\n", indent, fence);
}

/**
 * md_report_render_markdown:
 * @incident: a #MdIncident
 *
 * Returns: (transfer full): the report as CommonMark; text given by the user
 *   is escaped, verbatim text is in fenced blocks
 */
char *
md_report_render_markdown (MdIncident *incident)
{
  g_autoptr(GPtrArray) blocks = NULL;
  GString *out;

  g_return_val_if_fail (MD_IS_INCIDENT (incident), NULL);

  blocks = build_blocks (incident);
  out = g_string_new (NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (blocks, i);
      const Block *next = i + 1 < blocks->len ? g_ptr_array_index (blocks, i + 1) : NULL;
      const char *indent = block->indent ? "  " : "";

      switch (block->type)
        {
        case BLOCK_TITLE:
        case BLOCK_HEADING:
        case BLOCK_SUBHEADING:
          g_string_append_printf (out, "%.*s ", heading_level (block->type), "###");
          append_md_escaped (out, block->text, NULL);
          g_string_append_c (out, '\n');
          break;
        case BLOCK_PARAGRAPH:
          g_string_append (out, indent);
          if (g_strcmp0 (block->style, "summary") == 0)
            g_string_append (out, "**");
          append_md_escaped (out, block->text, indent);
          if (g_strcmp0 (block->style, "summary") == 0)
            g_string_append (out, "**");
          g_string_append_c (out, '\n');
          break;
        case BLOCK_FIELD:
          /* A label without value introduces the paragraph below it. */
          g_string_append_printf (out, *block->text != '\0' ? "%s- **" : "%s**", indent);
          append_md_escaped (out, block->label, NULL);
          g_string_append (out, ":**");
          if (*block->text != '\0')
            {
              g_string_append_c (out, ' ');
              append_md_escaped (out, block->text, NULL);
            }
          g_string_append_c (out, '\n');
          break;
        case BLOCK_ITEM:
          g_string_append (out, "- **");
          append_md_escaped (out, block->label, NULL);
          g_string_append (out, ":** ");
          append_md_escaped (out, block->text, NULL);
          g_string_append_c (out, '\n');
          break;
        case BLOCK_VERBATIM:
          append_md_fenced (out, block->text, indent);
          break;
        default:
          g_assert_not_reached ();
        }

      if (next != NULL && !(block->type == BLOCK_FIELD && next->type == BLOCK_FIELD &&
                            *block->text != '\0' && *next->text != '\0'))
        g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* HTML */

static void
append_html_escaped (GString    *out,
                     const char *text,
                     gboolean    line_breaks)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (!line_breaks)
    {
      g_string_append (out, escaped);
      return;
    }

  for (const char *p = escaped; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (out, "<br>\n");
      else
        g_string_append_c (out, *p);
    }
}

static const char html_style[] =
  "body{font-family:Cantarell,\"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif;"
  "line-height:1.45;color:#1e1e1e;background:#fff;margin:0;}\n"
  "main{max-width:46em;margin:2em auto;padding:0 1.5em;}\n"
  "h1{font-size:1.6em;margin-bottom:.6em;}\n"
  "h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em;}\n"
  "h3{font-size:1.05em;margin:1.2em 0 .4em;}\n"
  "p{margin:.4em 0;}\n"
  ".summary{font-size:1.1em;background:#f0f4fa;border-left:4px solid #3584e4;"
  "padding:.6em .9em;}\n"
  ".empty{color:#666;font-style:italic;}\n"
  ".notes{white-space:normal;}\n"
  "dl{display:grid;grid-template-columns:max-content auto;gap:.15em 1em;margin:.6em 0;}\n"
  "dt{font-weight:bold;}\n"
  "dd{margin:0;overflow-wrap:anywhere;}\n"
  ".finding{margin:.5em 0 .2em;}\n"
  ".indent{margin-left:1.6em;}\n"
  ".label{font-weight:bold;}\n"
  "p.label{margin-bottom:0;}\n"
  ".problem .label{color:#c01c28;}\n"
  ".warning .label{color:#9c6e03;}\n"
  ".ok .label{color:#26a269;}\n"
  "pre{font-family:\"DejaVu Sans Mono\",monospace;font-size:.85em;background:#f6f6f6;"
  "border:1px solid #ddd;padding:.6em;white-space:pre-wrap;overflow-wrap:anywhere;}\n"
  "@media print{main{margin:0;max-width:none;}h2,h3{break-after:avoid;}"
  "pre{break-inside:auto;}.summary{border-left-color:#000;}}\n";

/**
 * md_report_render_html:
 * @incident: a #MdIncident
 *
 * Returns: (transfer full): the report as one self-contained, printable HTML
 *   document; every piece of text is escaped
 */
char *
md_report_render_html (MdIncident *incident)
{
  g_autoptr(GPtrArray) blocks = NULL;
  GString *out;
  gboolean in_fields = FALSE;

  g_return_val_if_fail (MD_IS_INCIDENT (incident), NULL);

  blocks = build_blocks (incident);
  out = g_string_new ("<!DOCTYPE html>\n<html lang=\"");
  /* Translators: the language code of this translation, such as “de” or “pt-BR” */
  append_html_escaped (out, _("en"), FALSE);
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<title>");
  append_html_escaped (out, _("Email delivery problem report"), FALSE);
  g_string_append_printf (out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", html_style);

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (blocks, i);
      const char *indent = block->indent ? " indent" : "";

      if (in_fields && (block->type != BLOCK_FIELD || *block->text == '\0'))
        {
          g_string_append (out, "</dl>\n");
          in_fields = FALSE;
        }

      switch (block->type)
        {
        case BLOCK_TITLE:
        case BLOCK_HEADING:
        case BLOCK_SUBHEADING:
          g_string_append_printf (out, "<h%d>", heading_level (block->type));
          append_html_escaped (out, block->text, FALSE);
          g_string_append_printf (out, "</h%d>\n", heading_level (block->type));
          break;
        case BLOCK_PARAGRAPH:
          g_string_append_printf (out, "<p class=\"%s%s\">", block->style ? block->style : "text", indent);
          append_html_escaped (out, block->text, TRUE);
          g_string_append (out, "</p>\n");
          break;
        case BLOCK_FIELD:
          if (*block->text == '\0')
            {
              /* A label whose value is the paragraph below it */
              g_string_append (out, "<p class=\"label\">");
              append_html_escaped (out, block->label, FALSE);
              g_string_append (out, "</p>\n");
              break;
            }
          if (!in_fields)
            g_string_append (out, "<dl>\n");
          in_fields = TRUE;
          g_string_append (out, "<dt>");
          append_html_escaped (out, block->label, FALSE);
          g_string_append (out, "</dt><dd>");
          append_html_escaped (out, block->text, TRUE);
          g_string_append (out, "</dd>\n");
          break;
        case BLOCK_ITEM:
          g_string_append_printf (out, "<p class=\"finding %s\"><span class=\"label\">",
                                  block->style ? block->style : "info");
          append_html_escaped (out, block->label, FALSE);
          g_string_append (out, ":</span> ");
          append_html_escaped (out, block->text, TRUE);
          g_string_append (out, "</p>\n");
          break;
        case BLOCK_VERBATIM:
          g_string_append_printf (out, "<pre class=\"verbatim%s\">", indent);
          append_html_escaped (out, block->text, FALSE);
          g_string_append (out, "</pre>\n");
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (in_fields)
    g_string_append (out, "</dl>\n");
  g_string_append (out, "</main>\n</body>\n</html>\n");

  return g_string_free (out, FALSE);
}

/**
 * md_report_render_json:
 * @incident: a #MdIncident
 *
 * Returns: (transfer full): the incident's own JSON form (see
 *   md_incident_to_json_string())
 */
char *
md_report_render_json (MdIncident *incident)
{
  g_return_val_if_fail (MD_IS_INCIDENT (incident), NULL);

  return md_incident_to_json_string (incident, NULL);
}

/* PDF */

#define A4_WIDTH   595.276
#define A4_HEIGHT  841.890
#define MARGIN      56.0
#define FOOTER_GAP  24.0

typedef struct
{
  cairo_t      *cr;
  PangoContext *context;
  double        y;
  guint         page;
  const char   *footer;
} PdfState;

static cairo_status_t
pdf_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
pdf_footer (PdfState *state)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (state->context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 7");
  /* Translators: the footer of a printed report: the incident number and the page number */
  g_autofree char *text = g_strdup_printf (_("Incident %s — page %u"), state->footer, state->page);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  cairo_set_source_rgb (state->cr, 0.4, 0.4, 0.4);
  cairo_move_to (state->cr, MARGIN, A4_HEIGHT - MARGIN + FOOTER_GAP / 2);
  pango_cairo_show_layout (state->cr, layout);
  cairo_set_source_rgb (state->cr, 0.1, 0.1, 0.1);
}

static void
pdf_new_page (PdfState *state)
{
  pdf_footer (state);
  cairo_show_page (state->cr);
  state->page++;
  state->y = MARGIN;
}

/* Draws a layout line by line so that long texts continue on the next page. */
static void
pdf_flow_layout (PdfState    *state,
                 PangoLayout *layout,
                 double       x)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double bottom = A4_HEIGHT - MARGIN;
  double origin = state->y;
  PangoRectangle logical;

  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      double top, height, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE;
      height = (double) logical.height / PANGO_SCALE;
      baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;

      if (origin + top + height > bottom && origin + top > MARGIN)
        {
          pdf_new_page (state);
          origin = MARGIN - top;
        }

      cairo_move_to (state->cr, x + (double) logical.x / PANGO_SCALE, origin + baseline);
      pango_cairo_show_layout_line (state->cr, line);
      state->y = origin + top + height;
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
}

static void
pdf_block (PdfState    *state,
           const Block *block)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (state->context);
  g_autoptr(PangoFontDescription) font = NULL;
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autofree char *text = NULL;
  double x = MARGIN + (block->indent ? 18.0 : 0.0);
  double width = A4_WIDTH - MARGIN - x;
  double space_before = 4.0;
  double space_after = 4.0;
  guint bold_end = 0;

  switch (block->type)
    {
    case BLOCK_TITLE:
      font = pango_font_description_from_string ("Sans Bold 18");
      text = g_strdup (block->text);
      space_after = 10.0;
      break;
    case BLOCK_HEADING:
      font = pango_font_description_from_string ("Sans Bold 14");
      text = g_strdup (block->text);
      space_before = 14.0;
      break;
    case BLOCK_SUBHEADING:
      font = pango_font_description_from_string ("Sans Bold 11");
      text = g_strdup (block->text);
      space_before = 8.0;
      break;
    case BLOCK_PARAGRAPH:
      font = pango_font_description_from_string (g_strcmp0 (block->style, "summary") == 0
                                                 ? "Sans 11" : "Sans 10");
      text = g_strdup (block->text);
      break;
    case BLOCK_FIELD:
      font = pango_font_description_from_string ("Sans 10");
      /* Translators: a label and its value in a printed report */
      text = g_strdup_printf (_("%s: %s"), block->label, block->text);
      bold_end = strlen (block->label) + 1;
      space_before = space_after = 1.0;
      break;
    case BLOCK_ITEM:
      font = pango_font_description_from_string ("Sans 10");
      text = g_strdup_printf ("• %s: %s", block->label, block->text);
      bold_end = strlen ("• ") + strlen (block->label) + 1;
      break;
    case BLOCK_VERBATIM:
      font = pango_font_description_from_string ("Monospace 8");
      text = g_strdup (block->text);
      pango_layout_set_wrap (layout, PANGO_WRAP_CHAR);
      pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
      break;
    default:
      g_assert_not_reached ();
    }

  if (bold_end > 0)
    {
      PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

      bold->start_index = 0;
      bold->end_index = bold_end;
      pango_attr_list_insert (attrs, bold);
    }

  /* Headings are kept with what follows them. */
  if ((block->type == BLOCK_HEADING || block->type == BLOCK_SUBHEADING) &&
      state->y + space_before + 72.0 > A4_HEIGHT - MARGIN)
    pdf_new_page (state);
  else if (state->y > MARGIN)
    state->y += space_before;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  if (block->type != BLOCK_VERBATIM)
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_text (layout, text, -1);

  if (block->type == BLOCK_VERBATIM)
    cairo_set_source_rgb (state->cr, 0.15, 0.15, 0.15);
  pdf_flow_layout (state, layout, x);
  cairo_set_source_rgb (state->cr, 0.1, 0.1, 0.1);

  state->y += space_after;
}

/**
 * md_report_render_pdf:
 * @incident: a #MdIncident
 * @error: return location for an error
 *
 * Lays the report out on A4 pages with cairo and Pango.
 *
 * Returns: (transfer full) (nullable): the PDF document
 */
GBytes *
md_report_render_pdf (MdIncident  *incident,
                      GError     **error)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(GByteArray) data = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  PdfState state = { 0 };

  g_return_val_if_fail (MD_IS_INCIDENT (incident), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  blocks = build_blocks (incident);
  data = g_byte_array_new ();

  surface = cairo_pdf_surface_create_for_stream (pdf_write_cb, data, A4_WIDTH, A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  _("Email delivery problem report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Mail Doctor " PACKAGE_VERSION);

  state.cr = cairo_create (surface);
  state.context = pango_cairo_create_context (state.cr);
  pango_cairo_context_set_resolution (state.context, 72.0);
  state.y = MARGIN;
  state.page = 1;
  state.footer = md_incident_get_id (incident);
  cairo_set_source_rgb (state.cr, 0.1, 0.1, 0.1);

  for (guint i = 0; i < blocks->len; i++)
    pdf_block (&state, g_ptr_array_index (blocks, i));

  pdf_footer (&state);
  cairo_show_page (state.cr);

  g_object_unref (state.context);
  cairo_destroy (state.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   /* Translators: %s is a technical message from the drawing library */
                   _("The PDF report could not be created (%s)."),
                   cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/**
 * md_report_render:
 * @incident: a #MdIncident
 * @format: the format
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the report in @format
 */
GBytes *
md_report_render (MdIncident      *incident,
                  MdReportFormat   format,
                  GError         **error)
{
  char *text;

  g_return_val_if_fail (MD_IS_INCIDENT (incident), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (format)
    {
    case MD_REPORT_FORMAT_TEXT:
      text = md_report_render_text (incident);
      break;
    case MD_REPORT_FORMAT_MARKDOWN:
      text = md_report_render_markdown (incident);
      break;
    case MD_REPORT_FORMAT_HTML:
      text = md_report_render_html (incident);
      break;
    case MD_REPORT_FORMAT_JSON:
      text = md_report_render_json (incident);
      break;
    case MD_REPORT_FORMAT_PDF:
      return md_report_render_pdf (incident, error);
    default:
      g_return_val_if_reached (NULL);
    }

  return g_bytes_new_take (text, strlen (text));
}

/* A format's name is its file name extension. */
static const struct
{
  const char *extension;
  const char *mime_type;
} formats[] = {
  { "txt", "text/plain" },
  { "md", "text/markdown" },
  { "html", "text/html" },
  { "json", "application/json" },
  { "pdf", "application/pdf" },
};

/**
 * md_report_format_from_string:
 * @str: "txt", "md", "html", "json" or "pdf" (also "text", "markdown")
 * @format: (out): the format
 *
 * Returns: whether @str names a format
 */
gboolean
md_report_format_from_string (const char     *str,
                              MdReportFormat *format)
{
  g_return_val_if_fail (str != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  if (g_ascii_strcasecmp (str, "text") == 0)
    str = "txt";
  else if (g_ascii_strcasecmp (str, "markdown") == 0)
    str = "md";

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (str, formats[i].extension) == 0)
        {
          *format = (MdReportFormat) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
md_report_format_get_extension (MdReportFormat format)
{
  g_return_val_if_fail (format <= MD_REPORT_FORMAT_PDF, NULL);

  return formats[format].extension;
}

const char *
md_report_format_get_mime_type (MdReportFormat format)
{
  g_return_val_if_fail (format <= MD_REPORT_FORMAT_PDF, NULL);

  return formats[format].mime_type;
}
