/* md-window.h: the main window with the eight-step checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "md-application.h"
#include "md-bounce.h"
#include "md-case.h"
#include "md-incident.h"
#include "md-step.h"

G_BEGIN_DECLS

/* A bounce message is small; anything bigger is the wrong file. */
#define MD_WINDOW_MAX_FILE_SIZE (20 * 1024 * 1024)

#define MD_TYPE_WINDOW (md_window_get_type ())

G_DECLARE_FINAL_TYPE (MdWindow, md_window, MD, WINDOW, AdwApplicationWindow)

MdWindow     *md_window_new             (MdApplication        *application);
MdStep        md_window_get_step        (MdWindow             *self);
void          md_window_set_step        (MdWindow             *self,
                                         MdStep                step);
MdStepPage   *md_window_get_page        (MdWindow             *self,
                                         MdStep                step);
GCancellable *md_window_get_cancellable (MdWindow             *self);
void          md_window_set_bounce_text (MdWindow             *self,
                                         const char           *text,
                                         gssize                length);
void          md_window_open_file       (MdWindow             *self,
                                         GFile                *file);
void          md_window_load_file_async (MdWindow             *self,
                                         GFile                *file,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean      md_window_load_file_finish (MdWindow            *self,
                                          GAsyncResult        *result,
                                          GError             **error);

MdBounce     *md_window_get_bounce        (MdWindow            *self);
gboolean      md_window_is_busy           (MdWindow            *self);
const char   *md_window_get_failed_address (MdWindow           *self);
GPtrArray    *md_window_dup_findings      (MdWindow            *self);
MdIncident   *md_window_build_incident    (MdWindow            *self);
MdCase       *md_window_get_case          (MdWindow            *self);
void          md_window_restore_draft     (MdWindow            *self);
char         *md_window_dup_summary       (MdWindow            *self);

G_END_DECLS
