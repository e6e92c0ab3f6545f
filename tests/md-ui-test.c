/* md-ui-test.c: scaffolding shared by the in-process UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-ui-test.h"

#define SCHEMA_ID "io.github.maildoctor.MailDoctor"

/* How long md_ui_test_wait_for() waits before it fails the test. */
static guint wait_seconds = 10;

void
md_ui_test_set_wait_seconds (guint seconds)
{
  wait_seconds = seconds;
}

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates until @condition holds; fails (rather than hangs) after
 * @seconds. */
void
md_ui_test_wait_for_full (MdUiTestCondition condition,
                          gpointer          data,
                          guint             seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint wake_up = g_timeout_add (10, wake_up_cb, NULL);

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake_up);
}

void
md_ui_test_wait_for (MdUiTestCondition condition,
                     gpointer          data)
{
  md_ui_test_wait_for_full (condition, data, wait_seconds);
}

void
md_ui_test_flush_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Lets transitions end and the frame clock paint. */
void
md_ui_test_settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  md_ui_test_wait_for (is_true, &done);
}

gboolean
md_ui_test_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

gboolean
md_ui_test_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

gboolean
md_ui_test_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* The window (an MdWindow) has no analysis running. */
gboolean
md_ui_test_is_idle (gpointer data)
{
  return !md_window_is_busy (MD_WINDOW (data));
}

/* Stores a reference to the result in the GAsyncResult * @user_data points
 * to: wait for it with md_ui_test_is_set(). */
void
md_ui_test_async_result_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Step 3 checks the failed address as soon as it gets it: nothing may
 * leave this machine, so its lookups go to a closed port. */
void
md_ui_test_block_network (void)
{
  g_setenv ("MAIL_DOCTOR_DNS_SERVER", "127.0.0.1:9", TRUE);
  g_setenv ("MAIL_DOCTOR_HTTPS_BASE_URL", "https://127.0.0.1:9", TRUE);
}

MdApplication *
md_ui_test_application_new (void)
{
  g_autoptr(GError) error = NULL;
  MdApplication *app = md_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

/* Resets what a window restores from the settings (its size and the step
 * shown last) and returns the application's settings. */
GSettings *
md_ui_test_reset_settings (void)
{
  GSettings *settings = g_settings_new (SCHEMA_ID);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
  g_settings_reset (settings, "last-step");

  return settings;
}

/* A new window of @app, presented, with the events that follow handled. */
MdWindow *
md_ui_test_present_new_window (MdApplication *app)
{
  MdWindow *window = md_window_new (app);

  md_ui_test_present_window (window);
  md_ui_test_flush_events ();

  return window;
}

/* The contents of tests/data/@dir/@name. */
char *
md_ui_test_load_fixture (const char *dir,
                         const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* All the text of the GtkTextView @view. */
char *
md_ui_test_dup_buffer_text (gpointer view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

gpointer
md_ui_test_get_child (gpointer    widget,
                      GType       type,
                      const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

MdStepPage *
md_ui_test_get_page (MdWindow *window,
                     MdStep    step)
{
  GtkStack *stack = md_ui_test_get_child (window, MD_TYPE_WINDOW, "stack");
  /* Pages are built on first use: this builds it, as a visit would. */
  MdStepPage *page = md_window_get_page (window, step);

  g_assert_true (MD_IS_STEP_PAGE (page));
  g_assert_true (gtk_stack_get_child_by_name (stack, md_step_get_id (step)) == GTK_WIDGET (page));
  return page;
}

/* The row of step @step in the sidebar. */
MdStepRow *
md_ui_test_get_row (MdWindow *window,
                    MdStep    step)
{
  GtkListBox *list = md_ui_test_get_child (window, MD_TYPE_WINDOW, "step_list");
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, step - 1);

  g_assert_true (MD_IS_STEP_ROW (row));
  return MD_STEP_ROW (row);
}

/* The content of step @step's page, which must be of @type. */
gpointer
md_ui_test_get_content (MdWindow *window,
                        MdStep    step,
                        GType     type)
{
  GtkWidget *content = md_step_page_get_content (md_ui_test_get_page (window, step));

  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (content, type));
  return content;
}

/* Presents @window and waits until it is mapped. */
void
md_ui_test_present_window (gpointer window)
{
  gtk_window_present (GTK_WINDOW (window));
  md_ui_test_wait_for (md_ui_test_is_mapped, window);
}

/* Destroys @window and waits until it is finalized: nothing still holds
 * on to it. */
void
md_ui_test_destroy_window (gpointer window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  md_ui_test_wait_for (md_ui_test_is_null, &weak);
}

/* Renders @window as it is now on screen and saves it as a PNG file at
 * @path (for screenshots, not a check). */
void
md_ui_test_save_screenshot (gpointer    window,
                            const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

char *
md_ui_test_read_clipboard (gpointer widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (widget));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  gdk_clipboard_read_text_async (clipboard, NULL, md_ui_test_async_result_cb, &result);
  md_ui_test_wait_for (md_ui_test_is_set, &result);
  text = gdk_clipboard_read_text_finish (clipboard, result, &error);
  g_assert_no_error (error);

  return text;
}

/* Activates the window's key binding for @keyval + @modifiers as the
 * shortcut controller does when the keys are pressed (there is no menu
 * bar); fails if there is none. */
void
md_ui_test_press_shortcut (gpointer         window,
                           guint            keyval,
                           GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, modifiers);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                            GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                            GTK_WIDGET (window),
                                            gtk_shortcut_get_arguments (shortcut)))
            {
              md_ui_test_flush_events ();
              return;
            }
        }
    }

  g_assert_not_reached ();
}

#if !GTK_CHECK_VERSION (4, 10, 0)
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

/* The file chooser dialog on screen, if any. */
GtkFileChooser *
md_ui_test_find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return GTK_FILE_CHOOSER (toplevel);
    }

  return NULL;
}

gboolean
md_ui_test_has_file_chooser (gpointer data)
{
  return md_ui_test_find_file_chooser () != NULL;
}

G_GNUC_END_IGNORE_DEPRECATIONS
#endif
