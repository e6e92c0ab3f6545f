/* md-application.c: the Mail Doctor application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-application.h"
#include "md-history-window.h"
#include "md-resources.h"
#include "md-window.h"

struct _MdApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (MdApplication, md_application, ADW_TYPE_APPLICATION)

static MdWindow *
md_application_get_main_window (MdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (MD_IS_WINDOW (window))
    return MD_WINDOW (window);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MD_IS_WINDOW (l->data))
      return MD_WINDOW (l->data);

  /* The first window brings back the unfinished case, if any. */
  window = GTK_WINDOW (md_window_new (self));
  md_window_restore_draft (MD_WINDOW (window));
  return MD_WINDOW (window);
}

static void
md_application_activate (GApplication *app)
{
  MdWindow *window = md_application_get_main_window (MD_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
}

static void
md_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  MdWindow *window = md_application_get_main_window (MD_APPLICATION (app));

  /* One window holds one case: the first file is the bounce to look at. */
  if (n_files > 0)
    md_window_open_file (window, files[0]);

  gtk_window_present (GTK_WINDOW (window));
}

static void
md_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  MdApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Close the windows rather than quitting outright, so each saves its state. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
md_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  MdApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Mail Doctor developers"), NULL };
  GObject *about;

#if ADW_CHECK_VERSION (1, 5, 0)
  about = g_object_new (ADW_TYPE_ABOUT_DIALOG, NULL);
#else
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "modal", TRUE,
                        NULL);
#endif

  g_object_set (about,
                "application-name", _("Mail Doctor"),
                "application-icon", APP_ID,
                "developer-name", _("The Mail Doctor developers"),
                "version", PACKAGE_VERSION,
                "website", "https://github.com/maildoctor/mail-doctor",
                "issue-url", "https://github.com/maildoctor/mail-doctor/issues",
                "copyright", _("© 2026 The Mail Doctor developers"),
                "comments", _("Find out why your email bounced and what to do about it."),
                "developers", developers,
                "license-type", GTK_LICENSE_GPL_3_0,
                /* Translators: Replace "translator-credits" with your name(s). */
                "translator-credits", _("translator-credits"),
                NULL);

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (about), window ? GTK_WIDGET (window) : NULL);
#else
  gtk_window_present (GTK_WINDOW (about));
#endif
}

/* A past incident chosen in the history: its bounce goes to the main window,
 * which analyses it again. */
static void
on_history_incident_activated_cb (MdHistoryWindow *history_window,
                                  MdIncident      *incident,
                                  MdApplication   *self)
{
  MdWindow *window = NULL;
  const char *bounce = md_incident_get_bounce_text (incident);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MD_IS_WINDOW (l->data))
      {
        window = MD_WINDOW (l->data);
        break;
      }

  if (window == NULL)
    window = md_window_new (self);

  if (bounce != NULL && *bounce != '\0')
    md_window_set_bounce_text (window, bounce, -1);
  gtk_window_present (GTK_WINDOW (window));
}

static void
md_application_history_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  MdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  MdHistoryWindow *history_window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MD_IS_HISTORY_WINDOW (l->data))
      history_window = MD_HISTORY_WINDOW (l->data);

  if (history_window == NULL)
    {
      history_window = md_history_window_new (NULL);
      gtk_window_set_application (GTK_WINDOW (history_window), GTK_APPLICATION (self));
      if (parent != NULL)
        gtk_window_set_transient_for (GTK_WINDOW (history_window), parent);
      g_signal_connect_object (history_window, "incident-activated",
                               G_CALLBACK (on_history_incident_activated_cb), self, 0);
    }

  gtk_window_present (GTK_WINDOW (history_window));
}

static const GActionEntry app_actions[] = {
  { "quit", md_application_quit_action },
  { "about", md_application_about_action },
  { "history", md_application_history_action },
};

static void
md_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *history_accels[] = { "<Control>h", NULL };

  G_APPLICATION_CLASS (md_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.history", history_accels);
  gtk_window_set_default_icon_name (APP_ID);
}

static void
md_application_class_init (MdApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = md_application_activate;
  app_class->open = md_application_open;
  app_class->startup = md_application_startup;

  md_register_resource ();
}

static void
md_application_init (MdApplication *self)
{
}

/**
 * md_application_new:
 * @application_id: the application id, %APP_ID for the real application
 * @flags: the application flags
 *
 * The resource base path is fixed, so a development build (with its `.Devel`
 * application id) finds the same templates, CSS and shortcuts window.
 *
 * Returns: (transfer full): a new #MdApplication
 */
MdApplication *
md_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (MD_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}
