/* md-bounce.h: a bounce message taken apart into facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-bounce-recipient.h"

G_BEGIN_DECLS

/* Inputs larger than this are refused (MD_BOUNCE_ERROR_TOO_LARGE). */
#define MD_BOUNCE_MAX_SIZE (20 * 1024 * 1024)

typedef enum
{
  MD_BOUNCE_KIND_UNKNOWN,       /* looks like a report but says too little */
  MD_BOUNCE_KIND_FAILURE,       /* the message could not be delivered */
  MD_BOUNCE_KIND_DELAY,         /* still trying: a warning, not a failure */
  MD_BOUNCE_KIND_DELIVERED,     /* a success notice */
  MD_BOUNCE_KIND_AUTO_REPLY,    /* vacation / out-of-office reply */
  MD_BOUNCE_KIND_COMPLAINT,     /* ARF feedback report (spam complaint) */
  MD_BOUNCE_KIND_NOT_A_BOUNCE,  /* ordinary mail */
} MdBounceKind;

#define MD_TYPE_BOUNCE (md_bounce_get_type ())

G_DECLARE_FINAL_TYPE (MdBounce, md_bounce, MD, BOUNCE, GObject)

MdBounce      *md_bounce_parse              (GBytes               *data,
                                             GError              **error);
void           md_bounce_parse_async        (GBytes               *data,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
MdBounce      *md_bounce_parse_finish       (GAsyncResult         *result,
                                             GError              **error);
MdBounce      *md_bounce_parse_file         (GFile                *file,
                                             GCancellable         *cancellable,
                                             GError              **error);

MdBounceKind   md_bounce_get_kind           (MdBounce             *self);
GPtrArray     *md_bounce_get_recipients     (MdBounce             *self);
const char    *md_bounce_get_reporting_mta  (MdBounce             *self);
const char    *md_bounce_get_mta            (MdBounce             *self);
const char    *md_bounce_get_subject        (MdBounce             *self);
const char    *md_bounce_get_date           (MdBounce             *self);
const char    *md_bounce_get_from           (MdBounce             *self);
const char    *md_bounce_get_to             (MdBounce             *self);
const char    *md_bounce_get_message_id     (MdBounce             *self);
const char    *md_bounce_get_text           (MdBounce             *self);
const char    *md_bounce_get_feedback_type  (MdBounce             *self);

const char    *md_bounce_kind_to_string     (MdBounceKind          kind);
const char    *md_bounce_kind_get_label     (MdBounceKind          kind);

G_END_DECLS
