/* md-bounce.c: a bounce message taken apart into facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>
#include <json-glib/json-glib.h>

#include "md-bounce.h"
#include "md-bounce-private.h"
#include "md-classifier.h"
#include "md-error.h"

/* GMime 3.2 has no g_autoptr support of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)

/**
 * MdBounce:
 *
 * A bounce (or anything pasted as one) taken apart: what kind of report it
 * is, which recipients it talks about and what it says about each, the
 * original message's headers and the decoded text everything was read from.
 *
 * The input may be a whole raw message (RFC 5322, mbox "From " line, any
 * transfer encoding and charset) or only the visible text copied out of a
 * mail client, possibly quoted with '>' and re-wrapped.
 */
struct _MdBounce
{
  GObject       parent_instance;

  MdBounceKind  kind;
  GPtrArray    *recipients;
  char         *reporting_mta;
  char         *mta;
  char         *subject;
  char         *date;
  char         *from;
  char         *to;
  char         *message_id;
  char         *feedback_type;
  char         *text;
};

G_DEFINE_FINAL_TYPE (MdBounce, md_bounce, G_TYPE_OBJECT)

/* Limits that keep hostile input cheap: only this much of the text is
 * searched for recipients and phrases. */
#define MAX_SCAN_LINES     4000
#define MAX_SCAN_BYTES     (512 * 1024)
#define MAX_RECIPIENTS     500
#define MAX_CONTEXT_BYTES  (16 * 1024)
#define MAX_MIME_DEPTH     8

typedef struct
{
  guint start;   /* first line, 0-based, inclusive */
  guint end;     /* exclusive */
} Range;

typedef struct
{
  MdBounce  *bounce;
  GString   *text;
  guint      n_lines;
  GArray    *human;         /* Range: human-readable parts */
  GArray    *dsn;           /* Range: message/delivery-status parts */
  GArray    *arf;           /* Range: message/feedback-report parts */
  gboolean   multipart_report;
  gboolean   feedback_report;
  gboolean   have_original;
  gboolean   from_daemon;
  gboolean   auto_reply;
  char      *failed_rcpts;  /* X-Failed-Recipients */
  char      *top_from_addr;
  char      *top_to_addr;
  char      *top_subject;
  char      *top_headers;   /* a few top-level headers, lower-cased, for MTA detection */
  char      *orig_to;
  char      *orig_from;
  char     **lines;
  guint      lines_len;
} ParseState;

static void
parse_state_clear (ParseState *st)
{
  g_clear_object (&st->bounce);
  if (st->text != NULL)
    g_string_free (st->text, TRUE);
  g_clear_pointer (&st->human, g_array_unref);
  g_clear_pointer (&st->dsn, g_array_unref);
  g_clear_pointer (&st->arf, g_array_unref);
  g_clear_pointer (&st->failed_rcpts, g_free);
  g_clear_pointer (&st->top_from_addr, g_free);
  g_clear_pointer (&st->top_to_addr, g_free);
  g_clear_pointer (&st->top_subject, g_free);
  g_clear_pointer (&st->top_headers, g_free);
  g_clear_pointer (&st->orig_to, g_free);
  g_clear_pointer (&st->orig_from, g_free);
  g_clear_pointer (&st->lines, g_strfreev);
}

static void
md_bounce_finalize (GObject *object)
{
  MdBounce *self = (MdBounce *) object;

  g_clear_pointer (&self->recipients, g_ptr_array_unref);
  g_clear_pointer (&self->reporting_mta, g_free);
  g_clear_pointer (&self->mta, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->message_id, g_free);
  g_clear_pointer (&self->feedback_type, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (md_bounce_parent_class)->finalize (object);
}

static void
md_bounce_class_init (MdBounceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_bounce_finalize;
}

static void
md_bounce_init (MdBounce *self)
{
  self->recipients = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ------------------------------------------------------------------------ */
/* Small text helpers                                                         */

static gboolean
looks_japanese (const char *utf8)
{
  guint kana = 0, other = 0;

  for (const char *p = utf8; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        continue;
      if (c >= 0x3040 && c <= 0x30ff)
        kana++;
      else
        other++;
    }
  return kana >= 2 && kana * 4 >= other;
}

/* Always returns valid UTF-8; @charset may be NULL. */
static char *
to_utf8 (const char *data,
         gssize      len,
         const char *charset)
{
  g_autofree char *converted = NULL;

  if (data == NULL || len == 0)
    return g_strdup ("");
  if (len < 0)
    len = strlen (data);

  if (charset != NULL && *charset != '\0'
      && g_ascii_strcasecmp (charset, "utf-8") != 0
      && g_ascii_strcasecmp (charset, "us-ascii") != 0)
    {
      const char *iconv_name = g_mime_charset_iconv_name (charset);

      converted = g_convert_with_fallback (data, len, "UTF-8", iconv_name, "?", NULL, NULL, NULL);
      if (converted != NULL)
        return g_utf8_make_valid (converted, -1);
    }

  if (g_utf8_validate (data, len, NULL))
    return g_strndup (data, len);

  /* Unlabelled 8-bit text: ISO-2022-JP is recognisable by its escapes,
   * anything else is most often Windows-1252. */
  if (memchr (data, 0x1b, len) != NULL)
    converted = g_convert (data, len, "UTF-8", "ISO-2022-JP", NULL, NULL, NULL);
  if (converted == NULL)
    {
      /* Shift_JIS decodes almost any bytes: keep it only when the result
       * reads as Japanese (kana), else Latin text would turn into kanji. */
      converted = g_convert (data, len, "UTF-8", "SHIFT_JIS", NULL, NULL, NULL);
      if (converted != NULL && !looks_japanese (converted))
        g_clear_pointer (&converted, g_free);
    }
  if (converted == NULL)
    converted = g_convert (data, len, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (converted != NULL)
    return g_utf8_make_valid (converted, -1);

  return g_utf8_make_valid (data, len);
}

/* Like g_strsplit (text, "\n", max) but linear with any libc (sanitizer
 * builds make strstr() scan the whole rest of the text on every call). */
GStrv
md_bounce_split_lines (const char *text,
                       guint       max)
{
  GPtrArray *out = g_ptr_array_new ();
  const char *p = text;

  for (;;)
    {
      const char *nl = strchr (p, '\n');

      if (nl == NULL || (max > 0 && out->len + 1 >= max))
        {
          g_ptr_array_add (out, g_strdup (p));
          break;
        }
      g_ptr_array_add (out, g_strndup (p, nl - p));
      p = nl + 1;
    }
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (out, FALSE);
}

static gboolean
is_blank (const char *line)
{
  for (; *line != '\0'; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

static gboolean
has_prefix_ci (const char *str,
               const char *prefix)
{
  return g_ascii_strncasecmp (str, prefix, strlen (prefix)) == 0;
}

/* Case-insensitive ASCII substring search, linear enough for our needs. */
static const char *
strcasestr_ascii (const char *haystack,
                  const char *needle)
{
  gsize nlen = strlen (needle);
  char lo, up;

  if (nlen == 0)
    return haystack;
  lo = g_ascii_tolower (*needle);
  up = g_ascii_toupper (*needle);
  for (const char *p = haystack; *p != '\0'; p++)
    if ((*p == lo || *p == up) && g_ascii_strncasecmp (p, needle, nlen) == 0)
      return p;
  return NULL;
}

static gboolean
is_local_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr (".!#$%&'*+/=?^_`{|}~-", c) != NULL)
         || (guchar) c >= 0x80;
}

static gboolean
is_domain_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || (guchar) c >= 0x80;
}

/* Finds the next e-mail address in @line from @from. Linear: every '@'
 * only looks at the run of address characters around it. Returns the start
 * of the address or NULL; *len gets its length. */
const char *
md_bounce_find_address (const char *line,
                        const char *from,
                        gsize      *len)
{
  for (const char *at = strchr (from, '@'); at != NULL; at = strchr (at + 1, '@'))
    {
      const char *s = at;
      const char *e = at + 1;
      gboolean dot = FALSE;

      /* "quoted local part"@domain */
      if (s > from && s[-1] == '"')
        {
          const char *q = s - 2;

          while (q >= from && *q != '"' && *q != '\n' && (s - q) < 66)
            q--;
          if (q >= from && *q == '"' && q < s - 2)
            s = q;
        }
      if (*s != '"')
        while (s > from && is_local_char (s[-1]))
          s--;
      while (*s == '.' || *s == '\'')
        s++;
      /* a quote is only part of the address when it closes before the '@' */
      if (*s == '"' && at[-1] != '"')
        s++;
      while (is_domain_char (*e))
        {
          if (*e == '.')
            dot = TRUE;
          e++;
        }
      while (e > at + 1 && (e[-1] == '.' || e[-1] == '-'))
        e--;
      if (s == at || e - at < 4 || !dot)
        continue;
      /* "foo.@bar" or ".." are not addresses but still worth a look;
       * only reject obvious garbage. */
      if (at[1] == '.' || at[1] == '-')
        continue;
      *len = e - s;
      return s;
    }
  return NULL;
}

/* Extracts a bare address from a header-like value such as
 * "rfc822; <a@b.example>" or "Name <a@b.example>". */
static char *
extract_address (const char *value)
{
  gsize len;
  const char *s;

  if (value == NULL)
    return NULL;
  s = md_bounce_find_address (value, value, &len);
  if (s == NULL)
    return NULL;
  return g_strndup (s, len);
}

/* RFC 3463 status "c.s.d" with c in 2,4,5; not part of an IP address. */
gboolean
md_bounce_find_status (const char *text,
                       char      **status,
                       const char **where)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *q;
      int n;

      if (*p != '2' && *p != '4' && *p != '5')
        continue;
      if (p > text && (g_ascii_isalnum (p[-1]) || p[-1] == '.' || p[-1] == '-' || p[-1] == ':'))
        continue;
      if (p[1] != '.' || !g_ascii_isdigit (p[2]))
        continue;
      q = p + 2;
      for (n = 0; g_ascii_isdigit (*q) && n < 3; n++)
        q++;
      if (g_ascii_isdigit (*q) || *q != '.' || !g_ascii_isdigit (q[1]))
        continue;
      q++;
      for (n = 0; g_ascii_isdigit (*q) && n < 3; n++)
        q++;
      if (g_ascii_isdigit (*q) || g_ascii_isalpha (*q) || *q == '-')
        continue;
      if (*q == '.' && g_ascii_isdigit (q[1]))
        continue;
      if (status != NULL)
        *status = g_strndup (p, q - p);
      if (where != NULL)
        *where = p;
      return TRUE;
    }
  return FALSE;
}

/* An SMTP reply code: 4xx/5xx (2xx with @allow_success) at the start of a
 * line (after quoting marks) or right after ':', '(' or '"'. */
gboolean
md_bounce_find_reply_code (const char  *line,
                           gboolean     allow_success,
                           char       **code)
{
  for (const char *p = line; *p != '\0'; p++)
    {
      const char *b;

      if (!(*p == '4' || *p == '5' || (allow_success && *p == '2')))
        continue;
      if (!g_ascii_isdigit (p[1]) || p[1] > '5' || !g_ascii_isdigit (p[2]))
        continue;
      if (p[3] != ' ' && p[3] != '-' && p[3] != '\0' && p[3] != ')' && p[3] != '\t' && p[3] != ':'
          && p[3] != ',' && p[3] != ']' && p[3] != '"')
        continue;
      if (p[3] == '-' && !g_ascii_isdigit (p[4]) && !g_ascii_isalpha (p[4]))
        continue;
      /* what comes before */
      b = p;
      while (b > line && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
      if (b > line)
        {
          char c = b[-1];
          gboolean after_marker = TRUE;

          for (const char *k = line; k < b; k++)
            if (!(*k == ' ' || *k == '\t' || *k == '<' || *k == '>' || *k == '#'
                  || *k == '(' || *k == '"' || *k == '[' || *k == '\''))
              after_marker = FALSE;

          if (!after_marker && c != ':' && c != '(' && c != '"' && c != '#' && c != '<' && c != '>' && c != ';'
              && c != '\'' && c != '[' && c != '=' && !(b < p && b >= line + 4
                                                       && g_ascii_strncasecmp (b - 4, "said", 4) == 0)
              && !(b >= line + 5 && g_ascii_strncasecmp (b - 5, "error", 5) == 0)
              && !(b >= line + 4 && g_ascii_strncasecmp (b - 4, "code", 4) == 0))
            continue;
        }
      if (code != NULL)
        *code = g_strndup (p, 3);
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Building the decoded text                                                  */

static guint
count_lines (const char *s)
{
  guint n = 0;

  for (; *s != '\0'; s++)
    if (*s == '\n')
      n++;
  return n;
}

static void
normalise_newlines (char *s)
{
  char *w = s;

  for (char *r = s; *r != '\0'; r++)
    {
      if (*r == '\r')
        {
          if (r[1] == '\n')
            continue;
          *w++ = '\n';
          continue;
        }
      *w++ = *r;
    }
  *w = '\0';
}

/* Appends @utf8 to the decoded text and records its line range. */
static void
append_text (ParseState *st,
             GArray     *ranges,
             const char *utf8)
{
  g_autofree char *copy = g_strdup (utf8 ? utf8 : "");
  Range r;

  normalise_newlines (copy);
  if (st->text->len > 0 && st->text->str[st->text->len - 1] != '\n')
    {
      g_string_append_c (st->text, '\n');
      st->n_lines++;
    }
  if (st->text->len > 0)
    {
      g_string_append_c (st->text, '\n');
      st->n_lines++;
    }
  r.start = st->n_lines;
  g_string_append (st->text, copy);
  st->n_lines += count_lines (copy);
  if (copy[0] != '\0' && copy[strlen (copy) - 1] != '\n')
    r.end = st->n_lines + 1;
  else
    r.end = st->n_lines;
  if (ranges != NULL && r.end > r.start)
    g_array_append_val (ranges, r);
}

static char *
strip_html (const char *html)
{
  GString *out = g_string_new (NULL);
  gboolean in_tag = FALSE;
  gboolean in_skip = FALSE;

  for (const char *p = html; *p != '\0'; p++)
    {
      if (in_tag)
        {
          if (*p == '>')
            in_tag = FALSE;
          continue;
        }
      if (*p == '<')
        {
          if (has_prefix_ci (p, "<br") || has_prefix_ci (p, "<p") || has_prefix_ci (p, "</p")
              || has_prefix_ci (p, "<div") || has_prefix_ci (p, "</div") || has_prefix_ci (p, "<tr")
              || has_prefix_ci (p, "<li"))
            g_string_append_c (out, '\n');
          if (has_prefix_ci (p, "<style") || has_prefix_ci (p, "<script"))
            in_skip = TRUE;
          else if (has_prefix_ci (p, "</style") || has_prefix_ci (p, "</script"))
            in_skip = FALSE;
          in_tag = TRUE;
          continue;
        }
      if (in_skip)
        continue;
      if (*p == '&')
        {
          static const struct { const char *ent; const char *txt; } ents[] = {
            { "&nbsp;", " " }, { "&lt;", "<" }, { "&gt;", ">" }, { "&amp;", "&" },
            { "&quot;", "\"" }, { "&#39;", "'" }, { "&apos;", "'" },
          };
          gboolean done = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (ents); i++)
            if (has_prefix_ci (p, ents[i].ent))
              {
                g_string_append (out, ents[i].txt);
                p += strlen (ents[i].ent) - 1;
                done = TRUE;
                break;
              }
          if (done)
            continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* MIME walk                                                                  */

static char *
part_content_utf8 (GMimeObject *object)
{
  GMimePart *part = GMIME_PART (object);
  GMimeDataWrapper *wrapper = g_mime_part_get_content (part);
  g_autoptr(GMimeStream) stream = NULL;
  GByteArray *array;
  const char *charset;

  if (wrapper == NULL)
    return g_strdup ("");

  stream = g_mime_stream_mem_new ();
  g_mime_data_wrapper_write_to_stream (wrapper, stream);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  charset = g_mime_object_get_content_type_parameter (object, "charset");
  return to_utf8 ((const char *) array->data, array->len, charset);
}

static char *
header_value (GMimeObject *object,
              const char  *name)
{
  const char *v = g_mime_object_get_header (object, name);

  if (v == NULL)
    return NULL;
  return g_utf8_make_valid (v, -1);
}

static void
take_original_headers (ParseState   *st,
                       GMimeMessage *message)
{
  MdBounce *b = st->bounce;
  InternetAddressList *list;
  const char *v;

  if (st->have_original || message == NULL)
    return;
  st->have_original = TRUE;

  v = g_mime_message_get_subject (message);
  if (v != NULL)
    b->subject = g_utf8_make_valid (v, -1);
  b->date = header_value (GMIME_OBJECT (message), "Date");
  v = g_mime_message_get_message_id (message);
  if (v != NULL)
    b->message_id = g_utf8_make_valid (v, -1);

  list = g_mime_message_get_from (message);
  if (list != NULL && internet_address_list_length (list) > 0)
    {
      g_autofree char *s = internet_address_list_to_string (list, NULL, FALSE);

      b->from = g_utf8_make_valid (s, -1);
      st->orig_from = extract_address (b->from);
    }
  list = g_mime_message_get_to (message);
  if (list != NULL && internet_address_list_length (list) > 0)
    {
      g_autofree char *s = internet_address_list_to_string (list, NULL, FALSE);

      b->to = g_utf8_make_valid (s, -1);
      st->orig_to = extract_address (b->to);
    }
}

static GMimeMessage *
parse_message_from_text (const char *data,
                         gsize       len)
{
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (data, len);
  g_autoptr(GMimeParser) parser = g_mime_parser_new_with_stream (stream);

  return g_mime_parser_construct_message (parser, NULL);
}

static void walk_object (ParseState  *st,
                         GMimeObject *object,
                         guint        depth);

static void
walk_object (ParseState  *st,
             GMimeObject *object,
             guint        depth)
{
  GMimeContentType *ct;
  const char *type, *subtype;

  if (object == NULL || depth > MAX_MIME_DEPTH)
    return;

  ct = g_mime_object_get_content_type (object);
  type = ct != NULL ? g_mime_content_type_get_media_type (ct) : "text";
  subtype = ct != NULL ? g_mime_content_type_get_media_subtype (ct) : "plain";
  if (type == NULL)
    type = "text";
  if (subtype == NULL)
    subtype = "plain";

  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *mp = GMIME_MULTIPART (object);
      int n = g_mime_multipart_get_count (mp);
      gboolean alternative = g_ascii_strcasecmp (subtype, "alternative") == 0;
      gboolean have_plain = FALSE;

      if (g_ascii_strcasecmp (subtype, "report") == 0)
        {
          const char *rt = g_mime_content_type_get_parameter (ct, "report-type");

          st->multipart_report = TRUE;
          if (rt != NULL && strcasestr_ascii (rt, "feedback") != NULL)
            st->feedback_report = TRUE;
        }

      if (alternative)
        {
          for (int i = 0; i < n; i++)
            {
              GMimeObject *child = g_mime_multipart_get_part (mp, i);
              GMimeContentType *cct = g_mime_object_get_content_type (child);

              if (cct != NULL && g_mime_content_type_is_type (cct, "text", "plain"))
                have_plain = TRUE;
            }
        }

      for (int i = 0; i < n; i++)
        {
          GMimeObject *child = g_mime_multipart_get_part (mp, i);
          GMimeContentType *cct = g_mime_object_get_content_type (child);

          if (alternative && have_plain && cct != NULL
              && !g_mime_content_type_is_type (cct, "text", "plain"))
            continue;
          walk_object (st, child, depth + 1);
        }
      return;
    }

  if (GMIME_IS_MESSAGE_PART (object))
    {
      GMimeMessage *msg = g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));

      if (g_ascii_strcasecmp (subtype, "delivery-status") == 0
          || g_ascii_strcasecmp (subtype, "global-delivery-status") == 0
          || g_ascii_strcasecmp (subtype, "feedback-report") == 0)
        {
          g_autofree char *s = msg ? g_mime_object_to_string (GMIME_OBJECT (msg), NULL) : NULL;
          g_autofree char *u = s ? to_utf8 (s, -1, NULL) : NULL;

          if (u != NULL)
            append_text (st, g_ascii_strcasecmp (subtype, "feedback-report") == 0 ? st->arf : st->dsn, u);
          return;
        }
      /* The returned original message: only its headers matter. When the
       * report itself is wrapped in a forwarded message, look inside. */
      if (msg != NULL)
        {
          GMimeObject *body = g_mime_message_get_mime_part (msg);
          GMimeContentType *bct = body ? g_mime_object_get_content_type (body) : NULL;

          if (!st->multipart_report && st->dsn->len == 0 && bct != NULL
              && g_mime_content_type_is_type (bct, "multipart", "report"))
            walk_object (st, body, depth + 1);
          else
            take_original_headers (st, msg);
        }
      return;
    }

  if (GMIME_IS_PART (object))
    {
      g_autofree char *content = NULL;

      if (g_mime_part_is_attachment (GMIME_PART (object))
          && g_ascii_strcasecmp (type, "text") != 0
          && g_ascii_strcasecmp (type, "message") != 0)
        return;

      if (g_ascii_strcasecmp (type, "message") == 0
          && (g_ascii_strcasecmp (subtype, "delivery-status") == 0
              || g_ascii_strcasecmp (subtype, "global-delivery-status") == 0))
        {
          content = part_content_utf8 (object);
          append_text (st, st->dsn, content);
        }
      else if (g_ascii_strcasecmp (type, "message") == 0
               && g_ascii_strcasecmp (subtype, "feedback-report") == 0)
        {
          content = part_content_utf8 (object);
          append_text (st, st->arf, content);
        }
      else if ((g_ascii_strcasecmp (type, "text") == 0
                && g_ascii_strcasecmp (subtype, "rfc822-headers") == 0)
               || (g_ascii_strcasecmp (type, "message") == 0
                   && (g_ascii_strcasecmp (subtype, "rfc822") == 0
                       || g_ascii_strcasecmp (subtype, "global") == 0
                       || g_ascii_strcasecmp (subtype, "global-headers") == 0)))
        {
          g_autoptr(GMimeMessage) msg = NULL;

          content = part_content_utf8 (object);
          msg = parse_message_from_text (content, strlen (content));
          take_original_headers (st, msg);
        }
      else if (g_ascii_strcasecmp (type, "text") == 0)
        {
          content = part_content_utf8 (object);
          if (g_ascii_strcasecmp (subtype, "html") == 0)
            {
              g_autofree char *plain = strip_html (content);

              append_text (st, st->human, plain);
            }
          else
            append_text (st, st->human, content);
        }
      else if (g_ascii_strcasecmp (type, "message") == 0)
        {
          content = part_content_utf8 (object);
          append_text (st, st->human, content);
        }
    }
}

static void
gmime_init_once (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      g_mime_init ();
      g_once_init_leave (&initialised, 1);
    }
}

static gboolean
is_header_line (const char *line)
{
  const char *p = line;

  while (*p != '\0' && *p != ':' && *p > ' ' && *p < 127)
    p++;
  return p > line && *p == ':' && (p - line) < 64;
}

/* A raw message starts with an mbox "From " line or with header fields. A
 * pasted text starts with prose ("Delivery has failed to ..."). */
static gboolean
looks_like_message (const char *data,
                    gsize       len)
{
  static const char * const known[] = {
    "return-path:", "received:", "from:", "to:", "subject:", "date:", "message-id:",
    "delivered-to:", "mime-version:", "content-type:", "x-", "reply-to:", "sender:",
    "dkim-signature:", "authentication-results:", "arc-", "envelope-to:", "auto-submitted:",
    "x-original-to:", "thread-", "in-reply-to:", "references:", "cc:", "user-agent:",
  };
  gsize i = 0;
  guint header_lines = 0;
  gboolean known_first = FALSE;

  while (i < len && (data[i] == '\n' || data[i] == '\r' || data[i] == ' ' || data[i] == '\t'))
    i++;
  if (len - i >= 5 && strncmp (data + i, "From ", 5) == 0)
    return TRUE;

  for (guint n = 0; n < 8 && i < len; n++)
    {
      const char *nl = memchr (data + i, '\n', len - i);
      gsize l = nl ? (gsize) (nl - (data + i)) : len - i;
      g_autofree char *line = g_strndup (data + i, l);

      g_strchomp (line);
      if (line[0] == '\0')
        break;
      if (line[0] == ' ' || line[0] == '\t')
        {
          if (n == 0)
            return FALSE;
        }
      else if (is_header_line (line))
        {
          header_lines++;
          if (n == 0)
            for (guint k = 0; k < G_N_ELEMENTS (known); k++)
              if (has_prefix_ci (line, known[k]))
                known_first = TRUE;
        }
      else
        {
          if (n == 0)
            return FALSE;
          break;
        }
      i += l + 1;
    }

  return known_first || header_lines >= 2;
}

/* Removes one level of '>' quoting when most lines carry it, repeatedly. */
static gboolean
mostly_quoted (const char *text)
{
  guint quoted = 0, nonempty = 0;
  const char *p = text;

  while (*p != '\0')
    {
      const char *l = skip_space (p);
      const char *nl = strchr (l, '\n');

      if (*l != '\0' && *l != '\n' && *l != '\r')
        {
          nonempty++;
          if (*l == '>')
            quoted++;
        }
      if (nl == NULL)
        break;
      p = nl + 1;
    }
  return nonempty > 0 && quoted * 2 >= nonempty;
}

static char *
unquote (const char *text)
{
  g_auto(GStrv) lines = NULL;

  if (!mostly_quoted (text))
    return g_strdup (text);
  lines = md_bounce_split_lines (text, 0);

  for (guint level = 0; level < 8; level++)
    {
      guint quoted = 0, nonempty = 0;

      for (guint i = 0; lines[i] != NULL; i++)
        {
          const char *p = skip_space (lines[i]);

          if (*p == '\0')
            continue;
          nonempty++;
          if (*p == '>')
            quoted++;
        }
      if (nonempty == 0 || quoted * 2 < nonempty)
        break;

      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *p = (char *) skip_space (lines[i]);

          if (*p == '>')
            {
              p++;
              if (*p == ' ')
                p++;
              memmove (lines[i], p, strlen (p) + 1);
            }
        }
    }
  return g_strjoinv ("\n", lines);
}

/* ------------------------------------------------------------------------ */
/* Delivery-status fields (MIME part or inline text)                          */

static char *
dsn_value (const char *v)
{
  const char *semi;
  char *out;

  v = skip_space (v);
  semi = strchr (v, ';');
  /* "rfc822; a@b", "smtp; 550 ...", "dns; mx.example" */
  if (semi != NULL && semi - v < 16)
    {
      gboolean word = TRUE;

      for (const char *k = v; k < semi; k++)
        if (!(g_ascii_isalnum (*k) || *k == '-' || *k == ' '))
          word = FALSE;
      if (word)
        v = semi + 1;
    }
  out = g_strstrip (g_strdup (v));
  return out;
}

static GDateTime *
parse_date (const char *value)
{
  g_autoptr(GDateTime) d = g_mime_utils_header_decode_date (value);

  if (d != NULL)
    return g_steal_pointer (&d);
  return NULL;
}

typedef struct
{
  char  *name;   /* lower-case */
  char  *value;  /* unfolded */
  guint  line;   /* 0-based line of the field */
} Field;

static void
field_clear (gpointer data)
{
  Field *f = data;

  g_free (f->name);
  g_free (f->value);
}

/* Collects "Name: value" fields of lines [start, end) with folding.
 * Blank lines are recorded as fields with name "" (block separators). */
static GArray *
collect_fields (ParseState *st,
                guint       start,
                guint       end)
{
  GArray *fields = g_array_new (FALSE, TRUE, sizeof (Field));

  g_array_set_clear_func (fields, field_clear);
  for (guint i = start; i < end && i < st->lines_len; i++)
    {
      const char *line = st->lines[i];
      Field f = { 0 };

      if (is_blank (line))
        {
          f.name = g_strdup ("");
          f.value = g_strdup ("");
          f.line = i;
          g_array_append_val (fields, f);
          continue;
        }
      if ((line[0] == ' ' || line[0] == '\t') && fields->len > 0)
        {
          Field *last = &g_array_index (fields, Field, fields->len - 1);

          if (last->name[0] != '\0' && strlen (last->value) < 4096)
            {
              char *joined = g_strconcat (last->value, " ", skip_space (line), NULL);

              g_free (last->value);
              last->value = g_strstrip (joined);
            }
          continue;
        }
      if (is_header_line (line))
        {
          const char *colon = strchr (line, ':');

          f.name = g_ascii_strdown (line, colon - line);
          f.value = g_strstrip (g_strdup (colon + 1));
          f.line = i;
          g_array_append_val (fields, f);
        }
    }
  return fields;
}

static MdBounceRecipient *
find_recipient (MdBounce   *b,
                const char *address)
{
  if (address == NULL)
    return NULL;
  for (guint i = 0; i < b->recipients->len; i++)
    {
      MdBounceRecipient *r = g_ptr_array_index (b->recipients, i);
      const char *a = md_bounce_recipient_get_address (r);

      if (a != NULL && g_ascii_strcasecmp (a, address) == 0)
        return r;
    }
  return NULL;
}

static gboolean
is_rcpt_field (const char *name)
{
  return g_str_equal (name, "final-recipient") || g_str_equal (name, "original-recipient")
         || g_str_equal (name, "x-actual-recipient");
}

static void
apply_dsn_field (ParseState        *st,
                 MdBounceRecipient *r,
                 Field             *f)
{
  g_autofree char *v = dsn_value (f->value);

  if (r == NULL)
    {
      if (g_str_equal (f->name, "reporting-mta") && st->bounce->reporting_mta == NULL && *v != '\0')
        st->bounce->reporting_mta = g_strdup (v);
      return;
    }
  if (g_str_equal (f->name, "final-recipient") || g_str_equal (f->name, "x-actual-recipient"))
    {
      g_autofree char *addr = extract_address (v);

      /* "@host:user@host" source routes and mailbox paths are not
       * addresses; Original-Recipient may still give one. */
      const char *at = addr != NULL ? strstr (v, addr) : NULL;

      if (at != NULL && at > v && at[-1] == ':')
        g_clear_pointer (&addr, g_free);
      if (addr != NULL && g_str_equal (f->name, "final-recipient"))
        md_bounce_recipient_set_address (r, addr);
      else if (addr != NULL && md_bounce_recipient_get_address (r) == NULL)
        md_bounce_recipient_set_address (r, addr);
      md_bounce_recipient_add_line (r, f->line + 1);
    }
  else if (g_str_equal (f->name, "original-recipient"))
    {
      g_autofree char *addr = extract_address (v);

      if (addr != NULL)
        md_bounce_recipient_set_original_address (r, addr);
    }
  else if (g_str_equal (f->name, "action"))
    md_bounce_recipient_set_action (r, md_bounce_action_from_string (v));
  else if (g_str_equal (f->name, "status"))
    {
      g_autofree char *status = NULL;

      if (md_bounce_find_status (v, &status, NULL))
        md_bounce_recipient_set_status (r, status);
    }
  else if (g_str_equal (f->name, "diagnostic-code"))
    {
      g_autofree char *code = NULL;

      if (*v == '\0')
        return;
      md_bounce_recipient_set_diagnostic (r, v);
      md_bounce_recipient_add_line (r, f->line + 1);
      if (md_bounce_find_reply_code (v, FALSE, &code))
        md_bounce_recipient_set_reply_code (r, code);
    }
  else if (g_str_equal (f->name, "remote-mta"))
    md_bounce_recipient_set_remote_mta (r, v);
  else if (g_str_equal (f->name, "last-attempt-date"))
    {
      g_autoptr(GDateTime) d = parse_date (v);

      md_bounce_recipient_set_last_attempt (r, d);
    }
  else if (g_str_equal (f->name, "reporting-mta") && st->bounce->reporting_mta == NULL && *v != '\0')
    st->bounce->reporting_mta = g_strdup (v);
}

/* Reads per-message and per-recipient DSN fields, block by block (blocks
 * are separated by blank lines; fields may come in any order). Returns the
 * number of recipients found. */
static guint
read_dsn_fields (ParseState *st,
                 guint       start,
                 guint       end)
{
  g_autoptr(GArray) fields = collect_fields (st, start, end);
  guint found = 0;
  guint i = 0;

  while (i < fields->len)
    {
      guint j = i;
      gboolean has_rcpt = FALSE;
      g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (guint));
      gboolean seen_final = FALSE;

      while (j < fields->len && g_array_index (fields, Field, j).name[0] != '\0')
        {
          Field *f = &g_array_index (fields, Field, j);

          if (is_rcpt_field (f->name))
            has_rcpt = TRUE;
          /* several recipients without blank lines between them */
          if (g_str_equal (f->name, "final-recipient"))
            {
              if (seen_final)
                {
                  guint cut = j;

                  if (cut > i && g_str_equal (g_array_index (fields, Field, cut - 1).name, "original-recipient"))
                    cut--;
                  g_array_append_val (cuts, cut);
                }
              seen_final = TRUE;
            }
          j++;
        }

      if (!has_rcpt)
        {
          for (guint k = i; k < j; k++)
            if (g_str_equal (g_array_index (fields, Field, k).name, "reporting-mta"))
              apply_dsn_field (st, NULL, &g_array_index (fields, Field, k));
        }
      else
        {
          guint seg_start = i;

          g_array_append_val (cuts, j);
          for (guint c = 0; c < cuts->len; c++)
            {
              guint seg_end = g_array_index (cuts, guint, c);
              g_autoptr(MdBounceRecipient) r = md_bounce_recipient_new (NULL);

              for (guint k = seg_start; k < seg_end; k++)
                apply_dsn_field (st, r, &g_array_index (fields, Field, k));
              seg_start = seg_end;
              if (md_bounce_recipient_get_address (r) == NULL)
                {
                  const char *orig = md_bounce_recipient_get_original_address (r);

                  if (orig == NULL)
                    continue;
                  md_bounce_recipient_set_address (r, orig);
                }
              if (st->bounce->recipients->len >= MAX_RECIPIENTS)
                break;
              g_ptr_array_add (st->bounce->recipients, g_steal_pointer (&r));
              found++;
            }
        }
      i = j + 1;
    }
  return found;
}

static void
read_arf_fields (ParseState *st,
                 guint       start,
                 guint       end)
{
  g_autoptr(GArray) fields = collect_fields (st, start, end);
  g_autoptr(GPtrArray) rcpts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *type = NULL;
  guint line = 0;

  for (guint i = 0; i < fields->len; i++)
    {
      Field *f = &g_array_index (fields, Field, i);

      if (g_str_equal (f->name, "feedback-type") && type == NULL)
        {
          type = g_ascii_strdown (f->value, -1);
          g_strstrip (type);
          line = f->line + 1;
        }
      else if ((g_str_equal (f->name, "original-rcpt-to") || g_str_equal (f->name, "removal-recipient"))
               && rcpts->len < MAX_RECIPIENTS)
        {
          char *a = extract_address (f->value);

          if (a != NULL)
            g_ptr_array_add (rcpts, a);
        }
      else if (g_str_equal (f->name, "reporting-mta") && st->bounce->reporting_mta == NULL)
        st->bounce->reporting_mta = dsn_value (f->value);
    }

  if (type != NULL)
    {
      g_free (st->bounce->feedback_type);
      st->bounce->feedback_type = g_strdup (type);
    }
  if (rcpts->len == 0)
    g_ptr_array_add (rcpts, g_strdup (st->orig_to));
  if (st->bounce->recipients->len > 0)
    return;
  for (guint i = 0; i < rcpts->len; i++)
    {
      MdBounceRecipient *r = md_bounce_recipient_new (g_ptr_array_index (rcpts, i));

      md_bounce_recipient_set_feedback_type (r, type);
      if (line > 0)
        md_bounce_recipient_add_line (r, line);
      g_ptr_array_add (st->bounce->recipients, r);
    }
}

/* ------------------------------------------------------------------------ */
/* Free text                                                                  */

/* Lines that start the copy of the original message in a bounce. */
static const char * const boundary_markers[] = {
  "original message",
  "returned message",
  "this is a copy of the message",
  "below this line is a copy",
  "copy of the message",
  "unsent message",
  "message headers follow",
  "original message headers",
  "the header of the original message",
  "headers of your message",
  "original message follows",
  "returned mail follows",
  "content-type: message/rfc822",
  "content-type: text/rfc822-headers",
  "following is a copy",
  "below is a copy",
  "message text follows",
  "ursprüngliche nachricht",
  "message d'origine",
  "mensaje original",
};

static gboolean
is_boundary_line (const char *line)
{
  g_autofree char *low = NULL;
  const char *p = skip_space (line);
  gsize len = strlen (p);

  if (len > 120 || len < 8)
    return FALSE;
  low = g_utf8_strdown (p, -1);
  for (guint i = 0; i < G_N_ELEMENTS (boundary_markers); i++)
    if (strstr (low, boundary_markers[i]) != NULL)
      {
        /* Must look like a separator, not a sentence mentioning it. */
        if (low[0] == '-' || low[0] == '=' || low[0] == '*' || low[0] == '_' || low[0] == '['
            || low[0] == '|' || g_str_has_suffix (low, ":") || g_str_has_suffix (low, "-")
            || g_str_has_prefix (low, "content-type"))
          return TRUE;
      }
  return FALSE;
}

static gboolean
is_dsn_field_name (const char *line)
{
  static const char * const names[] = {
    "reporting-mta:", "final-recipient:", "original-recipient:", "action:", "status:",
    "diagnostic-code:", "remote-mta:", "last-attempt-date:", "arrival-date:",
    "received-from-mta:", "x-postfix-", "x-actual-recipient:", "will-retry-until:",
    "x-original-message-id:", "x-display-name:", "x-supplementary-info:",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (has_prefix_ci (line, names[i]))
      return TRUE;
  return FALSE;
}

/* A run of header lines (Received:, From:, Subject: ...) marks the copy of
 * the original message inside a plain-text bounce. */
static gboolean
starts_header_block (ParseState *st,
                     guint       i,
                     guint       end)
{
  guint n = 0;
  gboolean strong = FALSE;

  for (guint k = i; k < end && k < i + 6; k++)
    {
      const char *line = st->lines[k];

      if (is_blank (line))
        break;
      if (line[0] == ' ' || line[0] == '\t')
        continue;
      if (!is_header_line (line) || is_dsn_field_name (line))
        return FALSE;
      if (has_prefix_ci (line, "received:") || has_prefix_ci (line, "return-path:")
          || has_prefix_ci (line, "mime-version:") || has_prefix_ci (line, "content-type:")
          || has_prefix_ci (line, "dkim-signature:") || has_prefix_ci (line, "x-")
          || has_prefix_ci (line, "delivered-to:") || has_prefix_ci (line, "arc-"))
        strong = TRUE;
      n++;
    }
  /* A forwarded bounce starts with From/Date/To/Subject too: only a
   * transport header marks the copy of the original. */
  return n >= 3 && strong;
}

static void
take_inline_original_headers (ParseState *st,
                              guint       start,
                              guint       end)
{
  MdBounce *b = st->bounce;

  if (st->have_original)
    return;
  for (guint i = start; i < end && i < start + 200 && i < st->lines_len; i++)
    {
      const char *line = st->lines[i];

      if (is_blank (line) && i > start + 1)
        break;
      if (b->subject == NULL && has_prefix_ci (line, "subject:"))
        {
          g_autofree char *raw = g_strstrip (g_strdup (line + 8));

          b->subject = g_mime_utils_header_decode_text (NULL, raw);
        }
      else if (b->to == NULL && has_prefix_ci (line, "to:"))
        {
          b->to = g_strstrip (g_strdup (line + 3));
          st->orig_to = extract_address (b->to);
        }
      else if (b->from == NULL && has_prefix_ci (line, "from:"))
        {
          b->from = g_strstrip (g_strdup (line + 5));
          st->orig_from = extract_address (b->from);
        }
      else if (b->date == NULL && has_prefix_ci (line, "date:"))
        b->date = g_strstrip (g_strdup (line + 5));
      else if (b->message_id == NULL && has_prefix_ci (line, "message-id:"))
        {
          g_autofree char *v = g_strstrip (g_strdup (line + 11));
          gsize len = strlen (v);

          if (v[0] == '<' && len > 2 && v[len - 1] == '>')
            b->message_id = g_strndup (v + 1, len - 2);
          else
            b->message_id = g_strdup (v);
        }
    }
  if (b->subject != NULL || b->to != NULL || b->message_id != NULL)
    st->have_original = TRUE;
}

static gboolean
address_is_sender_side (ParseState *st,
                        const char *addr)
{
  g_autofree char *low = g_ascii_strdown (addr, -1);

  if (g_str_has_prefix (low, "mailer-daemon@") || g_str_has_prefix (low, "postmaster@")
      || g_str_has_prefix (low, "mail-daemon@") || g_str_has_prefix (low, "mailerdaemon@")
      || strstr (low, "mailer-daemon") != NULL || g_str_has_prefix (low, "bounce")
      || g_str_has_prefix (low, "no-reply@") || g_str_has_prefix (low, "noreply@")
      || g_str_has_prefix (low, "double-bounce@"))
    return TRUE;
  if (st->orig_from != NULL && g_ascii_strcasecmp (addr, st->orig_from) == 0)
    return TRUE;
  return FALSE;
}

/* Does the line, as a whole, talk about the address as a recipient? */
static int
recipient_line_score (const char *line,
                      const char *addr_start)
{
  const char *p = skip_space (line);
  g_autofree char *low = NULL;

  /* header-like lines of the bounce or the original */
  if (has_prefix_ci (p, "from:") || has_prefix_ci (p, "reply-to:") || has_prefix_ci (p, "sender:")
      || has_prefix_ci (p, "return-path:") || has_prefix_ci (p, "message-id:")
      || has_prefix_ci (p, "references:") || has_prefix_ci (p, "in-reply-to:")
      || has_prefix_ci (p, "x-postfix-sender:") || has_prefix_ci (p, "envelope-from")
      || has_prefix_ci (p, "original-mail-from:") || has_prefix_ci (p, "received:")
      || has_prefix_ci (p, "by ") || has_prefix_ci (p, "id ") || has_prefix_ci (p, "x-")
      || has_prefix_ci (p, "mail from") || has_prefix_ci (p, "for <")
      || has_prefix_ci (p, "date:") || has_prefix_ci (p, "reporting-mta"))
    return 0;

  /* help-desk addresses in the boilerplate */
  if (strcasestr_ascii (line, "please contact") != NULL || strcasestr_ascii (line, "send mail to") != NULL
      || strcasestr_ascii (line, "for further assistance") != NULL
      || strcasestr_ascii (line, "questions") != NULL)
    return 0;

  low = g_ascii_strdown (line, -1);
  if (strstr (low, "mail from:") != NULL || strstr (low, "mail from: ") != NULL
      || strstr (low, "sender address") != NULL || strstr (low, "envelope-from") != NULL
      || strstr (low, "message-id") != NULL)
    {
      if (strstr (low, "rcpt to") == NULL)
        return 0;
    }

  /* a header line quoted in the report (To:, Cc:) is weak evidence */
  if (has_prefix_ci (p, "to:") || has_prefix_ci (p, "cc:") || has_prefix_ci (p, "subject:"))
    return 1;

  /* address first on the line, e.g. "<a@b>: host ... said", "  a@b", "<a@b>..." */
  while (p < addr_start && (*p == '<' || *p == '"' || *p == '\'' || *p == '(' || *p == '['
                            || *p == '*' || *p == '-' || *p == ' ' || *p == '\t'))
    p++;
  if (p == addr_start)
    return 3;
  if (strstr (low, "rcpt to") != NULL || strstr (low, "recipient") != NULL
      || strstr (low, "delivered to") != NULL || strstr (low, "delivery to") != NULL
      || strstr (low, "deliver to") != NULL || strstr (low, "could not be delivered") != NULL
      || strstr (low, "address") != NULL || strstr (low, "user") != NULL
      || strstr (low, "mailbox") != NULL || strstr (low, "failed") != NULL
      || strstr (low, "unknown") != NULL || strstr (low, "<<<") != NULL
      || strstr (low, "...") != NULL || strstr (low, "to:") != NULL
      || strstr (low, "to <") != NULL || strstr (low, "for ") != NULL
      || strstr (low, "wasn't delivered") != NULL || strstr (low, "destinat") != NULL
      || strstr (low, "empfänger") != NULL || strstr (low, "destinataire") != NULL)
    return 2;
  return 1;
}

/* The paragraph around line @i: from after the previous blank line to
 * before the next, at most a few lines each way. */
static void
paragraph_bounds (ParseState *st,
                  guint       i,
                  guint       lo,
                  guint       hi,
                  guint      *start,
                  guint      *end)
{
  guint s = i, e = i + 1;

  while (s > lo && s + 4 > i && !is_blank (st->lines[s - 1]))
    s--;
  while (e < hi && e < i + 10 && !is_blank (st->lines[e]))
    e++;
  *start = s;
  *end = e;
}

static char *
join_lines (ParseState *st,
            guint       start,
            guint       end)
{
  GString *s = g_string_new (NULL);

  for (guint i = start; i < end && i < st->lines_len; i++)
    {
      const char *l = skip_space (st->lines[i]);

      if (*l == '\0')
        continue;
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, l);
      g_strchomp (s->str);
      s->len = strlen (s->str);
      if (s->len > MAX_CONTEXT_BYTES)
        break;
    }
  return g_string_free (s, FALSE);
}

typedef struct
{
  char  *address;
  guint  first_line;
  int    score;
} Candidate;

static void
candidate_clear (gpointer data)
{
  Candidate *c = data;

  g_free (c->address);
}

/* Where the failure explanation lives in the human-readable text: from the
 * start to the copy of the original message. */
static void
scan_region (ParseState *st,
             Range      *out)
{
  guint start = G_MAXUINT, end = 0;

  for (guint i = 0; i < st->human->len; i++)
    {
      Range *r = &g_array_index (st->human, Range, i);

      start = MIN (start, r->start);
      end = MAX (end, r->end);
    }
  if (start == G_MAXUINT)
    {
      out->start = out->end = 0;
      return;
    }
  end = MIN (end, st->lines_len);
  {
    gsize bytes = 0;
    guint i;

    for (i = start; i < end; i++)
      {
        bytes += strlen (st->lines[i]) + 1;
        if (i > start + 2 && (is_boundary_line (st->lines[i]) || starts_header_block (st, i, end)))
          {
            take_inline_original_headers (st, i + (is_boundary_line (st->lines[i]) ? 1 : 0), end);
            break;
          }
        if (i - start >= MAX_SCAN_LINES || bytes >= MAX_SCAN_BYTES)
          break;
      }
    out->start = start;
    out->end = i;
  }
}

static void
find_candidates (ParseState *st,
                 Range      *region,
                 GArray     *cands)
{
  for (guint i = region->start; i < region->end; i++)
    {
      const char *line = st->lines[i];
      const char *from = line;
      const char *a;
      gsize len;

      if (is_dsn_field_name (line))
        continue;
      while ((a = md_bounce_find_address (line, from, &len)) != NULL)
        {
          g_autofree char *addr = g_strndup (a, len);
          int score;
          gboolean seen = FALSE;

          from = a + len;
          /* message ids look like addresses */
          if (a > line && a[-1] == '<' && strchr (addr, '$') != NULL)
            continue;
          if (address_is_sender_side (st, addr))
            continue;
          score = recipient_line_score (line, a);
          if (score == 0)
            continue;
          for (guint k = 0; k < cands->len; k++)
            {
              Candidate *c = &g_array_index (cands, Candidate, k);

              if (g_ascii_strcasecmp (c->address, addr) == 0)
                {
                  c->score = MAX (c->score, score);
                  seen = TRUE;
                  break;
                }
            }
          if (!seen && cands->len < MAX_RECIPIENTS)
            {
              Candidate c = { g_steal_pointer (&addr), i, score };

              g_array_append_val (cands, c);
            }
        }
    }
}

/* The SMTP command the remote server answered with the error. Explicit
 * phrasing ("in reply to RCPT TO command", "after end of data") wins over a
 * transcript, where the last command sent (">>> DATA") is the one. */
static const char *
command_word (const char *p)
{
  p = skip_space (p);
  if (has_prefix_ci (p, "rcpt"))
    return "RCPT";
  if (has_prefix_ci (p, "end of data") || has_prefix_ci (p, "data") || has_prefix_ci (p, "end of message")
      || has_prefix_ci (p, "message body") || has_prefix_ci (p, "."))
    return "DATA";
  if (has_prefix_ci (p, "mail from") || has_prefix_ci (p, "mail "))
    return "MAIL";
  if (has_prefix_ci (p, "ehlo"))
    return "EHLO";
  if (has_prefix_ci (p, "helo"))
    return "HELO";
  if (has_prefix_ci (p, "starttls"))
    return "STARTTLS";
  if (has_prefix_ci (p, "initial connection") || has_prefix_ci (p, "connect"))
    return "CONN";
  return NULL;
}

static const char *
detect_command (const char *low)
{
  static const char * const lead[] = {
    "in reply to ", "after ", "did not like our ", "while sending ", "response to ", "for ",
  };
  const char *found = NULL;
  const char *p;

  for (guint i = 0; i < G_N_ELEMENTS (lead); i++)
    for (p = strstr (low, lead[i]); p != NULL; p = strstr (p + 1, lead[i]))
      {
        const char *c = command_word (p + strlen (lead[i]));

        if (c != NULL)
          return c;
      }

  /* A transcript: the last command sent before the first error reply. */
  {
    const char *err = NULL;

    for (p = strstr (low, "<<< "); p != NULL; p = strstr (p + 1, "<<< "))
      if (p[4] == '4' || p[4] == '5')
        {
          err = p;
          break;
        }
    for (p = strstr (low, ">>> "); p != NULL && (err == NULL || p < err); p = strstr (p + 1, ">>> "))
      {
        const char *c = command_word (p + 4);

        if (c != NULL)
          found = c;
      }
  }
  return found;
}

static gboolean
mentions_other_recipient (ParseState *st,
                          const char *line,
                          const char *self)
{
  GPtrArray *all = st->bounce->recipients;

  for (guint i = 0; i < all->len; i++)
    {
      const char *a = md_bounce_recipient_get_address (g_ptr_array_index (all, i));

      if (a != NULL && g_ascii_strcasecmp (a, self) != 0 && strcasestr_ascii (line, a) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Fills in what the free text says about @r: the diagnostic paragraph,
 * status and reply code when the DSN fields did not give them. */
static void
describe_from_text (ParseState        *st,
                    Range             *region,
                    MdBounceRecipient *r,
                    gboolean           single)
{
  const char *addr = md_bounce_recipient_get_address (r);
  GString *context = g_string_new (NULL);
  g_autofree char *best = NULL;
  guint best_start = 0, best_end = 0;
  gboolean best_has_code = FALSE;
  guint last_end = 0;
  gsize own_len;

  if (md_bounce_recipient_get_diagnostic (r) != NULL)
    {
      g_string_append (context, md_bounce_recipient_get_diagnostic (r));
      g_string_append_c (context, '\n');
    }

  if (addr != NULL)
    {
      for (guint i = region->start; i < region->end; i++)
        {
          guint s, e;
          g_autofree char *para = NULL;
          gboolean has_code;

          if (i < last_end || strcasestr_ascii (st->lines[i], addr) == NULL)
            continue;
          if (is_dsn_field_name (st->lines[i]))
            continue;
          paragraph_bounds (st, i, region->start, region->end, &s, &e);
          if (!single)
            {
              /* Several recipients in one block: keep to this one's lines. */
              s = i;
              for (guint k = i + 1; k < e; k++)
                if (mentions_other_recipient (st, st->lines[k], addr))
                  {
                    e = k;
                    break;
                  }
            }
          last_end = e;
          para = join_lines (st, s, e);
          has_code = md_bounce_find_status (para, NULL, NULL)
                     || md_bounce_find_reply_code (para, FALSE, NULL);
          if (context->len < MAX_CONTEXT_BYTES)
            {
              g_string_append (context, para);
              g_string_append_c (context, '\n');
            }
          if (best == NULL || (has_code && !best_has_code))
            {
              g_free (best);
              best = g_steal_pointer (&para);
              best_start = s;
              best_end = e;
              best_has_code = has_code;
            }
        }
    }

  own_len = context->len;

  /* A single recipient: the whole explanation is about it. */
  if (single && !best_has_code)
    {
      for (guint i = region->start; i < region->end; i++)
        {
          const char *l = skip_space (st->lines[i]);
          g_autofree char *code = NULL;

          if (md_bounce_find_reply_code (l, FALSE, &code) || md_bounce_find_status (l, NULL, NULL))
            {
              guint s, e;

              if (is_dsn_field_name (l))
                continue;
              paragraph_bounds (st, i, region->start, region->end, &s, &e);
              g_free (best);
              best = join_lines (st, i, e);
              best_start = i;
              best_end = e;
              best_has_code = TRUE;
              break;
            }
        }
    }

  if (single)
    {
      g_autofree char *all = join_lines (st, region->start, region->end);

      g_string_append (context, all);
    }

  if (best != NULL)
    {
      for (guint i = best_start; i < best_end; i++)
        md_bounce_recipient_add_line (r, i + 1);
      if (md_bounce_recipient_get_diagnostic (r) == NULL
          || (best_has_code && md_bounce_find_status (md_bounce_recipient_get_diagnostic (r), NULL, NULL) == FALSE
              && md_bounce_find_reply_code (md_bounce_recipient_get_diagnostic (r), FALSE, NULL) == FALSE
              && strlen (md_bounce_recipient_get_diagnostic (r)) < 8))
        {
          if (strlen (best) > 1000)
            best[1000] = '\0';
          md_bounce_recipient_set_diagnostic (r, best);
        }
    }

  if (md_bounce_recipient_get_status (r) == NULL)
    {
      g_autofree char *status = NULL;
      const char *diag = md_bounce_recipient_get_diagnostic (r);

      if ((diag != NULL && md_bounce_find_status (diag, &status, NULL))
          || md_bounce_find_status (context->str, &status, NULL))
        md_bounce_recipient_set_status (r, status);
    }
  if (md_bounce_recipient_get_reply_code (r) == NULL)
    {
      g_autofree char *code = NULL;
      const char *diag = md_bounce_recipient_get_diagnostic (r);

      if (diag != NULL)
        md_bounce_find_reply_code (diag, FALSE, &code);
      if (code == NULL && best != NULL)
        {
          g_auto(GStrv) ls = md_bounce_split_lines (context->str, 64);

          for (guint k = 0; ls[k] != NULL && code == NULL; k++)
            md_bounce_find_reply_code (skip_space (ls[k]), FALSE, &code);
        }
      if (code != NULL)
        md_bounce_recipient_set_reply_code (r, code);
    }
  if (md_bounce_recipient_get_smtp_command (r) == NULL)
    {
      g_autofree char *low = g_ascii_strdown (context->str, MIN (own_len, 16384));
      const char *cmd = detect_command (low);

      if (cmd != NULL)
        md_bounce_recipient_set_smtp_command (r, cmd);
    }

  md_bounce_recipient_set_context (r, context->str);
  g_string_free (context, TRUE);
}

/* ------------------------------------------------------------------------ */
/* What kind of message is it?                                                */

static const char * const failure_subjects[] = {
  "undeliver", "undelivered", "returned mail", "delivery status notification (failure)",
  "failure notice", "mail delivery failed", "delivery failure", "nondeliverable",
  "non-deliverable", "non delivery", "non-delivery", "delivery failed", "mail system error",
  "unzustellbar", "nicht zustellbar", "non remis", "non distribuable", "no se puede entregar",
  "no entregado", "imposible entregar", "配信不能", "配信エラー", "returned to sender",
  "delivery notification", "could not send message", "message not delivered",
  "delivery problem", "rejected", "bounce", "failed delivery", "not delivered",
  "mail failure", "delivery report", "error sending", "unable to deliver",
  "delivery status notification", "failed mail", "mail error", "undelivered",
  "エラー通知", "メールエラー", "送信エラー", "未送達", "退信", "系统退信",
};

static const char * const failure_phrases[] = {
  "could not be delivered", "couldn't be delivered", "wasn't delivered", "was not delivered",
  "delivery has failed", "delivery failed", "permanent error", "fatal error",
  "undeliverable", "unable to deliver", "not be delivered", "message not delivered",
  "following address(es) failed", "following recipient", "failed permanently",
  "delivery to the following", "i'm afraid i wasn't able", "returned to you",
  "could not deliver", "couldn't deliver", "delivery problem", "permanently rejected",
  "rejected your message", "error occurred", "failed to deliver", "mail delivery failed",
  "non-delivery", "nicht zugestellt", "n'a pas pu être remis", "no se pudo entregar",
  "no se ha podido entregar", "zustellung", "配信できません", "届きませんでした",
  "sorry, we were unable", "did not reach", "message could not", "unknown user",
  "user unknown", "does not exist", "transcript of session", "delivery status notification",
  "mail delivery system", "mail delivery subsystem", "error has occurred",
  "attempting to deliver", "not able to deliver", "delivery error",
  "zustellung an folgende empfänger", "konnte nicht zugestellt", "ist fehlgeschlagen",
  "la remise à ces destinataires", "n'a pas pu être distribué", "a échoué",
  "no se pudo entregar", "no se ha podido entregar", "il recapito", "non è riuscito",
  "non è stato possibile recapitare", "não foi possível entregar", "kon niet worden bezorgd",
  "не может быть доставлено", "не удалось доставить", "配信に失敗", "送信できませんでした",
  "无法投递", "退信",
};

static const char * const delay_phrases[] = {
  "has been delayed", "delivery delayed", "will continue to try", "will keep trying",
  "still trying", "not yet been delivered", "will retry", "will be retried",
  "delivery is delayed", "delivery status notification (delay)", "delayed mail",
  "still undelivered", "warning: message", "message delayed", "temporarily deferred",
  "will try again", "still being retried", "verzögert", "retardée", "retrasado",
};

/* Said only by delay warnings, whatever else they say. */
static const char * const warning_phrases[] = {
  "warning only", "do not need to resend", "don't need to resend", "no action is required",
  "will be retried until", "delivery attempts will continue", "still trying to deliver",
  "delivery status notification (delay)", "delayed mail (still being retried)",
  "has not yet been delivered", "not been delivered yet", "will keep trying",
  "will continue trying", "will continue to try",
};

/* A line with an SMTP error reply and an enhanced status ("550 5.1.1 ...")
 * marks a failure report in any language. */
static gboolean
has_smtp_error_line (ParseState *st,
                     Range      *region)
{
  for (guint i = region->start; i < region->end && i < region->start + 400; i++)
    {
      const char *line = st->lines[i];
      g_autofree char *code = NULL;
      g_autofree char *status = NULL;

      if (md_bounce_find_reply_code (skip_space (line), FALSE, &code)
          && md_bounce_find_status (line, &status, NULL)
          && code[0] == status[0])
        return TRUE;
    }
  return FALSE;
}

static const char * const delivered_phrases[] = {
  "delivery status notification (success)", "was successfully delivered",
  "delivered successfully", "has been delivered", "successfully relayed",
  "delivery to the following recipients was complete", "your message was delivered",
};

static const char * const autoreply_subjects[] = {
  "auto:", "auto reply", "autoreply", "auto-reply", "automatic reply", "automatische antwort",
  "out of office", "out of the office", "ooo:", "abwesenheit", "réponse automatique",
  "reponse automatique", "absence", "respuesta automática", "respuesta automatica",
  "fuera de la oficina", "自動応答", "不在", "vacation", "on vacation", "away from",
};

static gboolean
any_phrase (const char          *low,
            const char * const  *phrases,
            guint                n)
{
  for (guint i = 0; i < n; i++)
    if (strstr (low, phrases[i]) != NULL)
      return TRUE;
  return FALSE;
}

typedef struct
{
  const char *family;
  const char *needle;   /* lower-case, searched in headers + first text */
} MtaSignature;

static const MtaSignature mta_signatures[] = {
  { "AmazonSES", "amazonses.com" },
  { "SendGrid", "sendgrid" },
  { "Office365", "protection.outlook.com" },
  { "Office365", "office365" },
  { "Office365", "prod.outlook.com" },
  { "Outlook", "hotmail.com" },
  { "Outlook", "outlook.com" },
  { "GoogleGroups", "googlegroups.com" },
  { "Gmail", "google.com" },
  { "Gmail", "googlemail.com" },
  { "Gmail", "gmail.com" },
  { "Yahoo", "yahoo" },
  { "AOL", "aol.com" },
  { "AOL", ".aol." },
  { "GMX", "gmx." },
  { "GMX", "gmx.net" },
  { "GMX", "gmx.de" },
  { "GMX", "web.de" },
  { "GMX", "1und1" },
  { "GMX", "ionos" },
  { "Zimbra", "zimbra" },
  { "Domino", "domino" },
  { "Domino", "lotus" },
  { "MessagingServer", "messaging server" },
  { "MessagingServer", "this report relates to a message you sent" },
  { "Courier", "courier mail server" },
  { "qmail", "qmail-send" },
  { "qmail", "qmail" },
  { "Exchange", "diagnostic information for administrators" },
  { "Exchange", "microsoft exchange" },
  { "Exchange", "x-ms-exchange" },
  { "Exchange", "delivery has failed to these recipients" },
  { "Postfix", "postfix" },
  { "Postfix", "this is the mail system at host" },
  { "Exim", "exim" },
  { "Exim", "x-failed-recipients" },
  { "Exim", "this message was created automatically by mail delivery software" },
  { "Sendmail", "transcript of session follows" },
  { "Sendmail", "sendmail" },
  { "OpenSMTPD", "opensmtpd" },
};

static void
detect_mta (ParseState *st,
            Range      *region)
{
  g_autofree char *head = NULL;
  g_autofree char *low = NULL;
  GString *s;

  if (st->bounce->mta != NULL)
    return;
  s = g_string_new (st->top_headers);
  for (guint i = region->start; i < region->end && i < region->start + 60; i++)
    {
      g_string_append (s, st->lines[i]);
      g_string_append_c (s, '\n');
    }
  if (st->bounce->reporting_mta != NULL)
    g_string_append (s, st->bounce->reporting_mta);
  head = g_string_free (s, FALSE);
  low = g_utf8_strdown (head, -1);

  for (guint i = 0; i < G_N_ELEMENTS (mta_signatures); i++)
    if (strstr (low, mta_signatures[i].needle) != NULL)
      {
        st->bounce->mta = g_strdup (mta_signatures[i].family);
        return;
      }
}

static void
decide_kind (ParseState *st,
             Range      *region,
             gboolean    has_dsn)
{
  MdBounce *b = st->bounce;
  g_autofree char *sample = join_lines (st, region->start, MIN (region->end, region->start + 80));
  g_autofree char *low = g_utf8_strdown (sample, -1);
  g_autofree char *subj = st->top_subject ? g_utf8_strdown (st->top_subject, -1) : g_strdup ("");
  gboolean failed = FALSE, delayed = FALSE, delivered = FALSE;
  gboolean strong;
  guint weak;

  if (st->feedback_report || st->arf->len > 0
      || (g_str_has_prefix (subj, "complaint about message from") && !has_dsn))
    {
      b->kind = MD_BOUNCE_KIND_COMPLAINT;
      return;
    }

  for (guint i = 0; i < b->recipients->len; i++)
    {
      MdBounceAction a = md_bounce_recipient_get_action (g_ptr_array_index (b->recipients, i));
      const char *status = md_bounce_recipient_get_status (g_ptr_array_index (b->recipients, i));

      if (a == MD_BOUNCE_ACTION_FAILED)
        failed = TRUE;
      else if (a == MD_BOUNCE_ACTION_DELAYED)
        delayed = TRUE;
      else if (a == MD_BOUNCE_ACTION_DELIVERED || a == MD_BOUNCE_ACTION_RELAYED
               || a == MD_BOUNCE_ACTION_EXPANDED)
        delivered = TRUE;
      else if (status != NULL && status[0] == '5')
        failed = TRUE;
      else if (status != NULL && status[0] == '4')
        delayed = TRUE;
      else if (status != NULL && status[0] == '2')
        delivered = TRUE;
    }

  if (has_dsn && (failed || delayed || delivered))
    {
      b->kind = failed ? MD_BOUNCE_KIND_FAILURE
                : delayed ? MD_BOUNCE_KIND_DELAY : MD_BOUNCE_KIND_DELIVERED;
      return;
    }

  if (st->auto_reply && !st->from_daemon && !has_dsn)
    {
      b->kind = MD_BOUNCE_KIND_AUTO_REPLY;
      return;
    }

  /* One sign is enough: people paste bounces here, and a terse bounce
   * ("Could not be delivered to: <x>. As their mailbox is full.") has
   * nothing else to show. */
  strong = st->from_daemon || st->failed_rcpts != NULL || failed || st->multipart_report
           || has_smtp_error_line (st, region);
  weak = (any_phrase (subj, failure_subjects, G_N_ELEMENTS (failure_subjects)) ? 1 : 0)
         + (any_phrase (low, failure_phrases, G_N_ELEMENTS (failure_phrases)) ? 1 : 0);
  if (strong || weak > 0)
    {
      gboolean delay_words = any_phrase (low, delay_phrases, G_N_ELEMENTS (delay_phrases))
                             || any_phrase (subj, delay_phrases, G_N_ELEMENTS (delay_phrases));
      gboolean warning_only = any_phrase (low, warning_phrases, G_N_ELEMENTS (warning_phrases))
                              || any_phrase (subj, warning_phrases, G_N_ELEMENTS (warning_phrases));

      if (warning_only && !failed)
        {
          b->kind = MD_BOUNCE_KIND_DELAY;
          return;
        }
      gboolean hard_words = strstr (low, "permanent") != NULL || strstr (low, "fatal") != NULL
                            || strstr (subj, "fail") != NULL || strstr (low, "failed") != NULL
                            || strstr (low, "could not be delivered") != NULL
                            || strstr (low, "undeliverable") != NULL;

      if (delay_words && !hard_words && !failed)
        b->kind = MD_BOUNCE_KIND_DELAY;
      else if ((any_phrase (low, delivered_phrases, G_N_ELEMENTS (delivered_phrases))
                || any_phrase (subj, delivered_phrases, G_N_ELEMENTS (delivered_phrases)))
               && !hard_words)
        b->kind = MD_BOUNCE_KIND_DELIVERED;
      else
        b->kind = MD_BOUNCE_KIND_FAILURE;
      return;
    }

  if (any_phrase (subj, autoreply_subjects, G_N_ELEMENTS (autoreply_subjects)))
    {
      b->kind = MD_BOUNCE_KIND_AUTO_REPLY;
      return;
    }
  if (delayed)
    {
      b->kind = MD_BOUNCE_KIND_DELAY;
      return;
    }

  b->kind = MD_BOUNCE_KIND_NOT_A_BOUNCE;
}

/* ------------------------------------------------------------------------ */
/* Top level                                                                  */

static void
read_top_headers (ParseState   *st,
                  GMimeMessage *message)
{
  GMimeObject *obj = GMIME_OBJECT (message);
  GString *heads = g_string_new (NULL);
  static const char * const keep[] = {
    "From", "Subject", "X-Mailer", "Received", "Reporting-MTA", "X-Failed-Recipients",
    "Message-ID", "X-MS-Exchange-Message-Is-Ndr", "X-SES-Outgoing", "X-Postfix-Queue-ID",
    "X-AWS-Outgoing", "X-SG-EID", "X-Zimbra-Version", "X-MimeOLE", "X-Originating-IP",
  };
  const char *v;
  InternetAddressList *from;

  for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
    {
      v = g_mime_object_get_header (obj, keep[i]);
      if (v != NULL)
        {
          g_string_append_printf (heads, "%s: %s\n", keep[i], v);
        }
    }
  st->top_headers = g_string_free (heads, FALSE);

  v = g_mime_object_get_header (obj, "X-Failed-Recipients");
  if (v != NULL)
    st->failed_rcpts = g_strdup (v);

  v = g_mime_message_get_subject (message);
  if (v != NULL)
    st->top_subject = g_utf8_make_valid (v, -1);

  from = g_mime_message_get_from (message);
  if (from != NULL && internet_address_list_length (from) > 0)
    {
      g_autofree char *s = internet_address_list_to_string (from, NULL, FALSE);

      st->top_from_addr = extract_address (s);
    }
  /* the raw header: "MAILER-DAEMON <>" has no address to list */
  v = g_mime_object_get_header (obj, "From");
  if (v != NULL)
    {
      g_autofree char *low = g_ascii_strdown (v, -1);

      if (strstr (low, "mailer-daemon") != NULL || strstr (low, "postmaster") != NULL
          || strstr (low, "mailer daemon") != NULL || strstr (low, "mail administrator") != NULL
          || strstr (low, "mail delivery") != NULL || strstr (low, "mail-daemon") != NULL
          || strstr (low, "mailer_daemon") != NULL)
        st->from_daemon = TRUE;
    }

  {
    InternetAddressList *to = g_mime_message_get_to (message);

    if (to != NULL && internet_address_list_length (to) > 0)
      {
        g_autofree char *s = internet_address_list_to_string (to, NULL, FALSE);

        st->top_to_addr = extract_address (s);
      }
  }

  v = g_mime_object_get_header (obj, "Auto-Submitted");
  if (v != NULL && strcasestr_ascii (v, "auto-replied") != NULL)
    st->auto_reply = TRUE;
  if (g_mime_object_get_header (obj, "X-Autoreply") != NULL
      || g_mime_object_get_header (obj, "X-Autorespond") != NULL
      || g_mime_object_get_header (obj, "X-Autoresponder") != NULL)
    st->auto_reply = TRUE;
  v = g_mime_object_get_header (obj, "Precedence");
  if (v != NULL && strcasestr_ascii (v, "auto_reply") != NULL)
    st->auto_reply = TRUE;
  v = g_mime_object_get_header (obj, "X-Auto-Response-Suppress");
  if (st->top_subject != NULL)
    {
      g_autofree char *low = g_utf8_strdown (st->top_subject, -1);

      if (any_phrase (low, autoreply_subjects, G_N_ELEMENTS (autoreply_subjects))
          && !any_phrase (low, failure_subjects, G_N_ELEMENTS (failure_subjects)))
        st->auto_reply = st->auto_reply || v != NULL || g_str_has_prefix (low, "auto")
                         || strstr (low, "out of office") != NULL
                         || strstr (low, "automatic reply") != NULL
                         || strstr (low, "réponse automatique") != NULL
                         || strstr (low, "respuesta automática") != NULL
                         || strstr (low, "abwesenheit") != NULL;
    }
}

static void
add_text_recipients (ParseState *st,
                     Range      *region)
{
  g_autoptr(GArray) cands = g_array_new (FALSE, TRUE, sizeof (Candidate));
  int best = 0;

  g_array_set_clear_func (cands, candidate_clear);

  if (st->failed_rcpts != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (st->failed_rcpts, ",", MAX_RECIPIENTS);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_autofree char *a = extract_address (parts[i]);

          if (a != NULL && find_recipient (st->bounce, a) == NULL)
            g_ptr_array_add (st->bounce->recipients, md_bounce_recipient_new (a));
        }
      if (st->bounce->recipients->len > 0)
        return;
    }

  find_candidates (st, region, cands);
  for (guint i = 0; i < cands->len; i++)
    best = MAX (best, g_array_index (cands, Candidate, i).score);
  for (guint i = 0; i < cands->len; i++)
    {
      Candidate *c = &g_array_index (cands, Candidate, i);

      /* keep the best-placed mentions; weak ones only when nothing better */
      if (c->score < best && c->score < 2)
        continue;
      /* The bounce goes back to the sender: its own From and To are not
       * the failed recipient when anything else is named. */
      if (cands->len > 1
          && ((st->top_from_addr != NULL && g_ascii_strcasecmp (c->address, st->top_from_addr) == 0)
              || (st->top_to_addr != NULL && g_ascii_strcasecmp (c->address, st->top_to_addr) == 0)))
        continue;
      g_ptr_array_add (st->bounce->recipients, md_bounce_recipient_new (c->address));
    }
}

/* Amazon SES notifications delivered by e-mail (SNS): a JSON document
 * instead of prose. */
static const char *
json_str (JsonObject *o,
          const char *member)
{
  JsonNode *n;

  if (o == NULL || !json_object_has_member (o, member))
    return NULL;
  n = json_object_get_member (o, member);
  if (n == NULL || JSON_NODE_TYPE (n) != JSON_NODE_VALUE || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static JsonObject *
json_obj (JsonObject *o,
          const char *member)
{
  JsonNode *n;

  if (o == NULL || !json_object_has_member (o, member))
    return NULL;
  n = json_object_get_member (o, member);
  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static JsonArray *
json_arr (JsonObject *o,
          const char *member)
{
  JsonNode *n;

  if (o == NULL || !json_object_has_member (o, member))
    return NULL;
  n = json_object_get_member (o, member);
  return n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

static guint
line_of_offset (const char *text,
                const char *where)
{
  guint n = 1;

  for (const char *p = text; p < where && *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
replace_str (char       **field,
             const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_utf8_make_valid (value, -1);
}

/* Parses the JSON object starting at @start, skipping the "!\n " that SNS
 * inserts into long lines. */
static JsonParser *
parse_json_object (const char *start)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  int depth = 0;
  gboolean in_str = FALSE;

  for (const char *p = start; *p != '\0' && json->len < 1024 * 1024; p++)
    {
      if (p[0] == '!' && p[1] == '\n' && p[2] == ' ')
        {
          p += 2;
          continue;
        }
      if (*p == '\n' || *p == '\r')
        continue;
      g_string_append_c (json, *p);
      if (in_str)
        {
          if (*p == '\\' && p[1] != '\0')
            g_string_append_c (json, *++p);
          else if (*p == '"')
            in_str = FALSE;
          continue;
        }
      if (*p == '"')
        in_str = TRUE;
      else if (*p == '{')
        depth++;
      else if (*p == '}' && --depth == 0)
        break;
    }

  if (!json_parser_load_from_data (parser, json->str, json->len, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return g_steal_pointer (&parser);
}

static guint
read_ses_json (ParseState *st)
{
  const char *text = st->text->str;
  const char *start = strstr (text, "{\"notificationType\"");
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonParser) inner = NULL;
  JsonObject *root, *section, *mail;
  JsonArray *list;
  const char *type;
  guint line, found = 0;

  if (start == NULL)
    start = strstr (text, "{\"eventType\"");
  if (start == NULL)
    {
      /* The SNS envelope: {"Type" : "Notification", ..., "Message" : "{\"notificationType\"..."} */
      const char *m = strstr (text, "\"Type\"");

      if (m == NULL || strstr (text, "notificationType") == NULL)
        return 0;
      while (m > text && *m != '{')
        m--;
      if (*m != '{')
        return 0;
      start = m;
    }
  line = line_of_offset (text, start);

  parser = parse_json_object (start);
  if (parser == NULL)
    return 0;
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_str (root, "Message") != NULL && json_str (root, "notificationType") == NULL)
    {
      inner = json_parser_new ();
      if (!json_parser_load_from_data (inner, json_str (root, "Message"), -1, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (inner)))
        return 0;
      root = json_node_get_object (json_parser_get_root (inner));
    }
  type = json_str (root, "notificationType");
  if (type == NULL)
    type = json_str (root, "eventType");
  if (type == NULL)
    return 0;

  mail = json_obj (root, "mail");
  if (mail != NULL && !st->have_original)
    {
      JsonObject *common = json_obj (mail, "commonHeaders");

      replace_str (&st->bounce->message_id, json_str (mail, "messageId"));
      if (common != NULL)
        {
          JsonArray *to = json_arr (common, "to");

          replace_str (&st->bounce->subject, json_str (common, "subject"));
          replace_str (&st->bounce->date, json_str (common, "date"));
          if (to != NULL && json_array_get_length (to) > 0)
            replace_str (&st->bounce->to, json_array_get_string_element (to, 0));
        }
      replace_str (&st->bounce->from, json_str (mail, "source"));
      st->have_original = TRUE;
    }
  g_free (st->bounce->mta);
  st->bounce->mta = g_strdup ("AmazonSES");

  if (g_ascii_strcasecmp (type, "Bounce") == 0)
    {
      section = json_obj (root, "bounce");
      list = json_arr (section, "bouncedRecipients");
      replace_str (&st->bounce->reporting_mta, json_str (section, "reportingMTA"));
      for (guint i = 0; list != NULL && i < json_array_get_length (list) && i < MAX_RECIPIENTS; i++)
        {
          JsonObject *o = json_array_get_object_element (list, i);
          const char *addr = json_str (o, "emailAddress");
          const char *diag = json_str (o, "diagnosticCode");
          const char *bt = json_str (section, "bounceType");
          MdBounceRecipient *r;
          g_autofree char *status = NULL;
          g_autofree char *code = NULL;
          g_autofree char *a = NULL;

          if (addr == NULL)
            continue;
          a = extract_address (addr);
          r = md_bounce_recipient_new (a ? a : addr);
          md_bounce_recipient_set_action (r, md_bounce_action_from_string (json_str (o, "action")));
          if (md_bounce_recipient_get_action (r) == MD_BOUNCE_ACTION_UNKNOWN)
            md_bounce_recipient_set_action (r, g_strcmp0 (bt, "Transient") == 0
                                               ? MD_BOUNCE_ACTION_DELAYED : MD_BOUNCE_ACTION_FAILED);
          if (json_str (o, "status") != NULL && md_bounce_find_status (json_str (o, "status"), &status, NULL))
            md_bounce_recipient_set_status (r, status);
          if (diag != NULL)
            {
              g_autofree char *d = dsn_value (diag);

              md_bounce_recipient_set_diagnostic (r, d);
              if (md_bounce_find_reply_code (d, FALSE, &code))
                md_bounce_recipient_set_reply_code (r, code);
            }
          else
            {
              g_autofree char *d = g_strdup_printf ("%s %s", bt ? bt : "",
                                                    json_str (section, "bounceSubType") ?: "");

              md_bounce_recipient_set_diagnostic (r, g_strstrip (d));
            }
          md_bounce_recipient_add_line (r, line);
          g_ptr_array_add (st->bounce->recipients, r);
          found++;
        }
    }
  else if (g_ascii_strcasecmp (type, "Complaint") == 0)
    {
      section = json_obj (root, "complaint");
      list = json_arr (section, "complainedRecipients");
      st->feedback_report = TRUE;
      g_free (st->bounce->feedback_type);
      st->bounce->feedback_type = g_strdup (json_str (section, "complaintFeedbackType"));
      for (guint i = 0; list != NULL && i < json_array_get_length (list) && i < MAX_RECIPIENTS; i++)
        {
          const char *addr = json_str (json_array_get_object_element (list, i), "emailAddress");
          MdBounceRecipient *r;

          if (addr == NULL)
            continue;
          r = md_bounce_recipient_new (addr);
          md_bounce_recipient_add_line (r, line);
          g_ptr_array_add (st->bounce->recipients, r);
          found++;
        }
    }
  else if (g_ascii_strcasecmp (type, "Delivery") == 0)
    {
      section = json_obj (root, "delivery");
      list = json_arr (section, "recipients");
      replace_str (&st->bounce->reporting_mta, json_str (section, "reportingMTA"));
      for (guint i = 0; list != NULL && i < json_array_get_length (list) && i < MAX_RECIPIENTS; i++)
        {
          const char *addr = json_array_get_string_element (list, i);
          const char *resp = json_str (section, "smtpResponse");
          MdBounceRecipient *r;
          g_autofree char *status = NULL;
          g_autofree char *code = NULL;

          if (addr == NULL)
            continue;
          r = md_bounce_recipient_new (addr);
          md_bounce_recipient_set_action (r, MD_BOUNCE_ACTION_DELIVERED);
          md_bounce_recipient_set_diagnostic (r, resp);
          if (resp != NULL && md_bounce_find_status (resp, &status, NULL))
            md_bounce_recipient_set_status (r, status);
          if (resp != NULL && md_bounce_find_reply_code (resp, TRUE, &code))
            md_bounce_recipient_set_reply_code (r, code);
          md_bounce_recipient_set_remote_mta (r, json_str (section, "remoteMtaIp"));
          md_bounce_recipient_add_line (r, line);
          g_ptr_array_add (st->bounce->recipients, r);
          found++;
        }
    }
  return found;
}

static MdBounce *
analyse (ParseState *st)
{
  MdBounce *b = st->bounce;
  Range region;
  guint n_dsn = 0;

  st->lines = md_bounce_split_lines (st->text->str, 0);
  st->lines_len = g_strv_length (st->lines);

  scan_region (st, &region);

  for (guint i = 0; i < st->dsn->len; i++)
    {
      Range *r = &g_array_index (st->dsn, Range, i);

      n_dsn += read_dsn_fields (st, r->start, r->end);
    }
  if (n_dsn == 0 && st->dsn->len == 0)
    n_dsn = read_ses_json (st);
  /* DSN fields written inline in a plain-text bounce */
  if (n_dsn == 0)
    {
      for (guint i = region.start; i < region.end; i++)
        if (has_prefix_ci (st->lines[i], "final-recipient:"))
          {
            guint s = i;

            while (s > region.start && !is_blank (st->lines[s - 1]) && s + 10 > i)
              s--;
            n_dsn = read_dsn_fields (st, s, MIN (region.end, st->lines_len));
            break;
          }
    }

  for (guint i = 0; i < st->arf->len; i++)
    {
      Range *r = &g_array_index (st->arf, Range, i);

      read_arf_fields (st, r->start, r->end);
    }

  detect_mta (st, &region);
  decide_kind (st, &region, n_dsn > 0);

  if (b->kind == MD_BOUNCE_KIND_COMPLAINT)
    {
      if (b->recipients->len == 0)
        {
          MdBounceRecipient *r = md_bounce_recipient_new (st->orig_to);

          g_ptr_array_add (b->recipients, r);
        }
      for (guint i = 0; i < b->recipients->len; i++)
        md_bounce_recipient_set_feedback_type (g_ptr_array_index (b->recipients, i),
                                               b->feedback_type ? b->feedback_type : "abuse");
    }
  else if (b->kind == MD_BOUNCE_KIND_AUTO_REPLY)
    {
      if (b->recipients->len == 0)
        {
          g_autofree char *who = st->top_from_addr ? g_strdup (st->top_from_addr) : NULL;
          MdBounceRecipient *r = md_bounce_recipient_new (who);
          g_autofree char *body = join_lines (st, region.start, MIN (region.end, region.start + 20));

          if (strlen (body) > 1000)
            body[1000] = '\0';
          md_bounce_recipient_set_diagnostic (r, body);
          md_bounce_recipient_set_context (r, body);
          for (guint i = region.start; i < region.end && i < region.start + 3; i++)
            md_bounce_recipient_add_line (r, i + 1);
          g_ptr_array_add (b->recipients, r);
        }
    }
  else if (b->kind != MD_BOUNCE_KIND_NOT_A_BOUNCE)
    {
      gboolean single;

      if (n_dsn == 0)
        add_text_recipients (st, &region);
      if (b->recipients->len == 0)
        g_ptr_array_add (b->recipients, md_bounce_recipient_new (st->orig_to));

      single = b->recipients->len == 1;
      for (guint i = 0; i < b->recipients->len; i++)
        {
          MdBounceRecipient *r = g_ptr_array_index (b->recipients, i);

          describe_from_text (st, &region, r, single);
          if (md_bounce_recipient_get_action (r) == MD_BOUNCE_ACTION_UNKNOWN)
            md_bounce_recipient_set_action (r,
                                            b->kind == MD_BOUNCE_KIND_DELAY ? MD_BOUNCE_ACTION_DELAYED
                                            : b->kind == MD_BOUNCE_KIND_DELIVERED ? MD_BOUNCE_ACTION_DELIVERED
                                            : MD_BOUNCE_ACTION_FAILED);
        }
      if (b->kind == MD_BOUNCE_KIND_UNKNOWN && b->recipients->len > 0)
        b->kind = MD_BOUNCE_KIND_FAILURE;
    }

  b->text = g_string_free (g_steal_pointer (&st->text), FALSE);
  md_classifier_classify_bounce (md_classifier_get_default (), b);

  return g_steal_pointer (&st->bounce);
}

/* Is there a whole bounce message inside this text (a bounce forwarded
 * inline by a help desk or an ISP)? Returns the line where it starts. */
static gboolean
find_embedded_bounce (GStrv  lines,
                      guint *where)
{
  guint n = g_strv_length (lines);

  for (guint i = 1; i < n && i < MAX_SCAN_LINES; i++)
    {
      gboolean daemon = FALSE, report = FALSE, headers = TRUE;
      guint k;

      if (!is_header_line (lines[i]) && !g_str_has_prefix (lines[i], "From "))
        continue;
      for (k = i; k < n && k < i + 40 && !is_blank (lines[k]); k++)
        {
          const char *l = lines[k];

          if (l[0] != ' ' && l[0] != '\t' && !is_header_line (l) && !(k == i && g_str_has_prefix (l, "From ")))
            {
              headers = FALSE;
              break;
            }
          if (has_prefix_ci (l, "from:") && (strcasestr_ascii (l, "mailer-daemon") != NULL
                                             || strcasestr_ascii (l, "postmaster") != NULL
                                             || strcasestr_ascii (l, "mail delivery") != NULL))
            daemon = TRUE;
          if (has_prefix_ci (l, "content-type:") && strcasestr_ascii (l, "multipart/report") != NULL)
            report = TRUE;
        }
      if (headers && (daemon || report) && k > i + 2)
        {
          *where = i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
has_smtp_evidence (MdBounce *b)
{
  for (guint i = 0; i < b->recipients->len; i++)
    {
      MdBounceRecipient *r = g_ptr_array_index (b->recipients, i);

      if (md_bounce_recipient_get_status (r) != NULL || md_bounce_recipient_get_reply_code (r) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Removes multipart boundary lines and part headers from a body whose MIME
 * structure could not be parsed, so the text reads as one report. */
static char *
strip_mime_scaffolding (const char *text)
{
  g_auto(GStrv) lines = md_bounce_split_lines (text, 0);
  GString *out = g_string_new (NULL);
  gboolean in_part_headers = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (l[0] == '-' && l[1] == '-' && strlen (l) > 12 && strchr (l, ' ') == NULL)
        {
          in_part_headers = TRUE;
          continue;
        }
      if (in_part_headers)
        {
          if (is_blank (l))
            in_part_headers = FALSE;
          else if (has_prefix_ci (l, "content-") || l[0] == ' ' || l[0] == '\t')
            continue;
          else
            in_part_headers = FALSE;
        }
      g_string_append (out, l);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static MdBounce *
parse_internal (const char *raw,
                gsize       len,
                guint       depth)
{
  ParseState st = { 0 };
  MdBounce *result;

  gmime_init_once ();

  st.bounce = g_object_new (MD_TYPE_BOUNCE, NULL);
  st.text = g_string_new (NULL);
  st.human = g_array_new (FALSE, FALSE, sizeof (Range));
  st.dsn = g_array_new (FALSE, FALSE, sizeof (Range));
  st.arf = g_array_new (FALSE, FALSE, sizeof (Range));
  st.top_headers = NULL;

  if (looks_like_message (raw, len))
    {
      g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (raw, len);
      g_autoptr(GMimeParser) parser = g_mime_parser_new_with_stream (stream);
      g_autoptr(GMimeMessage) message = NULL;
      gsize skip = 0;

      while (skip < len && g_ascii_isspace (raw[skip]))
        skip++;
      if (skip > 0)
        {
          g_clear_object (&parser);
          g_clear_object (&stream);
          stream = g_mime_stream_mem_new_with_buffer (raw + skip, len - skip);
          parser = g_mime_parser_new_with_stream (stream);
        }
      if (len - skip >= 5 && strncmp (raw + skip, "From ", 5) == 0)
        g_mime_parser_set_format (parser, GMIME_FORMAT_MBOX);

      message = g_mime_parser_construct_message (parser, NULL);
      if (message != NULL)
        {
          g_autofree char *quoted = NULL;

          read_top_headers (&st, message);
          walk_object (&st, g_mime_message_get_mime_part (message), 0);
          /* A paste of a quoted bounce below a few header lines. */
          if (st.human->len == 1 && st.dsn->len == 0 && mostly_quoted (st.text->str))
            {
              g_autofree char *body = g_strdup (st.text->str);

              quoted = unquote (body);
              if (!g_str_equal (quoted, body))
                {
                  g_string_truncate (st.text, 0);
                  st.n_lines = 0;
                  g_array_set_size (st.human, 0);
                  append_text (&st, st.human, quoted);
                }
            }
        }
    }

  if (st.text->len == 0)
    {
      g_autofree char *copy = NULL;
      g_autofree char *utf8 = NULL;
      g_autofree char *unq = NULL;
      gsize body = 0;

      /* A message whose MIME structure is broken (say, a boundary that
       * never occurs): read its body as text, without the header block. */
      if (st.top_headers != NULL)
        {
          for (gsize i = 0; i + 1 < len; i++)
            if (raw[i] == '\n' && (raw[i + 1] == '\n' || (raw[i + 1] == '\r' && i + 2 < len && raw[i + 2] == '\n')))
              {
                body = i + 1;
                break;
              }
        }
      copy = g_memdup2 (raw + body, len - body);
      /* NUL bytes would cut the text short */
      for (gsize i = 0; i < len - body; i++)
        if (copy[i] == '\0')
          copy[i] = ' ';
      utf8 = to_utf8 (copy, len - body, NULL);
      if (body > 0)
        {
          char *stripped = strip_mime_scaffolding (utf8);

          g_free (utf8);
          utf8 = stripped;
        }
      unq = unquote (utf8);
      append_text (&st, st.human, unq);
    }
  if (st.top_headers == NULL)
    st.top_headers = g_strdup ("");

  result = analyse (&st);
  parse_state_clear (&st);

  if (depth == 0 && !has_smtp_evidence (result)
      && result->kind != MD_BOUNCE_KIND_COMPLAINT && result->kind != MD_BOUNCE_KIND_AUTO_REPLY
      && result->kind != MD_BOUNCE_KIND_DELIVERED)
    {
      g_auto(GStrv) lines = md_bounce_split_lines (result->text, 0);
      guint where;

      if (find_embedded_bounce (lines, &where))
        {
          g_autofree char *inner = g_strjoinv ("\n", lines + where);
          g_autoptr(MdBounce) sub = parse_internal (inner, strlen (inner), depth + 1);

          if (sub->recipients->len > 0 && has_smtp_evidence (sub))
            {
              g_object_unref (result);
              return g_steal_pointer (&sub);
            }
        }
    }
  return result;
}

/* Sizes in the same unit as the limit people are told about ("20 MB"),
 * rather than g_format_size()'s decimal megabytes, which calls it 21.0 MB. */
static char *
format_megabytes (gsize size)
{
  double megabytes = size / (1024.0 * 1024.0);

  if (size % (1024 * 1024) == 0)
    /* Translators: a size in megabytes */
    return g_strdup_printf (_("%.0f MB"), megabytes);

  /* Translators: a size in megabytes */
  return g_strdup_printf (_("%.1f MB"), megabytes);
}

/**
 * md_bounce_parse:
 * @data: the raw message or pasted text
 * @error: return location for a #GError
 *
 * Takes a bounce apart and classifies every recipient it reports. Pure and
 * CPU-bound: safe to call from any thread.
 *
 * Returns: (transfer full): the parsed bounce, or %NULL with @error set
 *   (%MD_BOUNCE_ERROR_EMPTY, %MD_BOUNCE_ERROR_TOO_LARGE)
 */
MdBounce *
md_bounce_parse (GBytes  *data,
                 GError **error)
{
  const char *raw;
  gsize len;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  raw = g_bytes_get_data (data, &len);
  if (len > MD_BOUNCE_MAX_SIZE)
    {
      g_autofree char *size = format_megabytes (len);
      g_autofree char *limit = format_megabytes (MD_BOUNCE_MAX_SIZE);

      g_set_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_TOO_LARGE,
                   _("The message is too large to analyse (%s; the limit is %s)."),
                   size, limit);
      return NULL;
    }
  {
    gboolean empty = TRUE;

    for (gsize i = 0; i < len; i++)
      if (!g_ascii_isspace (raw[i]) && raw[i] != '\0')
        {
          empty = FALSE;
          break;
        }
    if (empty)
      {
        g_set_error_literal (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_EMPTY,
                             _("There is nothing to analyse: the message is empty."));
        return NULL;
      }
  }

  return parse_internal (raw, len, 0);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GBytes *data = task_data;
  GError *error = NULL;
  MdBounce *bounce;

  if (g_task_return_error_if_cancelled (task))
    return;
  bounce = md_bounce_parse (data, &error);
  if (bounce == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bounce, g_object_unref);
}

/**
 * md_bounce_parse_async:
 * @data: the raw message or pasted text
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs md_bounce_parse() in a worker thread.
 */
void
md_bounce_parse_async (GBytes              *data,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (data != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_bounce_parse_async);
  g_task_set_task_data (task, g_bytes_ref (data), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_thread);
}

/**
 * md_bounce_parse_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the parsed bounce, or %NULL with @error set
 */
MdBounce *
md_bounce_parse_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_bounce_parse_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * md_bounce_parse_file:
 * @file: the file to read
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @file (refusing files over %MD_BOUNCE_MAX_SIZE before reading them
 * whole) and parses it with md_bounce_parse().
 *
 * Returns: (transfer full): the parsed bounce, or %NULL with @error set
 */
MdBounce *
md_bounce_parse_file (GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GByteArray) buf = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;
  guint8 chunk[65536];

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  in = g_file_read (file, cancellable, &local);
  if (in == NULL)
    {
      g_set_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_UNREADABLE,
                   _("Could not read “%s”: %s"), name, local->message);
      return NULL;
    }

  buf = g_byte_array_new ();
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (in), chunk, sizeof chunk, cancellable, &local);

      if (n < 0)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local));
          else
            g_set_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_UNREADABLE,
                         _("Could not read “%s”: %s"), name, local->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (buf->len + (gsize) n > MD_BOUNCE_MAX_SIZE)
        {
          g_autofree char *limit = format_megabytes (MD_BOUNCE_MAX_SIZE);

          g_set_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_TOO_LARGE,
                       _("“%s” is too large to be an email bounce (the limit is %s)."),
                       name, limit);
          return NULL;
        }
      g_byte_array_append (buf, chunk, n);
    }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buf));
  return md_bounce_parse (bytes, error);
}

/* ------------------------------------------------------------------------ */
/* Getters                                                                    */

MdBounceKind
md_bounce_get_kind (MdBounce *self)
{
  g_return_val_if_fail (MD_IS_BOUNCE (self), MD_BOUNCE_KIND_UNKNOWN);
  return self->kind;
}

/**
 * md_bounce_get_recipients:
 *
 * Returns: (transfer none) (element-type MdBounceRecipient): the recipients
 *   the bounce reports on, in the order it names them
 */
GPtrArray *
md_bounce_get_recipients (MdBounce *self)
{
  g_return_val_if_fail (MD_IS_BOUNCE (self), NULL);
  return self->recipients;
}

#define BOUNCE_GETTER(field)                                   \
const char *                                                   \
md_bounce_get_##field (MdBounce *self)                         \
{                                                              \
  g_return_val_if_fail (MD_IS_BOUNCE (self), NULL);            \
  return self->field;                                          \
}

BOUNCE_GETTER (reporting_mta)
BOUNCE_GETTER (mta)
BOUNCE_GETTER (subject)
BOUNCE_GETTER (date)
BOUNCE_GETTER (from)
BOUNCE_GETTER (to)
BOUNCE_GETTER (message_id)
BOUNCE_GETTER (text)
BOUNCE_GETTER (feedback_type)

static const char * const kind_names[] = {
  "unknown", "failure", "delay", "delivered", "auto-reply", "complaint", "not-a-bounce",
};

const char *
md_bounce_kind_to_string (MdBounceKind kind)
{
  if ((guint) kind < G_N_ELEMENTS (kind_names))
    return kind_names[kind];
  return "unknown";
}

const char *
md_bounce_kind_get_label (MdBounceKind kind)
{
  switch (kind)
    {
    case MD_BOUNCE_KIND_FAILURE:
      return _("Your message could not be delivered");
    case MD_BOUNCE_KIND_DELAY:
      return _("Your message is delayed, but the server is still trying");
    case MD_BOUNCE_KIND_DELIVERED:
      return _("Your message was delivered");
    case MD_BOUNCE_KIND_AUTO_REPLY:
      return _("This is an automatic reply, not a delivery failure");
    case MD_BOUNCE_KIND_COMPLAINT:
      return _("This is a spam complaint report about a message you sent");
    case MD_BOUNCE_KIND_NOT_A_BOUNCE:
      return _("This does not look like a bounce message");
    case MD_BOUNCE_KIND_UNKNOWN:
    default:
      return _("This looks like a delivery report, but it says too little to explain it");
    }
}
