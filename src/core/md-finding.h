/* md-finding.h: one result of a check, the common currency of all checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "md-step.h"

G_BEGIN_DECLS

typedef enum
{
  MD_SEVERITY_OK,
  MD_SEVERITY_INFO,
  MD_SEVERITY_WARNING,
  MD_SEVERITY_PROBLEM,
} MdSeverity;

#define MD_TYPE_FINDING (md_finding_get_type ())

G_DECLARE_FINAL_TYPE (MdFinding, md_finding, MD, FINDING, GObject)

MdFinding   *md_finding_new               (MdSeverity   severity,
                                           MdStep       step,
                                           const char  *code,
                                           const char  *title,
                                           const char  *detail,
                                           const char  *advice);
MdSeverity   md_finding_get_severity      (MdFinding   *self);
MdStep       md_finding_get_step          (MdFinding   *self);
const char  *md_finding_get_code          (MdFinding   *self);
const char  *md_finding_get_title         (MdFinding   *self);
const char  *md_finding_get_detail        (MdFinding   *self);
const char  *md_finding_get_advice        (MdFinding   *self);
const char  *md_finding_get_evidence      (MdFinding   *self);
void         md_finding_set_evidence      (MdFinding   *self,
                                           const char  *evidence);
JsonNode    *md_finding_to_json           (MdFinding   *self);
MdFinding   *md_finding_new_from_json     (JsonNode    *node,
                                           GError     **error);

const char  *md_severity_to_string        (MdSeverity   severity);
gboolean     md_severity_from_string      (const char  *str,
                                           MdSeverity  *severity);
const char  *md_severity_get_label        (MdSeverity   severity);
const char  *md_severity_get_icon_name    (MdSeverity   severity);
MdSeverity   md_findings_get_worst        (GPtrArray   *findings);
char        *md_findings_to_json_string   (GPtrArray   *findings,
                                           gboolean     pretty);

G_END_DECLS
