/* md-incident.h: one troubleshooting case, saved as versioned JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "md-finding.h"
#include "md-step.h"

G_BEGIN_DECLS

#define MD_INCIDENT_FORMAT  "mail-doctor-incident"
#define MD_INCIDENT_VERSION 1

typedef enum
{
  MD_INCIDENT_OUTCOME_OPEN,
  MD_INCIDENT_OUTCOME_RESOLVED,
  MD_INCIDENT_OUTCOME_WORKAROUND,
} MdIncidentOutcome;

/**
 * MdIncidentRecipient:
 * @address: the failed recipient address
 * @reason: (nullable): the reason id, such as "mailboxfull" (see md-reason.h)
 * @status: (nullable): the RFC 3463 status, such as "5.2.2"
 * @reply_code: the SMTP reply code, 0 when unknown
 * @diagnostic: (nullable): the remote server's words
 * @remote_mta: (nullable): the server that refused the message
 * @temporary: whether retrying later can succeed by itself
 * @hardbounce: whether the address itself is unusable
 *
 * What the analysis said about one failed recipient, in the incident's own
 * terms (independent of the bounce parser's types).
 */
typedef struct
{
  char     *address;
  char     *reason;
  char     *status;
  guint     reply_code;
  char     *diagnostic;
  char     *remote_mta;
  gboolean  temporary;
  gboolean  hardbounce;
} MdIncidentRecipient;

#define MD_TYPE_INCIDENT_RECIPIENT (md_incident_recipient_get_type ())

GType                md_incident_recipient_get_type (void) G_GNUC_CONST;
MdIncidentRecipient *md_incident_recipient_new      (const char                *address);
MdIncidentRecipient *md_incident_recipient_copy     (const MdIncidentRecipient *recipient);
void                 md_incident_recipient_free     (MdIncidentRecipient       *recipient);
char                *md_incident_recipient_get_domain (const MdIncidentRecipient *recipient);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdIncidentRecipient, md_incident_recipient_free)

#define MD_TYPE_INCIDENT (md_incident_get_type ())

G_DECLARE_FINAL_TYPE (MdIncident, md_incident, MD, INCIDENT, GObject)

MdIncident         *md_incident_new                  (void);

const char         *md_incident_get_id               (MdIncident          *self);
GDateTime          *md_incident_get_created          (MdIncident          *self);
void                md_incident_set_created          (MdIncident          *self,
                                                      GDateTime           *created);
GDateTime          *md_incident_get_updated          (MdIncident          *self);
void                md_incident_set_updated          (MdIncident          *self,
                                                      GDateTime           *updated);
const char         *md_incident_get_bounce_text      (MdIncident          *self);
void                md_incident_set_bounce_text      (MdIncident          *self,
                                                      const char          *bounce_text);
const char         *md_incident_get_sender           (MdIncident          *self);
void                md_incident_set_sender           (MdIncident          *self,
                                                      const char          *sender);
char               *md_incident_dup_sender_domain    (MdIncident          *self);
const char         *md_incident_get_reporter         (MdIncident          *self);
void                md_incident_set_reporter         (MdIncident          *self,
                                                      const char          *reporter);
MdIncidentOutcome   md_incident_get_outcome          (MdIncident          *self);
void                md_incident_set_outcome          (MdIncident          *self,
                                                      MdIncidentOutcome    outcome);
guint64             md_incident_get_time_spent       (MdIncident          *self);
void                md_incident_set_time_spent       (MdIncident          *self,
                                                      guint64              seconds);

GPtrArray          *md_incident_get_recipients       (MdIncident          *self);
void                md_incident_add_recipient        (MdIncident          *self,
                                                      const MdIncidentRecipient *recipient);
void                md_incident_clear_recipients     (MdIncident          *self);

MdStepState         md_incident_get_step_state       (MdIncident          *self,
                                                      MdStep               step);
void                md_incident_set_step_state       (MdIncident          *self,
                                                      MdStep               step,
                                                      MdStepState          state);
const char         *md_incident_get_step_notes       (MdIncident          *self,
                                                      MdStep               step);
void                md_incident_set_step_notes       (MdIncident          *self,
                                                      MdStep               step,
                                                      const char          *notes);

GPtrArray          *md_incident_get_findings         (MdIncident          *self);
void                md_incident_add_finding          (MdIncident          *self,
                                                      MdFinding           *finding);
void                md_incident_clear_findings       (MdIncident          *self);

const char * const *md_incident_get_transcript       (MdIncident          *self);
void                md_incident_set_transcript       (MdIncident          *self,
                                                      const char * const  *lines);

JsonNode           *md_incident_to_json              (MdIncident          *self);
char               *md_incident_to_json_string       (MdIncident          *self,
                                                      gsize               *length);
MdIncident         *md_incident_new_from_json        (JsonNode            *node,
                                                      GError             **error);
MdIncident         *md_incident_new_from_json_string (const char          *data,
                                                      gssize               length,
                                                      GError             **error);

MdIncident         *md_incident_new_from_file        (GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
void                md_incident_load_async           (GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
MdIncident         *md_incident_load_finish          (GAsyncResult        *result,
                                                      GError             **error);
gboolean            md_incident_save                 (MdIncident          *self,
                                                      GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
void                md_incident_save_async           (MdIncident          *self,
                                                      GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            md_incident_save_finish          (MdIncident          *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

void                md_incident_schedule_autosave    (MdIncident          *self,
                                                      GFile               *draft);
void                md_incident_cancel_autosave      (MdIncident          *self);
void                md_incident_set_autosave_delay   (MdIncident          *self,
                                                      guint                milliseconds);
MdIncident         *md_incident_load_draft           (GFile               *draft,
                                                      GError             **error);

const char         *md_incident_outcome_to_string    (MdIncidentOutcome    outcome);
gboolean            md_incident_outcome_from_string  (const char          *str,
                                                      MdIncidentOutcome   *outcome);
const char         *md_incident_outcome_get_label    (MdIncidentOutcome    outcome);

G_END_DECLS
