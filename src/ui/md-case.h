/* md-case.h: the case in progress, kept as an MdIncident and autosaved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-bounce.h"
#include "md-incident.h"
#include "md-step-page.h"

G_BEGIN_DECLS

/* Where the draft lives instead of g_get_user_data_dir()/mail-doctor (tests). */
#define MD_CASE_DATA_DIR_ENV "MAIL_DOCTOR_DATA_DIR"

/**
 * MdCaseState:
 * @bounce_text: (nullable): the text of step 1, as pasted
 * @bounce: (nullable): its analysis
 * @pages: the step pages, indexed by #MdStep (element 0 unused); %NULL for
 *   a page not built yet, whose state and notes the incident keeps
 * @findings: (nullable) (element-type MdFinding): the findings of steps 3 and 5
 * @transcript: (nullable): the SMTP transcript of step 5, already redacted
 * @outcome: the outcome chosen in step 8
 * @reporter: (nullable): who reported the problem
 *
 * What the window shows, gathered for md_case_update().
 */
typedef struct
{
  const char        *bounce_text;
  MdBounce          *bounce;
  MdStepPage *const *pages;
  GPtrArray         *findings;
  const char        *transcript;
  MdIncidentOutcome  outcome;
  const char        *reporter;
} MdCaseState;

#define MD_TYPE_CASE (md_case_get_type ())

G_DECLARE_FINAL_TYPE (MdCase, md_case, MD, CASE, GObject)

GFile      *md_case_dup_default_draft  (void);

MdCase     *md_case_new                (void);
MdIncident *md_case_get_incident       (MdCase            *self);
GFile      *md_case_get_draft          (MdCase            *self);
void        md_case_set_draft          (MdCase            *self,
                                        GFile             *draft);
void        md_case_set_autosave_delay (MdCase            *self,
                                        guint              milliseconds);
guint       md_case_get_autosave_delay (MdCase            *self);
gboolean    md_case_has_content        (MdCase            *self);
void        md_case_update             (MdCase            *self,
                                        const MdCaseState *state);
MdIncident *md_case_load_draft         (MdCase            *self,
                                        GError           **error);
void        md_case_discard            (MdCase            *self);
void        md_case_flush              (MdCase            *self);

G_END_DECLS
