/* fuzz-incident.c: fuzz target for the incident JSON loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is an incident file (or a draft) as found on disk: people send
 * them to each other, so it is outside input. An incident that loads must
 * save, and what it saves must load again to the same JSON.
 */

#include "config.h"

#include "md-core.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = md_fuzz_strndup (data, size);
  g_autoptr(MdIncident) incident = NULL;
  g_autoptr(MdIncident) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  g_autofree char *sender_domain = NULL;
  GPtrArray *recipients;
  gsize length = 0;

  incident = md_incident_new_from_json_string (text, size, &error);
  if (incident == NULL)
    {
      md_fuzz_check_error (error, data, size);
      return 0;
    }
  g_assert_no_error (error);

  md_fuzz_touch (md_incident_get_id (incident));
  md_fuzz_touch (md_incident_get_bounce_text (incident));
  md_fuzz_touch (md_incident_get_sender (incident));
  md_fuzz_touch (md_incident_get_reporter (incident));
  sender_domain = md_incident_dup_sender_domain (incident);
  md_fuzz_touch (sender_domain);
  md_fuzz_touch (md_incident_outcome_get_label (md_incident_get_outcome (incident)));
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      (void) md_incident_get_step_state (incident, step);
      md_fuzz_touch (md_incident_get_step_notes (incident, step));
    }

  recipients = md_incident_get_recipients (incident);
  for (guint i = 0; i < recipients->len; i++)
    {
      const MdIncidentRecipient *recipient = g_ptr_array_index (recipients, i);
      g_autofree char *domain = md_incident_recipient_get_domain (recipient);

      md_fuzz_touch (recipient->address);
      md_fuzz_touch (recipient->reason);
      md_fuzz_touch (recipient->diagnostic);
      md_fuzz_touch (domain);
    }

  {
    const char * const *transcript = md_incident_get_transcript (incident);

    for (guint i = 0; transcript != NULL && transcript[i] != NULL; i++)
      md_fuzz_touch (transcript[i]);
  }

  /* What loads must save, and read back the same. */
  saved = md_incident_to_json_string (incident, &length);
  g_assert_nonnull (saved);
  again = md_incident_new_from_json_string (saved, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  saved_again = md_incident_to_json_string (again, NULL);
  g_assert_cmpstr (saved_again, ==, saved);

  return 0;
}
