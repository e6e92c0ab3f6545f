/* md-classifier-private.h: the rules table of MdClassifier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MD_RULE_WEAK        = 1 << 0,  /* only when no status code says otherwise */
  MD_RULE_TEMP_ONLY   = 1 << 1,  /* only for temporary (4xx / 4.x.x) errors */
  MD_RULE_PERM_ONLY   = 1 << 2,  /* only for permanent (5xx / 5.x.x) errors */
  MD_RULE_DIAG_ONLY   = 1 << 3,  /* only in the recipient's own diagnostic */
  MD_RULE_FINAL_ONLY  = 1 << 4,  /* not for delay notices (the server still tries) */
} MdRuleFlags;

/* A text rule: any of @phrases (lower-case substrings, whitespace collapsed)
 * decides @reason. @mta restricts it to one provider family. */
typedef struct
{
  const char         *id;
  const char         *reason;
  guint               flags;
  const char         *mta;
  const char * const *phrases;
} MdTextRule;

/* A status rule: "x" in @pattern matches the class digit (4 or 5).
 * @specific codes outrank weak text rules. */
typedef struct
{
  const char *pattern;
  const char *reason;
  gboolean    specific;
} MdStatusRule;

extern const MdTextRule   md_text_rules[];
extern const guint        md_n_text_rules;
extern const MdStatusRule md_status_rules[];
extern const guint        md_n_status_rules;

G_END_DECLS
