/* md-smtp-transcript.h: what was said during an SMTP test, with timings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  MD_SMTP_DIRECTION_CLIENT,
  MD_SMTP_DIRECTION_SERVER,
  MD_SMTP_DIRECTION_INFO,
} MdSmtpDirection;

/* Bounds, so that a hostile server cannot fill memory or a report. */
#define MD_SMTP_TRANSCRIPT_MAX_ENTRIES     1000
#define MD_SMTP_TRANSCRIPT_MAX_LINE_LENGTH 512
#define MD_SMTP_TRANSCRIPT_MAX_BYTES       (128 * 1024)

#define MD_TYPE_SMTP_TRANSCRIPT (md_smtp_transcript_get_type ())

G_DECLARE_FINAL_TYPE (MdSmtpTranscript, md_smtp_transcript, MD, SMTP_TRANSCRIPT, GObject)

MdSmtpTranscript *md_smtp_transcript_new             (void);
void              md_smtp_transcript_add             (MdSmtpTranscript  *self,
                                                      MdSmtpDirection    direction,
                                                      const char        *line);
guint             md_smtp_transcript_get_n_entries   (MdSmtpTranscript  *self);
const char       *md_smtp_transcript_get_entry       (MdSmtpTranscript  *self,
                                                      guint              index,
                                                      guint             *ms,
                                                      MdSmtpDirection   *direction);
gboolean          md_smtp_transcript_get_truncated   (MdSmtpTranscript  *self);
char             *md_smtp_transcript_to_text         (MdSmtpTranscript  *self);
JsonNode         *md_smtp_transcript_to_json         (MdSmtpTranscript  *self);

const char       *md_smtp_direction_to_string        (MdSmtpDirection    direction);

G_END_DECLS
