/* md-ui-test.h: scaffolding shared by the in-process UI tests
 *
 * Main loop waits with a deadline (a failure never hangs), template
 * children, windows presented and destroyed, the application object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "md-application.h"
#include "md-step-page.h"
#include "md-step-row.h"
#include "md-window.h"

G_BEGIN_DECLS

typedef gboolean (*MdUiTestCondition) (gpointer data);

void           md_ui_test_set_wait_seconds (guint seconds);
void           md_ui_test_wait_for_full    (MdUiTestCondition condition,
                                            gpointer          data,
                                            guint             seconds);
void           md_ui_test_wait_for         (MdUiTestCondition condition,
                                            gpointer          data);
void           md_ui_test_flush_events     (void);
void           md_ui_test_settle           (guint ms);

gboolean       md_ui_test_is_mapped        (gpointer data);
gboolean       md_ui_test_is_null          (gpointer data);
gboolean       md_ui_test_is_set           (gpointer data);
gboolean       md_ui_test_is_idle          (gpointer data);

void           md_ui_test_async_result_cb  (GObject      *object,
                                            GAsyncResult *result,
                                            gpointer      user_data);

void           md_ui_test_block_network    (void);
MdApplication *md_ui_test_application_new  (void);
GSettings     *md_ui_test_reset_settings   (void);
MdWindow      *md_ui_test_present_new_window (MdApplication *app);

char          *md_ui_test_load_fixture     (const char *dir,
                                            const char *name);
char          *md_ui_test_dup_buffer_text  (gpointer    view);

gpointer       md_ui_test_get_child        (gpointer    widget,
                                            GType       type,
                                            const char *name);
MdStepPage    *md_ui_test_get_page         (MdWindow *window,
                                            MdStep    step);
MdStepRow     *md_ui_test_get_row          (MdWindow *window,
                                            MdStep    step);
gpointer       md_ui_test_get_content      (MdWindow *window,
                                            MdStep    step,
                                            GType     type);

void           md_ui_test_present_window   (gpointer window);
void           md_ui_test_destroy_window   (gpointer window);
void           md_ui_test_save_screenshot  (gpointer    window,
                                            const char *path);

char          *md_ui_test_read_clipboard   (gpointer widget);
void           md_ui_test_press_shortcut   (gpointer         window,
                                            guint            keyval,
                                            GdkModifierType  modifiers);

#if !GTK_CHECK_VERSION (4, 10, 0)
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
GtkFileChooser *md_ui_test_find_file_chooser (void);
gboolean        md_ui_test_has_file_chooser  (gpointer data);
G_GNUC_END_IGNORE_DEPRECATIONS
#endif

G_END_DECLS
