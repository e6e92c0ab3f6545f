/* md-report-saver.c: saves or prints the report of an incident
 *
 * Asks for a file through the portal file chooser, renders the report in a
 * worker thread (the PDF can take a moment) from a snapshot of the incident,
 * and saves it with g_file_replace_contents_async(): an existing file is
 * written aside and renamed over, so a crash never leaves half a report in
 * place of a good one. The outcome is one plain-language sentence, ready
 * for a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "md-file-chooser.h"
#include "md-report-saver-private.h"

struct _MdReportSaver
{
  GObject parent_instance;

  GFile *last_folder;
};

G_DEFINE_FINAL_TYPE (MdReportSaver, md_report_saver, G_TYPE_OBJECT)

typedef struct
{
  MdIncident     *incident;  /* a snapshot, only touched by the worker */
  GFile          *file;
  MdReportFormat  format;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->incident);
  g_clear_object (&data->file);
  g_free (data);
}

static void
md_report_saver_dispose (GObject *object)
{
  MdReportSaver *self = MD_REPORT_SAVER (object);

  g_clear_object (&self->last_folder);

  G_OBJECT_CLASS (md_report_saver_parent_class)->dispose (object);
}

static void
md_report_saver_class_init (MdReportSaverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = md_report_saver_dispose;
}

static void
md_report_saver_init (MdReportSaver *self)
{
}

MdReportSaver *
md_report_saver_new (void)
{
  return g_object_new (MD_TYPE_REPORT_SAVER, NULL);
}

/**
 * md_report_saver_suggest_file_name:
 * @incident: a #MdIncident
 * @format: the format of the report
 *
 * Returns: (transfer full): a name such as `mail-incident-2026-11-23.html`,
 *   from the day the incident started
 */
char *
md_report_saver_suggest_file_name (MdIncident     *incident,
                                   MdReportFormat  format)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;
  GDateTime *created;

  g_return_val_if_fail (MD_IS_INCIDENT (incident), NULL);
  g_return_val_if_fail (format <= MD_REPORT_FORMAT_PDF, NULL);

  created = md_incident_get_created (incident);
  local = created != NULL ? g_date_time_to_local (created) : g_date_time_new_now_local ();
  day = g_date_time_format (local, "%Y-%m-%d");

  /* Translators: the start of the file name of a saved report, without spaces */
  return g_strdup_printf ("%s-%s.%s", _("mail-incident"), day, md_report_format_get_extension (format));
}

MdReportFormat
_md_report_saver_guess_format (GFile          *file,
                               MdReportFormat  fallback)
{
  g_autofree char *basename = g_file_get_basename (file);
  const char *dot = basename != NULL ? strrchr (basename, '.') : NULL;
  MdReportFormat format;

  if (dot != NULL && g_ascii_strcasecmp (dot + 1, "htm") == 0)
    return MD_REPORT_FORMAT_HTML;
  if (dot != NULL && g_ascii_strcasecmp (dot + 1, "markdown") != 0 &&
      md_report_format_from_string (dot + 1, &format))
    return format;
  if (dot != NULL && g_ascii_strcasecmp (dot + 1, "markdown") == 0)
    return MD_REPORT_FORMAT_MARKDOWN;

  return fallback;
}

/**
 * _md_report_saver_describe_error:
 * @error: why a report could not be saved
 *
 * Returns: (transfer full): one plain-language sentence for a toast
 */
char *
_md_report_saver_describe_error (const GError *error)
{
  const char *why = NULL;

  if (error->domain != G_IO_ERROR)
    /* Translators: %s says why, in a sentence */
    return g_strdup_printf (_("The report could not be made: %s"), error->message);

  switch (error->code)
    {
    case G_IO_ERROR_READ_ONLY:
      why = _("The report could not be saved: the folder is read-only. Choose another folder, such as Documents.");
      break;
    case G_IO_ERROR_PERMISSION_DENIED:
      why = _("The report could not be saved: you are not allowed to write in this folder. "
              "Choose another folder, such as Documents.");
      break;
    case G_IO_ERROR_NO_SPACE:
      why = _("The report could not be saved: the disk is full. Free some space or choose another disk.");
      break;
    case G_IO_ERROR_NOT_FOUND:
      why = _("The report could not be saved: the folder no longer exists. Choose another folder.");
      break;
    case G_IO_ERROR_IS_DIRECTORY:
      why = _("The report could not be saved: a folder already has this name. Choose another name.");
      break;
    case G_IO_ERROR_FILENAME_TOO_LONG:
    case G_IO_ERROR_INVALID_FILENAME:
      why = _("The report could not be saved: this file name is not allowed here. "
              "Choose a shorter name without special characters.");
      break;
    default:
      break;
    }

  if (why != NULL)
    return g_strdup (why);

  /* Translators: %s is a technical reason from the system */
  return g_strdup_printf (_("The report could not be saved: %s"), error->message);
}

static void
return_friendly_error (GTask  *task,
                       GError *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  message = _md_report_saver_describe_error (error);
  g_task_return_new_error (task, error->domain, error->code, "%s", message);
  g_error_free (error);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;
  GBytes *bytes;

  bytes = md_report_render (data->incident, data->format, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
replace_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree char *basename = NULL;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      return_friendly_error (task, error);
      return;
    }

  basename = g_file_get_basename (G_FILE (object));
  /* Translators: %s is a file name */
  g_task_return_pointer (task, g_strdup_printf (_("Report saved to “%s”."), basename), g_free);
}

static void
render_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  bytes = g_task_propagate_pointer (G_TASK (result), &error);
  if (bytes == NULL)
    {
      return_friendly_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_file_replace_contents_bytes_async (data->file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                       replace_done_cb, g_steal_pointer (&task));
}

/* Both the chooser path and the tests end here. */
static void
save_to_file (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GTask) render = NULL;

  render = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                       render_done_cb, g_object_ref (task));
  g_task_set_source_tag (render, render_thread);
  g_task_set_task_data (render, data, NULL);
  g_task_run_in_thread (render, render_thread);
}

static MdIncident *
snapshot_incident (MdIncident *incident)
{
  g_autoptr(JsonNode) node = md_incident_to_json (incident);
  g_autoptr(GError) error = NULL;
  MdIncident *copy;

  copy = md_incident_new_from_json (node, &error);
  if (copy == NULL)
    {
      /* Our own JSON always reads back; keep going with the original. */
      g_warning ("Cannot copy the incident: %s", error->message);
      return g_object_ref (incident);
    }

  return copy;
}

/**
 * _md_report_saver_save_to_file_async:
 * @self: a #MdReportSaver
 * @incident: the incident to report
 * @file: where to save it
 * @format: the format of the report
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when saved
 * @user_data: data for @callback
 *
 * Saves without asking: the second half of md_report_saver_save_async().
 * Finish with md_report_saver_save_finish().
 */
void
_md_report_saver_save_to_file_async (MdReportSaver       *self,
                                     MdIncident          *incident,
                                     GFile               *file,
                                     MdReportFormat       format,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (MD_IS_REPORT_SAVER (self));
  g_return_if_fail (MD_IS_INCIDENT (incident));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format <= MD_REPORT_FORMAT_PDF);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_report_saver_save_async);
  data = g_new0 (SaveData, 1);
  data->incident = snapshot_incident (incident);
  data->file = g_object_ref (file);
  data->format = format;
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  save_to_file (task);
}

static GListModel *
create_filters (void)
{
  static const struct {
    MdReportFormat  format;
    const char     *name;
    const char     *pattern;
  } kinds[] = {
    { MD_REPORT_FORMAT_HTML, N_("Web Page (HTML)"), "*.html" },
    { MD_REPORT_FORMAT_PDF, N_("PDF Document"), "*.pdf" },
    { MD_REPORT_FORMAT_TEXT, N_("Plain Text"), "*.txt" },
    { MD_REPORT_FORMAT_MARKDOWN, N_("Markdown"), "*.md" },
    { MD_REPORT_FORMAT_JSON, N_("Mail Doctor Data (JSON)"), "*.json" },
  };
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(kinds[i].name));
      gtk_file_filter_add_mime_type (filter, md_report_format_get_mime_type (kinds[i].format));
      gtk_file_filter_add_pattern (filter, kinds[i].pattern);
      g_object_set_data (G_OBJECT (filter), "md-report-format", GINT_TO_POINTER (kinds[i].format));
      g_list_store_append (filters, filter);
    }

  return G_LIST_MODEL (filters);
}

static void
chooser_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdReportSaver *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GtkFileFilter) filter = NULL;
  MdReportFormat fallback = MD_REPORT_FORMAT_HTML;
  GError *error = NULL;

  data->file = md_file_chooser_run_finish (result, &filter, &error);
  if (data->file == NULL)
    {
      return_friendly_error (task, error);
      return;
    }

  if (filter != NULL)
    fallback = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (filter), "md-report-format"));
  data->format = _md_report_saver_guess_format (data->file, fallback);

  g_clear_object (&self->last_folder);
  self->last_folder = g_file_get_parent (data->file);

  save_to_file (task);
}

/**
 * md_report_saver_save_async:
 * @self: a #MdReportSaver
 * @parent: (nullable): the window asking
 * @incident: the incident to report
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when saved, or when the user gave up
 * @user_data: data for @callback
 *
 * Asks where to save the report (HTML, PDF, text, Markdown or JSON, from
 * the file name or the chosen filter), then saves it.
 */
void
md_report_saver_save_async (MdReportSaver       *self,
                            GtkWindow           *parent,
                            MdIncident          *incident,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GListModel) filters = NULL;
  g_autofree char *name = NULL;
  SaveData *data;

  g_return_if_fail (MD_IS_REPORT_SAVER (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (MD_IS_INCIDENT (incident));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_report_saver_save_async);
  data = g_new0 (SaveData, 1);
  data->incident = snapshot_incident (incident);
  data->format = MD_REPORT_FORMAT_HTML;
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  filters = create_filters ();
  name = md_report_saver_suggest_file_name (incident, MD_REPORT_FORMAT_HTML);
  md_file_chooser_run_async (parent, MD_FILE_CHOOSER_SAVE, _("Save Report"), _("_Save"), name,
                             self->last_folder, filters, 0, cancellable,
                             chooser_done_cb, g_steal_pointer (&task));
}

/**
 * md_report_saver_save_finish:
 * @self: a #MdReportSaver
 * @result: the result given to the callback
 * @error: return location for an error, whose message is a plain-language
 *   sentence for a toast; G_IO_ERROR_CANCELLED when the user gave up
 *
 * Returns: (transfer full) (nullable): a sentence for a toast, such as
 *   “Report saved to “mail-incident-2026-11-23.html”.”
 */
char *
md_report_saver_save_finish (MdReportSaver  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (MD_IS_REPORT_SAVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GWeakRef, weak_ref_free)

static void
save_with_toast_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GWeakRef) widget_ref = user_data;
  g_autoptr(GtkWidget) widget = g_weak_ref_get (widget_ref);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWidget *overlay;

  message = md_report_saver_save_finish (MD_REPORT_SAVER (object), result, &error);
  if (message == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (widget == NULL)
    return;

  overlay = ADW_IS_TOAST_OVERLAY (widget) ? widget
                                          : gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      AdwToast *toast = adw_toast_new (message != NULL ? message : error->message);

      if (message == NULL)
        adw_toast_set_timeout (toast, 0);  /* an error stays until read */
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
  else if (message == NULL)
    {
#if ADW_CHECK_VERSION (1, 5, 0)
      AdwDialog *dialog = adw_alert_dialog_new (_("Report Not Saved"), error->message);

      adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
      adw_dialog_present (dialog, widget);
#else
      GtkRoot *root = gtk_widget_get_root (widget);
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Report Not Saved"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
#endif
    }
}

/**
 * md_report_saver_save_with_toast:
 * @self: a #MdReportSaver
 * @widget: the widget asking, such as a page with a “Save Report…” button
 * @incident: the incident to report
 *
 * md_report_saver_save_async() for a button: asks for a file on behalf of
 * @widget's window, and says how it went in a toast on the nearest
 * #AdwToastOverlay around @widget (nothing when the user closes the
 * chooser).
 */
void
md_report_saver_save_with_toast (MdReportSaver *self,
                                 GtkWidget     *widget,
                                 MdIncident    *incident)
{
  GtkRoot *root;
  GWeakRef *widget_ref;

  g_return_if_fail (MD_IS_REPORT_SAVER (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (MD_IS_INCIDENT (incident));

  root = gtk_widget_get_root (widget);
  widget_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (widget_ref, widget);
  md_report_saver_save_async (self, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, incident,
                              NULL, save_with_toast_cb, widget_ref);
}

/* Printing: the plain-text report, laid out with Pango and cut into pages. */

typedef struct
{
  char        *text;
  PangoLayout *layout;
  GArray      *page_starts;  /* the first line of each page */
} PrintData;

static void
print_data_free (PrintData *data)
{
  g_free (data->text);
  g_clear_object (&data->layout);
  g_clear_pointer (&data->page_starts, g_array_unref);
  g_free (data);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                gpointer           user_data)
{
  PrintData *data = user_data;
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Monospace 9");
  double page_height = gtk_print_context_get_height (context);
  double used = 0;
  int first_line = 0;
  int n_lines;

  data->layout = gtk_print_context_create_pango_layout (context);
  pango_layout_set_font_description (data->layout, font);
  pango_layout_set_width (data->layout, (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_wrap (data->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (data->layout, data->text, -1);

  g_array_set_size (data->page_starts, 0);
  g_array_append_val (data->page_starts, first_line);

  n_lines = pango_layout_get_line_count (data->layout);
  for (int i = 0; i < n_lines; i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (data->layout, i);
      PangoRectangle logical;
      double height;

      pango_layout_line_get_extents (line, NULL, &logical);
      height = (double) logical.height / PANGO_SCALE;
      if (used + height > page_height && used > 0)
        {
          g_array_append_val (data->page_starts, i);
          used = 0;
        }
      used += height;
    }

  gtk_print_operation_set_n_pages (operation, (int) data->page_starts->len);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              gpointer           user_data)
{
  PrintData *data = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int first = g_array_index (data->page_starts, int, page_nr);
  int last = (guint) page_nr + 1 < data->page_starts->len
               ? g_array_index (data->page_starts, int, page_nr + 1)
               : pango_layout_get_line_count (data->layout);
  double y = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int i = first; i < last; i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (data->layout, i);
      PangoRectangle logical;

      pango_layout_line_get_extents (line, NULL, &logical);
      /* show_layout_line draws from the baseline */
      cairo_move_to (cr, 0, y - (double) logical.y / PANGO_SCALE);
      pango_cairo_show_layout_line (cr, line);
      y += (double) logical.height / PANGO_SCALE;
    }
}

static GtkPrintOperation *
create_print_operation (MdIncident *incident)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autofree char *job_name = md_report_saver_suggest_file_name (incident, MD_REPORT_FORMAT_TEXT);
  PrintData *data = g_new0 (PrintData, 1);

  data->text = md_report_render_text (incident);
  data->page_starts = g_array_new (FALSE, FALSE, sizeof (int));
  g_object_set_data_full (G_OBJECT (operation), "md-print-data", data, (GDestroyNotify) print_data_free);

  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), data);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), data);

  return operation;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      g_warning ("Printing the report failed: %s", error != NULL ? error->message : "?");
    }
}

/**
 * md_report_saver_print:
 * @self: a #MdReportSaver
 * @parent: (nullable): the window asking
 * @incident: the incident to report
 * @error: return location for an error, in plain language
 *
 * Opens the print dialog for the plain-text report. Printing itself goes on
 * without blocking the window.
 *
 * Returns: whether printing could start
 */
gboolean
md_report_saver_print (MdReportSaver  *self,
                       GtkWindow      *parent,
                       MdIncident     *incident,
                       GError        **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (MD_IS_REPORT_SAVER (self), FALSE);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), FALSE);
  g_return_val_if_fail (MD_IS_INCIDENT (incident), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  operation = create_print_operation (incident);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), NULL);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               parent, error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_prefix_error (error, "%s ", _("The report could not be printed:"));
      return FALSE;
    }

  return TRUE;
}

/* What md_report_saver_print() sends to the printer, as a PDF, without any
 * dialog. */
gboolean
_md_report_saver_print_to_pdf (MdReportSaver  *self,
                               MdIncident     *incident,
                               const char     *pdf_path,
                               GError        **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (MD_IS_REPORT_SAVER (self), FALSE);
  g_return_val_if_fail (MD_IS_INCIDENT (incident), FALSE);
  g_return_val_if_fail (pdf_path != NULL, FALSE);

  operation = create_print_operation (incident);
  gtk_print_operation_set_export_filename (operation, pdf_path);

  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                  NULL, error) != GTK_PRINT_OPERATION_RESULT_ERROR;
}
