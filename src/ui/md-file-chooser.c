/* md-file-chooser.c: asks for a file through the portal file chooser
 *
 * Both GtkFileChooserNative and GtkFileDialog go through the file chooser
 * portal when there is one (always inside Flatpak), so the app needs no
 * access to the user's files. A dismissed chooser ends in
 * G_IO_ERROR_CANCELLED, which callers ignore.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-file-chooser.h"

typedef struct
{
  GtkFileFilter *chosen_filter;
#if !GTK_CHECK_VERSION (4, 10, 0)
  GtkFileChooserNative *native;
  gulong                cancelled_id;
#endif
} ChooserData;

static void
chooser_data_free (ChooserData *data)
{
  g_clear_object (&data->chosen_filter);
#if !GTK_CHECK_VERSION (4, 10, 0)
  if (data->native != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (data->native));
  g_clear_object (&data->native);
#endif
  g_free (data);
}

#if GTK_CHECK_VERSION (4, 10, 0)

static void
file_dialog_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (object);
  MdFileChooserMode mode = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "mode"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  if (mode == MD_FILE_CHOOSER_SAVE)
    file = gtk_file_dialog_save_finish (dialog, result, &error);
  else
    file = gtk_file_dialog_open_finish (dialog, result, &error);

  if (file == NULL)
    {
      if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) ||
          g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

#else

static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  ChooserData *data = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;

  /* Answered once, whether by the user or by cancellation. */
  g_signal_handlers_disconnect_by_func (native, native_response_cb, user_data);
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), data->cancelled_id);
  data->cancelled_id = 0;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (native));

      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_set_object (&data->chosen_filter, filter);
    }

  if (file == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "The file chooser was closed");
  else
    g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
}

static gboolean
answer_cancelled_cb (gpointer user_data)
{
  GtkNativeDialog *native = user_data;

  gtk_native_dialog_hide (native);
  g_signal_emit_by_name (native, "response", GTK_RESPONSE_CANCEL);

  return G_SOURCE_REMOVE;
}

/* Not answered from here: disconnecting from the cancellable inside its own
 * handler would deadlock. */
static void
native_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, answer_cancelled_cb, g_object_ref (user_data), g_object_unref);
}

#endif

/**
 * md_file_chooser_run_async:
 * @parent: (nullable): the window the chooser belongs to
 * @mode: open an existing file or choose where to save one
 * @title: the chooser's title
 * @accept_label: the label of the accept button
 * @suggested_name: (nullable): the proposed file name, when saving
 * @initial_folder: (nullable): where the chooser starts
 * @filters: (nullable): a #GListModel of #GtkFileFilter
 * @default_filter: the position in @filters of the filter chosen first
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the chosen file
 * @user_data: data for @callback
 */
void
md_file_chooser_run_async (GtkWindow           *parent,
                           MdFileChooserMode    mode,
                           const char          *title,
                           const char          *accept_label,
                           const char          *suggested_name,
                           GFile               *initial_folder,
                           GListModel          *filters,
                           guint                default_filter,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ChooserData *data;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (title != NULL);
  g_return_if_fail (accept_label != NULL);
  g_return_if_fail (filters == NULL || G_IS_LIST_MODEL (filters));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_file_chooser_run_async);
  data = g_new0 (ChooserData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) chooser_data_free);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    g_object_set_data (G_OBJECT (task), "mode", GINT_TO_POINTER (mode));
    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_accept_label (dialog, accept_label);
    gtk_file_dialog_set_modal (dialog, TRUE);
    if (initial_folder != NULL)
      gtk_file_dialog_set_initial_folder (dialog, initial_folder);
    if (filters != NULL)
      {
        g_autoptr(GtkFileFilter) first = g_list_model_get_item (filters, default_filter);

        gtk_file_dialog_set_filters (dialog, filters);
        gtk_file_dialog_set_default_filter (dialog, first);
      }

    if (mode == MD_FILE_CHOOSER_SAVE)
      {
        if (suggested_name != NULL)
          gtk_file_dialog_set_initial_name (dialog, suggested_name);
        gtk_file_dialog_save (dialog, parent, cancellable, file_dialog_done_cb, g_steal_pointer (&task));
      }
    else
      {
        gtk_file_dialog_open (dialog, parent, cancellable, file_dialog_done_cb, g_steal_pointer (&task));
      }
  }
#else
  data->native = gtk_file_chooser_native_new (title, parent,
                                              mode == MD_FILE_CHOOSER_SAVE ? GTK_FILE_CHOOSER_ACTION_SAVE
                                                                           : GTK_FILE_CHOOSER_ACTION_OPEN,
                                              accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->native), TRUE);

  if (filters != NULL)
    {
      guint n = g_list_model_get_n_items (filters);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);

          gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->native), filter);
          if (i == default_filter)
            gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (data->native), filter);
        }
    }

  if (initial_folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (data->native), initial_folder, NULL);
  if (mode == MD_FILE_CHOOSER_SAVE && suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (data->native), suggested_name);

  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (native_cancelled_cb),
                                                data->native, NULL);

  g_signal_connect (data->native, "response", G_CALLBACK (native_response_cb), g_object_ref (task));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->native));
#endif
}

/**
 * md_file_chooser_run_finish:
 * @result: the result given to the callback
 * @chosen_filter: (out) (optional) (nullable) (transfer full): the filter
 *   the user chose, when the toolkit tells (GTK 4.8 does, GtkFileDialog
 *   does not)
 * @error: return location for an error; G_IO_ERROR_CANCELLED when the user
 *   closed the chooser
 *
 * Returns: (transfer full) (nullable): the chosen file
 */
GFile *
md_file_chooser_run_finish (GAsyncResult   *result,
                            GtkFileFilter **chosen_filter,
                            GError        **error)
{
  ChooserData *data;
  GFile *file;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_task_get_task_data (G_TASK (result));
  file = g_task_propagate_pointer (G_TASK (result), error);
  if (chosen_filter != NULL)
    *chosen_filter = file != NULL && data->chosen_filter != NULL ? g_object_ref (data->chosen_filter) : NULL;

  return file;
}
