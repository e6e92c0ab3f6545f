/* md-step.h: the eight steps of the failure checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MD_STEP_NONE = 0,
  MD_STEP_IDENTIFY,
  MD_STEP_UNDERSTAND,
  MD_STEP_VERIFY_ADDRESS,
  MD_STEP_CONTACT_RECIPIENT,
  MD_STEP_CHECK_SETTINGS,
  MD_STEP_CONSULT_PROVIDER,
  MD_STEP_ALTERNATIVE_CHANNEL,
  MD_STEP_DOCUMENT,
} MdStep;

#define MD_N_STEPS 8

typedef enum
{
  MD_STEP_STATE_NOT_STARTED,
  MD_STEP_STATE_DONE,
  MD_STEP_STATE_NEEDS_ATTENTION,
  MD_STEP_STATE_SKIPPED,
} MdStepState;

const char *md_step_get_title       (MdStep step);
const char *md_step_get_summary     (MdStep step);
const char *md_step_get_explanation (MdStep step);
const char *md_step_get_icon_name   (MdStep step);
const char *md_step_get_id          (MdStep step);
MdStep      md_step_from_id         (const char *id);

const char *md_step_state_get_label (MdStepState state);

G_END_DECLS
