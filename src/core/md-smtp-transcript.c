/* md-smtp-transcript.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "md-smtp-transcript.h"

/**
 * MdSmtpTranscript:
 *
 * The lines exchanged with an SMTP server, each with the milliseconds since
 * the transcript started. It never holds secrets: the probe redacts them
 * before adding a line. It is bounded in entries, line length and bytes.
 */

typedef struct
{
  guint            ms;
  MdSmtpDirection  direction;
  char            *line;
} Entry;

struct _MdSmtpTranscript
{
  GObject  parent_instance;

  gint64   start;
  GArray  *entries;
  gsize    n_bytes;
  gboolean truncated;
};

G_DEFINE_FINAL_TYPE (MdSmtpTranscript, md_smtp_transcript, G_TYPE_OBJECT)

static void
clear_entry (gpointer data)
{
  Entry *entry = data;

  g_clear_pointer (&entry->line, g_free);
}

static void
md_smtp_transcript_finalize (GObject *object)
{
  MdSmtpTranscript *self = (MdSmtpTranscript *)object;

  g_clear_pointer (&self->entries, g_array_unref);

  G_OBJECT_CLASS (md_smtp_transcript_parent_class)->finalize (object);
}

static void
md_smtp_transcript_class_init (MdSmtpTranscriptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_smtp_transcript_finalize;
}

static void
md_smtp_transcript_init (MdSmtpTranscript *self)
{
  self->start = g_get_monotonic_time ();
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, clear_entry);
}

MdSmtpTranscript *
md_smtp_transcript_new (void)
{
  return g_object_new (MD_TYPE_SMTP_TRANSCRIPT, NULL);
}

static void
append_entry (MdSmtpTranscript *self,
              MdSmtpDirection   direction,
              char             *line)
{
  Entry entry;

  entry.ms = (guint) MIN ((g_get_monotonic_time () - self->start) / 1000, G_MAXUINT);
  entry.direction = direction;
  entry.line = line;
  self->n_bytes += strlen (line);
  g_array_append_val (self->entries, entry);
}

/**
 * md_smtp_transcript_add:
 * @self: a #MdSmtpTranscript
 * @direction: who said it
 * @line: the line, without CRLF; it must not contain secrets
 *
 * Adds a line, cut to %MD_SMTP_TRANSCRIPT_MAX_LINE_LENGTH bytes. Once the
 * transcript is full, a last line says so and further lines are dropped.
 */
void
md_smtp_transcript_add (MdSmtpTranscript *self,
                        MdSmtpDirection   direction,
                        const char       *line)
{
  g_autofree char *copy = NULL;

  g_return_if_fail (MD_IS_SMTP_TRANSCRIPT (self));
  g_return_if_fail (line != NULL);

  if (self->truncated)
    return;

  if (self->entries->len + 1 >= MD_SMTP_TRANSCRIPT_MAX_ENTRIES ||
      self->n_bytes + strlen (line) > MD_SMTP_TRANSCRIPT_MAX_BYTES)
    {
      self->truncated = TRUE;
      append_entry (self, MD_SMTP_DIRECTION_INFO, g_strdup (_("(The rest of the conversation was left out.)")));
      return;
    }

  if (strlen (line) > MD_SMTP_TRANSCRIPT_MAX_LINE_LENGTH)
    {
      const char *end = line + MD_SMTP_TRANSCRIPT_MAX_LINE_LENGTH;

      /* Do not cut a UTF-8 sequence in half. */
      while (end > line && ((guchar) *end & 0xc0) == 0x80)
        end--;
      copy = g_strdup_printf ("%.*s…", (int) (end - line), line);
    }
  else
    copy = g_strdup (line);

  append_entry (self, direction, g_steal_pointer (&copy));
}

guint
md_smtp_transcript_get_n_entries (MdSmtpTranscript *self)
{
  g_return_val_if_fail (MD_IS_SMTP_TRANSCRIPT (self), 0);
  return self->entries->len;
}

/**
 * md_smtp_transcript_get_entry:
 * @self: a #MdSmtpTranscript
 * @index: the entry number
 * @ms: (out) (optional): milliseconds since the start
 * @direction: (out) (optional): who said it
 *
 * Returns: the line
 */
const char *
md_smtp_transcript_get_entry (MdSmtpTranscript *self,
                              guint             index,
                              guint            *ms,
                              MdSmtpDirection  *direction)
{
  const Entry *entry;

  g_return_val_if_fail (MD_IS_SMTP_TRANSCRIPT (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  entry = &g_array_index (self->entries, Entry, index);
  if (ms != NULL)
    *ms = entry->ms;
  if (direction != NULL)
    *direction = entry->direction;

  return entry->line;
}

gboolean
md_smtp_transcript_get_truncated (MdSmtpTranscript *self)
{
  g_return_val_if_fail (MD_IS_SMTP_TRANSCRIPT (self), FALSE);
  return self->truncated;
}

static const char *
direction_prefix (MdSmtpDirection direction)
{
  switch (direction)
    {
    case MD_SMTP_DIRECTION_CLIENT:
      return "C:";
    case MD_SMTP_DIRECTION_SERVER:
      return "S:";
    case MD_SMTP_DIRECTION_INFO:
    default:
      return "--";
    }
}

/**
 * md_smtp_transcript_to_text:
 * @self: a #MdSmtpTranscript
 *
 * Returns: (transfer full): one line per entry: milliseconds, "C:" for us,
 *   "S:" for the server, "--" for notes, then the line
 */
char *
md_smtp_transcript_to_text (MdSmtpTranscript *self)
{
  g_autoptr(GString) str = NULL;

  g_return_val_if_fail (MD_IS_SMTP_TRANSCRIPT (self), NULL);

  str = g_string_new (NULL);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, i);

      g_string_append_printf (str, "%6u ms %s %s\n",
                              entry->ms, direction_prefix (entry->direction), entry->line);
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

const char *
md_smtp_direction_to_string (MdSmtpDirection direction)
{
  switch (direction)
    {
    case MD_SMTP_DIRECTION_CLIENT:
      return "client";
    case MD_SMTP_DIRECTION_SERVER:
      return "server";
    case MD_SMTP_DIRECTION_INFO:
      return "info";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * md_smtp_transcript_to_json:
 * @self: a #MdSmtpTranscript
 *
 * Returns: (transfer full): a JSON array of objects with the keys "ms",
 *   "direction" ("client", "server" or "info") and "line"
 */
JsonNode *
md_smtp_transcript_to_json (MdSmtpTranscript *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (MD_IS_SMTP_TRANSCRIPT (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ms");
      json_builder_add_int_value (builder, entry->ms);
      json_builder_set_member_name (builder, "direction");
      json_builder_add_string_value (builder, md_smtp_direction_to_string (entry->direction));
      json_builder_set_member_name (builder, "line");
      json_builder_add_string_value (builder, entry->line);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}
