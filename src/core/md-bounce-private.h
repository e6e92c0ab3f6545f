/* md-bounce-private.h: scanners shared by MdBounce and MdClassifier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *md_bounce_find_address    (const char   *line,
                                       const char   *from,
                                       gsize        *len);
gboolean    md_bounce_find_status     (const char   *text,
                                       char        **status,
                                       const char  **where);
gboolean    md_bounce_find_reply_code (const char   *line,
                                       gboolean      allow_success,
                                       char        **code);

GStrv       md_bounce_split_lines     (const char   *text,
                                       guint         max);

G_END_DECLS
