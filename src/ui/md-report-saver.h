/* md-report-saver.h: saves or prints the report of an incident
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-incident.h"
#include "md-report.h"

G_BEGIN_DECLS

#define MD_TYPE_REPORT_SAVER (md_report_saver_get_type ())

G_DECLARE_FINAL_TYPE (MdReportSaver, md_report_saver, MD, REPORT_SAVER, GObject)

MdReportSaver *md_report_saver_new                (void);
char          *md_report_saver_suggest_file_name  (MdIncident          *incident,
                                                   MdReportFormat       format);
void           md_report_saver_save_async         (MdReportSaver       *self,
                                                   GtkWindow           *parent,
                                                   MdIncident          *incident,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char          *md_report_saver_save_finish        (MdReportSaver       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void           md_report_saver_save_with_toast    (MdReportSaver       *self,
                                                   GtkWidget           *widget,
                                                   MdIncident          *incident);
gboolean       md_report_saver_print              (MdReportSaver       *self,
                                                   GtkWindow           *parent,
                                                   MdIncident          *incident,
                                                   GError             **error);

G_END_DECLS
