/* md-smtp-probe.h: tests the settings of an outgoing mail server for real
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "md-smtp-transcript.h"

G_BEGIN_DECLS

typedef enum
{
  MD_SMTP_SECURITY_AUTO,
  MD_SMTP_SECURITY_STARTTLS,
  MD_SMTP_SECURITY_TLS,
  MD_SMTP_SECURITY_NONE,
} MdSmtpSecurity;

#define MD_SMTP_PROBE_DEFAULT_TIMEOUT 15

#define MD_TYPE_SMTP_PROBE (md_smtp_probe_get_type ())

G_DECLARE_FINAL_TYPE (MdSmtpProbe, md_smtp_probe, MD, SMTP_PROBE, GObject)

MdSmtpProbe      *md_smtp_probe_new                  (const char           *host,
                                                      guint                 port,
                                                      MdSmtpSecurity        security);
const char       *md_smtp_probe_get_host             (MdSmtpProbe          *self);
void              md_smtp_probe_set_host             (MdSmtpProbe          *self,
                                                      const char           *host);
guint             md_smtp_probe_get_port             (MdSmtpProbe          *self);
void              md_smtp_probe_set_port             (MdSmtpProbe          *self,
                                                      guint                 port);
MdSmtpSecurity    md_smtp_probe_get_security         (MdSmtpProbe          *self);
void              md_smtp_probe_set_security         (MdSmtpProbe          *self,
                                                      MdSmtpSecurity        security);
const char       *md_smtp_probe_get_username         (MdSmtpProbe          *self);
void              md_smtp_probe_set_username         (MdSmtpProbe          *self,
                                                      const char           *username);
void              md_smtp_probe_set_password         (MdSmtpProbe          *self,
                                                      const char           *password);
gboolean          md_smtp_probe_has_password         (MdSmtpProbe          *self);
const char       *md_smtp_probe_get_sender           (MdSmtpProbe          *self);
void              md_smtp_probe_set_sender           (MdSmtpProbe          *self,
                                                      const char           *sender);
const char       *md_smtp_probe_get_recipient        (MdSmtpProbe          *self);
void              md_smtp_probe_set_recipient        (MdSmtpProbe          *self,
                                                      const char           *recipient);
guint             md_smtp_probe_get_timeout          (MdSmtpProbe          *self);
void              md_smtp_probe_set_timeout          (MdSmtpProbe          *self,
                                                      guint                 timeout);
const char       *md_smtp_probe_get_ca_file          (MdSmtpProbe          *self);
void              md_smtp_probe_set_ca_file          (MdSmtpProbe          *self,
                                                      const char           *ca_file);
void              md_smtp_probe_set_auto_ports       (MdSmtpProbe          *self,
                                                      guint                 starttls_port,
                                                      guint                 tls_port,
                                                      guint                 plain_port);

void              md_smtp_probe_run_async            (MdSmtpProbe          *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          md_smtp_probe_run_finish           (MdSmtpProbe          *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

GPtrArray        *md_smtp_probe_get_findings         (MdSmtpProbe          *self);
MdSmtpTranscript *md_smtp_probe_get_transcript       (MdSmtpProbe          *self);
char             *md_smtp_probe_get_transcript_text  (MdSmtpProbe          *self);
JsonNode         *md_smtp_probe_get_transcript_json  (MdSmtpProbe          *self);
char             *md_smtp_probe_to_json_string       (MdSmtpProbe          *self,
                                                      gboolean              pretty);
guint             md_smtp_probe_get_working_port     (MdSmtpProbe          *self);
MdSmtpSecurity    md_smtp_probe_get_working_security (MdSmtpProbe          *self);

const char       *md_smtp_security_to_string         (MdSmtpSecurity        security);
gboolean          md_smtp_security_from_string       (const char           *str,
                                                      MdSmtpSecurity       *security);
const char       *md_smtp_security_get_label         (MdSmtpSecurity        security);

G_END_DECLS
