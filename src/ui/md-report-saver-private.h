/* md-report-saver-private.h: entry points that skip the file chooser (tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-report-saver.h"

G_BEGIN_DECLS

MdReportFormat _md_report_saver_guess_format      (GFile               *file,
                                                   MdReportFormat       fallback);
void           _md_report_saver_save_to_file_async (MdReportSaver      *self,
                                                   MdIncident          *incident,
                                                   GFile               *file,
                                                   MdReportFormat       format,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char          *_md_report_saver_describe_error    (const GError        *error);
gboolean       _md_report_saver_print_to_pdf      (MdReportSaver       *self,
                                                   MdIncident          *incident,
                                                   const char          *pdf_path,
                                                   GError             **error);

G_END_DECLS
