/* test-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "md-core.h"

typedef struct
{
  char      *dir;
  char      *path;
  MdHistory *history;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("md-history-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "sub", "history.db", NULL);
  f->history = md_history_new (f->path);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->history);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static MdIncident *
make_incident (const char        *address,
               const char        *reason,
               MdIncidentOutcome  outcome,
               gint64             created_unix,
               const char        *finding_code)
{
  MdIncident *incident = md_incident_new ();
  g_autoptr(MdIncidentRecipient) r = md_incident_recipient_new (address);
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (created_unix);

  r->reason = g_strdup (reason);
  r->diagnostic = g_strdup_printf ("550 something about %s", address);
  md_incident_add_recipient (incident, r);
  md_incident_set_sender (incident, "alice@provider.example");
  md_incident_set_outcome (incident, outcome);
  if (finding_code != NULL)
    {
      g_autoptr(MdFinding) finding = md_finding_new (MD_SEVERITY_PROBLEM, MD_STEP_CHECK_SETTINGS,
                                                     finding_code, "The server refuses to sign you in",
                                                     NULL, NULL);
      md_incident_add_finding (incident, finding);
    }
  md_incident_set_created (incident, created);
  md_incident_set_updated (incident, created);

  return incident;
}

/* 2026-11-20 12:00:00 UTC */
#define NOW 1795176000
#define DAY (24 * 3600)

static void
test_history_default_path_isolated (void)
{
  g_autofree char *path = md_history_get_default_path ();
  g_autoptr(MdHistory) history = md_history_new (NULL);

  /* G_TEST_OPTION_ISOLATE_DIRS: the user data dir is a temporary one. */
  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (path, "/mail-doctor/history.db"));
  g_assert_cmpstr (md_history_get_path (history), ==, path);
  g_assert_true (g_str_has_prefix (g_get_user_data_dir (), g_get_tmp_dir ()));
}

static void
test_history_migrate (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdHistory) again = NULL;
  g_autoptr(MdHistory) future = NULL;
  g_autofree char *future_path = g_build_filename (f->dir, "future.db", NULL);
  g_autofree char *empty_path = g_build_filename (f->dir, "empty.db", NULL);
  g_autoptr(MdHistory) empty = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (md_history_get_schema_version (f->history), ==, 0);
  g_assert_true (md_history_open (f->history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (md_history_get_schema_version (f->history), ==, MD_HISTORY_SCHEMA_VERSION);
  g_assert_cmpint (md_history_count (f->history, &error), ==, 0);
  g_assert_no_error (error);

  /* WAL mode and the migration record. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT(*) FROM schema_migrations", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, MD_HISTORY_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* Opening an up-to-date database changes nothing. */
  again = md_history_new (f->path);
  g_assert_true (md_history_open (again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (md_history_get_schema_version (again), ==, MD_HISTORY_SCHEMA_VERSION);

  /* An existing empty file is a database without schema: it is migrated. */
  g_file_set_contents (empty_path, "", 0, &error);
  g_assert_no_error (error);
  empty = md_history_new (empty_path);
  g_assert_true (md_history_open (empty, &error));
  g_assert_no_error (error);
  g_assert_cmpint (md_history_get_schema_version (empty), ==, MD_HISTORY_SCHEMA_VERSION);

  /* A database from a newer Mail Doctor is refused, not damaged. */
  g_assert_cmpint (sqlite3_open (future_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  future = md_history_new (future_path);
  g_assert_false (md_history_open (future, &error));
  g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_VERSION);
}

static void
test_history_crud (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MdIncident) incident = make_incident ("bob@example.org", "mailboxfull",
                                                  MD_INCIDENT_OUTCOME_OPEN, NOW - DAY, NULL);
  g_autoptr(MdIncident) stranger = md_incident_new ();
  g_autoptr(MdIncident) got = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  const MdHistoryEntry *entry;

  g_assert_true (md_history_add (f->history, incident, &error));
  g_assert_no_error (error);
  g_assert_false (md_history_add (f->history, incident, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (md_history_count (f->history, NULL), ==, 1);

  got = md_history_get (f->history, md_incident_get_id (incident), &error);
  g_assert_no_error (error);
  a = md_incident_to_json_string (incident, NULL);
  b = md_incident_to_json_string (got, NULL);
  g_assert_cmpstr (a, ==, b);
  g_clear_object (&got);
  g_clear_pointer (&b, g_free);

  /* Update: new outcome, new recipient. */
  {
    g_autoptr(MdIncidentRecipient) r = md_incident_recipient_new ("carol@Example.NET");

    r->reason = g_strdup ("userunknown");
    md_incident_add_recipient (incident, r);
    md_incident_set_outcome (incident, MD_INCIDENT_OUTCOME_RESOLVED);
  }
  g_assert_true (md_history_update (f->history, incident, &error));
  g_assert_no_error (error);
  got = md_history_get (f->history, md_incident_get_id (incident), &error);
  g_assert_no_error (error);
  g_assert_cmpint (md_incident_get_outcome (got), ==, MD_INCIDENT_OUTCOME_RESOLVED);

  list = md_history_list (f->history, NULL, NULL, NULL, -1, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  entry = g_ptr_array_index (list, 0);
  g_assert_cmpstr (entry->id, ==, md_incident_get_id (incident));
  g_assert_cmpstr (entry->title, ==, "bob@example.org");
  g_assert_cmpint (entry->outcome, ==, MD_INCIDENT_OUTCOME_RESOLVED);
  g_assert_cmpint (g_date_time_to_unix (entry->created), ==, NOW - DAY);
  g_assert_cmpuint (g_strv_length (entry->domains), ==, 2);
  g_assert_cmpstr (entry->domains[0], ==, "example.net");
  g_assert_cmpstr (entry->domains[1], ==, "example.org");
  g_assert_cmpstr (entry->reasons[0], ==, "mailboxfull");
  g_assert_cmpstr (entry->reasons[1], ==, "userunknown");

  g_assert_false (md_history_update (f->history, stranger, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* save = add or update */
  g_assert_true (md_history_save (f->history, stranger, &error));
  g_assert_no_error (error);
  g_assert_true (md_history_save (f->history, stranger, &error));
  g_assert_no_error (error);
  g_assert_cmpint (md_history_count (f->history, NULL), ==, 2);

  g_assert_true (md_history_delete (f->history, md_incident_get_id (incident), &error));
  g_assert_no_error (error);
  g_assert_false (md_history_delete (f->history, md_incident_get_id (incident), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (md_history_get (f->history, md_incident_get_id (incident), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpint (md_history_count (f->history, NULL), ==, 1);
}

static guint
list_len (MdHistory  *history,
          const char *text,
          const char *reason,
          const char *domain,
          int         outcome)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = md_history_list (history, text, reason, domain, outcome, 0, 0, &error);

  g_assert_no_error (error);
  return list->len;
}

static void
add_all (MdHistory *history,
         GPtrArray *incidents)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (md_history_save_many (history, incidents, &error));
  g_assert_no_error (error);
}

static void
test_history_filters (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) incidents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (incidents, make_incident ("bob@example.org", "mailboxfull", MD_INCIDENT_OUTCOME_OPEN, NOW - 5 * DAY, NULL));
  g_ptr_array_add (incidents, make_incident ("carol@example.org", "userunknown", MD_INCIDENT_OUTCOME_RESOLVED, NOW - 4 * DAY, NULL));
  g_ptr_array_add (incidents, make_incident ("dave@other.test", "mailboxfull", MD_INCIDENT_OUTCOME_WORKAROUND, NOW - 3 * DAY, NULL));
  g_ptr_array_add (incidents, make_incident ("100%_sure@odd.test", "blocked", MD_INCIDENT_OUTCOME_OPEN, NOW - 2 * DAY, NULL));
  md_incident_set_step_notes (g_ptr_array_index (incidents, 2), MD_STEP_CONTACT_RECIPIENT,
                              "Phoned Dave, he said the Mailbox was Über-full");
  {
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (NOW - 3 * DAY);

    md_incident_set_updated (g_ptr_array_index (incidents, 2), when);
  }
  add_all (f->history, incidents);

  g_assert_cmpuint (list_len (f->history, NULL, NULL, NULL, -1), ==, 4);
  g_assert_cmpuint (list_len (f->history, "", "", "", -1), ==, 4);
  /* Text search: addresses, notes (case-insensitive, also beyond ASCII). */
  g_assert_cmpuint (list_len (f->history, "EXAMPLE.ORG", NULL, NULL, -1), ==, 2);
  g_assert_cmpuint (list_len (f->history, "über-FULL", NULL, NULL, -1), ==, 1);
  g_assert_cmpuint (list_len (f->history, "phoned dave", NULL, NULL, -1), ==, 1);
  /* LIKE wildcards in the search are taken literally. */
  g_assert_cmpuint (list_len (f->history, "100%_", NULL, NULL, -1), ==, 1);
  g_assert_cmpuint (list_len (f->history, "%", NULL, NULL, -1), ==, 1);
  g_assert_cmpuint (list_len (f->history, "_", NULL, NULL, -1), ==, 1);
  /* Input is bound, never SQL. */
  g_assert_cmpuint (list_len (f->history, "'; DROP TABLE incidents; --", NULL, NULL, -1), ==, 0);
  g_assert_cmpuint (list_len (f->history, NULL, "x' OR '1'='1", NULL, -1), ==, 0);
  g_assert_cmpint (md_history_count (f->history, NULL), ==, 4);

  g_assert_cmpuint (list_len (f->history, NULL, "mailboxfull", NULL, -1), ==, 2);
  g_assert_cmpuint (list_len (f->history, NULL, NULL, "example.org", -1), ==, 2);
  g_assert_cmpuint (list_len (f->history, NULL, NULL, "Example.ORG", -1), ==, 2);
  g_assert_cmpuint (list_len (f->history, NULL, "mailboxfull", "example.org", -1), ==, 1);
  g_assert_cmpuint (list_len (f->history, NULL, NULL, NULL, MD_INCIDENT_OUTCOME_OPEN), ==, 2);
  g_assert_cmpuint (list_len (f->history, NULL, "mailboxfull", NULL, MD_INCIDENT_OUTCOME_WORKAROUND), ==, 1);
  g_assert_cmpuint (list_len (f->history, "bob", NULL, NULL, MD_INCIDENT_OUTCOME_RESOLVED), ==, 0);

  /* Paging, most recently changed first. */
  page = md_history_list (f->history, NULL, NULL, NULL, -1, 1, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpstr (((MdHistoryEntry *) g_ptr_array_index (page, 0))->title, ==, "dave@other.test");
  g_assert_cmpstr (((MdHistoryEntry *) g_ptr_array_index (page, 1))->title, ==, "carol@example.org");
}

static const MdHistoryPattern *
find_pattern (GPtrArray            *patterns,
              MdHistoryPatternKind  kind,
              const char           *key)
{
  for (guint i = 0; i < patterns->len; i++)
    {
      const MdHistoryPattern *p = g_ptr_array_index (patterns, i);
      const char *k = kind == MD_HISTORY_PATTERN_REASON ? p->reason :
                      kind == MD_HISTORY_PATTERN_FINDING ? p->code : p->domain;

      if (p->kind == kind && g_strcmp0 (k, key) == 0)
        return p;
    }
  return NULL;
}

static void
test_history_patterns (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) incidents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GPtrArray) week = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (NOW);
  g_autoptr(GError) error = NULL;
  const MdHistoryPattern *p;

  /* example.org: mailbox full 3 times this month, once long ago. */
  g_ptr_array_add (incidents, make_incident ("bob@example.org", "mailboxfull", MD_INCIDENT_OUTCOME_OPEN, NOW - 2 * DAY, NULL));
  g_ptr_array_add (incidents, make_incident ("bob@example.org", "mailboxfull", MD_INCIDENT_OUTCOME_OPEN, NOW - 9 * DAY, NULL));
  g_ptr_array_add (incidents, make_incident ("eve@example.org", "mailboxfull", MD_INCIDENT_OUTCOME_OPEN, NOW - 20 * DAY, NULL));
  g_ptr_array_add (incidents, make_incident ("bob@example.org", "mailboxfull", MD_INCIDENT_OUTCOME_OPEN, NOW - 90 * DAY, NULL));
  /* unknown addresses at two domains, with the same failing sign-in */
  g_ptr_array_add (incidents, make_incident ("x@one.test", "userunknown", MD_INCIDENT_OUTCOME_OPEN, NOW - 3 * DAY, "smtp.auth-failed"));
  g_ptr_array_add (incidents, make_incident ("y@two.test", "userunknown", MD_INCIDENT_OUTCOME_OPEN, NOW - 4 * DAY, "smtp.auth-failed"));
  /* auto-replies are not failures */
  g_ptr_array_add (incidents, make_incident ("z@three.test", "vacation", MD_INCIDENT_OUTCOME_OPEN, NOW - 1 * DAY, NULL));
  g_ptr_array_add (incidents, make_incident ("z@three.test", "vacation", MD_INCIDENT_OUTCOME_OPEN, NOW - 2 * DAY, NULL));
  /* in the future of "now": not counted */
  g_ptr_array_add (incidents, make_incident ("bob@example.org", "mailboxfull", MD_INCIDENT_OUTCOME_OPEN, NOW + DAY, NULL));
  add_all (f->history, incidents);

  patterns = md_history_find_patterns (f->history, now, MD_HISTORY_PERIOD_MONTH, 2, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < patterns->len; i++)
    g_test_message ("pattern: %s", ((MdHistoryPattern *) g_ptr_array_index (patterns, i))->sentence);

  p = find_pattern (patterns, MD_HISTORY_PATTERN_DOMAIN_REASON, "example.org");
  g_assert_nonnull (p);
  g_assert_cmpuint (p->count, ==, 3);
  g_assert_cmpstr (p->reason, ==, "mailboxfull");
  g_assert_cmpstr (p->sentence, ==,
                   "Mail to example.org has failed 3 times in the last 30 days for the same reason: "
                   "“The recipient’s mailbox is full”.");
  /* The domain alone says nothing more. */
  g_assert_null (find_pattern (patterns, MD_HISTORY_PATTERN_DOMAIN, "example.org"));

  p = find_pattern (patterns, MD_HISTORY_PATTERN_REASON, "userunknown");
  g_assert_nonnull (p);
  g_assert_cmpuint (p->count, ==, 2);
  g_assert_cmpstr (p->sentence, ==,
                   "The same problem, “The address does not exist”, has stopped 2 emails in the last 30 days.");
  g_assert_null (find_pattern (patterns, MD_HISTORY_PATTERN_REASON, "mailboxfull"));

  p = find_pattern (patterns, MD_HISTORY_PATTERN_FINDING, "smtp.auth-failed");
  g_assert_nonnull (p);
  g_assert_cmpuint (p->count, ==, 2);
  g_assert_cmpstr (p->sentence, ==,
                   "The same problem with the email settings, “The server refuses to sign you in”, "
                   "was found 2 times in the last 30 days.");

  g_assert_null (find_pattern (patterns, MD_HISTORY_PATTERN_DOMAIN_REASON, "three.test"));
  g_assert_null (find_pattern (patterns, MD_HISTORY_PATTERN_REASON, "vacation"));
  g_assert_null (find_pattern (patterns, MD_HISTORY_PATTERN_DOMAIN, "three.test"));
  g_assert_cmpuint (patterns->len, ==, 3);

  /* In the last week only one example.org failure: no pattern at all. */
  week = md_history_find_patterns (f->history, now, MD_HISTORY_PERIOD_WEEK, 2, &error);
  g_assert_no_error (error);
  g_assert_null (find_pattern (week, MD_HISTORY_PATTERN_DOMAIN_REASON, "example.org"));
  p = find_pattern (week, MD_HISTORY_PATTERN_FINDING, "smtp.auth-failed");
  g_assert_nonnull (p);
  g_assert_nonnull (strstr (p->sentence, "in the last 7 days"));
}

static void
test_history_export_import (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) incidents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(MdHistory) other = md_history_new (other_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *exported_again = NULL;
  guint n = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *address = g_strdup_printf ("user%u@example.org", i);
      g_ptr_array_add (incidents, make_incident (address, "mailboxfull", MD_INCIDENT_OUTCOME_OPEN,
                                                 NOW - i * DAY, i % 2 ? "smtp.x" : NULL));
    }
  add_all (f->history, incidents);

  exported = md_history_export_json (f->history, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (exported, "\"mail-doctor-history\""));

  g_assert_true (md_history_import_json (other, exported, -1, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpint (md_history_count (other, NULL), ==, 5);

  for (guint i = 0; i < incidents->len; i++)
    {
      MdIncident *incident = g_ptr_array_index (incidents, i);
      g_autoptr(MdIncident) copy = md_history_get (other, md_incident_get_id (incident), &error);
      g_autofree char *a = md_incident_to_json_string (incident, NULL);
      g_autofree char *b = NULL;

      g_assert_no_error (error);
      b = md_incident_to_json_string (copy, NULL);
      g_assert_cmpstr (a, ==, b);
    }

  /* Importing twice replaces instead of duplicating. */
  g_assert_true (md_history_import_json (other, exported, -1, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (md_history_count (other, NULL), ==, 5);
  exported_again = md_history_export_json (other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exported, ==, exported_again);

  /* Damaged files import nothing. */
  g_assert_false (md_history_import_json (other, "{\"format\": \"mail-doctor-history\", \"version\": 1,"
                                                 " \"incidents\": [ {\"format\": \"nope\"} ]}", -1, &n, &error));
  g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (md_history_import_json (other, "{\"format\": \"mail-doctor-history\", \"version\": 5,"
                                                 " \"incidents\": []}", -1, &n, &error));
  g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_VERSION);
  g_clear_error (&error);
  g_assert_false (md_history_import_json (other, "garbage", -1, &n, &error));
  g_assert_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID);
  g_assert_cmpint (md_history_count (other, NULL), ==, 5);
}

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The worker thread drops its reference to the task (and so to the
 * history) a moment after the callback ran: wait for it. */
static void
release_task (GAsyncResult **result)
{
  gpointer task = *result;

  g_object_add_weak_pointer (task, &task);
  g_clear_object (result);
  while (task != NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_history_async (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) incidents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (NOW);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (incidents, make_incident ("a@example.org", "mailboxfull", MD_INCIDENT_OUTCOME_OPEN, NOW - DAY, NULL));
  g_ptr_array_add (incidents, make_incident ("b@example.org", "mailboxfull", MD_INCIDENT_OUTCOME_OPEN, NOW - 2 * DAY, NULL));
  add_all (f->history, incidents);

  md_history_list_async (f->history, "a@", NULL, NULL, -1, 0, 10, NULL, async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  list = md_history_list_finish (f->history, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  release_task (&result);

  md_history_find_patterns_async (f->history, now, MD_HISTORY_PERIOD_MONTH, 2, NULL, async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  patterns = md_history_find_patterns_finish (f->history, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patterns->len, ==, 1);
  g_assert_nonnull (strstr (((MdHistoryPattern *) g_ptr_array_index (patterns, 0))->sentence,
                            "Mail to example.org has failed 2 times"));
  release_task (&result);
}

static void
test_history_large (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const domains[] = { "example.org", "example.net", "mail.test", "big.example",
                                          "small.example", "gmail.example", "corp.example" };
  static const char * const reasons[] = { "mailboxfull", "userunknown", "hostunknown", "blocked",
                                          "expired", "spamdetected", "norelaying" };
  g_autoptr(GPtrArray) incidents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) filtered = NULL;
  g_autoptr(GPtrArray) searched = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(MdIncident) first = NULL;
  g_autoptr(MdHistory) reopened = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (NOW);
  g_autoptr(GError) error = NULL;
  gint64 t0, t1;
  const guint n = 10000;

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *address = g_strdup_printf ("user%u@%s", i % 97, domains[i % G_N_ELEMENTS (domains)]);

      g_ptr_array_add (incidents, make_incident (address, reasons[(i / 3) % G_N_ELEMENTS (reasons)],
                                                 (MdIncidentOutcome) (i % 3), NOW - (gint64) i * 3600,
                                                 i % 5 == 0 ? "smtp.auth-failed" : NULL));
    }
  t1 = g_get_monotonic_time ();
  g_test_message ("build %u incidents: %.0f ms", n, (t1 - t0) / 1000.0);

  t0 = g_get_monotonic_time ();
  add_all (f->history, incidents);
  t1 = g_get_monotonic_time ();
  g_test_message ("store %u incidents in one transaction: %.0f ms", n, (t1 - t0) / 1000.0);
  g_assert_cmpint (md_history_count (f->history, NULL), ==, n);

  /* A fresh connection, as the app has at start-up. */
  reopened = md_history_new (f->path);

  t0 = g_get_monotonic_time ();
  page = md_history_list (reopened, NULL, NULL, NULL, -1, 0, 50, &error);
  t1 = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 50);
  g_test_message ("open + list first page (50): %.1f ms", (t1 - t0) / 1000.0);

  t0 = g_get_monotonic_time ();
  first = md_history_get (reopened, ((MdHistoryEntry *) g_ptr_array_index (page, 0))->id, &error);
  t1 = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_test_message ("open the first incident: %.2f ms", (t1 - t0) / 1000.0);

  t0 = g_get_monotonic_time ();
  filtered = md_history_list (reopened, NULL, "mailboxfull", "example.org", MD_INCIDENT_OUTCOME_OPEN, 0, 50, &error);
  t1 = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_assert_cmpuint (filtered->len, >, 0);
  g_test_message ("list first page with reason + domain + outcome filters: %.1f ms", (t1 - t0) / 1000.0);

  t0 = g_get_monotonic_time ();
  searched = md_history_list (reopened, "user42@", NULL, NULL, -1, 0, 50, &error);
  t1 = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_assert_cmpuint (searched->len, ==, 50);
  g_test_message ("full-text search, first page: %.1f ms", (t1 - t0) / 1000.0);

  t0 = g_get_monotonic_time ();
  patterns = md_history_find_patterns (reopened, now, MD_HISTORY_PERIOD_MONTH, 3, &error);
  t1 = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_assert_cmpuint (patterns->len, >, 0);
  g_test_message ("pattern query over the last 30 days (%u patterns): %.1f ms",
                  patterns->len, (t1 - t0) / 1000.0);

  g_clear_pointer (&patterns, g_ptr_array_unref);
  t0 = g_get_monotonic_time ();
  patterns = md_history_find_patterns (reopened, now, MD_HISTORY_PERIOD_YEAR, 3, &error);
  t1 = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_test_message ("pattern query over the last 12 months (all %u incidents, %u patterns): %.1f ms",
                  n, patterns->len, (t1 - t0) / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history/default-path", test_history_default_path_isolated);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/history/migrate", test_history_migrate);
  ADD ("/history/crud", test_history_crud);
  ADD ("/history/filters", test_history_filters);
  ADD ("/history/patterns", test_history_patterns);
  ADD ("/history/export-import", test_history_export_import);
  ADD ("/history/async", test_history_async);
  ADD ("/history/large", test_history_large);
#undef ADD

  return g_test_run ();
}
