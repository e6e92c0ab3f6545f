/* md-domain-check-private.h: for the benchmark and tests only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-domain-check.h"

G_BEGIN_DECLS

GPtrArray *md_domain_check_get_last_queries (MdDomainCheck *self);

G_END_DECLS
