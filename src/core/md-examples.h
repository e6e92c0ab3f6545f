/* md-examples.h: the example bounces behind "Try an example"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GStrv       md_examples_list       (void);
const char *md_example_get_title   (const char *id);
GBytes     *md_example_load        (const char *id,
                                    GError    **error);

G_END_DECLS
