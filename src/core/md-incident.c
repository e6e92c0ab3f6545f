/* md-incident.c: one troubleshooting case, saved as versioned JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "md-core-enums.h"
#include "md-error.h"
#include "md-incident.h"

#define DEFAULT_AUTOSAVE_DELAY_MS 2000

typedef struct
{
  MdStepState  state;
  char        *notes;
} StepRecord;

struct _MdIncident
{
  GObject      parent_instance;

  char        *id;
  GDateTime   *created;
  GDateTime   *updated;
  char        *bounce_text;
  char        *sender;
  char        *reporter;
  MdIncidentOutcome outcome;
  guint64      time_spent;
  GPtrArray   *recipients;   /* MdIncidentRecipient */
  StepRecord   steps[MD_N_STEPS + 1];  /* index 0 unused */
  GPtrArray   *findings;     /* MdFinding */
  GStrv        transcript;

  /* Autosave */
  GFile       *autosave_file;
  guint        autosave_source;
  guint        autosave_delay_ms;
  guint        autosave_in_flight : 1;
  guint        autosave_again : 1;
};

G_DEFINE_FINAL_TYPE (MdIncident, md_incident, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (MdIncidentRecipient, md_incident_recipient,
                     md_incident_recipient_copy, md_incident_recipient_free)

enum {
  PROP_0,
  PROP_ID,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_BOUNCE_TEXT,
  PROP_SENDER,
  PROP_REPORTER,
  PROP_OUTCOME,
  PROP_TIME_SPENT,
  N_PROPS
};

enum {
  CHANGED,
  AUTOSAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const outcome_names[] = { "open", "resolved", "workaround" };
static const char * const state_names[] = { "not-started", "done", "needs-attention", "skipped" };

/* Timestamps are kept to the second, so that what is in memory is exactly
 * what the JSON file holds. */
static GDateTime *
truncate_to_utc_seconds (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (dt);

  return g_date_time_new_utc (g_date_time_get_year (utc),
                              g_date_time_get_month (utc),
                              g_date_time_get_day_of_month (utc),
                              g_date_time_get_hour (utc),
                              g_date_time_get_minute (utc),
                              (double) g_date_time_get_second (utc));
}

static GDateTime *
now_utc_seconds (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return truncate_to_utc_seconds (now);
}

static char *
format_timestamp (GDateTime *dt)
{
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* MdIncidentRecipient */

/**
 * md_incident_recipient_new:
 * @address: the failed address
 *
 * Returns: (transfer full): a recipient with every other field empty
 */
MdIncidentRecipient *
md_incident_recipient_new (const char *address)
{
  MdIncidentRecipient *recipient;

  g_return_val_if_fail (address != NULL, NULL);

  recipient = g_new0 (MdIncidentRecipient, 1);
  recipient->address = g_strdup (address);

  return recipient;
}

MdIncidentRecipient *
md_incident_recipient_copy (const MdIncidentRecipient *recipient)
{
  MdIncidentRecipient *copy;

  g_return_val_if_fail (recipient != NULL, NULL);

  copy = g_new0 (MdIncidentRecipient, 1);
  copy->address = g_strdup (recipient->address);
  copy->reason = g_strdup (recipient->reason);
  copy->status = g_strdup (recipient->status);
  copy->reply_code = recipient->reply_code;
  copy->diagnostic = g_strdup (recipient->diagnostic);
  copy->remote_mta = g_strdup (recipient->remote_mta);
  copy->temporary = recipient->temporary;
  copy->hardbounce = recipient->hardbounce;

  return copy;
}

void
md_incident_recipient_free (MdIncidentRecipient *recipient)
{
  if (recipient == NULL)
    return;

  g_free (recipient->address);
  g_free (recipient->reason);
  g_free (recipient->status);
  g_free (recipient->diagnostic);
  g_free (recipient->remote_mta);
  g_free (recipient);
}

static char *
address_get_domain (const char *address)
{
  const char *at;

  if (address == NULL)
    return NULL;

  at = strrchr (address, '@');
  if (at == NULL || at[1] == '\0')
    return NULL;

  return g_utf8_strdown (at + 1, -1);
}

/**
 * md_incident_recipient_get_domain:
 * @recipient: a recipient
 *
 * Returns: (transfer full) (nullable): the lower-cased domain of the address
 */
char *
md_incident_recipient_get_domain (const MdIncidentRecipient *recipient)
{
  g_return_val_if_fail (recipient != NULL, NULL);

  return address_get_domain (recipient->address);
}

/* MdIncident */

static gboolean
autosave_timeout_cb (gpointer user_data);

static void
restart_autosave_timer (MdIncident *self)
{
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  if (self->autosave_delay_ms % 1000 == 0)
    self->autosave_source = g_timeout_add_seconds (self->autosave_delay_ms / 1000,
                                                   autosave_timeout_cb, self);
  else
    self->autosave_source = g_timeout_add (self->autosave_delay_ms, autosave_timeout_cb, self);
}

static void
md_incident_changed (MdIncident *self,
                     gboolean    touch)
{
  if (touch)
    {
      g_autoptr(GDateTime) now = now_utc_seconds ();

      if (self->updated == NULL || !g_date_time_equal (now, self->updated))
        {
          g_clear_pointer (&self->updated, g_date_time_unref);
          self->updated = g_steal_pointer (&now);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
        }
    }

  if (self->autosave_file != NULL)
    restart_autosave_timer (self);

  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Sets one of the timestamps, which are kept in UTC to the second. */
static void
set_time (MdIncident  *self,
          GDateTime  **field,
          GDateTime   *value,
          guint        prop)
{
  g_autoptr(GDateTime) truncated = truncate_to_utc_seconds (value);

  if (g_date_time_equal (truncated, *field))
    return;

  g_date_time_unref (*field);
  *field = g_steal_pointer (&truncated);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  md_incident_changed (self, FALSE);
}

static void
md_incident_dispose (GObject *object)
{
  MdIncident *self = (MdIncident *)object;

  g_clear_handle_id (&self->autosave_source, g_source_remove);
  g_clear_object (&self->autosave_file);

  G_OBJECT_CLASS (md_incident_parent_class)->dispose (object);
}

static void
md_incident_finalize (GObject *object)
{
  MdIncident *self = (MdIncident *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->bounce_text, g_free);
  g_clear_pointer (&self->sender, g_free);
  g_clear_pointer (&self->reporter, g_free);
  g_clear_pointer (&self->recipients, g_ptr_array_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->transcript, g_strfreev);
  for (guint i = 0; i < G_N_ELEMENTS (self->steps); i++)
    g_clear_pointer (&self->steps[i].notes, g_free);

  G_OBJECT_CLASS (md_incident_parent_class)->finalize (object);
}

static void
md_incident_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MdIncident *self = MD_INCIDENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, self->updated);
      break;
    case PROP_BOUNCE_TEXT:
      g_value_set_string (value, self->bounce_text);
      break;
    case PROP_SENDER:
      g_value_set_string (value, self->sender);
      break;
    case PROP_REPORTER:
      g_value_set_string (value, self->reporter);
      break;
    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;
    case PROP_TIME_SPENT:
      g_value_set_uint64 (value, self->time_spent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_incident_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MdIncident *self = MD_INCIDENT (object);

  switch (prop_id)
    {
    case PROP_CREATED:
      md_incident_set_created (self, g_value_get_boxed (value));
      break;
    case PROP_UPDATED:
      md_incident_set_updated (self, g_value_get_boxed (value));
      break;
    case PROP_BOUNCE_TEXT:
      md_incident_set_bounce_text (self, g_value_get_string (value));
      break;
    case PROP_SENDER:
      md_incident_set_sender (self, g_value_get_string (value));
      break;
    case PROP_REPORTER:
      md_incident_set_reporter (self, g_value_get_string (value));
      break;
    case PROP_OUTCOME:
      md_incident_set_outcome (self, g_value_get_enum (value));
      break;
    case PROP_TIME_SPENT:
      md_incident_set_time_spent (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_incident_class_init (MdIncidentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = md_incident_dispose;
  object_class->finalize = md_incident_finalize;
  object_class->get_property = md_incident_get_property;
  object_class->set_property = md_incident_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED] =
    g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_BOUNCE_TEXT] =
    g_param_spec_string ("bounce-text", NULL, NULL, NULL, flags);
  properties[PROP_SENDER] =
    g_param_spec_string ("sender", NULL, NULL, NULL, flags);
  properties[PROP_REPORTER] =
    g_param_spec_string ("reporter", NULL, NULL, NULL, flags);
  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL,
                       MD_TYPE_INCIDENT_OUTCOME, MD_INCIDENT_OUTCOME_OPEN, flags);
  properties[PROP_TIME_SPENT] =
    g_param_spec_uint64 ("time-spent", NULL, NULL, 0, G_MAXUINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MdIncident::changed:
   *
   * Emitted after every modification of the incident, including the ones
   * that have no property (steps, recipients, findings, transcript).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * MdIncident::autosaved:
   * @error: (nullable): why the draft could not be written, %NULL on success
   *
   * Emitted when an autosave scheduled with md_incident_schedule_autosave()
   * has finished.
   */
  signals[AUTOSAVED] =
    g_signal_new ("autosaved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
md_incident_init (MdIncident *self)
{
  self->id = g_uuid_string_random ();
  self->created = now_utc_seconds ();
  self->updated = g_date_time_ref (self->created);
  self->recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) md_incident_recipient_free);
  self->findings = g_ptr_array_new_with_free_func (g_object_unref);
  self->transcript = g_new0 (char *, 1);
  self->autosave_delay_ms = DEFAULT_AUTOSAVE_DELAY_MS;
}

/**
 * md_incident_new:
 *
 * Returns: (transfer full): a new, empty incident with a fresh random id,
 *   created and updated now
 */
MdIncident *
md_incident_new (void)
{
  return g_object_new (MD_TYPE_INCIDENT, NULL);
}

/**
 * md_incident_get_id:
 * @self: a #MdIncident
 *
 * Returns: a stable identifier (a random UUID) of the incident
 */
const char *
md_incident_get_id (MdIncident *self)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);
  return self->id;
}

GDateTime *
md_incident_get_created (MdIncident *self)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);
  return self->created;
}

/**
 * md_incident_set_created:
 * @self: a #MdIncident
 * @created: when the incident started; kept in UTC to the second
 */
void
md_incident_set_created (MdIncident *self,
                         GDateTime  *created)
{
  g_return_if_fail (MD_IS_INCIDENT (self));
  g_return_if_fail (created != NULL);

  set_time (self, &self->created, created, PROP_CREATED);
}

GDateTime *
md_incident_get_updated (MdIncident *self)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);
  return self->updated;
}

/**
 * md_incident_set_updated:
 * @self: a #MdIncident
 * @updated: when the incident was last changed
 *
 * Every other modification sets the updated time to now by itself; this is
 * for imports and tests.
 */
void
md_incident_set_updated (MdIncident *self,
                         GDateTime  *updated)
{
  g_return_if_fail (MD_IS_INCIDENT (self));
  g_return_if_fail (updated != NULL);

  set_time (self, &self->updated, updated, PROP_UPDATED);
}

/**
 * md_incident_get_bounce_text:
 * @self: a #MdIncident
 *
 * Returns: (nullable): the bounce message exactly as the user gave it
 */
const char *
md_incident_get_bounce_text (MdIncident *self)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);
  return self->bounce_text;
}

void
md_incident_set_bounce_text (MdIncident *self,
                             const char *bounce_text)
{
  g_return_if_fail (MD_IS_INCIDENT (self));

  if (set_string (&self->bounce_text, bounce_text))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOUNCE_TEXT]);
      md_incident_changed (self, TRUE);
    }
}

/**
 * md_incident_get_sender:
 * @self: a #MdIncident
 *
 * Returns: (nullable): the address the failed message was sent from
 */
const char *
md_incident_get_sender (MdIncident *self)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);
  return self->sender;
}

void
md_incident_set_sender (MdIncident *self,
                        const char *sender)
{
  g_return_if_fail (MD_IS_INCIDENT (self));

  if (set_string (&self->sender, sender))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDER]);
      md_incident_changed (self, TRUE);
    }
}

/**
 * md_incident_dup_sender_domain:
 * @self: a #MdIncident
 *
 * Returns: (transfer full) (nullable): the lower-cased domain of the sender,
 *   which usually names the sender's email provider
 */
char *
md_incident_dup_sender_domain (MdIncident *self)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);

  return address_get_domain (self->sender);
}

/**
 * md_incident_get_reporter:
 * @self: a #MdIncident
 *
 * Returns: (nullable): the name of the person who documented the incident
 */
const char *
md_incident_get_reporter (MdIncident *self)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);
  return self->reporter;
}

void
md_incident_set_reporter (MdIncident *self,
                          const char *reporter)
{
  g_return_if_fail (MD_IS_INCIDENT (self));

  if (set_string (&self->reporter, reporter))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORTER]);
      md_incident_changed (self, TRUE);
    }
}

MdIncidentOutcome
md_incident_get_outcome (MdIncident *self)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), MD_INCIDENT_OUTCOME_OPEN);
  return self->outcome;
}

void
md_incident_set_outcome (MdIncident        *self,
                         MdIncidentOutcome  outcome)
{
  g_return_if_fail (MD_IS_INCIDENT (self));
  g_return_if_fail (outcome <= MD_INCIDENT_OUTCOME_WORKAROUND);

  if (self->outcome == outcome)
    return;

  self->outcome = outcome;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
  md_incident_changed (self, TRUE);
}

/**
 * md_incident_get_time_spent:
 * @self: a #MdIncident
 *
 * Returns: the time spent on the incident, in seconds
 */
guint64
md_incident_get_time_spent (MdIncident *self)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), 0);
  return self->time_spent;
}

void
md_incident_set_time_spent (MdIncident *self,
                            guint64     seconds)
{
  g_return_if_fail (MD_IS_INCIDENT (self));

  if (self->time_spent == seconds)
    return;

  self->time_spent = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_SPENT]);
  md_incident_changed (self, TRUE);
}

/**
 * md_incident_get_recipients:
 * @self: a #MdIncident
 *
 * Returns: (transfer none) (element-type MdIncidentRecipient): the failed
 *   recipients; do not modify the array
 */
GPtrArray *
md_incident_get_recipients (MdIncident *self)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);
  return self->recipients;
}

/**
 * md_incident_add_recipient:
 * @self: a #MdIncident
 * @recipient: the analysis of one failed recipient; it is copied
 */
void
md_incident_add_recipient (MdIncident                *self,
                           const MdIncidentRecipient *recipient)
{
  g_return_if_fail (MD_IS_INCIDENT (self));
  g_return_if_fail (recipient != NULL);
  g_return_if_fail (recipient->address != NULL);

  g_ptr_array_add (self->recipients, md_incident_recipient_copy (recipient));
  md_incident_changed (self, TRUE);
}

void
md_incident_clear_recipients (MdIncident *self)
{
  g_return_if_fail (MD_IS_INCIDENT (self));

  if (self->recipients->len == 0)
    return;

  g_ptr_array_set_size (self->recipients, 0);
  md_incident_changed (self, TRUE);
}

MdStepState
md_incident_get_step_state (MdIncident *self,
                            MdStep      step)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), MD_STEP_STATE_NOT_STARTED);
  g_return_val_if_fail (step >= MD_STEP_IDENTIFY && step <= MD_STEP_DOCUMENT,
                        MD_STEP_STATE_NOT_STARTED);

  return self->steps[step].state;
}

void
md_incident_set_step_state (MdIncident  *self,
                            MdStep       step,
                            MdStepState  state)
{
  g_return_if_fail (MD_IS_INCIDENT (self));
  g_return_if_fail (step >= MD_STEP_IDENTIFY && step <= MD_STEP_DOCUMENT);
  g_return_if_fail (state <= MD_STEP_STATE_SKIPPED);

  if (self->steps[step].state == state)
    return;

  self->steps[step].state = state;
  md_incident_changed (self, TRUE);
}

/**
 * md_incident_get_step_notes:
 * @self: a #MdIncident
 * @step: a checklist step
 *
 * Returns: (nullable): what the user wrote down for @step
 */
const char *
md_incident_get_step_notes (MdIncident *self,
                            MdStep      step)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);
  g_return_val_if_fail (step >= MD_STEP_IDENTIFY && step <= MD_STEP_DOCUMENT, NULL);

  return self->steps[step].notes;
}

void
md_incident_set_step_notes (MdIncident *self,
                            MdStep      step,
                            const char *notes)
{
  g_return_if_fail (MD_IS_INCIDENT (self));
  g_return_if_fail (step >= MD_STEP_IDENTIFY && step <= MD_STEP_DOCUMENT);

  if (notes != NULL && notes[0] == '\0')
    notes = NULL;

  if (set_string (&self->steps[step].notes, notes))
    md_incident_changed (self, TRUE);
}

/**
 * md_incident_get_findings:
 * @self: a #MdIncident
 *
 * Returns: (transfer none) (element-type MdFinding): all findings of the
 *   checks run for this incident; do not modify the array
 */
GPtrArray *
md_incident_get_findings (MdIncident *self)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);
  return self->findings;
}

void
md_incident_add_finding (MdIncident *self,
                         MdFinding  *finding)
{
  g_return_if_fail (MD_IS_INCIDENT (self));
  g_return_if_fail (MD_IS_FINDING (finding));

  g_ptr_array_add (self->findings, g_object_ref (finding));
  md_incident_changed (self, TRUE);
}

void
md_incident_clear_findings (MdIncident *self)
{
  g_return_if_fail (MD_IS_INCIDENT (self));

  if (self->findings->len == 0)
    return;

  g_ptr_array_set_size (self->findings, 0);
  md_incident_changed (self, TRUE);
}

/**
 * md_incident_get_transcript:
 * @self: a #MdIncident
 *
 * Returns: (transfer none): the lines of the SMTP test conversation, as
 *   redacted by the probe; never %NULL
 */
const char * const *
md_incident_get_transcript (MdIncident *self)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);
  return (const char * const *) self->transcript;
}

/**
 * md_incident_set_transcript:
 * @self: a #MdIncident
 * @lines: (nullable) (array zero-terminated=1): the lines of the SMTP test
 *   conversation; passwords must already be redacted
 */
void
md_incident_set_transcript (MdIncident         *self,
                            const char * const *lines)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (MD_IS_INCIDENT (self));

  if (lines == NULL)
    lines = empty;

  if (g_strv_equal ((const char * const *) self->transcript, lines))
    return;

  g_strfreev (self->transcript);
  self->transcript = g_strdupv ((char **) lines);
  md_incident_changed (self, TRUE);
}

/* JSON */

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_timestamp_member (JsonBuilder *builder,
                      const char  *name,
                      GDateTime   *value)
{
  g_autofree char *str = format_timestamp (value);

  add_string_member (builder, name, str);
}

/**
 * md_incident_to_json:
 * @self: a #MdIncident
 *
 * Builds the versioned JSON form described in docs/incident-format.md.
 * It never contains a password: the incident has no field for one.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
md_incident_to_json (MdIncident *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string_member (builder, "format", MD_INCIDENT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, MD_INCIDENT_VERSION);
  add_string_member (builder, "id", self->id);
  add_timestamp_member (builder, "created", self->created);
  add_timestamp_member (builder, "updated", self->updated);
  add_string_member (builder, "outcome", outcome_names[self->outcome]);
  add_string_member (builder, "reporter", self->reporter);
  add_string_member (builder, "sender", self->sender);
  json_builder_set_member_name (builder, "time_spent");
  json_builder_add_int_value (builder, (gint64) MIN (self->time_spent, G_MAXINT64));
  add_string_member (builder, "bounce_text", self->bounce_text);

  json_builder_set_member_name (builder, "recipients");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->recipients->len; i++)
    {
      const MdIncidentRecipient *r = g_ptr_array_index (self->recipients, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "address", r->address);
      add_string_member (builder, "reason", r->reason);
      add_string_member (builder, "status", r->status);
      json_builder_set_member_name (builder, "reply_code");
      json_builder_add_int_value (builder, r->reply_code);
      add_string_member (builder, "diagnostic", r->diagnostic);
      add_string_member (builder, "remote_mta", r->remote_mta);
      json_builder_set_member_name (builder, "temporary");
      json_builder_add_boolean_value (builder, r->temporary);
      json_builder_set_member_name (builder, "hardbounce");
      json_builder_add_boolean_value (builder, r->hardbounce);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      json_builder_begin_object (builder);
      add_string_member (builder, "step", md_step_get_id (step));
      add_string_member (builder, "state", state_names[self->steps[step].state]);
      add_string_member (builder, "notes", self->steps[step].notes);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->findings->len; i++)
    json_builder_add_value (builder, md_finding_to_json (g_ptr_array_index (self->findings, i)));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "transcript");
  json_builder_begin_array (builder);
  for (guint i = 0; self->transcript[i] != NULL; i++)
    json_builder_add_string_value (builder, self->transcript[i]);
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * md_incident_to_json_string:
 * @self: a #MdIncident
 * @length: (out) (optional): the length of the result
 *
 * Returns: (transfer full): the incident as indented JSON with a final
 *   newline, the form written to files
 */
char *
md_incident_to_json_string (MdIncident *self,
                            gsize      *length)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  char *result;

  g_return_val_if_fail (MD_IS_INCIDENT (self), NULL);

  root = md_incident_to_json (self);
  data = json_to_string (root, TRUE);

  result = g_strconcat (data, "\n", NULL);
  if (length != NULL)
    *length = strlen (result);

  return result;
}

static gboolean
invalid (GError     **error,
         const char  *member)
{
  /* Translators: %s is the name of a field in a saved incident file */
  g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
               _("The incident file is damaged: the field “%s” is missing or wrong."), member);
  return FALSE;
}

/* Reads an optional string member: missing or null gives NULL. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            gboolean     required,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? invalid (error, member) : TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, member);

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_int (JsonObject  *object,
         const char  *member,
         gint64       min,
         gint64       max,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (error, member);

  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return invalid (error, member);

  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *member,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (error, member);

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_timestamp (JsonObject  *object,
               const char  *member,
               GDateTime  **out,
               GError     **error)
{
  const char *str;
  g_autoptr(GDateTime) dt = NULL;

  if (!get_string (object, member, TRUE, &str, error))
    return FALSE;

  dt = g_date_time_new_from_iso8601 (str, NULL);
  if (dt == NULL)
    return invalid (error, member);

  *out = truncate_to_utc_seconds (dt);
  return TRUE;
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *member,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (error, member);
      return NULL;
    }

  return json_node_get_array (node);
}

static gboolean
parse_recipient (MdIncident  *self,
                 JsonNode    *node,
                 GError     **error)
{
  g_autoptr(MdIncidentRecipient) r = NULL;
  JsonObject *object;
  const char *address, *reason, *status, *diagnostic, *remote_mta;
  gint64 reply_code;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "recipients");

  object = json_node_get_object (node);
  if (!get_string (object, "address", TRUE, &address, error) ||
      !get_string (object, "reason", FALSE, &reason, error) ||
      !get_string (object, "status", FALSE, &status, error) ||
      !get_string (object, "diagnostic", FALSE, &diagnostic, error) ||
      !get_string (object, "remote_mta", FALSE, &remote_mta, error) ||
      !get_int (object, "reply_code", 0, 999, &reply_code, error))
    return FALSE;

  r = md_incident_recipient_new (address);
  r->reason = g_strdup (reason);
  r->status = g_strdup (status);
  r->reply_code = (guint) reply_code;
  r->diagnostic = g_strdup (diagnostic);
  r->remote_mta = g_strdup (remote_mta);
  if (!get_bool (object, "temporary", &r->temporary, error) ||
      !get_bool (object, "hardbounce", &r->hardbounce, error))
    return FALSE;

  g_ptr_array_add (self->recipients, g_steal_pointer (&r));
  return TRUE;
}

static gboolean
parse_step (MdIncident  *self,
            JsonNode    *node,
            GError     **error)
{
  JsonObject *object;
  const char *id, *state, *notes;
  MdStep step;
  guint i;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "steps");

  object = json_node_get_object (node);
  if (!get_string (object, "step", TRUE, &id, error) ||
      !get_string (object, "state", TRUE, &state, error) ||
      !get_string (object, "notes", FALSE, &notes, error))
    return FALSE;

  step = md_step_from_id (id);
  if (step == MD_STEP_NONE)
    return invalid (error, "step");

  for (i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (state, state_names[i]))
      break;
  if (i == G_N_ELEMENTS (state_names))
    return invalid (error, "state");

  self->steps[step].state = (MdStepState) i;
  g_free (self->steps[step].notes);
  self->steps[step].notes = (notes != NULL && notes[0] != '\0') ? g_strdup (notes) : NULL;

  return TRUE;
}

/* json-glib 1.6 reads an escape such as "\671" as an octal byte, so a file
 * of plain ASCII can give strings that are not UTF-8, which could not be
 * saved again nor shown: check every string and member name first. */
static gboolean
json_is_utf8 (JsonNode *root)
{
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, root);
  while (!g_queue_is_empty (queue))
    {
      JsonNode *node = g_queue_pop_head (queue);

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *member;

          json_object_iter_init (&iter, json_node_get_object (node));
          while (json_object_iter_next (&iter, &name, &member))
            {
              if (!g_utf8_validate (name, -1, NULL))
                return FALSE;
              g_queue_push_tail (queue, member);
            }
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            g_queue_push_tail (queue, json_array_get_element (array, i));
        }
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
               !g_utf8_validate (json_node_get_string (node), -1, NULL))
        return FALSE;
    }

  return TRUE;
}

/**
 * md_incident_new_from_json:
 * @node: a JSON object as written by md_incident_to_json()
 * @error: return location for an error
 *
 * Unknown members are ignored (a member called "password", for one, is never
 * read). A file from a newer version of Mail Doctor gives
 * %MD_DATA_ERROR_VERSION; anything else that is wrong gives
 * %MD_DATA_ERROR_INVALID.
 *
 * Returns: (transfer full) (nullable): the incident, or %NULL with @error set
 */
MdIncident *
md_incident_new_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(MdIncident) self = NULL;
  JsonObject *object;
  JsonArray *array;
  const char *str;
  gint64 version, time_spent;
  GError *local_error = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("This is not a Mail Doctor incident file."));
      return NULL;
    }

  if (!json_is_utf8 (node))
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The incident file is damaged: some of its text cannot be read."));
      return NULL;
    }

  object = json_node_get_object (node);
  if (!get_string (object, "format", FALSE, &str, NULL) ||
      g_strcmp0 (str, MD_INCIDENT_FORMAT) != 0 ||
      !get_int (object, "version", 0, G_MAXINT64, &version, NULL) ||
      version < 1)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("This is not a Mail Doctor incident file."));
      return NULL;
    }

  if (version > MD_INCIDENT_VERSION)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_VERSION,
                   _("This incident was saved by a newer version of Mail Doctor. "
                     "Update Mail Doctor to open it."));
      return NULL;
    }

  self = g_object_new (MD_TYPE_INCIDENT, NULL);

  if (!get_string (object, "id", TRUE, &str, error))
    return NULL;
  g_free (self->id);
  self->id = g_strdup (str);

  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  if (!get_timestamp (object, "created", &self->created, error) ||
      !get_timestamp (object, "updated", &self->updated, error))
    return NULL;

  if (!get_string (object, "outcome", TRUE, &str, error))
    return NULL;
  if (!md_incident_outcome_from_string (str, &self->outcome))
    {
      invalid (error, "outcome");
      return NULL;
    }

  if (!get_string (object, "reporter", FALSE, &str, error))
    return NULL;
  self->reporter = g_strdup (str);
  if (!get_string (object, "sender", FALSE, &str, error))
    return NULL;
  self->sender = g_strdup (str);
  if (!get_string (object, "bounce_text", FALSE, &str, error))
    return NULL;
  self->bounce_text = g_strdup (str);
  if (!get_int (object, "time_spent", 0, G_MAXINT64, &time_spent, error))
    return NULL;
  self->time_spent = (guint64) time_spent;

  array = get_array (object, "recipients", &local_error);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!parse_recipient (self, json_array_get_element (array, i), &local_error))
      break;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  array = get_array (object, "steps", &local_error);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!parse_step (self, json_array_get_element (array, i), &local_error))
      break;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  array = get_array (object, "findings", &local_error);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      MdFinding *finding = md_finding_new_from_json (json_array_get_element (array, i),
                                                     &local_error);

      if (finding == NULL)
        break;
      g_ptr_array_add (self->findings, finding);
    }
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, local_error, "%s ",
                                  _("The incident file is damaged."));
      return NULL;
    }

  array = get_array (object, "transcript", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (array != NULL)
    {
      guint n = json_array_get_length (array);

      g_strfreev (self->transcript);
      self->transcript = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *line = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (line) || json_node_get_value_type (line) != G_TYPE_STRING)
            {
              invalid (error, "transcript");
              return NULL;
            }
          self->transcript[i] = g_strdup (json_node_get_string (line));
        }
    }

  return g_steal_pointer (&self);
}

/**
 * md_incident_new_from_json_string:
 * @data: JSON text
 * @length: length of @data, or -1 if it is nul-terminated
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the incident, or %NULL with @error
 *   set in the %MD_DATA_ERROR domain
 */
MdIncident *
md_incident_new_from_json_string (const char  *data,
                                  gssize       length,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib quotes the broken text, which need not be UTF-8. */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   /* Translators: %s is a technical message from the JSON reader */
                   _("The incident file cannot be read: it is not valid JSON (%s)."),
                   detail);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The incident file is empty."));
      return NULL;
    }

  return md_incident_new_from_json (json_parser_get_root (parser), error);
}

/* Files */

/**
 * md_incident_new_from_file:
 * @file: a saved incident
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the incident; @error is in the
 *   %G_IO_ERROR domain when the file cannot be read, %MD_DATA_ERROR when
 *   its content is wrong
 */
MdIncident *
md_incident_new_from_file (GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_load_contents (file, cancellable, &data, &length, NULL, error))
    return NULL;

  return md_incident_new_from_json_string (data, length, error);
}

static void
load_contents_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  MdIncident *incident;
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (object), result, &data, &length, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  incident = md_incident_new_from_json_string (data, length, &error);
  if (incident == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, incident, g_object_unref);
}

/**
 * md_incident_load_async:
 * @file: a saved incident
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the incident is read
 * @user_data: data for @callback
 */
void
md_incident_load_async (GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_incident_load_async);
  g_file_load_contents_async (file, cancellable, load_contents_cb, g_steal_pointer (&task));
}

/**
 * md_incident_load_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the incident
 */
MdIncident *
md_incident_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_incident_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * md_incident_save:
 * @self: a #MdIncident
 * @file: where to save
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes the incident atomically: the data goes to a temporary file which
 * then replaces @file, so an interrupted save leaves the previous file
 * intact.
 *
 * Returns: whether the incident was saved
 */
gboolean
md_incident_save (MdIncident    *self,
                  GFile         *file,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (MD_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = md_incident_to_json_string (self, &length);

  return g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                  NULL, cancellable, error);
}

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * md_incident_save_async:
 * @self: a #MdIncident
 * @file: where to save
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the incident is saved
 * @user_data: data for @callback
 *
 * Saves a snapshot of the incident as it is now, atomically (see
 * md_incident_save()).
 */
void
md_incident_save_async (MdIncident          *self,
                        GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *data;
  gsize length;

  g_return_if_fail (MD_IS_INCIDENT (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_incident_save_async);

  data = md_incident_to_json_string (self, &length);
  bytes = g_bytes_new_take (data, length);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                       cancellable, replace_contents_cb, g_steal_pointer (&task));
}

gboolean
md_incident_save_finish (MdIncident    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (MD_IS_INCIDENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Autosave */

static void autosave_now (MdIncident *self);

static void
autosave_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MdIncident *self = MD_INCIDENT (object);
  g_autoptr(GError) error = NULL;

  md_incident_save_finish (self, result, &error);
  self->autosave_in_flight = FALSE;

  if (error != NULL)
    g_debug ("Autosave failed: %s", error->message);

  g_signal_emit (self, signals[AUTOSAVED], 0, error);

  /* A change arrived while writing and its timer already fired. */
  if (self->autosave_again && self->autosave_file != NULL)
    {
      self->autosave_again = FALSE;
      autosave_now (self);
    }
}

static void
autosave_now (MdIncident *self)
{
  g_autoptr(GFile) parent = NULL;

  if (self->autosave_in_flight)
    {
      self->autosave_again = TRUE;
      return;
    }

  parent = g_file_get_parent (self->autosave_file);
  if (parent != NULL)
    g_file_make_directory_with_parents (parent, NULL, NULL);

  self->autosave_in_flight = TRUE;
  md_incident_save_async (self, self->autosave_file, NULL, autosave_cb, NULL);
}

static gboolean
autosave_timeout_cb (gpointer user_data)
{
  MdIncident *self = user_data;

  self->autosave_source = 0;
  autosave_now (self);

  return G_SOURCE_REMOVE;
}

/**
 * md_incident_schedule_autosave:
 * @self: a #MdIncident
 * @draft: the draft file to keep up to date
 *
 * From now on, the incident is saved to @draft a short time (two seconds
 * by default) after the last change, so that a crash loses at most that
 * much work. The first save is scheduled right away. Each save is atomic.
 * #MdIncident::autosaved reports the result of each save.
 */
void
md_incident_schedule_autosave (MdIncident *self,
                               GFile      *draft)
{
  g_return_if_fail (MD_IS_INCIDENT (self));
  g_return_if_fail (G_IS_FILE (draft));

  g_set_object (&self->autosave_file, draft);
  restart_autosave_timer (self);
}

/**
 * md_incident_cancel_autosave:
 * @self: a #MdIncident
 *
 * Stops autosaving; a pending save is dropped (a save already being written
 * completes).
 */
void
md_incident_cancel_autosave (MdIncident *self)
{
  g_return_if_fail (MD_IS_INCIDENT (self));

  g_clear_handle_id (&self->autosave_source, g_source_remove);
  g_clear_object (&self->autosave_file);
  self->autosave_again = FALSE;
}

/**
 * md_incident_set_autosave_delay:
 * @self: a #MdIncident
 * @milliseconds: the quiet time after a change before the draft is saved
 */
void
md_incident_set_autosave_delay (MdIncident *self,
                                guint       milliseconds)
{
  g_return_if_fail (MD_IS_INCIDENT (self));

  self->autosave_delay_ms = milliseconds;
}

/**
 * md_incident_load_draft:
 * @draft: the draft file given to md_incident_schedule_autosave()
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the incident saved in @draft, or
 *   %NULL without an error when there is no draft
 */
MdIncident *
md_incident_load_draft (GFile   *draft,
                        GError **error)
{
  g_autoptr(GError) local_error = NULL;
  MdIncident *incident;

  g_return_val_if_fail (G_IS_FILE (draft), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  incident = md_incident_new_from_file (draft, NULL, &local_error);
  if (incident == NULL &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));

  return incident;
}

/* Outcome */

const char *
md_incident_outcome_to_string (MdIncidentOutcome outcome)
{
  g_return_val_if_fail (outcome <= MD_INCIDENT_OUTCOME_WORKAROUND, NULL);

  return outcome_names[outcome];
}

gboolean
md_incident_outcome_from_string (const char        *str,
                                 MdIncidentOutcome *outcome)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    {
      if (g_str_equal (str, outcome_names[i]))
        {
          if (outcome != NULL)
            *outcome = (MdIncidentOutcome) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * md_incident_outcome_get_label:
 * @outcome: an outcome
 *
 * Returns: a translated label such as “Solved”
 */
const char *
md_incident_outcome_get_label (MdIncidentOutcome outcome)
{
  switch (outcome)
    {
    case MD_INCIDENT_OUTCOME_OPEN:
      /* Translators: the state of an incident that is not solved yet */
      return _("Still open");
    case MD_INCIDENT_OUTCOME_RESOLVED:
      return _("Solved");
    case MD_INCIDENT_OUTCOME_WORKAROUND:
      /* Translators: the state of an incident where the message got through another way */
      return _("Worked around");
    default:
      g_return_val_if_reached (NULL);
    }
}
