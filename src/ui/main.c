/* main.c: entry point of the graphical application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <time.h>
#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "md-application.h"
#include "md-i18n.h"

/* Startup time is a product target (first frame well under 300 ms), so the
 * first painted frame is logged at debug level with its CLOCK_MONOTONIC
 * time; build-aux/bench-startup.sh compares it with the time of exec. The
 * CPU time used so far (all threads) says the same on a busy machine. */
static void
on_first_after_paint_cb (GdkFrameClock *clock,
                         gpointer       user_data)
{
  gint64 start_time = *(gint64 *) user_data;
  struct timespec cpu = { 0, };

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu);
  g_debug ("first frame painted at monotonic %" G_GINT64_FORMAT " us, %.1f ms after main(), cpu %.1f ms",
           g_get_monotonic_time (), (g_get_monotonic_time () - start_time) / 1000.0,
           cpu.tv_sec * 1000.0 + cpu.tv_nsec / 1e6);
  g_signal_handlers_disconnect_by_func (clock, on_first_after_paint_cb, user_data);
}

static void
on_window_realize_cb (GtkWidget *window,
                      gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_first_after_paint_cb), user_data);
  g_signal_handlers_disconnect_by_func (window, on_window_realize_cb, user_data);
}

static void
on_window_added_cb (GtkApplication *app,
                    GtkWindow      *window,
                    gpointer        user_data)
{
  g_signal_connect (window, "realize", G_CALLBACK (on_window_realize_cb), user_data);
  g_signal_handlers_disconnect_by_func (app, on_window_added_cb, user_data);
}

int
main (int   argc,
      char *argv[])
{
  static gint64 start_time;
  g_autoptr(MdApplication) app = NULL;

  start_time = g_get_monotonic_time ();

  md_i18n_init ();

  app = md_application_new (APP_ID, G_APPLICATION_HANDLES_OPEN);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added_cb), &start_time);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
