/* md-i18n.h: the locale and message catalogs of the programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void md_i18n_init (void);

G_END_DECLS
