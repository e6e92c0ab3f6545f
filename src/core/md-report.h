/* md-report.h: an incident as a readable report (text, Markdown, HTML, JSON, PDF)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "md-incident.h"

G_BEGIN_DECLS

typedef enum
{
  MD_REPORT_FORMAT_TEXT,
  MD_REPORT_FORMAT_MARKDOWN,
  MD_REPORT_FORMAT_HTML,
  MD_REPORT_FORMAT_JSON,
  MD_REPORT_FORMAT_PDF,
} MdReportFormat;

char       *md_report_help_desk_summary     (MdIncident      *incident);
char       *md_report_render_text           (MdIncident      *incident);
char       *md_report_render_markdown       (MdIncident      *incident);
char       *md_report_render_html           (MdIncident      *incident);
char       *md_report_render_json           (MdIncident      *incident);
GBytes     *md_report_render_pdf            (MdIncident      *incident,
                                             GError         **error);
GBytes     *md_report_render                (MdIncident      *incident,
                                             MdReportFormat   format,
                                             GError         **error);

gboolean    md_report_format_from_string    (const char      *str,
                                             MdReportFormat  *format);
const char *md_report_format_get_extension  (MdReportFormat   format);
const char *md_report_format_get_mime_type  (MdReportFormat   format);

G_END_DECLS
