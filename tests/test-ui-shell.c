/* test-ui-shell.c: the application shell, driven in-process under a display
 *
 * Run through tests/run-with-display.sh, which starts Xvfb when there is no
 * display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "md-application.h"
#include "md-error.h"
#include "md-examples.h"
#include "md-identify-page.h"
#include "md-step-page.h"
#include "md-step-row.h"
#include "md-window.h"
#include "md-ui-test.h"

static MdApplication *app;

/* Window helpers */

static MdIdentifyPage *
get_identify_page (MdWindow *window)
{
  return md_ui_test_get_content (window, MD_STEP_IDENTIFY, MD_TYPE_IDENTIFY_PAGE);
}

/* Checks what the user sees: the visible page, its title label, the
 * selected sidebar row and the header bar. */
static void
assert_visible_step (MdWindow *window,
                     MdStep    step)
{
  GtkStack *stack = md_ui_test_get_child (window, MD_TYPE_WINDOW, "stack");
  GtkListBox *list = md_ui_test_get_child (window, MD_TYPE_WINDOW, "step_list");
  AdwWindowTitle *header_title = md_ui_test_get_child (window, MD_TYPE_WINDOW, "content_title");
  GtkWidget *page = gtk_stack_get_visible_child (stack);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (list);
  GtkLabel *title_label;

  g_assert_true (MD_IS_STEP_PAGE (page));
  g_assert_cmpint (md_step_page_get_step (MD_STEP_PAGE (page)), ==, step);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, md_step_get_id (step));

  title_label = md_ui_test_get_child (page, MD_TYPE_STEP_PAGE, "title_label");
  g_assert_cmpstr (gtk_label_get_label (title_label), ==, md_step_get_title (step));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (title_label)));

  g_assert_true (MD_IS_STEP_ROW (row));
  g_assert_cmpint (md_step_row_get_step (MD_STEP_ROW (row)), ==, step);
  g_assert_cmpstr (adw_window_title_get_title (header_title), ==, md_step_get_title (step));
  g_assert_cmpint (md_window_get_step (window), ==, step);
}

static char *
dup_text (MdWindow *window)
{
  return md_identify_page_dup_text (get_identify_page (window));
}

static GFile *
create_temp_file (const char *contents,
                  gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("md-ui-test-XXXXXX.eml", &path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  close (fd);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static void
delete_temp_file (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static gboolean
load_file (MdWindow  *window,
           GFile     *file,
           GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  md_window_load_file_async (window, file, NULL, md_ui_test_async_result_cb, &result);
  md_ui_test_wait_for (md_ui_test_is_set, &result);

  return md_window_load_file_finish (window, result, error);
}

static GtkDropTarget *
find_drop_target (MdWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  g_assert_not_reached ();
}

static gboolean
emit_drop (MdWindow     *window,
           const GValue *value)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (find_drop_target (window), "drop", value, 20.0, 20.0, &handled);
  return handled;
}

/* Tests */

static void
test_navigate_steps (void)
{
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();
  MdWindow *window = md_ui_test_present_new_window (app);
  GtkWidget *previous_button = md_ui_test_get_child (window, MD_TYPE_WINDOW, "previous_button");
  GtkWidget *next_button = md_ui_test_get_child (window, MD_TYPE_WINDOW, "next_button");
  GtkListBox *list = md_ui_test_get_child (window, MD_TYPE_WINDOW, "step_list");
  int n_rows = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MD_IS_STEP_ROW (child))
      n_rows++;
  g_assert_cmpint (n_rows, ==, MD_N_STEPS);

  assert_visible_step (window, MD_STEP_IDENTIFY);
  g_assert_false (gtk_widget_get_sensitive (previous_button));

  for (MdStep step = MD_STEP_IDENTIFY; step < MD_STEP_DOCUMENT; step++)
    {
      assert_visible_step (window, step);
      g_assert_true (gtk_widget_get_sensitive (next_button));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-step", NULL));
      md_ui_test_flush_events ();
    }

  assert_visible_step (window, MD_STEP_DOCUMENT);
  g_assert_false (gtk_widget_get_sensitive (next_button));
  g_assert_true (gtk_widget_get_sensitive (previous_button));

  /* Clicking the real Back button walks back. */
  for (MdStep step = MD_STEP_DOCUMENT; step > MD_STEP_IDENTIFY; step--)
    {
      assert_visible_step (window, step);
      g_signal_emit_by_name (previous_button, "clicked");
      md_ui_test_flush_events ();
    }

  assert_visible_step (window, MD_STEP_IDENTIFY);
  g_assert_false (gtk_widget_get_sensitive (previous_button));

  /* Choosing a row in the sidebar shows its page. */
  gtk_widget_activate (GTK_WIDGET (md_ui_test_get_row (window, MD_STEP_CONSULT_PROVIDER)));
  md_ui_test_flush_events ();
  assert_visible_step (window, MD_STEP_CONSULT_PROVIDER);

  md_ui_test_destroy_window (window);
}

static void
test_keyboard_shortcuts (void)
{
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();
  MdWindow *window = md_ui_test_present_new_window (app);
  g_auto(GStrv) help_accels = NULL;
  g_auto(GStrv) quit_accels = NULL;
  GtkMenuButton *menu_button;
  GtkWidget *popover;
  GtkWindow *help_overlay;

  md_ui_test_press_shortcut (window, GDK_KEY_Right, GDK_ALT_MASK);
  assert_visible_step (window, MD_STEP_UNDERSTAND);
  md_ui_test_press_shortcut (window, GDK_KEY_Page_Down, GDK_CONTROL_MASK);
  assert_visible_step (window, MD_STEP_VERIFY_ADDRESS);
  md_ui_test_press_shortcut (window, GDK_KEY_Left, GDK_ALT_MASK);
  assert_visible_step (window, MD_STEP_UNDERSTAND);
  md_ui_test_press_shortcut (window, GDK_KEY_Page_Up, GDK_CONTROL_MASK);
  assert_visible_step (window, MD_STEP_IDENTIFY);

  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      md_ui_test_press_shortcut (window, GDK_KEY_0 + step, GDK_CONTROL_MASK);
      assert_visible_step (window, step);
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "i", 4));
  md_ui_test_flush_events ();
  assert_visible_step (window, MD_STEP_CONTACT_RECIPIENT);

  /* F10 opens the primary menu. */
  menu_button = md_ui_test_get_child (window, MD_TYPE_WINDOW, "primary_menu_button");
  popover = GTK_WIDGET (gtk_menu_button_get_popover (menu_button));
  g_assert_false (popover != NULL && gtk_widget_get_visible (popover));
  md_ui_test_press_shortcut (window, GDK_KEY_F10, 0);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (menu_button));
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  gtk_menu_button_popdown (menu_button);
  md_ui_test_flush_events ();

  /* Ctrl+? shows the shortcuts window, Ctrl+Q quits. */
  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                       "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) help_accels, "<Control>question"));
  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_true (g_strv_contains ((const char * const *) quit_accels, "<Control>q"));

  /* GtkShortcutsWindow is deprecated since GTK 4.18, but still loaded. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  help_overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (help_overlay));
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  md_ui_test_wait_for (md_ui_test_is_mapped, help_overlay);
  gtk_window_close (help_overlay);
  md_ui_test_flush_events ();

  md_ui_test_destroy_window (window);
}

static void
test_about (void)
{
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();
  MdWindow *window = md_ui_test_present_new_window (app);
  GtkWidget *about = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  md_ui_test_flush_events ();

#if ADW_CHECK_VERSION (1, 5, 0)
  about = GTK_WIDGET (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  g_assert_true (ADW_IS_ABOUT_DIALOG (about));
  g_assert_cmpstr (adw_about_dialog_get_version (ADW_ABOUT_DIALOG (about)), ==, PACKAGE_VERSION);
  adw_dialog_force_close (ADW_DIALOG (about));
#else
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        about = toplevel;
    }
  g_assert_true (ADW_IS_ABOUT_WINDOW (about));
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==,
                   "Mail Doctor");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (about));
#endif
  md_ui_test_flush_events ();

  md_ui_test_destroy_window (window);
}

static void
test_step_state (void)
{
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();
  MdWindow *window = md_ui_test_present_new_window (app);
  MdStepPage *page = md_ui_test_get_page (window, MD_STEP_VERIFY_ADDRESS);
  MdStepRow *row = md_ui_test_get_row (window, MD_STEP_VERIFY_ADDRESS);
  GtkToggleButton *done_button = md_ui_test_get_child (page, MD_TYPE_STEP_PAGE, "done_button");
  GtkLabel *state_label = md_ui_test_get_child (page, MD_TYPE_STEP_PAGE, "state_label");
  GtkImage *row_image = md_ui_test_get_child (row, MD_TYPE_STEP_ROW, "state_image");

  g_assert_cmpint (md_step_page_get_state (page), ==, MD_STEP_STATE_NOT_STARTED);
  g_assert_cmpstr (gtk_label_get_label (state_label), ==,
                   md_step_state_get_label (MD_STEP_STATE_NOT_STARTED));

  /* "Mark as Done" */
  gtk_toggle_button_set_active (done_button, TRUE);
  g_assert_cmpint (md_step_page_get_state (page), ==, MD_STEP_STATE_DONE);
  g_assert_cmpint (md_step_row_get_state (row), ==, MD_STEP_STATE_DONE);
  g_assert_cmpstr (gtk_label_get_label (state_label), ==,
                   md_step_state_get_label (MD_STEP_STATE_DONE));
  g_assert_cmpstr (gtk_image_get_icon_name (row_image), ==,
                   md_step_row_get_state_icon_name (MD_STEP_STATE_DONE));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row_image), "done"));

  /* The other states come from the page's menu. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "step.needs-attention", NULL));
  g_assert_cmpint (md_step_page_get_state (page), ==, MD_STEP_STATE_NEEDS_ATTENTION);
  g_assert_cmpint (md_step_row_get_state (row), ==, MD_STEP_STATE_NEEDS_ATTENTION);
  g_assert_false (gtk_toggle_button_get_active (done_button));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row_image), "done"));
  g_assert_cmpstr (gtk_image_get_icon_name (row_image), ==,
                   md_step_row_get_state_icon_name (MD_STEP_STATE_NEEDS_ATTENTION));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "step.skip", NULL));
  g_assert_cmpint (md_step_row_get_state (row), ==, MD_STEP_STATE_SKIPPED);

  gtk_toggle_button_set_active (done_button, TRUE);
  g_assert_cmpint (md_step_row_get_state (row), ==, MD_STEP_STATE_DONE);
  gtk_toggle_button_set_active (done_button, FALSE);
  g_assert_cmpint (md_step_row_get_state (row), ==, MD_STEP_STATE_NOT_STARTED);

  /* Other steps are untouched. */
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_UNDERSTAND)), ==,
                   MD_STEP_STATE_NOT_STARTED);

  md_ui_test_destroy_window (window);
}

static void
test_load_text (void)
{
  static const char bad_utf8[] = "Subject: Undelivered Mail\r\n\r\nbad \xff\xfe bytes\0 and a NUL\n";
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();
  MdWindow *window = md_ui_test_present_new_window (app);
  MdIdentifyPage *identify = get_identify_page (window);
  GtkWidget *placeholder = md_ui_test_get_child (identify, MD_TYPE_IDENTIFY_PAGE, "placeholder_label");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GValue value = G_VALUE_INIT;
  GSList *files;

  g_assert_true (md_identify_page_is_empty (identify));
  g_assert_true (gtk_widget_get_visible (placeholder));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (placeholder)), ==,
                   "Paste the bounce message here");

  /* Text dropped anywhere on the window goes into step 1. */
  md_window_set_step (window, MD_STEP_CONTACT_RECIPIENT);
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "550 5.1.1 <sam@example.org>: User unknown");
  g_assert_true (emit_drop (window, &value));
  g_value_unset (&value);
  md_ui_test_flush_events ();
  assert_visible_step (window, MD_STEP_IDENTIFY);
  text = dup_text (window);
  g_assert_cmpstr (text, ==, "550 5.1.1 <sam@example.org>: User unknown");
  g_clear_pointer (&text, g_free);
  g_assert_false (gtk_widget_get_visible (placeholder));

  /* A file with invalid UTF-8 and a NUL byte is made readable. */
  md_window_set_step (window, MD_STEP_DOCUMENT);
  file = create_temp_file (bad_utf8, sizeof bad_utf8 - 1);
  g_assert_true (load_file (window, file, &error));
  g_assert_no_error (error);
  assert_visible_step (window, MD_STEP_IDENTIFY);
  text = dup_text (window);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_prefix (text, "Subject: Undelivered Mail"));
  g_assert_nonnull (strstr (text, "bad \xef\xbf\xbd\xef\xbf\xbd bytes\xef\xbf\xbd and a NUL"));
  g_clear_pointer (&text, g_free);

  /* A dropped file is read too. */
  md_identify_page_set_text (identify, "");
  g_assert_true (gtk_widget_get_visible (placeholder));
  files = g_slist_prepend (NULL, file);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  g_assert_true (emit_drop (window, &value));
  g_value_unset (&value);
  g_slist_free (files);
  while (md_identify_page_is_empty (identify))
    g_main_context_iteration (NULL, TRUE);
  text = dup_text (window);
  g_assert_true (g_str_has_prefix (text, "Subject: Undelivered Mail"));
  g_clear_pointer (&text, g_free);

  delete_temp_file (file);

  md_ui_test_destroy_window (window);
}

static void
test_load_example (void)
{
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();
  MdWindow *window = md_ui_test_present_new_window (app);
  MdIdentifyPage *identify = get_identify_page (window);
  GtkMenuButton *examples_button = md_ui_test_get_child (identify, MD_TYPE_IDENTIFY_PAGE, "examples_button");
  g_auto(GStrv) ids = md_examples_list ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  GMenuModel *examples_section;
  GMenuModel *menu;
  gsize size;
  const char *data;

  g_assert_nonnull (ids);
  g_assert_nonnull (ids[0]);

  /* The "Try an Example" button lists every example. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (examples_button)));
  menu = gtk_menu_button_get_menu_model (examples_button);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, g_strv_length (ids));

  /* So does the "Try an Example" submenu of the primary menu. */
  examples_section = md_ui_test_get_child (window, MD_TYPE_WINDOW, "examples_section");
  g_assert_cmpint (g_menu_model_get_n_items (examples_section), ==, 1);
  menu = g_menu_model_get_item_link (examples_section, 0, G_MENU_LINK_SUBMENU);
  g_assert_nonnull (menu);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, g_strv_length (ids));
  g_object_unref (menu);

  md_window_set_step (window, MD_STEP_DOCUMENT);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-example", "s", ids[0]));
  md_ui_test_flush_events ();
  assert_visible_step (window, MD_STEP_IDENTIFY);

  bytes = md_example_load (ids[0], &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);
  expected = g_utf8_make_valid (data, size);
  text = dup_text (window);
  g_assert_cmpstr (text, ==, expected);

  md_ui_test_destroy_window (window);
}

/* AdwToastOverlay shows a toast as a second child next to its content. */
static gboolean
has_toast (gpointer data)
{
  GtkWidget *overlay = md_ui_test_get_child (data, MD_TYPE_WINDOW, "toast_overlay");
  GtkWidget *first = gtk_widget_get_first_child (overlay);

  return first != NULL && gtk_widget_get_next_sibling (first) != NULL;
}

static void
test_file_errors (void)
{
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();
  MdWindow *window = md_ui_test_present_new_window (app);
  MdIdentifyPage *identify = get_identify_page (window);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/md-ui-test/bounce.eml");
  g_autoptr(GFile) big = NULL;
  g_autoptr(GFile) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  int fd;

  /* What the user typed must survive every failed load. */
  md_identify_page_set_text (identify, "typed by the user");

  /* One byte over the limit: refused before reading (a sparse file). */
  fd = g_file_open_tmp ("md-ui-test-big-XXXXXX.eml", &path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ftruncate (fd, MD_WINDOW_MAX_FILE_SIZE + 1), ==, 0);
  close (fd);
  big = g_file_new_for_path (path);

  md_window_set_step (window, MD_STEP_UNDERSTAND);
  g_assert_false (load_file (window, big, &error));
  g_assert_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==,
                   "This file is larger than 20 MB and cannot be a bounce message");
  g_clear_error (&error);
  text = dup_text (window);
  g_assert_cmpstr (text, ==, "typed by the user");
  g_clear_pointer (&text, g_free);
  assert_visible_step (window, MD_STEP_UNDERSTAND);

  /* The same through the path that tells the user with a toast. */
  g_assert_false (has_toast (window));
  md_window_open_file (window, big);
  md_ui_test_wait_for (has_toast, window);
  text = dup_text (window);
  g_assert_cmpstr (text, ==, "typed by the user");
  g_clear_pointer (&text, g_free);
  delete_temp_file (big);

  g_assert_false (load_file (window, missing, &error));
  g_assert_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "bounce.eml"));
  g_clear_error (&error);

  empty = create_temp_file ("", 0);
  g_assert_false (load_file (window, empty, &error));
  g_assert_error (error, MD_BOUNCE_ERROR, MD_BOUNCE_ERROR_EMPTY);
  g_clear_error (&error);
  delete_temp_file (empty);

  text = dup_text (window);
  g_assert_cmpstr (text, ==, "typed by the user");

  md_ui_test_destroy_window (window);
}

static void
test_settings (void)
{
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();
  g_autofree char *last_step = NULL;
  MdWindow *window;
  int width, height;

  g_settings_set_string (settings, "last-step", "check-settings");
  g_settings_set_int (settings, "window-width", 820);
  g_settings_set_int (settings, "window-height", 610);

  window = md_ui_test_present_new_window (app);
  assert_visible_step (window, MD_STEP_CHECK_SETTINGS);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 820);
  g_assert_cmpint (height, ==, 610);

  /* Closing the window saves where the user was. */
  md_window_set_step (window, MD_STEP_ALTERNATIVE_CHANNEL);
  gtk_window_close (GTK_WINDOW (window));
  md_ui_test_flush_events ();
  last_step = g_settings_get_string (settings, "last-step");
  g_assert_cmpstr (last_step, ==, "alternative-channel");
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = md_ui_test_present_new_window (app);
  assert_visible_step (window, MD_STEP_ALTERNATIVE_CHANNEL);
  md_ui_test_destroy_window (window);

  /* An unknown step (from an older or newer version) falls back to step 1. */
  g_settings_set_string (settings, "last-step", "no-such-step");
  window = md_ui_test_present_new_window (app);
  assert_visible_step (window, MD_STEP_IDENTIFY);
  md_ui_test_destroy_window (window);
}

static gboolean
is_folded (gpointer data)
{
  AdwLeaflet *leaflet = md_ui_test_get_child (data, MD_TYPE_WINDOW, "leaflet");
  gboolean folded;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  folded = adw_leaflet_get_folded (leaflet);
  G_GNUC_END_IGNORE_DEPRECATIONS

  return folded;
}

static GtkWidget *
get_leaflet_visible_child (MdWindow *window)
{
  AdwLeaflet *leaflet = md_ui_test_get_child (window, MD_TYPE_WINDOW, "leaflet");
  GtkWidget *child;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  child = adw_leaflet_get_visible_child (leaflet);
  G_GNUC_END_IGNORE_DEPRECATIONS

  return child;
}

static void
test_narrow_window (void)
{
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();
  MdWindow *window;
  GtkWidget *sidebar;
  GtkWidget *content;
  int min_width = 0;

  /* Wide: sidebar and page side by side. */
  window = md_ui_test_present_new_window (app);
  g_assert_false (is_folded (window));
  md_ui_test_destroy_window (window);

  g_settings_set_int (settings, "window-width", 360);
  g_settings_set_int (settings, "window-height", 640);
  window = md_ui_test_present_new_window (app);
  sidebar = md_ui_test_get_child (window, MD_TYPE_WINDOW, "sidebar_pane");
  content = md_ui_test_get_child (window, MD_TYPE_WINDOW, "content_pane");

  /* Everything fits in 360 pixels (the window's frame comes on top). */
  gtk_widget_measure (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)),
                      GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  md_ui_test_wait_for (is_folded, window);
  g_assert_cmpint (gtk_widget_get_width (content), <=, 360);

  g_assert_true (get_leaflet_visible_child (window) == content);
  assert_visible_step (window, MD_STEP_IDENTIFY);

  /* Back to the list of steps, then into another step. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-steps", NULL));
  g_assert_true (get_leaflet_visible_child (window) == sidebar);
  gtk_widget_activate (GTK_WIDGET (md_ui_test_get_row (window, MD_STEP_CONTACT_RECIPIENT)));
  md_ui_test_flush_events ();
  g_assert_true (get_leaflet_visible_child (window) == content);
  assert_visible_step (window, MD_STEP_CONTACT_RECIPIENT);

  md_ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  app = md_ui_test_application_new ();

  g_test_add_func ("/ui/shell/navigate-steps", test_navigate_steps);
  g_test_add_func ("/ui/shell/keyboard-shortcuts", test_keyboard_shortcuts);
  g_test_add_func ("/ui/shell/about", test_about);
  g_test_add_func ("/ui/shell/step-state", test_step_state);
  g_test_add_func ("/ui/shell/load-text", test_load_text);
  g_test_add_func ("/ui/shell/load-example", test_load_example);
  g_test_add_func ("/ui/shell/file-errors", test_file_errors);
  g_test_add_func ("/ui/shell/settings", test_settings);
  g_test_add_func ("/ui/shell/narrow-window", test_narrow_window);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
