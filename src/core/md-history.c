/* md-history.c: past incidents in SQLite, and the patterns they show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "md-error.h"
#include "md-history.h"
#include "md-reason.h"

/* The incident's JSON is the truth; the other columns and tables are an
 * index of it for listing, searching and finding patterns. Every value is
 * bound to a prepared statement: no SQL is ever built from data. */

#define HISTORY_FORMAT  "mail-doctor-history"
#define SEARCH_TEXT_MAX 8192

static const char * const migrations[] = {
  /* 1: the first schema */
  "CREATE TABLE schema_migrations ("
  "  version INTEGER PRIMARY KEY,"
  "  applied INTEGER NOT NULL);"
  "CREATE TABLE incidents ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  sender_domain TEXT,"
  "  title TEXT NOT NULL,"
  "  search_text TEXT NOT NULL,"
  "  json TEXT NOT NULL);"
  "CREATE INDEX incidents_created ON incidents (created);"
  "CREATE INDEX incidents_updated ON incidents (updated);"
  "CREATE INDEX incidents_sender_domain ON incidents (sender_domain);"
  "CREATE TABLE recipients ("
  "  incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
  "  address TEXT NOT NULL,"
  "  domain TEXT,"
  "  reason TEXT);"
  "CREATE INDEX recipients_incident ON recipients (incident_id);"
  "CREATE INDEX recipients_domain ON recipients (domain, reason);"
  "CREATE INDEX recipients_reason ON recipients (reason);"
  "CREATE TABLE findings ("
  "  incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
  "  code TEXT NOT NULL,"
  "  severity TEXT NOT NULL,"
  "  title TEXT NOT NULL);"
  "CREATE INDEX findings_incident ON findings (incident_id);"
  "CREATE INDEX findings_code ON findings (code);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MD_HISTORY_SCHEMA_VERSION);

typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_INSERT,
  STMT_UPDATE,
  STMT_UPSERT,
  STMT_DELETE,
  STMT_DELETE_RECIPIENTS,
  STMT_DELETE_FINDINGS,
  STMT_INSERT_RECIPIENT,
  STMT_INSERT_FINDING,
  STMT_GET,
  STMT_COUNT,
  STMT_LIST,
  STMT_PATTERN_DOMAIN_REASON,
  STMT_PATTERN_DOMAIN,
  STMT_PATTERN_REASON,
  STMT_PATTERN_FINDING,
  STMT_EXPORT,
  N_STMTS
} StmtId;

#define INCIDENT_COLUMNS "id, created, updated, outcome, sender_domain, title, search_text, json"
#define INCIDENT_VALUES  "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"

static const char * const stmt_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_INSERT] = "INSERT INTO incidents (" INCIDENT_COLUMNS ") VALUES (" INCIDENT_VALUES ")",
  [STMT_UPDATE] = "UPDATE incidents SET created = ?2, updated = ?3, outcome = ?4, sender_domain = ?5,"
                  " title = ?6, search_text = ?7, json = ?8 WHERE id = ?1",
  [STMT_UPSERT] = "INSERT INTO incidents (" INCIDENT_COLUMNS ") VALUES (" INCIDENT_VALUES ")"
                  " ON CONFLICT (id) DO UPDATE SET created = ?2, updated = ?3, outcome = ?4,"
                  " sender_domain = ?5, title = ?6, search_text = ?7, json = ?8",
  [STMT_DELETE] = "DELETE FROM incidents WHERE id = ?1",
  [STMT_DELETE_RECIPIENTS] = "DELETE FROM recipients WHERE incident_id = ?1",
  [STMT_DELETE_FINDINGS] = "DELETE FROM findings WHERE incident_id = ?1",
  [STMT_INSERT_RECIPIENT] = "INSERT INTO recipients (incident_id, address, domain, reason)"
                            " VALUES (?1, ?2, ?3, ?4)",
  [STMT_INSERT_FINDING] = "INSERT INTO findings (incident_id, code, severity, title)"
                          " VALUES (?1, ?2, ?3, ?4)",
  [STMT_GET] = "SELECT json FROM incidents WHERE id = ?1",
  [STMT_COUNT] = "SELECT COUNT(*) FROM incidents",
  [STMT_LIST] =
    "SELECT i.id, i.created, i.updated, i.outcome, i.title,"
    " (SELECT group_concat (d, ',') FROM (SELECT DISTINCT domain AS d FROM recipients"
    "   WHERE incident_id = i.id AND domain IS NOT NULL ORDER BY domain)),"
    " (SELECT group_concat (r, ',') FROM (SELECT DISTINCT reason AS r FROM recipients"
    "   WHERE incident_id = i.id AND reason IS NOT NULL ORDER BY reason))"
    " FROM incidents i"
    " WHERE (?1 IS NULL OR i.search_text LIKE ?1 ESCAPE '\\')"
    " AND (?2 IS NULL OR i.id IN (SELECT incident_id FROM recipients WHERE reason = ?2))"
    " AND (?3 IS NULL OR i.id IN (SELECT incident_id FROM recipients WHERE domain = ?3))"
    " AND (?4 IS NULL OR i.outcome = ?4)"
    " ORDER BY i.updated DESC, i.id"
    " LIMIT ?5 OFFSET ?6",
  [STMT_PATTERN_DOMAIN_REASON] =
    "SELECT r.domain, r.reason, COUNT (DISTINCT i.id) AS n"
    " FROM recipients r JOIN incidents i ON i.id = r.incident_id"
    " WHERE i.created >= ?1 AND i.created <= ?2 AND r.domain IS NOT NULL AND r.reason IS NOT NULL"
    " AND instr (?4, ',' || r.reason || ',') = 0"
    " GROUP BY r.domain, r.reason HAVING n >= ?3 ORDER BY n DESC, r.domain, r.reason",
  [STMT_PATTERN_DOMAIN] =
    "SELECT r.domain, COUNT (DISTINCT i.id) AS n"
    " FROM recipients r JOIN incidents i ON i.id = r.incident_id"
    " WHERE i.created >= ?1 AND i.created <= ?2 AND r.domain IS NOT NULL"
    " AND (r.reason IS NULL OR instr (?4, ',' || r.reason || ',') = 0)"
    " GROUP BY r.domain HAVING n >= ?3 ORDER BY n DESC, r.domain",
  [STMT_PATTERN_REASON] =
    "SELECT r.reason, COUNT (DISTINCT i.id) AS n"
    " FROM recipients r JOIN incidents i ON i.id = r.incident_id"
    " WHERE i.created >= ?1 AND i.created <= ?2 AND r.reason IS NOT NULL"
    " AND instr (?4, ',' || r.reason || ',') = 0"
    " GROUP BY r.reason HAVING n >= ?3 ORDER BY n DESC, r.reason",
  [STMT_PATTERN_FINDING] =
    "SELECT f.code, MAX (f.title), COUNT (DISTINCT i.id) AS n"
    " FROM findings f JOIN incidents i ON i.id = f.incident_id"
    " WHERE i.created >= ?1 AND i.created <= ?2 AND f.severity IN ('warning', 'problem')"
    " GROUP BY f.code HAVING n >= ?3 ORDER BY n DESC, f.code",
  [STMT_EXPORT] = "SELECT json FROM incidents ORDER BY created, id",
};

struct _MdHistory
{
  GObject       parent_instance;

  char         *path;
  GMutex        mutex;   /* guards everything below */
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
  int           schema_version;
};

G_DEFINE_FINAL_TYPE (MdHistory, md_history, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (MdHistoryEntry, md_history_entry, md_history_entry_copy, md_history_entry_free)
G_DEFINE_BOXED_TYPE (MdHistoryPattern, md_history_pattern, md_history_pattern_copy, md_history_pattern_free)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Boxed types */

MdHistoryEntry *
md_history_entry_copy (const MdHistoryEntry *entry)
{
  MdHistoryEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (MdHistoryEntry, 1);
  copy->id = g_strdup (entry->id);
  copy->created = entry->created ? g_date_time_ref (entry->created) : NULL;
  copy->updated = entry->updated ? g_date_time_ref (entry->updated) : NULL;
  copy->outcome = entry->outcome;
  copy->title = g_strdup (entry->title);
  copy->domains = g_strdupv (entry->domains);
  copy->reasons = g_strdupv (entry->reasons);

  return copy;
}

void
md_history_entry_free (MdHistoryEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->id);
  g_clear_pointer (&entry->created, g_date_time_unref);
  g_clear_pointer (&entry->updated, g_date_time_unref);
  g_free (entry->title);
  g_strfreev (entry->domains);
  g_strfreev (entry->reasons);
  g_free (entry);
}

MdHistoryPattern *
md_history_pattern_copy (const MdHistoryPattern *pattern)
{
  MdHistoryPattern *copy;

  g_return_val_if_fail (pattern != NULL, NULL);

  copy = g_new0 (MdHistoryPattern, 1);
  copy->kind = pattern->kind;
  copy->domain = g_strdup (pattern->domain);
  copy->reason = g_strdup (pattern->reason);
  copy->code = g_strdup (pattern->code);
  copy->count = pattern->count;
  copy->sentence = g_strdup (pattern->sentence);

  return copy;
}

void
md_history_pattern_free (MdHistoryPattern *pattern)
{
  if (pattern == NULL)
    return;

  g_free (pattern->domain);
  g_free (pattern->reason);
  g_free (pattern->code);
  g_free (pattern->sentence);
  g_free (pattern);
}

/* Errors */

static gboolean
set_db_error (MdHistory  *self,
              GError    **error)
{
  g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
               /* Translators: %s is a technical message from the database */
               _("The history of past problems cannot be used (%s)."),
               self->db != NULL ? sqlite3_errmsg (self->db) : "no database");
  return FALSE;
}

/* Database */

static sqlite3_stmt *
get_stmt (MdHistory  *self,
          StmtId      id,
          GError    **error)
{
  if (self->stmts[id] == NULL &&
      sqlite3_prepare_v3 (self->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                          &self->stmts[id], NULL) != SQLITE_OK)
    {
      set_db_error (self, error);
      return NULL;
    }

  sqlite3_reset (self->stmts[id]);
  sqlite3_clear_bindings (self->stmts[id]);

  return self->stmts[id];
}

/* Runs a bound statement that returns no rows. */
static gboolean
step_done (MdHistory     *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error);

  return TRUE;
}

static gboolean
run_stmt (MdHistory  *self,
          StmtId      id,
          GError    **error)
{
  sqlite3_stmt *stmt = get_stmt (self, id, error);

  return stmt != NULL && step_done (self, stmt, error);
}

static void
close_db (MdHistory *self)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
}

static int
pragma_int (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static gboolean
migrate (MdHistory  *self,
         GError    **error)
{
  int version = pragma_int (self->db, "PRAGMA user_version");

  if (version < 0)
    return set_db_error (self, error);

  if (version > MD_HISTORY_SCHEMA_VERSION)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_VERSION,
                   _("The history of past problems was written by a newer version of Mail "
                     "Doctor. Update Mail Doctor to use it."));
      return FALSE;
    }

  for (int v = version + 1; v <= MD_HISTORY_SCHEMA_VERSION; v++)
    {
      g_autofree char *record = NULL;
      char *message = NULL;

      /* user_version cannot be bound; v is our own integer. */
      record = g_strdup_printf ("INSERT INTO schema_migrations (version, applied)"
                                " VALUES (%d, strftime ('%%s', 'now'));"
                                "PRAGMA user_version = %d;", v, v);

      if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, &message) != SQLITE_OK ||
          sqlite3_exec (self->db, migrations[v - 1], NULL, NULL, &message) != SQLITE_OK ||
          sqlite3_exec (self->db, record, NULL, NULL, &message) != SQLITE_OK ||
          sqlite3_exec (self->db, "COMMIT", NULL, NULL, &message) != SQLITE_OK)
        {
          g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                       _("The history of past problems cannot be updated (%s)."),
                       message != NULL ? message : "?");
          sqlite3_free (message);
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  self->schema_version = MD_HISTORY_SCHEMA_VERSION;
  return TRUE;
}

static gboolean
ensure_open (MdHistory  *self,
             GError    **error)
{
  g_autofree char *dir = NULL;

  if (self->db != NULL)
    return TRUE;

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The folder for the history of past problems cannot be created (%s)."),
                   g_strerror (saved_errno));
      return FALSE;
    }

  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      set_db_error (self, error);
      close_db (self);
      return FALSE;
    }

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  if (sqlite3_exec (self->db,
                    "PRAGMA journal_mode = WAL;"
                    "PRAGMA synchronous = NORMAL;"
                    "PRAGMA foreign_keys = ON;",
                    NULL, NULL, NULL) != SQLITE_OK ||
      !migrate (self, error))
    {
      if (error != NULL && *error == NULL)
        set_db_error (self, error);
      close_db (self);
      return FALSE;
    }

  return TRUE;
}

static void
md_history_finalize (GObject *object)
{
  MdHistory *self = (MdHistory *)object;

  close_db (self);
  g_mutex_clear (&self->mutex);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (md_history_parent_class)->finalize (object);
}

static void
md_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MdHistory *self = MD_HISTORY (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_history_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MdHistory *self = MD_HISTORY (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      if (self->path == NULL)
        self->path = md_history_get_default_path ();
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_history_class_init (MdHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_history_finalize;
  object_class->get_property = md_history_get_property;
  object_class->set_property = md_history_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_history_init (MdHistory *self)
{
  g_mutex_init (&self->mutex);
}

/**
 * md_history_get_default_path:
 *
 * Returns: (transfer full): where the history is kept:
 *   `$XDG_DATA_HOME/mail-doctor/history.db`
 */
char *
md_history_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "mail-doctor", "history.db", NULL);
}

/**
 * md_history_new:
 * @path: (nullable) (type filename): the database file, %NULL for the
 *   default one
 *
 * The database is opened (and created or migrated) on first use, or with
 * md_history_open(). All methods may be called from any thread.
 *
 * Returns: (transfer full): a new #MdHistory
 */
MdHistory *
md_history_new (const char *path)
{
  return g_object_new (MD_TYPE_HISTORY, "path", path, NULL);
}

const char *
md_history_get_path (MdHistory *self)
{
  g_return_val_if_fail (MD_IS_HISTORY (self), NULL);
  return self->path;
}

/**
 * md_history_open:
 * @self: a #MdHistory
 * @error: return location for an error
 *
 * Opens the database, creating it or bringing its schema up to date.
 *
 * Returns: whether the history can be used
 */
gboolean
md_history_open (MdHistory  *self,
                 GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (MD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  return ensure_open (self, error);
}

/**
 * md_history_get_schema_version:
 * @self: a #MdHistory
 *
 * Returns: the schema version of the open database, 0 before it is opened
 */
int
md_history_get_schema_version (MdHistory *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (MD_IS_HISTORY (self), 0);

  locker = g_mutex_locker_new (&self->mutex);
  return self->db != NULL ? pragma_int (self->db, "PRAGMA user_version") : 0;
}

/* Writing */

typedef enum
{
  STORE_INSERT,
  STORE_UPDATE,
  STORE_UPSERT,
} StoreMode;

static char *
build_search_text (MdIncident *incident)
{
  GString *text = g_string_new (NULL);
  GPtrArray *recipients = md_incident_get_recipients (incident);
  GPtrArray *findings = md_incident_get_findings (incident);
  const char *bounce = md_incident_get_bounce_text (incident);
  char *folded;

#define ADD(s) G_STMT_START { if ((s) != NULL) { g_string_append (text, (s)); g_string_append_c (text, '\n'); } } G_STMT_END
  ADD (md_incident_get_sender (incident));
  ADD (md_incident_get_reporter (incident));
  for (guint i = 0; i < recipients->len; i++)
    {
      const MdIncidentRecipient *r = g_ptr_array_index (recipients, i);
      const MdReason *reason = md_reason_lookup (r->reason);

      ADD (r->address);
      ADD (r->reason);
      ADD (r->status);
      ADD (r->diagnostic);
      ADD (r->remote_mta);
      if (reason != NULL)
        ADD (md_reason_get_title (reason));
    }
  for (guint step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    ADD (md_incident_get_step_notes (incident, step));
  for (guint i = 0; i < findings->len; i++)
    {
      ADD (md_finding_get_code (g_ptr_array_index (findings, i)));
      ADD (md_finding_get_title (g_ptr_array_index (findings, i)));
    }
#undef ADD

  if (bounce != NULL)
    {
      const char *end = bounce;

      /* Enough of the bounce to find its words, without storing it twice. */
      /* end stops before a character cut in half by the limit */
      (void) g_utf8_validate (bounce, MIN (strlen (bounce), SEARCH_TEXT_MAX), &end);
      g_string_append_len (text, bounce, end - bounce);
    }

  folded = g_utf8_casefold (text->str, -1);
  g_string_free (text, TRUE);

  return folded;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Call with the mutex held, inside a transaction. */
static gboolean
store_incident (MdHistory   *self,
                MdIncident  *incident,
                StoreMode    mode,
                GError     **error)
{
  static const StmtId mode_stmt[] = { STMT_INSERT, STMT_UPDATE, STMT_UPSERT };
  const char *id = md_incident_get_id (incident);
  GPtrArray *recipients = md_incident_get_recipients (incident);
  GPtrArray *findings = md_incident_get_findings (incident);
  g_autofree char *json = md_incident_to_json_string (incident, NULL);
  g_autofree char *search_text = build_search_text (incident);
  g_autofree char *sender_domain = md_incident_dup_sender_domain (incident);
  const char *title = "";
  sqlite3_stmt *stmt;
  int rc;

  if (recipients->len > 0)
    title = ((MdIncidentRecipient *) g_ptr_array_index (recipients, 0))->address;

  stmt = get_stmt (self, mode_stmt[mode], error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (md_incident_get_created (incident)));
  sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (md_incident_get_updated (incident)));
  bind_text (stmt, 4, md_incident_outcome_to_string (md_incident_get_outcome (incident)));
  bind_text (stmt, 5, sender_domain);
  bind_text (stmt, 6, title);
  bind_text (stmt, 7, search_text);
  bind_text (stmt, 8, json);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("This incident is already in the history."));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return set_db_error (self, error);
  if (mode == STORE_UPDATE && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("This incident is not in the history."));
      return FALSE;
    }

  if (mode != STORE_INSERT)
    {
      for (StmtId s = STMT_DELETE_RECIPIENTS; s <= STMT_DELETE_FINDINGS; s++)
        {
          stmt = get_stmt (self, s, error);
          if (stmt == NULL)
            return FALSE;
          bind_text (stmt, 1, id);
          if (!step_done (self, stmt, error))
            return FALSE;
        }
    }

  for (guint i = 0; i < recipients->len; i++)
    {
      const MdIncidentRecipient *r = g_ptr_array_index (recipients, i);
      g_autofree char *domain = md_incident_recipient_get_domain (r);

      stmt = get_stmt (self, STMT_INSERT_RECIPIENT, error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, id);
      bind_text (stmt, 2, r->address);
      bind_text (stmt, 3, domain);
      bind_text (stmt, 4, r->reason);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < findings->len; i++)
    {
      MdFinding *finding = g_ptr_array_index (findings, i);

      stmt = get_stmt (self, STMT_INSERT_FINDING, error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, id);
      bind_text (stmt, 2, md_finding_get_code (finding));
      bind_text (stmt, 3, md_severity_to_string (md_finding_get_severity (finding)));
      bind_text (stmt, 4, md_finding_get_title (finding));
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
store_many (MdHistory   *self,
            MdIncident **incidents,
            guint        n_incidents,
            StoreMode    mode,
            GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  if (!ensure_open (self, error) || !run_stmt (self, STMT_BEGIN, error))
    return FALSE;

  for (guint i = 0; i < n_incidents; i++)
    {
      if (!store_incident (self, incidents[i], mode, error))
        {
          run_stmt (self, STMT_ROLLBACK, NULL);
          return FALSE;
        }
    }

  if (!run_stmt (self, STMT_COMMIT, error))
    {
      run_stmt (self, STMT_ROLLBACK, NULL);
      return FALSE;
    }

  return TRUE;
}

/**
 * md_history_add:
 * @self: a #MdHistory
 * @incident: a new incident
 * @error: return location for an error
 *
 * Returns: whether @incident was added; %G_IO_ERROR_EXISTS if an incident
 *   with its id is already there
 */
gboolean
md_history_add (MdHistory   *self,
                MdIncident  *incident,
                GError     **error)
{
  g_return_val_if_fail (MD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (MD_IS_INCIDENT (incident), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return store_many (self, &incident, 1, STORE_INSERT, error);
}

/**
 * md_history_update:
 * @self: a #MdHistory
 * @incident: an incident already in the history
 * @error: return location for an error
 *
 * Returns: whether @incident was updated; %G_IO_ERROR_NOT_FOUND if it is not
 *   in the history
 */
gboolean
md_history_update (MdHistory   *self,
                   MdIncident  *incident,
                   GError     **error)
{
  g_return_val_if_fail (MD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (MD_IS_INCIDENT (incident), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return store_many (self, &incident, 1, STORE_UPDATE, error);
}

/**
 * md_history_save:
 * @self: a #MdHistory
 * @incident: an incident
 * @error: return location for an error
 *
 * Adds @incident, or updates it if it is already there.
 *
 * Returns: whether @incident was saved
 */
gboolean
md_history_save (MdHistory   *self,
                 MdIncident  *incident,
                 GError     **error)
{
  g_return_val_if_fail (MD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (MD_IS_INCIDENT (incident), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return store_many (self, &incident, 1, STORE_UPSERT, error);
}

/**
 * md_history_save_many:
 * @self: a #MdHistory
 * @incidents: (element-type MdIncident): incidents
 * @error: return location for an error
 *
 * Saves all @incidents in one transaction: all or none.
 *
 * Returns: whether the incidents were saved
 */
gboolean
md_history_save_many (MdHistory  *self,
                      GPtrArray  *incidents,
                      GError    **error)
{
  g_return_val_if_fail (MD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (incidents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return store_many (self, (MdIncident **) incidents->pdata, incidents->len, STORE_UPSERT, error);
}

/**
 * md_history_delete:
 * @self: a #MdHistory
 * @id: an incident id
 * @error: return location for an error
 *
 * Returns: whether the incident was deleted; %G_IO_ERROR_NOT_FOUND if it
 *   was not there
 */
gboolean
md_history_delete (MdHistory   *self,
                   const char  *id,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!ensure_open (self, error) || (stmt = get_stmt (self, STMT_DELETE, error)) == NULL)
    return FALSE;

  bind_text (stmt, 1, id);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("This incident is not in the history."));
      return FALSE;
    }

  return TRUE;
}

/* Reading */

/**
 * md_history_get:
 * @self: a #MdHistory
 * @id: an incident id
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the incident, or %NULL with
 *   %G_IO_ERROR_NOT_FOUND
 */
MdIncident *
md_history_get (MdHistory   *self,
                const char  *id,
                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MD_IS_HISTORY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (!ensure_open (self, error) || (stmt = get_stmt (self, STMT_GET, error)) == NULL)
    return NULL;

  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("This incident is not in the history."));
      return NULL;
    }
  if (rc != SQLITE_ROW || json == NULL)
    {
      set_db_error (self, error);
      return NULL;
    }

  g_clear_pointer (&locker, g_mutex_locker_free);
  return md_incident_new_from_json_string (json, -1, error);
}

/**
 * md_history_count:
 * @self: a #MdHistory
 * @error: return location for an error
 *
 * Returns: the number of incidents, or -1 on error
 */
gint64
md_history_count (MdHistory  *self,
                  GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (MD_IS_HISTORY (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  locker = g_mutex_locker_new (&self->mutex);
  if (!ensure_open (self, error) || (stmt = get_stmt (self, STMT_COUNT, error)) == NULL)
    return -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    set_db_error (self, error);
  sqlite3_reset (stmt);

  return count;
}

static char *
like_pattern (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  GString *pattern = g_string_new ("%");

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

static GStrv
split_list (const unsigned char *text)
{
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);

  return g_strsplit ((const char *) text, ",", -1);
}

/**
 * md_history_list:
 * @self: a #MdHistory
 * @text: (nullable): words to look for (addresses, server messages, notes)
 * @reason: (nullable): only incidents with this reason id
 * @domain: (nullable): only incidents with a recipient at this domain
 * @outcome: only incidents with this #MdIncidentOutcome, or -1 for all
 * @offset: how many matching incidents to skip
 * @limit: at most this many, 0 for no limit
 * @error: return location for an error
 *
 * Lists the matching incidents, most recently changed first.
 *
 * Returns: (transfer full) (element-type MdHistoryEntry) (nullable): the
 *   matching incidents
 */
GPtrArray *
md_history_list (MdHistory   *self,
                 const char  *text,
                 const char  *reason,
                 const char  *domain,
                 int          outcome,
                 guint        offset,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *folded_domain = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MD_IS_HISTORY (self), NULL);
  g_return_val_if_fail (outcome >= -1 && outcome <= MD_INCIDENT_OUTCOME_WORKAROUND, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text != NULL && *text != '\0')
    pattern = like_pattern (text);
  if (domain != NULL && *domain != '\0')
    folded_domain = g_utf8_strdown (domain, -1);
  if (reason != NULL && *reason == '\0')
    reason = NULL;

  locker = g_mutex_locker_new (&self->mutex);
  if (!ensure_open (self, error) || (stmt = get_stmt (self, STMT_LIST, error)) == NULL)
    return NULL;

  bind_text (stmt, 1, pattern);
  bind_text (stmt, 2, reason);
  bind_text (stmt, 3, folded_domain);
  bind_text (stmt, 4, outcome >= 0 ? md_incident_outcome_to_string (outcome) : NULL);
  sqlite3_bind_int64 (stmt, 5, limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, 6, offset);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) md_history_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MdHistoryEntry *entry = g_new0 (MdHistoryEntry, 1);

      entry->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      entry->created = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 1));
      entry->updated = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 2));
      if (!md_incident_outcome_from_string ((const char *) sqlite3_column_text (stmt, 3),
                                            &entry->outcome))
        entry->outcome = MD_INCIDENT_OUTCOME_OPEN;
      entry->title = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      entry->domains = split_list (sqlite3_column_text (stmt, 5));
      entry->reasons = split_list (sqlite3_column_text (stmt, 6));
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

typedef struct
{
  char      *text;
  char      *reason;
  char      *domain;
  int        outcome;
  guint      offset;
  guint      limit;
  GDateTime *now;
  MdHistoryPeriod period;
  guint      min_count;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_free (data->text);
  g_free (data->reason);
  g_free (data->domain);
  g_clear_pointer (&data->now, g_date_time_unref);
  g_free (data);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  QueryData *data = task_data;
  GError *error = NULL;
  GPtrArray *entries;

  entries = md_history_list (source_object, data->text, data->reason, data->domain,
                             data->outcome, data->offset, data->limit, &error);
  if (entries == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * md_history_list_async:
 * @self: a #MdHistory
 * @text: (nullable): see md_history_list()
 * @reason: (nullable): see md_history_list()
 * @domain: (nullable): see md_history_list()
 * @outcome: see md_history_list()
 * @offset: see md_history_list()
 * @limit: see md_history_list()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Runs md_history_list() in a worker thread (opening the database first if
 * needed).
 */
void
md_history_list_async (MdHistory           *self,
                       const char          *text,
                       const char          *reason,
                       const char          *domain,
                       int                  outcome,
                       guint                offset,
                       guint                limit,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (MD_IS_HISTORY (self));
  g_return_if_fail (outcome >= -1 && outcome <= MD_INCIDENT_OUTCOME_WORKAROUND);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (QueryData, 1);
  data->text = g_strdup (text);
  data->reason = g_strdup (reason);
  data->domain = g_strdup (domain);
  data->outcome = outcome;
  data->offset = offset;
  data->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_history_list_async);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, list_thread);
}

/**
 * md_history_list_finish:
 * @self: a #MdHistory
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type MdHistoryEntry) (nullable): the
 *   matching incidents
 */
GPtrArray *
md_history_list_finish (MdHistory     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (MD_IS_HISTORY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Patterns */

static GTimeSpan
period_span (MdHistoryPeriod period)
{
  switch (period)
    {
    case MD_HISTORY_PERIOD_WEEK:
      return 7 * G_TIME_SPAN_DAY;
    case MD_HISTORY_PERIOD_YEAR:
      return 365 * G_TIME_SPAN_DAY;
    case MD_HISTORY_PERIOD_MONTH:
    default:
      return 30 * G_TIME_SPAN_DAY;
    }
}

static const char *
period_phrase (MdHistoryPeriod period)
{
  switch (period)
    {
    case MD_HISTORY_PERIOD_WEEK:
      /* Translators: ends sentences such as “Mail to example.org has failed 3 times in the last 7 days” */
      return _("in the last 7 days");
    case MD_HISTORY_PERIOD_YEAR:
      return _("in the last 12 months");
    case MD_HISTORY_PERIOD_MONTH:
    default:
      return _("in the last 30 days");
    }
}

static const char *
reason_title (const char *id)
{
  const MdReason *reason = md_reason_lookup (id);

  return reason != NULL ? md_reason_get_title (reason) : id;
}

static gboolean
reason_is_failure (const char *id)
{
  const MdReason *reason = md_reason_lookup (id);

  return reason == NULL || reason->failure;
}

static MdHistoryPattern *
pattern_new (MdHistoryPatternKind kind,
             guint                count)
{
  MdHistoryPattern *pattern = g_new0 (MdHistoryPattern, 1);

  pattern->kind = kind;
  pattern->count = count;

  return pattern;
}

/* ",delivered,feedback,vacation,": reasons that are not failures, so never
 * patterns of failing mail */
static char *
dup_not_failures (void)
{
  GString *list = g_string_new (",");
  const MdReason * const *reasons;
  guint n = 0;

  reasons = md_reason_list (&n);
  for (guint i = 0; i < n; i++)
    if (!reasons[i]->failure)
      g_string_append_printf (list, "%s,", reasons[i]->id);

  return g_string_free (list, FALSE);
}

/* Call with the mutex held. */
static gboolean
collect_patterns (MdHistory        *self,
                  const char       *not_failures,
                  StmtId            id,
                  gint64            since,
                  gint64            until,
                  guint             min_count,
                  MdHistoryPeriod   period,
                  GPtrArray        *patterns,
                  GError          **error)
{
  sqlite3_stmt *stmt = get_stmt (self, id, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, until);
  sqlite3_bind_int64 (stmt, 3, MAX (min_count, 1));
  if (id != STMT_PATTERN_FINDING)
    bind_text (stmt, 4, not_failures);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *a = (const char *) sqlite3_column_text (stmt, 0);
      const char *b = (const char *) sqlite3_column_text (stmt, 1);
      MdHistoryPattern *pattern = NULL;
      guint n;

      switch (id)
        {
        case STMT_PATTERN_DOMAIN_REASON:
          n = (guint) sqlite3_column_int64 (stmt, 2);
          if (!reason_is_failure (b))
            break;
          pattern = pattern_new (MD_HISTORY_PATTERN_DOMAIN_REASON, n);
          pattern->domain = g_strdup (a);
          pattern->reason = g_strdup (b);
          pattern->sentence =
            /* Translators: 1: a domain such as example.org, 2: a number,
             * 3: a period such as “in the last 30 days”, 4: the title of a reason */
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Mail to %1$s has failed %2$u time %3$s for the same reason: “%4$s”.",
                                          "Mail to %1$s has failed %2$u times %3$s for the same reason: “%4$s”.",
                                          n),
                             a, n, period_phrase (period), reason_title (b));
          break;

        case STMT_PATTERN_DOMAIN:
          n = (guint) sqlite3_column_int64 (stmt, 1);
          pattern = pattern_new (MD_HISTORY_PATTERN_DOMAIN, n);
          pattern->domain = g_strdup (a);
          pattern->sentence =
            /* Translators: 1: a domain such as example.org, 2: a number,
             * 3: a period such as “in the last 30 days” */
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Mail to %1$s has failed %2$u time %3$s.",
                                          "Mail to %1$s has failed %2$u times %3$s.",
                                          n),
                             a, n, period_phrase (period));
          break;

        case STMT_PATTERN_REASON:
          n = (guint) sqlite3_column_int64 (stmt, 1);
          if (!reason_is_failure (a))
            break;
          pattern = pattern_new (MD_HISTORY_PATTERN_REASON, n);
          pattern->reason = g_strdup (a);
          pattern->sentence =
            /* Translators: 1: the title of a reason, 2: a number,
             * 3: a period such as “in the last 30 days” */
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The same problem, “%1$s”, has stopped %2$u email %3$s.",
                                          "The same problem, “%1$s”, has stopped %2$u emails %3$s.",
                                          n),
                             reason_title (a), n, period_phrase (period));
          break;

        case STMT_PATTERN_FINDING:
          n = (guint) sqlite3_column_int64 (stmt, 2);
          pattern = pattern_new (MD_HISTORY_PATTERN_FINDING, n);
          pattern->code = g_strdup (a);
          pattern->sentence =
            /* Translators: 1: the title of a check result, 2: a number,
             * 3: a period such as “in the last 30 days” */
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The same problem with the email settings, “%1$s”, was found %2$u time %3$s.",
                                          "The same problem with the email settings, “%1$s”, was found %2$u times %3$s.",
                                          n),
                             b, n, period_phrase (period));
          break;

        default:
          g_assert_not_reached ();
        }

      if (pattern != NULL)
        g_ptr_array_add (patterns, pattern);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return set_db_error (self, error);

  return TRUE;
}

/* A domain (or reason) pattern says nothing new when a domain-and-reason
 * pattern already counts the same incidents. */
static gboolean
is_redundant (GPtrArray              *patterns,
              const MdHistoryPattern *pattern)
{
  for (guint i = 0; i < patterns->len; i++)
    {
      const MdHistoryPattern *other = g_ptr_array_index (patterns, i);

      if (other->kind != MD_HISTORY_PATTERN_DOMAIN_REASON || other->count != pattern->count)
        continue;
      if (pattern->kind == MD_HISTORY_PATTERN_DOMAIN && g_strcmp0 (other->domain, pattern->domain) == 0)
        return TRUE;
      if (pattern->kind == MD_HISTORY_PATTERN_REASON && g_strcmp0 (other->reason, pattern->reason) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * md_history_find_patterns:
 * @self: a #MdHistory
 * @now: (nullable): the end of the period, %NULL for now
 * @period: how far back to look
 * @min_count: how many incidents make a pattern (at least 2 makes sense)
 * @error: return location for an error
 *
 * Finds what keeps coming back among the incidents created in the period:
 * the same recipient domain with the same reason, the same domain, the same
 * reason, the same failing check of the email settings. Each pattern has a
 * plain-language sentence. The most frequent come first within each kind;
 * domain-and-reason patterns come first.
 *
 * Returns: (transfer full) (element-type MdHistoryPattern) (nullable): the
 *   patterns
 */
GPtrArray *
md_history_find_patterns (MdHistory        *self,
                          GDateTime        *now,
                          MdHistoryPeriod   period,
                          guint             min_count,
                          GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *not_failures = dup_not_failures ();
  gint64 since;

  g_return_val_if_fail (MD_IS_HISTORY (self), NULL);
  g_return_val_if_fail (period <= MD_HISTORY_PERIOD_YEAR, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  until = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  since = g_date_time_to_unix (until) - period_span (period) / G_TIME_SPAN_SECOND;

  found = g_ptr_array_new_with_free_func ((GDestroyNotify) md_history_pattern_free);

  locker = g_mutex_locker_new (&self->mutex);
  if (!ensure_open (self, error))
    return NULL;

  for (StmtId id = STMT_PATTERN_DOMAIN_REASON; id <= STMT_PATTERN_FINDING; id++)
    if (!collect_patterns (self, not_failures, id, since, g_date_time_to_unix (until), min_count, period,
                           found, error))
      return NULL;

  g_clear_pointer (&locker, g_mutex_locker_free);

  patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) md_history_pattern_free);
  for (guint i = 0; i < found->len; i++)
    {
      MdHistoryPattern *pattern = g_ptr_array_index (found, i);

      if (!is_redundant (found, pattern))
        g_ptr_array_add (patterns, md_history_pattern_copy (pattern));
    }

  return g_steal_pointer (&patterns);
}

static void
patterns_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  QueryData *data = task_data;
  GError *error = NULL;
  GPtrArray *patterns;

  patterns = md_history_find_patterns (source_object, data->now, data->period,
                                       data->min_count, &error);
  if (patterns == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, patterns, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * md_history_find_patterns_async:
 * @self: a #MdHistory
 * @now: (nullable): see md_history_find_patterns()
 * @period: see md_history_find_patterns()
 * @min_count: see md_history_find_patterns()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Runs md_history_find_patterns() in a worker thread.
 */
void
md_history_find_patterns_async (MdHistory           *self,
                                GDateTime           *now,
                                MdHistoryPeriod      period,
                                guint                min_count,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (MD_IS_HISTORY (self));
  g_return_if_fail (period <= MD_HISTORY_PERIOD_YEAR);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (QueryData, 1);
  data->now = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  data->period = period;
  data->min_count = min_count;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_history_find_patterns_async);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, patterns_thread);
}

/**
 * md_history_find_patterns_finish:
 * @self: a #MdHistory
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type MdHistoryPattern) (nullable): the
 *   patterns
 */
GPtrArray *
md_history_find_patterns_finish (MdHistory     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (MD_IS_HISTORY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Import and export */

/**
 * md_history_export_json:
 * @self: a #MdHistory
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the whole history as one JSON
 *   document: `{"format": "mail-doctor-history", "version": 1,
 *   "incidents": [...]}`, oldest first
 */
char *
md_history_export_json (MdHistory  *self,
                        GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) root = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MD_IS_HISTORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, HISTORY_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "incidents");
  json_builder_begin_array (builder);

  locker = g_mutex_locker_new (&self->mutex);
  if (!ensure_open (self, error) || (stmt = get_stmt (self, STMT_EXPORT, error)) == NULL)
    return NULL;

  parser = json_parser_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *json = (const char *) sqlite3_column_text (stmt, 0);

      if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
        continue;
      json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error);
      return NULL;
    }
  g_clear_pointer (&locker, g_mutex_locker_free);

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, TRUE);
}

/**
 * md_history_import_json:
 * @self: a #MdHistory
 * @data: a document written by md_history_export_json()
 * @length: the length of @data, or -1 if it is nul-terminated
 * @n_imported: (out) (optional): how many incidents were imported
 * @error: return location for an error
 *
 * Adds the incidents of @data to the history, replacing the ones with the
 * same id. Nothing is imported if any incident is damaged.
 *
 * Returns: whether the history was imported
 */
gboolean
md_history_import_json (MdHistory   *self,
                        const char  *data,
                        gssize       length,
                        guint       *n_imported,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) incidents = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;

  g_return_val_if_fail (MD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_imported != NULL)
    *n_imported = 0;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The history file cannot be read: it is not valid JSON (%s)."),
                   local_error->message);
      return FALSE;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node),
                                                             "format", NULL), HISTORY_FORMAT) != 0)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("This is not a Mail Doctor history file."));
      return FALSE;
    }

  object = json_node_get_object (node);
  if (json_object_get_int_member_with_default (object, "version", 0) > 1)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_VERSION,
                   _("This history file was written by a newer version of Mail Doctor. "
                     "Update Mail Doctor to import it."));
      return FALSE;
    }

  node = json_object_get_member (object, "incidents");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("This is not a Mail Doctor history file."));
      return FALSE;
    }

  array = json_node_get_array (node);
  incidents = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      MdIncident *incident = md_incident_new_from_json (json_array_get_element (array, i), error);

      if (incident == NULL)
        return FALSE;
      g_ptr_array_add (incidents, incident);
    }

  if (!md_history_save_many (self, incidents, error))
    return FALSE;

  if (n_imported != NULL)
    *n_imported = incidents->len;

  return TRUE;
}
