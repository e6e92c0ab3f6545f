/* test-ui-locale.c: the window speaks the language of the built catalogs
 *
 * Run with LANGUAGE=<lang>, LC_ALL=C.UTF-8 and MAIL_DOCTOR_LOCALE_DIR set to
 * the .mo files meson builds (<builddir>/po/LANG/LC_MESSAGES/mail-doctor.mo).
 * The window is built twice in one process: first with the text domain bound
 * to an empty directory (English), then to the catalogs. Every text of the
 * English window that the catalog translates (templates, step titles,
 * strings of libmdcore after an example bounce is analysed) must be shown as
 * its translation in the second window, and not in English. Nothing is
 * hard-coded: the translations come from the catalog built from po/LANG.po.
 * Skips when there is no catalog for the language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "md-address-page.h"
#include "md-step.h"
#include "md-ui-test.h"

static MdApplication *app;
static char *locale_dir;
static char *empty_dir;
static char *skip_reason;

/* Texts people see, whatever the widget: the string properties below. */
static const char * const text_properties[] = {
  "label", "title", "subtitle", "description", "placeholder-text", "tooltip-text",
};

static void
collect_texts (GtkWidget  *widget,
               GHashTable *texts)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_properties); i++)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), text_properties[i]);
      g_autofree char *value = NULL;

      if (pspec == NULL || pspec->value_type != G_TYPE_STRING || !(pspec->flags & G_PARAM_READABLE))
        continue;
      g_object_get (widget, text_properties[i], &value, NULL);
      if (value != NULL && *value != '\0')
        g_hash_table_add (texts, g_steal_pointer (&value));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static gboolean
address_check_done (gpointer data)
{
  MdWindow *window = data;
  MdAddressPage *page = md_ui_test_get_content (window, MD_STEP_VERIFY_ADDRESS, MD_TYPE_ADDRESS_PAGE);

  return !md_window_is_busy (window) && !md_address_page_get_running (page);
}

/* The texts of a new window after the example "user-unknown" was analysed,
 * with the text domain bound to @dir. */
static GHashTable *
window_texts (const char *dir)
{
  GHashTable *texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  MdWindow *window;

  bindtextdomain (GETTEXT_PACKAGE, dir);
  window = md_window_new (app);
  md_ui_test_present_window (window);
  /* Pages are built on first visit: build all eight, so every template is seen. */
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    md_ui_test_get_page (window, step);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-example", "s", "user-unknown"));
  md_ui_test_flush_events ();
  md_ui_test_wait_for (address_check_done, window);
  g_assert_nonnull (md_window_get_bounce (window));

  collect_texts (GTK_WIDGET (window), texts);
  md_ui_test_destroy_window (window);

  return texts;
}

static void
test_window_translated (void)
{
  g_autoptr(GHashTable) english = NULL;
  g_autoptr(GHashTable) translated = NULL;
  g_autoptr(GPtrArray) english_titles = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  guint checked = 0;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  /* The step titles in English, then through the catalog. */
  bindtextdomain (GETTEXT_PACKAGE, empty_dir);
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    g_ptr_array_add (english_titles, g_strdup (md_step_get_title (step)));

  english = window_texts (empty_dir);
  translated = window_texts (locale_dir);

  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      const char *english_title = g_ptr_array_index (english_titles, step - 1);
      const char *title = md_step_get_title (step);

      g_test_message ("step %d: “%s” → “%s”", step, english_title, title);
      g_assert_cmpstr (title, !=, english_title);
      g_assert_true (g_hash_table_contains (english, english_title));
      g_assert_true (g_hash_table_contains (translated, title));
    }

  g_hash_table_iter_init (&iter, english);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *text = key;
      const char *translation = g_dgettext (GETTEXT_PACKAGE, text);

      if (translation == text || g_str_equal (translation, text))
        continue;

      checked++;
      if (!g_hash_table_contains (translated, translation))
        g_test_message ("“%s” should be shown as “%s”", text, translation);
      g_assert_true (g_hash_table_contains (translated, translation));
      if (g_hash_table_contains (translated, text))
        g_test_message ("“%s” is still shown in English", text);
      g_assert_false (g_hash_table_contains (translated, text));
    }

  g_test_message ("%u texts of the window are translated", checked);
  /* Step titles and summaries alone are 16; the templates and the analysis
   * of the example add many more. */
  g_assert_cmpuint (checked, >=, 30);
}

int
main (int   argc,
      char *argv[])
{
  const char *language = g_getenv ("LANGUAGE");
  g_autofree char *mo = NULL;
  g_autofree char *po = NULL;
  int ret;

  /* As main() does, before anything translates: with the catalog bound
   * first, GLib decides once that libmdcore's g_dgettext() translates. */
  setlocale (LC_ALL, "");
  locale_dir = g_strdup (g_getenv ("MAIL_DOCTOR_LOCALE_DIR"));
  if (locale_dir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Own XDG directories (the draft and history are saved there), but
   * GdkPixbuf needs the system's MIME database to recognise SVG icons. */
  g_content_type_set_mime_dirs (NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (locale_dir != NULL && language != NULL)
    {
      g_autofree char *po_name = g_strconcat (language, ".po", NULL);

      mo = g_build_filename (locale_dir, language, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
      po = g_test_build_filename (G_TEST_DIST, "..", "po", po_name, NULL);
    }
  if (mo == NULL)
    skip_reason = g_strdup ("MAIL_DOCTOR_LOCALE_DIR and LANGUAGE are not set");
  else if (!g_file_test (po, G_FILE_TEST_EXISTS))
    skip_reason = g_strdup_printf ("%s does not exist yet", po);
  else if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    g_error ("%s was not built: is “%s” in po/LINGUAS? (after changing it, run meson setup --reconfigure)",
             mo, language);
  else
    g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, ""), !=, "");

  empty_dir = g_dir_make_tmp ("md-no-locale-XXXXXX", NULL);
  g_assert_nonnull (empty_dir);

  gtk_init ();
  /* The icon theme keeps the data dirs of now, not the empty ones of the test. */
  g_assert_nonnull (gtk_icon_theme_get_for_display (gdk_display_get_default ()));
  md_ui_test_block_network ();
  app = md_ui_test_application_new ();

  g_test_add_func ("/ui/locale/window-translated", test_window_translated);

  ret = g_test_run ();

  g_clear_object (&app);
  g_rmdir (empty_dir);
  g_free (empty_dir);
  g_free (locale_dir);
  g_free (skip_reason);

  return ret;
}
