/* test-ui-a11y.c: large text and high contrast do not break the layout
 *
 * With the text twice as large (gtk-xft-dpi, what "Large Text" and the text
 * scaling factor of GNOME set) and high contrast on (the GSettings key
 * libadwaita reads when there is no settings portal), a bounce is loaded
 * and every step is shown in a window 360 px wide and in a normal one. On
 * each: the window can still be made 360 px wide, no text is cut off (an
 * ellipsis without a tooltip, or a label narrower than its text), nothing
 * sits beside the window, no part of the page needs scrolling sideways, and
 * no two labels share an Alt+letter.
 *
 * With MD_SCREENSHOT_DIR set, /ui/a11y/screenshots writes every step in
 * both settings and both widths there, the whole page in one picture, for
 * build-aux/screenshot-a11y.sh.
 *
 * Run through tests/run-with-display.sh, which starts Xvfb when needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "md-application.h"
#include "md-step-page.h"
#include "md-window.h"
#include "md-ui-test.h"

#define A11Y_SCHEMA_ID "org.gnome.desktop.a11y.interface"

/* GtkSettings:gtk-xft-dpi is in 1024ths of a dot per inch; 96 is 100 %. */
#define DPI_NORMAL (96 * 1024)

#define NARROW_WIDTH 360
#define WIDE_WIDTH 900
#define HEIGHT 700

static MdApplication *app;
static GSettings *a11y_settings;

/* Settings */

static gboolean
is_high_contrast (gpointer data)
{
  return adw_style_manager_get_high_contrast (adw_style_manager_get_default ()) == GPOINTER_TO_INT (data);
}

/* Turns high contrast on or off the way the desktop does without a
 * settings portal; returns FALSE when libadwaita does not follow (it reads
 * a portal when there is one, as on a desktop session). */
static gboolean
set_high_contrast (gboolean high_contrast)
{
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  if (a11y_settings == NULL)
    return FALSE;

  g_settings_set_boolean (a11y_settings, "high-contrast", high_contrast);
  while (!is_high_contrast (GINT_TO_POINTER (high_contrast)))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
    }

  return TRUE;
}

/* @percent of the normal text size */
static void
set_text_size (int percent)
{
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", DPI_NORMAL * percent / 100, NULL);
  md_ui_test_flush_events ();
}

static void
reset_text_size (void)
{
  gtk_settings_reset_property (gtk_settings_get_default (), "gtk-xft-dpi");
  md_ui_test_flush_events ();
}

/* Window helpers */

static MdWindow *
create_window (int width)
{
  g_autoptr(GSettings) settings = md_ui_test_reset_settings ();
  MdWindow *window;

  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", HEIGHT);

  window = md_window_new (app);
  /* A snapshot in the middle of a crossfade would show two pages. */
  gtk_stack_set_transition_type (md_ui_test_get_child (window, MD_TYPE_WINDOW, "stack"),
                                 GTK_STACK_TRANSITION_TYPE_NONE);
  md_ui_test_present_window (window);
  md_ui_test_flush_events ();

  return window;
}

static void
load_bounce (MdWindow   *window,
             const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  md_window_set_bounce_text (window, text, -1);
  md_ui_test_wait_for (md_ui_test_is_idle, window);
  g_assert_nonnull (md_window_get_bounce (window));
}

static void
load_fixture (MdWindow *window)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "bounces",
                                                 "postfix-userunknown.eml", NULL);

  load_bounce (window, path);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   guint         *n_frames)
{
  (*n_frames)++;
}

static gboolean
painted_twice (gpointer data)
{
  return *(guint *) data >= 2;
}

/* Waits until @window has drawn two frames: everything in it is laid out
 * (a page built on its first visit may change its size once). */
static void
wait_for_frames (MdWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  guint n_frames = 0;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &n_frames);

  gtk_widget_queue_draw (GTK_WIDGET (window));
  md_ui_test_wait_for (painted_twice, &n_frames);
  g_signal_handler_disconnect (clock, handler);
}

static void
show_step (MdWindow *window,
           MdStep    step)
{
  md_window_set_step (window, step);
  wait_for_frames (window);
  md_ui_test_settle (50);
  wait_for_frames (window);
}

/* Layout checks */

/* Alt+letter: two labels on screen with the same underlined letter make
 * the keys go back and forth between them instead of pressing a button. */
static void
collect_mnemonics (GtkWidget  *widget,
                   GHashTable *seen,
                   GPtrArray  *problems)
{
  if (!gtk_widget_get_mapped (widget) || GTK_IS_NATIVE (widget) != GTK_IS_WINDOW (widget))
    return;

  if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget)) &&
      gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol)
    {
      guint keyval = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)));
      GtkWidget *other = g_hash_table_lookup (seen, GUINT_TO_POINTER (keyval));
      GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ENTRY_ROW);

      /* An AdwEntryRow shows its title twice (as placeholder and above
       * the text): one control. */
      if (other != NULL && (row == NULL || row != gtk_widget_get_ancestor (other, ADW_TYPE_ENTRY_ROW)))
        g_ptr_array_add (problems, g_strdup_printf ("Alt+%s is both “%s” and “%s”",
                                                    gdk_keyval_name (keyval),
                                                    gtk_label_get_text (GTK_LABEL (other)),
                                                    gtk_label_get_text (GTK_LABEL (widget))));
      else if (other == NULL)
        g_hash_table_insert (seen, GUINT_TO_POINTER (keyval), widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, seen, problems);
}

static char *
describe_label (GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (label));

  return g_strdup_printf ("“%.40s%s” (%s in %s)", text, g_utf8_strlen (text, -1) > 40 ? "…" : "",
                          G_OBJECT_TYPE_NAME (label),
                          parent != NULL ? G_OBJECT_TYPE_NAME (parent) : "nothing");
}

/* The header bar shows the step's title again, smaller: cut short there,
 * it is still whole on the page. */
static gboolean
repeats_page_title (GtkWidget *label)
{
  return gtk_widget_get_ancestor (label, ADW_TYPE_WINDOW_TITLE) != NULL;
}

/* A tooltip of the label, or of the row or button it is part of, shows the
 * text that is cut short (libadwaita's rows cut their titles short). */
static gboolean
has_tooltip (GtkWidget *label)
{
  GtkWidget *control = gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW);

  if (control == NULL)
    control = gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON);

  return gtk_widget_get_tooltip_text (label) != NULL ||
         (control != NULL && gtk_widget_get_tooltip_text (control) != NULL);
}

static void
check_widget (GtkWidget *widget,
              GPtrArray *problems,
              guint     *n_labels)
{
  /* Not in a popup such as a tooltip shown because the pointer is there. */
  if (!gtk_widget_get_mapped (widget) || GTK_IS_NATIVE (widget) != GTK_IS_WINDOW (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      GtkLabel *label = GTK_LABEL (widget);
      int minimum = 0;

      (*n_labels)++;

      /* AdwButtonContent (libadwaita 1.2) gives its label 2 px less than
       * the label asks for; nothing shows cut off. */
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      if (gtk_widget_get_width (widget) + 2 < minimum)
        {
          g_autofree char *what = describe_label (label);

          g_ptr_array_add (problems, g_strdup_printf ("%s is cut off: %d px wide for %d px of text",
                                                      what, gtk_widget_get_width (widget), minimum));
        }

      if (gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE &&
          pango_layout_is_ellipsized (gtk_label_get_layout (label)) &&
          !repeats_page_title (widget) &&
          !has_tooltip (widget))
        {
          g_autofree char *what = describe_label (label);

          g_ptr_array_add (problems, g_strdup_printf ("%s ends in “…” and has no tooltip", what));
        }
    }

  /* Nothing one reads or clicks is put beside the window. */
  if (GTK_IS_LABEL (widget) || GTK_IS_BUTTON (widget))
    {
      GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (widget, window, &bounds) &&
          (bounds.origin.x < 0 ||
           bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 1))
        g_ptr_array_add (problems, g_strdup_printf ("%s at x = %.0f to %.0f is outside the window",
                                                    G_OBJECT_TYPE_NAME (widget), bounds.origin.x,
                                                    bounds.origin.x + bounds.size.width));
    }

  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (widget));
      double overflow = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

      if (overflow > 1)
        g_ptr_array_add (problems, g_strdup_printf ("%s in %s scrolls sideways by %.0f px",
                                                    G_OBJECT_TYPE_NAME (widget),
                                                    G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)),
                                                    overflow));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_widget (child, problems, n_labels);
}

/* Shows every step at the window's size and fails listing what is cut off
 * or too wide. */
static void
check_steps (MdWindow *window,
             int       width)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));

  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      MdStepPage *page;
      int minimum = 0;
      guint n_labels = 0;
      guint before;

      show_step (window, step);
      page = md_window_get_page (window, step);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
      /* At 360 px the window shows one pane at a time, as on a phone. */
      g_assert_true (adw_leaflet_get_folded (md_ui_test_get_child (window, MD_TYPE_WINDOW, "leaflet")) ==
                     (width == NARROW_WIDTH));
      if (gtk_widget_get_width (content) > width)
        g_ptr_array_add (problems, g_strdup_printf ("step %d: the window is %d px wide, not %d",
                                                    step, gtk_widget_get_width (content), width));

      /* The window (without the frame the window manager draws) still
       * fits a phone-sized screen. */
      gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      if (minimum > NARROW_WIDTH)
        g_ptr_array_add (problems, g_strdup_printf ("step %d: the window is %d px wide at least",
                                                    step, minimum));

      before = problems->len;
      check_widget (GTK_WIDGET (window), problems, &n_labels);
      {
        g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

        collect_mnemonics (GTK_WIDGET (window), seen, problems);
      }
      /* Not vacuous: the page, its header and the step list were seen. */
      g_assert_cmpuint (n_labels, >=, 10);
      for (guint i = before; i < problems->len; i++)
        {
          char *with_step = g_strdup_printf ("step %d, %d px: %s", step, width,
                                             (char *) problems->pdata[i]);

          g_free (problems->pdata[i]);
          problems->pdata[i] = with_step;
        }
      g_test_message ("step %d at %d px: %u labels checked", step, width, n_labels);
    }

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Tests */

/* The two settings do what they say: libadwaita switches to its high
 * contrast style, and text gets twice as tall. */
/* The height of a line of text at the current text size. */
static int
measure_line (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("Mail Doctor");
  int height = 0;

  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (window));

  return height;
}

static void
test_settings (void)
{
  int normal;
  int large;

  reset_text_size ();
  normal = measure_line ();
  set_text_size (200);
  large = measure_line ();
  reset_text_size ();
  g_test_message ("a line of text is %d px tall, %d px at 200 %%", normal, large);
  g_assert_cmpint (large * 10, >=, normal * 18);

  if (!set_high_contrast (TRUE))
    {
      g_test_skip ("libadwaita does not read high contrast from GSettings here (a settings portal?)");
      return;
    }
  g_assert_true (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));
  g_assert_true (set_high_contrast (FALSE));
}

static void
run_layout_test (int      width,
                 int      text_percent,
                 gboolean high_contrast)
{
  MdWindow *window;

  if (high_contrast && !set_high_contrast (TRUE))
    g_test_message ("high contrast is not available here: testing large text only");
  set_text_size (text_percent);

  window = create_window (width);
  load_fixture (window);
  check_steps (window, width);

  md_ui_test_destroy_window (window);
  reset_text_size ();
  if (high_contrast)
    set_high_contrast (FALSE);
}

static void
test_narrow_normal_text (void)
{
  run_layout_test (NARROW_WIDTH, 100, TRUE);
}

static void
test_narrow_large_text (void)
{
  run_layout_test (NARROW_WIDTH, 200, TRUE);
}

static void
test_wide_large_text (void)
{
  run_layout_test (WIDE_WIDTH, 200, FALSE);
}

static void
test_narrow_larger_text (void)
{
  run_layout_test (NARROW_WIDTH, 150, FALSE);
}

/* Screenshots (not a check) */

/* Makes the window tall enough to show the whole page of the step shown. */
static void
fit_height (MdWindow *window,
            int       width)
{
  MdStepPage *page = md_window_get_page (window, md_window_get_step (window));
  GtkWidget *scrolled = gtk_widget_get_first_child (GTK_WIDGET (page));
  GtkAdjustment *adjustment;
  int chrome;
  int height;

  g_assert_true (GTK_IS_SCROLLED_WINDOW (scrolled));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  chrome = gtk_widget_get_height (GTK_WIDGET (window)) - gtk_widget_get_height (scrolled);
  height = CLAMP ((int) gtk_adjustment_get_upper (adjustment) + chrome, HEIGHT, 4000);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  md_ui_test_settle (300);
}

static void
take_screenshots (const char *dir,
                  const char *bounce,
                  const char *prefix,
                  int         width)
{
  MdWindow *window = create_window (width);

  load_bounce (window, bounce);

  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%d-step-%d.png", prefix, width, step);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      gtk_window_set_default_size (GTK_WINDOW (window), width, HEIGHT);
      show_step (window, step);
      fit_height (window, width);
      md_ui_test_save_screenshot (window, path);
    }

  md_ui_test_destroy_window (window);
}

/* Writes high-contrast-W-step-N.png and large-text-W-step-N.png for both
 * widths W when MD_SCREENSHOT_DIR is set (MD_SCREENSHOT_BOUNCE names the
 * bounce; MD_SCREENSHOT_TEXT_PERCENT the text size, 200 by default). */
static void
test_screenshots (void)
{
  const char *dir = g_getenv ("MD_SCREENSHOT_DIR");
  const char *bounce = g_getenv ("MD_SCREENSHOT_BOUNCE");
  int percent = atoi (g_getenv ("MD_SCREENSHOT_TEXT_PERCENT") ?: "200");

  if (dir == NULL || bounce == NULL)
    {
      g_test_skip ("MD_SCREENSHOT_DIR and MD_SCREENSHOT_BOUNCE are not set");
      return;
    }

  g_assert_true (set_high_contrast (TRUE));
  take_screenshots (dir, bounce, "high-contrast", NARROW_WIDTH);
  take_screenshots (dir, bounce, "high-contrast", WIDE_WIDTH);
  g_assert_true (set_high_contrast (FALSE));

  set_text_size (percent);
  take_screenshots (dir, bounce, "large-text", NARROW_WIDTH);
  take_screenshots (dir, bounce, "large-text", WIDE_WIDTH);
  reset_text_size ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source;
  int ret;

  md_ui_test_block_network ();

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  /* The desktop's accessibility settings (gsettings-desktop-schemas):
   * libadwaita follows the key when there is no settings portal. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, A11Y_SCHEMA_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "high-contrast"))
    {
      a11y_settings = g_settings_new (A11Y_SCHEMA_ID);
      g_settings_reset (a11y_settings, "high-contrast");
    }

  /* Only a close button in the header bars, as GNOME has it: without a
   * desktop, GTK adds minimize and maximize, wider than a phone allows at
   * twice the text size. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);

  app = md_ui_test_application_new ();

  g_test_add_func ("/ui/a11y/settings", test_settings);
  g_test_add_func ("/ui/a11y/narrow-normal-text", test_narrow_normal_text);
  g_test_add_func ("/ui/a11y/narrow-large-text", test_narrow_large_text);
  g_test_add_func ("/ui/a11y/narrow-larger-text", test_narrow_larger_text);
  g_test_add_func ("/ui/a11y/wide-large-text", test_wide_large_text);
  g_test_add_func ("/ui/a11y/screenshots", test_screenshots);

  ret = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&a11y_settings);

  return ret;
}
