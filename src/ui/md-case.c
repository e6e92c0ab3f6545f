/* md-case.c: the case in progress, kept as an MdIncident and autosaved
 *
 * The window hands what it shows to md_case_update(); the case turns it
 * into its MdIncident (bounce text, the analysis of every recipient, the
 * state and notes of each step, the findings of steps 3 and 5, the SMTP
 * transcript, the outcome, the reporter and the time spent) and keeps the
 * draft file up to date a moment after the last change, so a crash or a
 * kill loses nothing the user entered. The draft goes away only when the
 * user starts a new case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-analysis-view.h"
#include "md-case.h"
#include "md-error.h"
#include "md-finding.h"
#include "md-reason.h"

struct _MdCase
{
  GObject parent_instance;

  MdIncident *incident;
  GFile      *draft;
  guint       autosave_delay_ms;
  gboolean    autosaving;

  /* The analysis the recipients were taken from, and its finding */
  MdBounce   *bounce;
  MdFinding  *reason_finding;

  /* Findings of steps 3 and 5 from a restored draft, kept until the checks
   * are run again */
  GPtrArray  *restored_checks;

  /* Time spent: what the draft had, plus the time since the case started */
  guint64     base_seconds;
  gint64      started_us;
};

G_DEFINE_FINAL_TYPE (MdCase, md_case, G_TYPE_OBJECT)

static void on_autosaved_cb (MdIncident *incident,
                             GError     *error,
                             MdCase     *self);

/**
 * md_case_dup_default_draft:
 *
 * Returns: (transfer full): the draft file,
 *   g_get_user_data_dir()/mail-doctor/draft.json, or draft.json in
 *   `MAIL_DOCTOR_DATA_DIR` when that is set
 */
GFile *
md_case_dup_default_draft (void)
{
  const char *dir = g_getenv (MD_CASE_DATA_DIR_ENV);
  g_autofree char *path = NULL;

  if (dir != NULL && *dir != '\0')
    path = g_build_filename (dir, "draft.json", NULL);
  else
    path = g_build_filename (g_get_user_data_dir (), "mail-doctor", "draft.json", NULL);

  return g_file_new_for_path (path);
}

static void
md_case_set_incident (MdCase     *self,
                      MdIncident *incident)
{
  if (self->incident != NULL)
    {
      md_incident_cancel_autosave (self->incident);
      /* A save under way still reports to us: see on_autosaved_cb(). */
    }

  g_set_object (&self->incident, incident);
  md_incident_set_autosave_delay (self->incident, self->autosave_delay_ms);
  g_signal_connect_object (self->incident, "autosaved",
                           G_CALLBACK (on_autosaved_cb), self, 0);
  self->autosaving = FALSE;
}

static void
on_autosaved_cb (MdIncident *incident,
                 GError     *error,
                 MdCase     *self)
{
  if (error != NULL)
    {
      g_warning ("The unfinished case could not be saved: %s", error->message);
      return;
    }
}

/* Autosave starts with the first thing the user enters, so an empty
 * window leaves no draft behind. */
static void
md_case_update_autosave (MdCase *self)
{
  if (self->draft == NULL || self->autosaving || !md_case_has_content (self))
    return;

  self->autosaving = TRUE;
  md_incident_schedule_autosave (self->incident, self->draft);
}

/**
 * md_case_get_incident:
 * @self: a #MdCase
 *
 * Returns: (transfer none): the incident of the case; it is replaced by
 *   md_case_load_draft() and md_case_discard()
 */
MdIncident *
md_case_get_incident (MdCase *self)
{
  g_return_val_if_fail (MD_IS_CASE (self), NULL);

  return self->incident;
}

/**
 * md_case_get_draft:
 * @self: a #MdCase
 *
 * Returns: (transfer none) (nullable): the draft file, %NULL when the case
 *   is not autosaved
 */
GFile *
md_case_get_draft (MdCase *self)
{
  g_return_val_if_fail (MD_IS_CASE (self), NULL);

  return self->draft;
}

/**
 * md_case_set_draft:
 * @self: a #MdCase
 * @draft: (nullable): the draft file to keep up to date, %NULL to stop
 *
 * Autosaves the case to @draft from now on, once it has content.
 */
void
md_case_set_draft (MdCase *self,
                   GFile  *draft)
{
  g_return_if_fail (MD_IS_CASE (self));
  g_return_if_fail (draft == NULL || G_IS_FILE (draft));

  if (!g_set_object (&self->draft, draft))
    return;

  md_incident_cancel_autosave (self->incident);
  self->autosaving = FALSE;
  md_case_update_autosave (self);
}

/**
 * md_case_set_autosave_delay:
 * @self: a #MdCase
 * @milliseconds: the quiet time after a change before the draft is written
 */
void
md_case_set_autosave_delay (MdCase *self,
                            guint   milliseconds)
{
  g_return_if_fail (MD_IS_CASE (self));

  self->autosave_delay_ms = milliseconds;
  md_incident_set_autosave_delay (self->incident, milliseconds);
}

guint
md_case_get_autosave_delay (MdCase *self)
{
  g_return_val_if_fail (MD_IS_CASE (self), 0);

  return self->autosave_delay_ms;
}

/**
 * md_case_has_content:
 * @self: a #MdCase
 *
 * Returns: whether the user entered anything: a bounce, a note, a step
 *   state, an outcome or a reporter
 */
gboolean
md_case_has_content (MdCase *self)
{
  const char *text;
  const char *reporter;

  g_return_val_if_fail (MD_IS_CASE (self), FALSE);

  text = md_incident_get_bounce_text (self->incident);
  reporter = md_incident_get_reporter (self->incident);
  if ((text != NULL && *text != '\0') || (reporter != NULL && *reporter != '\0') ||
      md_incident_get_outcome (self->incident) != MD_INCIDENT_OUTCOME_OPEN)
    return TRUE;

  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      const char *notes = md_incident_get_step_notes (self->incident, step);

      if (md_incident_get_step_state (self->incident, step) != MD_STEP_STATE_NOT_STARTED ||
          (notes != NULL && *notes != '\0'))
        return TRUE;
    }

  return FALSE;
}

static MdIncidentRecipient *
create_incident_recipient (MdBounceRecipient *recipient)
{
  MdIncidentRecipient *copy = md_incident_recipient_new (md_bounce_recipient_get_address (recipient));
  const char *reply_code = md_bounce_recipient_get_reply_code (recipient);

  copy->reason = g_strdup (md_bounce_recipient_get_reason (recipient));
  copy->status = g_strdup (md_bounce_recipient_get_status (recipient));
  copy->reply_code = reply_code ? (guint) g_ascii_strtoull (reply_code, NULL, 10) : 0;
  copy->diagnostic = g_strdup (md_bounce_recipient_get_diagnostic (recipient));
  copy->remote_mta = g_strdup (md_bounce_recipient_get_remote_mta (recipient));
  copy->temporary = md_bounce_recipient_get_temporary (recipient);
  copy->hardbounce = md_bounce_recipient_get_hardbounce (recipient);

  return copy;
}

static MdFinding *
create_reason_finding (MdBounce *bounce)
{
  const MdReason *reason = md_analysis_get_reason (bounce);
  g_autofree char *headline = NULL;

  if (reason == NULL || !md_analysis_is_failure (bounce))
    return NULL;

  headline = md_analysis_format_headline (bounce);
  return md_finding_new (reason->temporary ? MD_SEVERITY_WARNING : MD_SEVERITY_PROBLEM,
                         MD_STEP_UNDERSTAND, "bounce-reason", headline,
                         md_reason_get_explanation (reason),
                         md_reason_get_advice (reason));
}

/* The recipients change only with the analysis. */
static void
update_bounce (MdCase   *self,
               MdBounce *bounce)
{
  GPtrArray *recipients;

  if (bounce == self->bounce)
    return;

  g_set_object (&self->bounce, bounce);
  g_clear_object (&self->reason_finding);
  md_incident_clear_recipients (self->incident);

  if (bounce == NULL)
    return;

  self->reason_finding = create_reason_finding (bounce);

  recipients = md_bounce_get_recipients (bounce);
  for (guint i = 0; recipients != NULL && i < recipients->len; i++)
    {
      g_autoptr(MdIncidentRecipient) recipient = NULL;

      if (md_bounce_recipient_get_address (g_ptr_array_index (recipients, i)) == NULL)
        continue;

      recipient = create_incident_recipient (g_ptr_array_index (recipients, i));
      md_incident_add_recipient (self->incident, recipient);
    }
}

static gboolean
same_findings (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (g_ptr_array_index (a, i) != g_ptr_array_index (b, i))
      return FALSE;

  return TRUE;
}

static void
update_findings (MdCase    *self,
                 GPtrArray *checks)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();

  if (self->reason_finding != NULL)
    g_ptr_array_add (wanted, self->reason_finding);

  if (checks != NULL && checks->len > 0)
    g_clear_pointer (&self->restored_checks, g_ptr_array_unref);
  else
    checks = self->restored_checks;

  for (guint i = 0; checks != NULL && i < checks->len; i++)
    g_ptr_array_add (wanted, g_ptr_array_index (checks, i));

  if (same_findings (md_incident_get_findings (self->incident), wanted))
    return;

  md_incident_clear_findings (self->incident);
  for (guint i = 0; i < wanted->len; i++)
    md_incident_add_finding (self->incident, g_ptr_array_index (wanted, i));
}

static void
update_transcript (MdCase     *self,
                   const char *transcript)
{
  g_auto(GStrv) lines = NULL;
  gsize length;

  /* A restored transcript stays until the settings are tested again. */
  if (transcript == NULL || *transcript == '\0')
    return;

  lines = g_strsplit (transcript, "\n", -1);
  length = g_strv_length (lines);
  if (length > 0 && *lines[length - 1] == '\0')
    g_clear_pointer (&lines[length - 1], g_free);

  md_incident_set_transcript (self->incident, (const char * const *) lines);
}

static void
update_time_spent (MdCase *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->started_us == 0)
    self->started_us = now;

  md_incident_set_time_spent (self->incident,
                              self->base_seconds + (guint64) ((now - self->started_us) / G_USEC_PER_SEC));
}

/**
 * md_case_update:
 * @self: a #MdCase
 * @state: what the window shows now
 *
 * Brings the incident up to date with @state; the draft follows a moment
 * later. Never reads the SMTP password: @state has no room for it.
 */
void
md_case_update (MdCase            *self,
                const MdCaseState *state)
{
  g_return_if_fail (MD_IS_CASE (self));
  g_return_if_fail (state != NULL);
  g_return_if_fail (state->pages != NULL);

  md_incident_set_bounce_text (self->incident, state->bounce_text ? state->bounce_text : "");
  update_bounce (self, state->bounce);

  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      g_autofree char *notes = NULL;

      /* Not built yet: nothing changed there. */
      if (state->pages[step] == NULL)
        continue;

      notes = md_step_page_dup_notes (state->pages[step]);
      md_incident_set_step_state (self->incident, step, md_step_page_get_state (state->pages[step]));
      md_incident_set_step_notes (self->incident, step, notes);
    }

  update_findings (self, state->findings);
  update_transcript (self, state->transcript);
  md_incident_set_outcome (self->incident, state->outcome);
  md_incident_set_reporter (self->incident,
                            state->reporter != NULL && *state->reporter != '\0' ? state->reporter : NULL);

  if (md_case_has_content (self))
    update_time_spent (self);

  md_case_update_autosave (self);
}

/* Keeps a damaged draft as draft.json.damaged, for whoever wants to look. */
static GFile *
move_aside (GFile *draft)
{
  g_autofree char *path = g_file_get_path (draft);
  g_autofree char *damaged_path = g_strconcat (path, ".damaged", NULL);
  g_autoptr(GFile) damaged = g_file_new_for_path (damaged_path);
  g_autoptr(GError) error = NULL;

  if (!g_file_move (draft, damaged, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    {
      g_warning ("The damaged draft %s could not be moved aside: %s", path, error->message);
      return NULL;
    }

  return g_steal_pointer (&damaged);
}

/**
 * md_case_load_draft:
 * @self: a #MdCase
 * @error: return location for an error, with a sentence for the user
 *
 * Makes the case the one saved in the draft file. A draft that cannot be
 * read is moved aside (draft.json.damaged) and @error says so; the case
 * stays empty.
 *
 * Returns: (transfer none) (nullable): the restored incident, or %NULL
 *   when there is no draft (or an empty one) or on error
 */
MdIncident *
md_case_load_draft (MdCase  *self,
                    GError **error)
{
  g_autoptr(MdIncident) incident = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *findings;

  g_return_val_if_fail (MD_IS_CASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->draft == NULL)
    return NULL;

  incident = md_incident_load_draft (self->draft, &local_error);
  if (local_error != NULL)
    {
      g_autoptr(GFile) damaged = move_aside (self->draft);

      g_debug ("The draft could not be read: %s", local_error->message);
      if (damaged == NULL)
        {
          /* Never write over what could not be moved away. */
          md_case_set_draft (self, NULL);
          g_set_error_literal (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                               _("Your unfinished case could not be restored: its file is damaged."));
        }
      else
        {
          g_autofree char *name = g_file_get_parse_name (damaged);

          g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                       _("Your unfinished case could not be restored: its file is damaged. It was kept as “%s”."),
                       name);
        }
      return NULL;
    }

  if (incident == NULL)
    return NULL;

  md_case_set_incident (self, incident);
  if (!md_case_has_content (self))
    return NULL;

  g_clear_object (&self->bounce);
  g_clear_object (&self->reason_finding);
  g_clear_pointer (&self->restored_checks, g_ptr_array_unref);
  self->restored_checks = g_ptr_array_new_with_free_func (g_object_unref);
  findings = md_incident_get_findings (incident);
  for (guint i = 0; i < findings->len; i++)
    {
      MdFinding *finding = g_ptr_array_index (findings, i);
      MdStep step = md_finding_get_step (finding);

      if (step == MD_STEP_VERIFY_ADDRESS || step == MD_STEP_CHECK_SETTINGS)
        g_ptr_array_add (self->restored_checks, g_object_ref (finding));
    }

  self->base_seconds = md_incident_get_time_spent (incident);
  self->started_us = g_get_monotonic_time ();
  md_case_update_autosave (self);

  return self->incident;
}

static void
unref_closure_data (gpointer  data,
                    GClosure *closure)
{
  g_object_unref (data);
}

static void
on_discarded_autosaved_cb (MdIncident *incident,
                           GError     *error,
                           GFile      *draft)
{
  g_file_delete (draft, NULL, NULL);
}

/**
 * md_case_discard:
 * @self: a #MdCase
 *
 * Starts a new, empty case and deletes the draft; autosaving goes on with
 * the new case once it has content.
 */
void
md_case_discard (MdCase *self)
{
  g_autoptr(MdIncident) incident = md_incident_new ();
  g_autoptr(MdIncident) old_incident = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MD_IS_CASE (self));

  old_incident = g_object_ref (self->incident);
  md_case_set_incident (self, incident);
  g_clear_object (&self->bounce);
  g_clear_object (&self->reason_finding);
  g_clear_pointer (&self->restored_checks, g_ptr_array_unref);
  self->base_seconds = 0;
  self->started_us = 0;

  if (self->draft == NULL)
    return;

  /* A save of the old case under way must not bring it back, even when
   * it ends after this case is gone. */
  g_signal_connect_data (old_incident, "autosaved", G_CALLBACK (on_discarded_autosaved_cb),
                         g_object_ref (self->draft), unref_closure_data, 0);
  if (!g_file_delete (self->draft, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("The draft could not be deleted: %s", error->message);
}

/**
 * md_case_flush:
 * @self: a #MdCase
 *
 * Writes the draft now, if the case has content: for when the window
 * closes before the autosave delay is over.
 */
void
md_case_flush (MdCase *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MD_IS_CASE (self));

  if (self->draft == NULL || !md_case_has_content (self))
    return;

  md_incident_cancel_autosave (self->incident);
  self->autosaving = FALSE;

  if (!md_incident_save (self->incident, self->draft, NULL, &error))
    {
      g_autoptr(GFile) parent = g_file_get_parent (self->draft);

      /* The folder may not exist yet. */
      g_clear_error (&error);
      if (parent != NULL)
        g_file_make_directory_with_parents (parent, NULL, NULL);
      if (!md_incident_save (self->incident, self->draft, NULL, &error))
        g_warning ("The unfinished case could not be saved: %s", error->message);
    }
}

static void
md_case_dispose (GObject *object)
{
  MdCase *self = MD_CASE (object);

  if (self->incident != NULL)
    md_incident_cancel_autosave (self->incident);

  g_clear_object (&self->incident);
  g_clear_object (&self->draft);
  g_clear_object (&self->bounce);
  g_clear_object (&self->reason_finding);
  g_clear_pointer (&self->restored_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (md_case_parent_class)->dispose (object);
}

static void
md_case_class_init (MdCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_case_dispose;
}

static void
md_case_init (MdCase *self)
{
  g_autoptr(MdIncident) incident = md_incident_new ();

  self->autosave_delay_ms = 2000;
  md_case_set_incident (self, incident);
}

/**
 * md_case_new:
 *
 * Returns: (transfer full): an empty case, not autosaved until
 *   md_case_set_draft() is called
 */
MdCase *
md_case_new (void)
{
  return g_object_new (MD_TYPE_CASE, NULL);
}
