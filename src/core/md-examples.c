/* md-examples.c: the example bounces behind "Try an example"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "md-examples.h"
#include "md-examples-resources.h"

#define EXAMPLES_PATH "/io/github/maildoctor/MailDoctor/examples/"

typedef struct
{
  const char *id;
  const char *title;
} MdExampleInfo;

/* The order is the order shown to the user: most common first. */
static const MdExampleInfo examples[] = {
  { "user-unknown", N_("An address that does not exist") },
  { "mailbox-full", N_("The recipient’s mailbox is full") },
  { "relay-denied", N_("Your mail server refused to send it") },
  { "delayed", N_("A message that is delayed, not lost") },
};

static const MdExampleInfo *
find_example (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      if (g_str_equal (examples[i].id, id))
        return &examples[i];
    }

  return NULL;
}

/**
 * md_examples_list:
 *
 * Lists the ids of the example bounces, in the order they should be shown.
 *
 * Returns: (transfer full) (array zero-terminated=1): the example ids
 */
GStrv
md_examples_list (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    g_strv_builder_add (builder, examples[i].id);

  return g_strv_builder_end (builder);
}

/**
 * md_example_get_title:
 * @id: an example id from md_examples_list()
 *
 * Gets a short, translated title that says what the example shows.
 *
 * Returns: (nullable): the title, or %NULL if @id is not a known example
 */
const char *
md_example_get_title (const char *id)
{
  const MdExampleInfo *info;

  g_return_val_if_fail (id != NULL, NULL);

  info = find_example (id);
  if (info == NULL)
    return NULL;

  return g_dgettext (GETTEXT_PACKAGE, info->title);
}

/**
 * md_example_load:
 * @id: an example id from md_examples_list()
 * @error: return location for a #GError
 *
 * Loads the raw message (RFC 5322, as a mail program would save it) of an
 * example bounce.
 *
 * Returns: (transfer full): the message, or %NULL with @error set
 *   (%G_IO_ERROR_NOT_FOUND) if @id is not a known example
 */
GBytes *
md_example_load (const char *id,
                 GError    **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (find_example (id) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no example called “%s”."), id);
      return NULL;
    }

  /* Look up in our own resource rather than the global set: the resource
   * lives in a static library, and referencing it keeps it linked. */
  path = g_strconcat (EXAMPLES_PATH, id, ".eml", NULL);
  return g_resource_lookup_data (md_examples_get_resource (), path,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}
