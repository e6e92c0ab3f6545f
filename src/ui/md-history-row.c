/* md-history-row.c: one past incident in the history list
 *
 * The reason, the recipient domain, the date and how it ended; a button
 * deletes it through the window's "history.delete" action.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-history-row.h"

struct _MdHistoryRow
{
  AdwBin parent_instance;

  GtkLabel  *reason_label;
  GtkLabel  *domain_label;
  GtkLabel  *date_label;
  GtkLabel  *outcome_label;
  GtkButton *delete_button;

  MdHistoryItem *item;
};

G_DEFINE_FINAL_TYPE (MdHistoryRow, md_history_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
get_outcome_style (MdIncidentOutcome outcome)
{
  switch (outcome)
    {
    case MD_INCIDENT_OUTCOME_RESOLVED:
      return "success";
    case MD_INCIDENT_OUTCOME_WORKAROUND:
      return "accent";
    case MD_INCIDENT_OUTCOME_OPEN:
    default:
      return "warning";
    }
}

static void
md_history_row_update (MdHistoryRow *self)
{
  static const MdIncidentOutcome outcomes[] = {
    MD_INCIDENT_OUTCOME_OPEN, MD_INCIDENT_OUTCOME_RESOLVED, MD_INCIDENT_OUTCOME_WORKAROUND,
  };
  g_autofree char *reasons = NULL;
  g_autofree char *domains = NULL;
  g_autofree char *date = NULL;
  g_autofree char *delete_label = NULL;
  const MdHistoryEntry *entry;

  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_label), get_outcome_style (outcomes[i]));

  if (self->item == NULL)
    {
      gtk_label_set_label (self->reason_label, "");
      gtk_label_set_label (self->domain_label, "");
      gtk_label_set_label (self->date_label, "");
      gtk_label_set_label (self->outcome_label, "");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->delete_button), NULL);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->delete_button), NULL);
      return;
    }

  entry = md_history_item_get_entry (self->item);
  reasons = md_history_item_dup_reason_titles (self->item);
  domains = md_history_item_dup_domains (self->item);
  date = md_history_item_dup_date (self->item);

  gtk_label_set_label (self->reason_label, reasons);
  gtk_label_set_label (self->domain_label, domains);
  gtk_label_set_label (self->date_label, date);
  gtk_label_set_label (self->outcome_label, md_history_item_get_outcome_label (self->item));
  gtk_widget_add_css_class (GTK_WIDGET (self->outcome_label), get_outcome_style (entry->outcome));

  /* The target first: an action name without its target makes GTK warn. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->delete_button), "s", entry->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->delete_button), "history.delete");
  /* Translators: %s is a domain such as example.org; spoken by screen readers */
  delete_label = g_strdup_printf (_("Delete the incident with %s"), domains);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delete_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label,
                                  -1);
}

static void
md_history_row_dispose (GObject *object)
{
  MdHistoryRow *self = MD_HISTORY_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_HISTORY_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (md_history_row_parent_class)->dispose (object);
}

static void
md_history_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MdHistoryRow *self = MD_HISTORY_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_history_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MdHistoryRow *self = MD_HISTORY_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      md_history_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_history_row_class_init (MdHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_history_row_dispose;
  object_class->get_property = md_history_row_get_property;
  object_class->set_property = md_history_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         MD_TYPE_HISTORY_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/md-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MdHistoryRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryRow, domain_label);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryRow, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, MdHistoryRow, delete_button);
}

static void
md_history_row_init (MdHistoryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
md_history_row_new (void)
{
  return g_object_new (MD_TYPE_HISTORY_ROW, NULL);
}

MdHistoryItem *
md_history_row_get_item (MdHistoryRow *self)
{
  g_return_val_if_fail (MD_IS_HISTORY_ROW (self), NULL);
  return self->item;
}

void
md_history_row_set_item (MdHistoryRow  *self,
                         MdHistoryItem *item)
{
  g_return_if_fail (MD_IS_HISTORY_ROW (self));
  g_return_if_fail (item == NULL || MD_IS_HISTORY_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  md_history_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
