/* md-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-error.h"

G_DEFINE_QUARK (md-bounce-error-quark, md_bounce_error)
G_DEFINE_QUARK (md-dns-error-quark, md_dns_error)
G_DEFINE_QUARK (md-smtp-error-quark, md_smtp_error)
G_DEFINE_QUARK (md-http-error-quark, md_http_error)
G_DEFINE_QUARK (md-data-error-quark, md_data_error)
