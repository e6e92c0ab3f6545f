/* md-error.h: error domains of the core library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MD_BOUNCE_ERROR (md_bounce_error_quark ())
#define MD_DNS_ERROR    (md_dns_error_quark ())
#define MD_SMTP_ERROR   (md_smtp_error_quark ())
#define MD_HTTP_ERROR   (md_http_error_quark ())
#define MD_DATA_ERROR   (md_data_error_quark ())

typedef enum
{
  MD_BOUNCE_ERROR_TOO_LARGE,
  MD_BOUNCE_ERROR_EMPTY,
  MD_BOUNCE_ERROR_UNREADABLE,
} MdBounceError;

typedef enum
{
  MD_DNS_ERROR_NOT_FOUND,   /* NXDOMAIN: the name does not exist */
  MD_DNS_ERROR_NO_DATA,     /* the name exists but has no record of that type */
  MD_DNS_ERROR_SERVER_FAILURE,
  MD_DNS_ERROR_REFUSED,
  MD_DNS_ERROR_TIMEOUT,
  MD_DNS_ERROR_BAD_REPLY,
  MD_DNS_ERROR_BAD_NAME,
  MD_DNS_ERROR_FAILED,
} MdDnsError;

typedef enum
{
  MD_SMTP_ERROR_CONNECT,
  MD_SMTP_ERROR_TIMEOUT,
  MD_SMTP_ERROR_PROTOCOL,
  MD_SMTP_ERROR_TLS,
  MD_SMTP_ERROR_AUTH,
  MD_SMTP_ERROR_REJECTED,
  MD_SMTP_ERROR_FAILED,
} MdSmtpError;

typedef enum
{
  MD_HTTP_ERROR_STATUS,
  MD_HTTP_ERROR_CONTENT_TYPE,
  MD_HTTP_ERROR_TOO_LARGE,
  MD_HTTP_ERROR_TLS,
  MD_HTTP_ERROR_FAILED,
} MdHttpError;

typedef enum
{
  MD_DATA_ERROR_INVALID,
  MD_DATA_ERROR_VERSION,
} MdDataError;

GQuark md_bounce_error_quark (void);
GQuark md_dns_error_quark    (void);
GQuark md_smtp_error_quark   (void);
GQuark md_http_error_quark   (void);
GQuark md_data_error_quark   (void);

G_END_DECLS
