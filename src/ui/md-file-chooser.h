/* md-file-chooser.h: asks for a file through the portal file chooser
 *
 * One place for the difference between GTK 4.8 (GtkFileChooserNative) and
 * GTK 4.10 and later (GtkFileDialog).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  MD_FILE_CHOOSER_OPEN,
  MD_FILE_CHOOSER_SAVE,
} MdFileChooserMode;

void   md_file_chooser_run_async  (GtkWindow            *parent,
                                   MdFileChooserMode     mode,
                                   const char           *title,
                                   const char           *accept_label,
                                   const char           *suggested_name,
                                   GFile                *initial_folder,
                                   GListModel           *filters,
                                   guint                 default_filter,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
GFile *md_file_chooser_run_finish (GAsyncResult         *result,
                                   GtkFileFilter       **chosen_filter,
                                   GError              **error);

G_END_DECLS
