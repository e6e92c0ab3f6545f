/* md-smtp-reply.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "md-error.h"
#include "md-smtp-reply.h"

/**
 * MdSmtpReply:
 *
 * One SMTP reply (RFC 5321 section 4.2), possibly spread over several
 * "250-" continuation lines. The parser is pure and strict about the shape
 * (three digits, the same code on every line, "-" or " " after it) but
 * lenient about the text, which is kept as printable UTF-8 so that it can be
 * shown to people and put in reports as is.
 */
struct _MdSmtpReply
{
  grefcount  ref_count;
  guint      code;
  gboolean   complete;
  char      *enhanced;
  GPtrArray *lines;
};

G_DEFINE_BOXED_TYPE (MdSmtpReply, md_smtp_reply, md_smtp_reply_ref, md_smtp_reply_unref)

/**
 * md_smtp_reply_new:
 *
 * Returns: (transfer full): an empty reply to fill with md_smtp_reply_add_line()
 */
MdSmtpReply *
md_smtp_reply_new (void)
{
  MdSmtpReply *self = g_new0 (MdSmtpReply, 1);

  g_ref_count_init (&self->ref_count);
  self->lines = g_ptr_array_new_with_free_func (g_free);

  return self;
}

MdSmtpReply *
md_smtp_reply_ref (MdSmtpReply *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

void
md_smtp_reply_unref (MdSmtpReply *self)
{
  g_return_if_fail (self != NULL);

  if (g_ref_count_dec (&self->ref_count))
    {
      g_ptr_array_unref (self->lines);
      g_free (self->enhanced);
      g_free (self);
    }
}

/* Valid UTF-8 without control characters: the text ends up on terminals and
 * in HTML reports, so a hostile server must not be able to inject escapes. */
static char *
sanitize_text (const char *text,
               gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);

  for (char *p = valid; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = '?';
    }

  return g_steal_pointer (&valid);
}

/* "5.7.1 Relaying denied" -> "5.7.1" (RFC 3463), when the class matches the
 * reply code's first digit. */
static char *
parse_enhanced_code (guint       code,
                     const char *text)
{
  const char *p = text;
  guint n;

  if (p[0] != '0' + (char) (code / 100) || (p[0] != '2' && p[0] != '4' && p[0] != '5') ||
      p[1] != '.')
    return NULL;
  p += 2;

  for (guint part = 0; part < 2; part++)
    {
      for (n = 0; g_ascii_isdigit (p[n]); n++)
        ;
      if (n < 1 || n > 3)
        return NULL;
      p += n;
      if (part == 0)
        {
          if (*p != '.')
            return NULL;
          p++;
        }
    }

  if (*p != '\0' && *p != ' ')
    return NULL;

  return g_strndup (text, p - text);
}

/**
 * md_smtp_reply_add_line:
 * @self: a #MdSmtpReply
 * @line: (array length=length): one reply line, without its CRLF
 * @length: the length of @line in bytes
 * @complete: (out) (optional): set to %TRUE when this was the last line
 * @error: return location for a %MD_SMTP_ERROR_PROTOCOL error
 *
 * Adds a line of a (multi-line) reply. Rejects lines that are too long,
 * that do not start with a three-digit code, whose code differs from the
 * previous lines' or that follow the last line.
 *
 * Returns: %TRUE if the line was valid
 */
gboolean
md_smtp_reply_add_line (MdSmtpReply  *self,
                        const char   *line,
                        gsize         length,
                        gboolean     *complete,
                        GError      **error)
{
  guint code;
  gboolean last;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (line != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (complete != NULL)
    *complete = FALSE;

  if (self->complete)
    {
      g_set_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_PROTOCOL,
                   _("The server sent more lines after the end of its reply"));
      return FALSE;
    }
  if (length > MD_SMTP_REPLY_MAX_LINE_LENGTH)
    {
      g_set_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_PROTOCOL,
                   _("The server sent a reply line longer than %d characters"),
                   MD_SMTP_REPLY_MAX_LINE_LENGTH);
      return FALSE;
    }
  if (self->lines->len >= MD_SMTP_REPLY_MAX_LINES)
    {
      g_set_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_PROTOCOL,
                   _("The server sent a reply of more than %d lines"),
                   MD_SMTP_REPLY_MAX_LINES);
      return FALSE;
    }
  if (length < 3 ||
      line[0] < '2' || line[0] > '5' ||
      !g_ascii_isdigit (line[1]) || !g_ascii_isdigit (line[2]) ||
      (length > 3 && line[3] != ' ' && line[3] != '-'))
    {
      g_set_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_PROTOCOL,
                   _("The server sent a line that is not a valid SMTP reply"));
      return FALSE;
    }

  code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  last = length == 3 || line[3] == ' ';

  if (self->lines->len > 0 && code != self->code)
    {
      g_set_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_PROTOCOL,
                   _("The server changed its reply code in the middle of a reply (%u, then %u)"),
                   self->code, code);
      return FALSE;
    }

  self->code = code;
  g_ptr_array_add (self->lines, sanitize_text (line + MIN (length, 4), length - MIN (length, 4)));
  if (self->lines->len == 1)
    self->enhanced = parse_enhanced_code (code, g_ptr_array_index (self->lines, 0));
  self->complete = last;

  if (complete != NULL)
    *complete = last;

  return TRUE;
}

/**
 * md_smtp_reply_parse:
 * @text: (array length=length): raw bytes from a server
 * @length: the length of @text
 * @consumed: (out) (optional): the number of bytes the reply took
 * @error: return location for an error
 *
 * Parses one complete reply from the start of @text. Lines end with LF,
 * optionally preceded by CR. A reply that is not complete within @text is
 * an error, as is any malformed line.
 *
 * Returns: (transfer full) (nullable): the reply, or %NULL with @error set
 */
MdSmtpReply *
md_smtp_reply_parse (const char  *text,
                     gsize        length,
                     gsize       *consumed,
                     GError     **error)
{
  g_autoptr(MdSmtpReply) reply = NULL;
  gsize pos = 0;
  gboolean complete = FALSE;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reply = md_smtp_reply_new ();

  while (!complete)
    {
      const char *start = text + pos;
      const char *nl = memchr (start, '\n', length - pos);
      gsize line_length;

      if (nl == NULL)
        {
          if (length - pos > MD_SMTP_REPLY_MAX_LINE_LENGTH)
            g_set_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_PROTOCOL,
                         _("The server sent a reply line longer than %d characters"),
                         MD_SMTP_REPLY_MAX_LINE_LENGTH);
          else
            g_set_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_PROTOCOL,
                         _("The server’s reply ended too early"));
          return NULL;
        }

      line_length = nl - start;
      if (line_length > 0 && start[line_length - 1] == '\r')
        line_length--;

      if (!md_smtp_reply_add_line (reply, start, line_length, &complete, error))
        return NULL;

      pos = (nl - text) + 1;
    }

  if (consumed != NULL)
    *consumed = pos;

  return g_steal_pointer (&reply);
}

gboolean
md_smtp_reply_is_complete (MdSmtpReply *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->complete;
}

/**
 * md_smtp_reply_get_code:
 * @self: a #MdSmtpReply
 *
 * Returns: the three-digit reply code, 0 when no line was added yet
 */
guint
md_smtp_reply_get_code (MdSmtpReply *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->code;
}

/**
 * md_smtp_reply_get_class:
 * @self: a #MdSmtpReply
 *
 * Returns: the first digit of the code: 2 success, 3 go on, 4 temporary
 *   failure, 5 permanent failure
 */
guint
md_smtp_reply_get_class (MdSmtpReply *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->code / 100;
}

/**
 * md_smtp_reply_get_enhanced_code:
 * @self: a #MdSmtpReply
 *
 * Returns: (nullable): the RFC 3463 status such as "5.7.1" at the start of
 *   the first line, if any
 */
const char *
md_smtp_reply_get_enhanced_code (MdSmtpReply *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->enhanced;
}

guint
md_smtp_reply_get_n_lines (MdSmtpReply *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->lines->len;
}

/**
 * md_smtp_reply_get_line_text:
 * @self: a #MdSmtpReply
 * @index: a line number
 *
 * Returns: the text of line @index, after the code and separator
 */
const char *
md_smtp_reply_get_line_text (MdSmtpReply *self,
                             guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->lines->len, NULL);

  return g_ptr_array_index (self->lines, index);
}

/**
 * md_smtp_reply_to_string:
 * @self: a #MdSmtpReply
 *
 * Returns: (transfer full): the reply as the server sent it (sanitized), lines
 *   separated by "\n" without a final newline
 */
char *
md_smtp_reply_to_string (MdSmtpReply *self)
{
  g_autoptr(GString) str = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  str = g_string_new (NULL);
  for (guint i = 0; i < self->lines->len; i++)
    {
      const char *text = g_ptr_array_index (self->lines, i);
      gboolean last = self->complete && i + 1 == self->lines->len;

      if (i > 0)
        g_string_append_c (str, '\n');
      g_string_append_printf (str, "%03u%c%s", self->code, last ? ' ' : '-', text);
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/**
 * md_smtp_reply_get_text:
 * @self: a #MdSmtpReply
 *
 * Returns: (transfer full): the text of all lines joined with spaces, without
 *   the codes
 */
char *
md_smtp_reply_get_text (MdSmtpReply *self)
{
  g_autoptr(GString) str = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  str = g_string_new (NULL);
  for (guint i = 0; i < self->lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (str, ' ');
      g_string_append (str, g_ptr_array_index (self->lines, i));
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/* EHLO replies list one extension per line after the greeting line. */
static const char *
find_extension (MdSmtpReply *self,
                const char  *keyword)
{
  gsize len = strlen (keyword);

  for (guint i = 1; i < self->lines->len; i++)
    {
      const char *text = g_ptr_array_index (self->lines, i);

      if (g_ascii_strncasecmp (text, keyword, len) == 0 &&
          (text[len] == '\0' || text[len] == ' ' || text[len] == '='))
        return text;
    }

  return NULL;
}

/**
 * md_smtp_reply_has_keyword:
 * @self: an EHLO reply
 * @keyword: an extension keyword such as "STARTTLS"
 *
 * Returns: whether the server announced the extension
 */
gboolean
md_smtp_reply_has_keyword (MdSmtpReply *self,
                           const char  *keyword)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (keyword != NULL, FALSE);

  return self->code == 250 && find_extension (self, keyword) != NULL;
}

/**
 * md_smtp_reply_get_auth_mechanisms:
 * @self: an EHLO reply
 *
 * Collects the SASL mechanisms of the "AUTH" extension (and of the old
 * "AUTH=" form some servers still send), upper-cased, without duplicates.
 *
 * Returns: (transfer full): the mechanisms, possibly empty
 */
GStrv
md_smtp_reply_get_auth_mechanisms (MdSmtpReply *self)
{
  g_autoptr(GPtrArray) mechs = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  mechs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 1; self->code == 250 && i < self->lines->len; i++)
    {
      const char *text = g_ptr_array_index (self->lines, i);
      g_auto(GStrv) words = NULL;

      if (g_ascii_strncasecmp (text, "AUTH", 4) != 0 || (text[4] != ' ' && text[4] != '='))
        continue;

      words = g_strsplit_set (text + 5, " ", -1);
      for (guint j = 0; words[j] != NULL; j++)
        {
          g_autofree char *word = g_ascii_strup (words[j], -1);
          gboolean seen = FALSE;

          if (*word == '\0')
            continue;
          for (guint k = 0; k < mechs->len && !seen; k++)
            seen = g_str_equal (g_ptr_array_index (mechs, k), word);
          if (!seen)
            g_ptr_array_add (mechs, g_steal_pointer (&word));
        }
    }

  g_ptr_array_add (mechs, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&mechs), FALSE);
}
