/* md-history.h: past incidents in SQLite, and the patterns they show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "md-incident.h"

G_BEGIN_DECLS

#define MD_HISTORY_SCHEMA_VERSION 1

typedef enum
{
  MD_HISTORY_PERIOD_WEEK,
  MD_HISTORY_PERIOD_MONTH,
  MD_HISTORY_PERIOD_YEAR,
} MdHistoryPeriod;

typedef enum
{
  MD_HISTORY_PATTERN_DOMAIN_REASON,  /* same recipient domain, same reason */
  MD_HISTORY_PATTERN_DOMAIN,         /* same recipient domain, any reason */
  MD_HISTORY_PATTERN_REASON,         /* same reason, any domain */
  MD_HISTORY_PATTERN_FINDING,        /* same failing check (finding code) */
} MdHistoryPatternKind;

/**
 * MdHistoryEntry:
 * @id: the incident id
 * @created: when the incident started
 * @updated: when it was last changed
 * @outcome: how it ended
 * @title: the first failed address, or empty
 * @domains: the recipient domains (sorted, no duplicates)
 * @reasons: the reason ids (sorted, no duplicates)
 *
 * One row of the history list: enough to show it without loading the incident.
 */
typedef struct
{
  char              *id;
  GDateTime         *created;
  GDateTime         *updated;
  MdIncidentOutcome  outcome;
  char              *title;
  GStrv              domains;
  GStrv              reasons;
} MdHistoryEntry;

/**
 * MdHistoryPattern:
 * @kind: what repeats
 * @domain: (nullable): the recipient domain, for domain patterns
 * @reason: (nullable): the reason id, for reason patterns
 * @code: (nullable): the finding code, for finding patterns
 * @count: how many incidents in the period show it
 * @sentence: a translated plain-language sentence saying so
 */
typedef struct
{
  MdHistoryPatternKind  kind;
  char                 *domain;
  char                 *reason;
  char                 *code;
  guint                 count;
  char                 *sentence;
} MdHistoryPattern;

#define MD_TYPE_HISTORY_ENTRY   (md_history_entry_get_type ())
#define MD_TYPE_HISTORY_PATTERN (md_history_pattern_get_type ())

GType             md_history_entry_get_type    (void) G_GNUC_CONST;
MdHistoryEntry   *md_history_entry_copy        (const MdHistoryEntry   *entry);
void              md_history_entry_free        (MdHistoryEntry         *entry);
GType             md_history_pattern_get_type  (void) G_GNUC_CONST;
MdHistoryPattern *md_history_pattern_copy      (const MdHistoryPattern *pattern);
void              md_history_pattern_free      (MdHistoryPattern       *pattern);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdHistoryEntry, md_history_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdHistoryPattern, md_history_pattern_free)

#define MD_TYPE_HISTORY (md_history_get_type ())

G_DECLARE_FINAL_TYPE (MdHistory, md_history, MD, HISTORY, GObject)

char        *md_history_get_default_path   (void);
MdHistory   *md_history_new                (const char          *path);
const char  *md_history_get_path           (MdHistory           *self);
gboolean     md_history_open               (MdHistory           *self,
                                            GError             **error);
int          md_history_get_schema_version (MdHistory           *self);

gboolean     md_history_add                (MdHistory           *self,
                                            MdIncident          *incident,
                                            GError             **error);
gboolean     md_history_update             (MdHistory           *self,
                                            MdIncident          *incident,
                                            GError             **error);
gboolean     md_history_save               (MdHistory           *self,
                                            MdIncident          *incident,
                                            GError             **error);
gboolean     md_history_save_many          (MdHistory           *self,
                                            GPtrArray           *incidents,
                                            GError             **error);
gboolean     md_history_delete             (MdHistory           *self,
                                            const char          *id,
                                            GError             **error);
MdIncident  *md_history_get                (MdHistory           *self,
                                            const char          *id,
                                            GError             **error);
gint64       md_history_count              (MdHistory           *self,
                                            GError             **error);

GPtrArray   *md_history_list               (MdHistory           *self,
                                            const char          *text,
                                            const char          *reason,
                                            const char          *domain,
                                            int                  outcome,
                                            guint                offset,
                                            guint                limit,
                                            GError             **error);
void         md_history_list_async         (MdHistory           *self,
                                            const char          *text,
                                            const char          *reason,
                                            const char          *domain,
                                            int                  outcome,
                                            guint                offset,
                                            guint                limit,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray   *md_history_list_finish        (MdHistory           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

GPtrArray   *md_history_find_patterns      (MdHistory           *self,
                                            GDateTime           *now,
                                            MdHistoryPeriod      period,
                                            guint                min_count,
                                            GError             **error);
void         md_history_find_patterns_async  (MdHistory           *self,
                                              GDateTime           *now,
                                              MdHistoryPeriod      period,
                                              guint                min_count,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray   *md_history_find_patterns_finish (MdHistory           *self,
                                              GAsyncResult        *result,
                                              GError             **error);

char        *md_history_export_json        (MdHistory           *self,
                                            GError             **error);
gboolean     md_history_import_json        (MdHistory           *self,
                                            const char          *data,
                                            gssize               length,
                                            guint               *n_imported,
                                            GError             **error);

G_END_DECLS
