/* md-history-window.c: past incidents, searchable, and what keeps happening
 *
 * The list is filled page by page from md_history_list_async(): the first
 * rows show at once, the rest follow without blocking the window. Searching
 * and filtering run as new queries in the database; a newer query cancels
 * the one in flight. Patterns (“Mail to example.org has failed 3 times in
 * the last 30 days”) come from md_history_find_patterns_async().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-file-chooser.h"
#include "md-history-item.h"
#include "md-history-row.h"
#include "md-history-window-private.h"
#include "md-reason.h"

#define FIRST_PAGE        100
#define NEXT_PAGE         2000
#define MAX_PATTERNS      3
#define PATTERN_MIN_COUNT 3
#define SPINNER_DELAY_MS  500

struct _MdHistoryWindow
{
  AdwWindow parent_instance;

  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkBox             *patterns_box;
  GtkListBox         *pattern_list;
  GtkSearchEntry     *search_entry;
  GtkBox             *filter_box;
  GtkDropDown        *reason_dropdown;
  GtkDropDown        *domain_dropdown;
  GtkDropDown        *outcome_dropdown;
  GtkStringList      *reason_model;
  GtkStringList      *domain_model;
  GtkStringList      *outcome_model;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *error_page;
  GtkListView        *list_view;
  GListStore         *store;

  MdHistory    *history;
  GCancellable *cancellable;       /* everything the window started */
  GCancellable *load_cancellable;  /* the listing in flight */
  GPtrArray    *reason_ids;        /* parallel to reason_model; [0] is NULL: all */
  GPtrArray    *domain_ids;
  GHashTable   *seen_reasons;      /* filled by an unfiltered listing */
  GHashTable   *seen_domains;
  guint         generation;
  gboolean      loading;
  gboolean      updating_filters;
  gboolean      patterns_wanted;   /* after the first rows: they share a lock */
  char         *listed_text;       /* the search of the last listing */
  guint         spinner_id;
};

G_DEFINE_FINAL_TYPE (MdHistoryWindow, md_history_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  INCIDENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  MdHistoryWindow *self;  /* not a reference: never used once cancelled */
  guint            generation;
  guint            offset;
  guint            limit;
  gboolean         unfiltered;
  char            *text;
  char            *reason;
  char            *domain;
  int              outcome;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->text);
  g_free (data->reason);
  g_free (data->domain);
  g_free (data);
}

static void start_load (MdHistoryWindow *self);
static void refresh_patterns (MdHistoryWindow *self);

/* Messages */

static void
show_toast (MdHistoryWindow *self,
            const char      *message,
            gboolean         sticky)
{
  AdwToast *toast = adw_toast_new (message);

  if (sticky)
    adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
start_spinner_cb (gpointer user_data)
{
  MdHistoryWindow *self = user_data;

  self->spinner_id = 0;
  gtk_spinner_set_spinning (self->spinner, TRUE);

  return G_SOURCE_REMOVE;
}

static void
set_loading (MdHistoryWindow *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;

  /* A quick listing shows no spinner at all, and redraws nothing while the
   * database works. */
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  if (loading)
    self->spinner_id = g_timeout_add (SPINNER_DELAY_MS, start_spinner_cb, self);
  else
    gtk_spinner_set_spinning (self->spinner, FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
filters_are_empty (MdHistoryWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  return (text == NULL || *text == '\0') &&
         gtk_drop_down_get_selected (self->reason_dropdown) == 0 &&
         gtk_drop_down_get_selected (self->domain_dropdown) == 0 &&
         gtk_drop_down_get_selected (self->outcome_dropdown) == 0;
}

static void
update_view (MdHistoryWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") == 0)
    return;

  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (self->loading)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (filters_are_empty (self))
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "no-results");

  /* Searching and filters make no sense without anything to look at. */
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry),
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_box),
                          gtk_widget_get_visible (GTK_WIDGET (self->search_entry)));

  if (!self->loading)
    {
      g_autofree char *subtitle = NULL;

      if (n > 0)
        /* Translators: shown under the window title */
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u incident", "%u incidents", n), n);
      adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
    }
}

/* Filters */

static int
compare_reason_titles (gconstpointer a,
                       gconstpointer b)
{
  const char *id_a = *(const char * const *) a;
  const char *id_b = *(const char * const *) b;
  const MdReason *reason_a = md_reason_lookup (id_a);
  const MdReason *reason_b = md_reason_lookup (id_b);

  return g_utf8_collate (reason_a != NULL ? md_reason_get_title (reason_a) : id_a,
                         reason_b != NULL ? md_reason_get_title (reason_b) : id_b);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Replaces the choices of a drop-down, keeping “All” first. */
static void
set_choices (GtkDropDown   *dropdown,
             GtkStringList *model,
             GPtrArray     *ids,
             GHashTable    *seen,
             GCompareFunc   compare,
             gboolean       reasons)
{
  g_autofree const char **keys = NULL;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  guint n_keys = 0;

  keys = (const char **) g_hash_table_get_keys_as_array (seen, &n_keys);
  qsort (keys, n_keys, sizeof (char *), compare);

  g_ptr_array_set_size (ids, 1);
  for (guint i = 0; i < n_keys; i++)
    {
      const MdReason *reason = reasons ? md_reason_lookup (keys[i]) : NULL;

      g_ptr_array_add (ids, g_strdup (keys[i]));
      g_strv_builder_add (labels, reason != NULL ? md_reason_get_title (reason) : keys[i]);
    }

  strv = g_strv_builder_end (labels);
  gtk_string_list_splice (model, 1, g_list_model_get_n_items (G_LIST_MODEL (model)) - 1,
                          (const char * const *) strv);
  gtk_drop_down_set_selected (dropdown, 0);
}

static void
rebuild_filter_choices (MdHistoryWindow *self)
{
  self->updating_filters = TRUE;
  set_choices (self->reason_dropdown, self->reason_model, self->reason_ids,
               self->seen_reasons, compare_reason_titles, TRUE);
  set_choices (self->domain_dropdown, self->domain_model, self->domain_ids,
               self->seen_domains, compare_strings, FALSE);
  self->updating_filters = FALSE;
}

static void
note_choices (MdHistoryWindow *self,
              GPtrArray       *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const MdHistoryEntry *entry = g_ptr_array_index (entries, i);

      for (guint j = 0; entry->reasons != NULL && entry->reasons[j] != NULL; j++)
        g_hash_table_add (self->seen_reasons, g_strdup (entry->reasons[j]));
      for (guint j = 0; entry->domains != NULL && entry->domains[j] != NULL; j++)
        g_hash_table_add (self->seen_domains, g_strdup (entry->domains[j]));
    }
}

static void
on_search_entry_search_changed_cb (MdHistoryWindow *self,
                                   GtkSearchEntry  *entry)
{
  /* GtkSearchEntry also says so when the text did not change. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), self->listed_text) != 0)
    start_load (self);
}

static void
on_filter_changed_cb (MdHistoryWindow *self,
                      GParamSpec      *pspec,
                      GtkDropDown     *dropdown)
{
  if (!self->updating_filters)
    start_load (self);
}

/* Listing */

static void list_page (LoadData *data);

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LoadData *data = user_data;
  MdHistoryWindow *self;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  entries = md_history_list_finish (MD_HISTORY (object), result, &error);
  if (entries == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      load_data_free (data);
      return;
    }

  self = data->self;
  if (data->generation != self->generation)
    {
      load_data_free (data);
      return;
    }

  if (entries == NULL)
    {
      set_loading (self, FALSE);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      load_data_free (data);
      return;
    }

  items = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (items, md_history_item_new (g_ptr_array_index (entries, i)));

  /* The old rows stay until the new ones are there: no flicker. */
  g_list_store_splice (self->store,
                       data->offset == 0 ? 0 : g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       data->offset == 0 ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0,
                       items->pdata, items->len);

  if (data->unfiltered)
    note_choices (self, entries);

  if (self->patterns_wanted)
    {
      self->patterns_wanted = FALSE;
      refresh_patterns (self);
    }

  data->offset += entries->len;
  if (entries->len == data->limit)
    {
      data->limit = NEXT_PAGE;
      list_page (data);
      update_view (self);
      return;
    }

  set_loading (self, FALSE);
  if (data->unfiltered)
    rebuild_filter_choices (self);
  update_view (self);
  load_data_free (data);
}

static void
list_page (LoadData *data)
{
  md_history_list_async (data->self->history, data->text, data->reason, data->domain,
                         data->outcome, data->offset, data->limit,
                         data->self->load_cancellable, list_done_cb, data);
}

static void
start_load (MdHistoryWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint reason = gtk_drop_down_get_selected (self->reason_dropdown);
  guint domain = gtk_drop_down_get_selected (self->domain_dropdown);
  guint outcome = gtk_drop_down_get_selected (self->outcome_dropdown);
  LoadData *data;

  g_free (self->listed_text);
  self->listed_text = g_strdup (text);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->generation++;

  data = g_new0 (LoadData, 1);
  data->self = self;
  data->generation = self->generation;
  data->limit = FIRST_PAGE;
  data->unfiltered = filters_are_empty (self);
  data->text = text != NULL && *text != '\0' ? g_strdup (text) : NULL;
  data->reason = reason != GTK_INVALID_LIST_POSITION && reason < self->reason_ids->len
                   ? g_strdup (g_ptr_array_index (self->reason_ids, reason)) : NULL;
  data->domain = domain != GTK_INVALID_LIST_POSITION && domain < self->domain_ids->len
                   ? g_strdup (g_ptr_array_index (self->domain_ids, domain)) : NULL;
  /* The outcome list is “All” then the outcomes in their enum order. */
  data->outcome = outcome != GTK_INVALID_LIST_POSITION ? (int) outcome - 1 : -1;

  if (data->unfiltered)
    {
      g_hash_table_remove_all (self->seen_reasons);
      g_hash_table_remove_all (self->seen_domains);
    }

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  set_loading (self, TRUE);
  update_view (self);
  list_page (data);
}

/* Patterns */

static void
on_pattern_row_activated_cb (MdHistoryWindow *self,
                             AdwActionRow    *row)
{
  const char *domain = g_object_get_data (G_OBJECT (row), "md-domain");
  const char *reason = g_object_get_data (G_OBJECT (row), "md-reason");
  guint domain_pos = 0;
  guint reason_pos = 0;

  for (guint i = 1; domain != NULL && i < self->domain_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->domain_ids, i), domain) == 0)
      domain_pos = i;
  for (guint i = 1; reason != NULL && i < self->reason_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->reason_ids, i), reason) == 0)
      reason_pos = i;

  self->updating_filters = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->domain_dropdown, domain_pos);
  gtk_drop_down_set_selected (self->reason_dropdown, reason_pos);
  gtk_drop_down_set_selected (self->outcome_dropdown, 0);
  self->updating_filters = FALSE;

  start_load (self);
}

static GtkWidget *
create_pattern_row (MdHistoryWindow        *self,
                    const MdHistoryPattern *pattern)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gboolean can_filter = pattern->domain != NULL || pattern->reason != NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pattern->sentence);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (can_filter)
    {
      g_object_set_data_full (G_OBJECT (row), "md-domain", g_strdup (pattern->domain), g_free);
      g_object_set_data_full (G_OBJECT (row), "md-reason", g_strdup (pattern->reason), g_free);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Show these incidents"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_signal_connect_object (row, "activated", G_CALLBACK (on_pattern_row_activated_cb),
                               self, G_CONNECT_SWAPPED);
    }

  return row;
}

static void
patterns_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MdHistoryWindow *self = user_data;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  patterns = md_history_find_patterns_finish (MD_HISTORY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The list shows the error; patterns are a bonus. */
  if (patterns == NULL)
    g_debug ("No patterns: %s", error->message);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pattern_list))) != NULL)
    gtk_list_box_remove (self->pattern_list, child);

  for (guint i = 0; patterns != NULL && i < patterns->len && i < MAX_PATTERNS; i++)
    gtk_list_box_append (self->pattern_list, create_pattern_row (self, g_ptr_array_index (patterns, i)));

  gtk_widget_set_visible (GTK_WIDGET (self->patterns_box), patterns != NULL && patterns->len > 0);
}

static void
refresh_patterns (MdHistoryWindow *self)
{
  md_history_find_patterns_async (self->history, NULL, MD_HISTORY_PERIOD_MONTH, PATTERN_MIN_COUNT,
                                  self->cancellable, patterns_done_cb, self);
}

/* Opening */

static void
get_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  MdHistory *history = g_object_get_data (G_OBJECT (task), "md-history");
  GError *error = NULL;
  MdIncident *incident;

  incident = md_history_get (history, task_data, &error);
  if (incident == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, incident, g_object_unref);
}

static void
get_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (object);
  g_autoptr(MdIncident) incident = NULL;
  g_autoptr(GError) error = NULL;

  incident = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (incident == NULL)
    {
      /* Translators: %s says why */
      g_autofree char *message = g_strdup_printf (_("This incident cannot be opened: %s"), error->message);

      show_toast (self, message, TRUE);
      return;
    }

  g_signal_emit (self, signals[INCIDENT_ACTIVATED], 0, incident);
}

static void
open_incident (MdHistoryWindow *self,
               const char      *id)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, get_done_cb, NULL);

  g_task_set_source_tag (task, open_incident);
  g_task_set_task_data (task, g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (task), "md-history", g_object_ref (self->history), g_object_unref);
  g_task_run_in_thread (task, get_thread);
}

static void
on_list_view_activate_cb (MdHistoryWindow *self,
                          guint            position,
                          GtkListView     *list_view)
{
  g_autoptr(MdHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  if (item != NULL)
    open_incident (self, md_history_item_get_id (item));
}

/* Deleting */

static void
delete_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  MdHistory *history = g_object_get_data (G_OBJECT (task), "md-history");
  GError *error = NULL;

  if (!md_history_delete (history, task_data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
delete_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (object);
  const char *id = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  guint n;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Translators: %s says why */
      message = g_strdup_printf (_("The incident could not be deleted: %s"), error->message);
      show_toast (self, message, TRUE);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (g_strcmp0 (md_history_item_get_id (item), id) == 0)
        {
          g_list_store_remove (self->store, i);
          break;
        }
    }

  show_toast (self, _("Incident deleted."), FALSE);
  update_view (self);
  refresh_patterns (self);
}

static void
delete_incident (MdHistoryWindow *self,
                 const char      *id)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, delete_done_cb, NULL);

  g_task_set_source_tag (task, delete_incident);
  g_task_set_task_data (task, g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (task), "md-history", g_object_ref (self->history), g_object_unref);
  g_task_run_in_thread (task, delete_thread);
}

static void
on_delete_response_cb (GObject         *dialog,
                       const char      *response,
                       MdHistoryWindow *self)
{
  if (g_strcmp0 (response, "delete") == 0)
    delete_incident (self, g_object_get_data (dialog, "md-incident-id"));
}

static MdHistoryItem *
find_item (MdHistoryWindow *self,
           const char      *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (g_strcmp0 (md_history_item_get_id (item), id) == 0)
        return g_steal_pointer (&item);
    }

  return NULL;
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(MdHistoryItem) item = find_item (self, id);
  g_autofree char *body = NULL;
  const char *heading = _("Delete This Incident?");
  GObject *dialog;

  if (item != NULL)
    {
      g_autofree char *domains = md_history_item_dup_domains (item);
      g_autofree char *date = md_history_item_dup_date (item);

      /* Translators: 1: a domain such as example.org, 2: a date */
      body = g_strdup_printf (_("The saved case about mail to %1$s from %2$s will be removed from "
                                "this computer. This cannot be undone."), domains, date);
    }
  else
    body = g_strdup (_("The saved case will be removed from this computer. This cannot be undone."));

#if ADW_CHECK_VERSION (1, 5, 0)
  dialog = G_OBJECT (adw_alert_dialog_new (heading, body));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Cancel"),
                                  "delete", _("_Delete"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "delete",
                                            ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
#else
  dialog = G_OBJECT (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
#endif

  g_object_set_data_full (dialog, "md-incident-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
#else
  gtk_window_present (GTK_WINDOW (dialog));
#endif
}

/* Import and export */

static GListModel *
create_json_filters (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Mail Doctor History (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  g_list_store_append (filters, filter);

  return G_LIST_MODEL (filters);
}

static void
export_replace_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  MdHistoryWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why */
      message = g_strdup_printf (_("The history could not be exported: %s"), error->message);
      show_toast (self, message, TRUE);
      return;
    }

  {
    g_autofree char *basename = g_file_get_basename (G_FILE (object));

    /* Translators: %s is a file name */
    message = g_strdup_printf (_("History exported to “%s”."), basename);
    show_toast (self, message, FALSE);
  }
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  char *json;

  json = md_history_export_json (task_data, &error);
  if (json == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, json, g_free);
}

static void
export_json_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (object);
  GFile *file = g_object_get_data (G_OBJECT (result), "md-file");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *json;

  json = g_task_propagate_pointer (G_TASK (result), &error);
  if (json == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The history could not be exported: %s"), error->message);
      show_toast (self, message, TRUE);
      return;
    }

  bytes = g_bytes_new_take (json, strlen (json));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, export_replace_done_cb, self);
}

/* The chooser's second half; the outcome is a toast. */
void
_md_history_window_export_to_file (MdHistoryWindow *self,
                                   GFile           *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MD_IS_HISTORY_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, self->cancellable, export_json_done_cb, NULL);
  g_task_set_source_tag (task, _md_history_window_export_to_file);
  g_task_set_task_data (task, g_object_ref (self->history), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "md-file", g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, export_thread);
}

static void
export_chooser_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  MdHistoryWindow *self = user_data;
  g_autoptr(GFile) file = NULL;

  file = md_file_chooser_run_finish (result, NULL, NULL);
  if (file != NULL)
    _md_history_window_export_to_file (self, file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (widget);
  g_autoptr(GListModel) filters = create_json_filters ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the start of a file name, without spaces */
  g_autofree char *name = g_strdup_printf ("%s-%s.json", _("mail-doctor-history"), day);

  md_file_chooser_run_async (GTK_WINDOW (self), MD_FILE_CHOOSER_SAVE, _("Export History"),
                             _("_Export"), name, NULL, filters, 0, self->cancellable,
                             export_chooser_done_cb, self);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  MdHistory *history = g_object_get_data (G_OBJECT (task), "md-history");
  GBytes *bytes = task_data;
  GError *error = NULL;
  guint n_imported = 0;

  if (!md_history_import_json (history, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               &n_imported, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n_imported);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gssize n;

  n = g_task_propagate_int (G_TASK (result), &error);
  if (n < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why */
      message = g_strdup_printf (_("The file could not be imported: %s"), error->message);
      show_toast (self, message, TRUE);
      return;
    }

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u incident imported.",
                                          "%u incidents imported.", (gulong) n),
                             (guint) n);
  show_toast (self, message, FALSE);
  self->patterns_wanted = TRUE;
  start_load (self);
}

static void
import_load_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  MdHistoryWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("The file could not be imported: %s"), error->message);
      show_toast (self, message, TRUE);
      return;
    }

  task = g_task_new (self, self->cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, import_load_done_cb);
  g_task_set_task_data (task, g_bytes_new_take (g_steal_pointer (&contents), length),
                        (GDestroyNotify) g_bytes_unref);
  g_object_set_data_full (G_OBJECT (task), "md-history", g_object_ref (self->history), g_object_unref);
  g_task_run_in_thread (task, import_thread);
}

/* The chooser's second half; the outcome is a toast and a new listing. */
void
_md_history_window_import_file (MdHistoryWindow *self,
                                GFile           *file)
{
  g_return_if_fail (MD_IS_HISTORY_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_contents_async (file, self->cancellable, import_load_done_cb, self);
}

static void
import_chooser_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  MdHistoryWindow *self = user_data;
  g_autoptr(GFile) file = NULL;

  file = md_file_chooser_run_finish (result, NULL, NULL);
  if (file != NULL)
    _md_history_window_import_file (self, file);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (widget);
  g_autoptr(GListModel) filters = create_json_filters ();

  md_file_chooser_run_async (GTK_WINDOW (self), MD_FILE_CHOOSER_OPEN, _("Import History"),
                             _("_Import"), NULL, NULL, filters, 0, self->cancellable,
                             import_chooser_done_cb, self);
}

static gboolean
focus_search_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* GObject */

static void
md_history_window_constructed (GObject *object)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (object);

  G_OBJECT_CLASS (md_history_window_parent_class)->constructed (object);

  if (self->history == NULL)
    self->history = md_history_window_create_history ();

  self->patterns_wanted = TRUE;
  start_load (self);
}

static void
md_history_window_dispose (GObject *object)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_handle_id (&self->spinner_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_HISTORY_WINDOW);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (md_history_window_parent_class)->dispose (object);
}

static void
md_history_window_finalize (GObject *object)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->listed_text, g_free);
  g_clear_pointer (&self->reason_ids, g_ptr_array_unref);
  g_clear_pointer (&self->domain_ids, g_ptr_array_unref);
  g_clear_pointer (&self->seen_reasons, g_hash_table_unref);
  g_clear_pointer (&self->seen_domains, g_hash_table_unref);

  G_OBJECT_CLASS (md_history_window_parent_class)->finalize (object);
}

static void
md_history_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_history_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MdHistoryWindow *self = MD_HISTORY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      self->history = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_history_window_class_init (MdHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = md_history_window_constructed;
  object_class->dispose = md_history_window_dispose;
  object_class->finalize = md_history_window_finalize;
  object_class->get_property = md_history_window_get_property;
  object_class->set_property = md_history_window_set_property;

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL,
                         MD_TYPE_HISTORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MdHistoryWindow::incident-activated:
   * @self: the window
   * @incident: the incident the user chose, loaded from the history
   *
   * The user wants to look at a past incident again.
   */
  signals[INCIDENT_ACTIVATED] =
    g_signal_new ("incident-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MD_TYPE_INCIDENT);

  g_type_ensure (MD_TYPE_HISTORY_ITEM);
  g_type_ensure (MD_TYPE_HISTORY_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/md-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, patterns_box);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, pattern_list);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, filter_box);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, domain_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, outcome_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, reason_model);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, domain_model);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, outcome_model);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryWindow, store);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "history.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "history.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "history.export", NULL, export_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, focus_search_cb, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
md_history_window_init (MdHistoryWindow *self)
{
  const char * const outcomes[] = {
    md_incident_outcome_get_label (MD_INCIDENT_OUTCOME_OPEN),
    md_incident_outcome_get_label (MD_INCIDENT_OUTCOME_RESOLVED),
    md_incident_outcome_get_label (MD_INCIDENT_OUTCOME_WORKAROUND),
    NULL
  };

  self->cancellable = g_cancellable_new ();
  self->reason_ids = g_ptr_array_new_with_free_func (g_free);
  self->domain_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->reason_ids, NULL);
  g_ptr_array_add (self->domain_ids, NULL);
  self->seen_reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->seen_domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->updating_filters = TRUE;
  gtk_string_list_append (self->reason_model, _("All reasons"));
  gtk_string_list_append (self->domain_model, _("All domains"));
  gtk_string_list_append (self->outcome_model, _("All outcomes"));
  gtk_string_list_splice (self->outcome_model, 1, 0, outcomes);
  gtk_drop_down_set_selected (self->reason_dropdown, 0);
  gtk_drop_down_set_selected (self->domain_dropdown, 0);
  gtk_drop_down_set_selected (self->outcome_dropdown, 0);
  self->updating_filters = FALSE;
}

/**
 * md_history_window_create_history:
 *
 * Returns: (transfer full): the user's history, or the database named by
 *   the `MAIL_DOCTOR_HISTORY_DB` environment variable
 */
MdHistory *
md_history_window_create_history (void)
{
  const char *path = g_getenv (MD_HISTORY_DB_ENV);

  return md_history_new (path != NULL && *path != '\0' ? path : NULL);
}

/**
 * md_history_window_new:
 * @history: (nullable): the history to show, %NULL for the user's
 *
 * Returns: a new window, already loading
 */
MdHistoryWindow *
md_history_window_new (MdHistory *history)
{
  g_return_val_if_fail (history == NULL || MD_IS_HISTORY (history), NULL);

  return g_object_new (MD_TYPE_HISTORY_WINDOW, "history", history, NULL);
}

MdHistory *
md_history_window_get_history (MdHistoryWindow *self)
{
  g_return_val_if_fail (MD_IS_HISTORY_WINDOW (self), NULL);
  return self->history;
}

gboolean
md_history_window_is_loading (MdHistoryWindow *self)
{
  g_return_val_if_fail (MD_IS_HISTORY_WINDOW (self), FALSE);
  return self->loading;
}

/**
 * md_history_window_reload:
 * @self: a #MdHistoryWindow
 *
 * Lists the incidents and patterns again, for instance after one was saved.
 */
void
md_history_window_reload (MdHistoryWindow *self)
{
  g_return_if_fail (MD_IS_HISTORY_WINDOW (self));

  self->patterns_wanted = TRUE;
  start_load (self);
}
