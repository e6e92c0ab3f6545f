/* md-history-item.c: one past incident as an item of a list model
 *
 * GtkListView needs objects; MdHistoryEntry is a plain boxed struct.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-history-item.h"
#include "md-reason.h"

struct _MdHistoryItem
{
  GObject parent_instance;

  MdHistoryEntry *entry;
};

G_DEFINE_FINAL_TYPE (MdHistoryItem, md_history_item, G_TYPE_OBJECT)

static void
md_history_item_finalize (GObject *object)
{
  MdHistoryItem *self = MD_HISTORY_ITEM (object);

  g_clear_pointer (&self->entry, md_history_entry_free);

  G_OBJECT_CLASS (md_history_item_parent_class)->finalize (object);
}

static void
md_history_item_class_init (MdHistoryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_history_item_finalize;
}

static void
md_history_item_init (MdHistoryItem *self)
{
}

MdHistoryItem *
md_history_item_new (const MdHistoryEntry *entry)
{
  MdHistoryItem *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (MD_TYPE_HISTORY_ITEM, NULL);
  self->entry = md_history_entry_copy (entry);

  return self;
}

const MdHistoryEntry *
md_history_item_get_entry (MdHistoryItem *self)
{
  g_return_val_if_fail (MD_IS_HISTORY_ITEM (self), NULL);
  return self->entry;
}

const char *
md_history_item_get_id (MdHistoryItem *self)
{
  g_return_val_if_fail (MD_IS_HISTORY_ITEM (self), NULL);
  return self->entry->id;
}

/* The local date, in the user's own format: "%x". */
char *
md_history_item_dup_date (MdHistoryItem *self)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (MD_IS_HISTORY_ITEM (self), NULL);

  if (self->entry->created == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (self->entry->created);
  return g_date_time_format (local, "%x");
}

char *
md_history_item_dup_domains (MdHistoryItem *self)
{
  g_return_val_if_fail (MD_IS_HISTORY_ITEM (self), NULL);

  if (self->entry->domains == NULL || self->entry->domains[0] == NULL)
    /* Translators: the recipient's domain is not known */
    return g_strdup (_("Unknown recipient"));

  return g_strjoinv (", ", self->entry->domains);
}

char *
md_history_item_dup_reason_titles (MdHistoryItem *self)
{
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_return_val_if_fail (MD_IS_HISTORY_ITEM (self), NULL);

  for (guint i = 0; self->entry->reasons != NULL && self->entry->reasons[i] != NULL; i++)
    {
      const MdReason *reason = md_reason_lookup (self->entry->reasons[i]);

      g_strv_builder_add (titles, reason != NULL ? md_reason_get_title (reason)
                                                 : self->entry->reasons[i]);
    }

  strv = g_strv_builder_end (titles);
  if (strv[0] == NULL)
    return g_strdup (_("Reason not known"));

  return g_strjoinv (" · ", strv);
}

const char *
md_history_item_get_outcome_label (MdHistoryItem *self)
{
  g_return_val_if_fail (MD_IS_HISTORY_ITEM (self), NULL);
  return md_incident_outcome_get_label (self->entry->outcome);
}
