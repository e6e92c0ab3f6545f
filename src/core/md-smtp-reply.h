/* md-smtp-reply.h: a parser of (multi-line) SMTP replies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* RFC 5321 allows 512 octets per reply line; we accept a little more, since
 * real servers overshoot, but never an unbounded amount. */
#define MD_SMTP_REPLY_MAX_LINE_LENGTH 2048
#define MD_SMTP_REPLY_MAX_LINES       128

typedef struct _MdSmtpReply MdSmtpReply;

#define MD_TYPE_SMTP_REPLY (md_smtp_reply_get_type ())

GType         md_smtp_reply_get_type           (void) G_GNUC_CONST;

MdSmtpReply  *md_smtp_reply_new                (void);
MdSmtpReply  *md_smtp_reply_ref                (MdSmtpReply  *self);
void          md_smtp_reply_unref              (MdSmtpReply  *self);
gboolean      md_smtp_reply_add_line           (MdSmtpReply  *self,
                                                const char   *line,
                                                gsize         length,
                                                gboolean     *complete,
                                                GError      **error);
MdSmtpReply  *md_smtp_reply_parse              (const char   *text,
                                                gsize         length,
                                                gsize        *consumed,
                                                GError      **error);
gboolean      md_smtp_reply_is_complete        (MdSmtpReply  *self);
guint         md_smtp_reply_get_code           (MdSmtpReply  *self);
guint         md_smtp_reply_get_class          (MdSmtpReply  *self);
const char   *md_smtp_reply_get_enhanced_code  (MdSmtpReply  *self);
guint         md_smtp_reply_get_n_lines        (MdSmtpReply  *self);
const char   *md_smtp_reply_get_line_text      (MdSmtpReply  *self,
                                                guint         index);
char         *md_smtp_reply_to_string          (MdSmtpReply  *self);
char         *md_smtp_reply_get_text           (MdSmtpReply  *self);
gboolean      md_smtp_reply_has_keyword        (MdSmtpReply  *self,
                                                const char   *keyword);
GStrv         md_smtp_reply_get_auth_mechanisms (MdSmtpReply *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdSmtpReply, md_smtp_reply_unref)

G_END_DECLS
