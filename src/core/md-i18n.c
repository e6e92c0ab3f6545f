/* md-i18n.c: the locale and message catalogs of the programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "md-i18n.h"

/**
 * md_i18n_init:
 *
 * Sets the locale from the environment and makes Mail Doctor's catalog the
 * default text domain (GtkBuilder templates use it), for the app and the
 * CLI alike. Call it first in main(): GApplication parses the command line
 * (and prints --help) before GTK would set the locale itself.
 *
 * MAIL_DOCTOR_LOCALE_DIR replaces the installed locale directory, so the
 * tests and uninstalled runs can use the catalogs in the build tree
 * (<builddir>/po/LANG/LC_MESSAGES/mail-doctor.mo).
 */
void
md_i18n_init (void)
{
  const char *locale_dir = g_getenv ("MAIL_DOCTOR_LOCALE_DIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL && *locale_dir != '\0' ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
