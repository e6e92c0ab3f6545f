/* md-step-row.c: one checklist step in the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-core-enums.h"
#include "md-step-row.h"

struct _MdStepRow
{
  GtkListBoxRow parent_instance;

  GtkLabel *number_label;
  GtkLabel *title_label;
  GtkImage *state_image;

  MdStep      step;
  MdStepState state;
};

G_DEFINE_FINAL_TYPE (MdStepRow, md_step_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_STEP,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * md_step_row_get_state_icon_name:
 * @state: the state of a checklist step
 *
 * Returns: (transfer none): the symbolic icon that shows @state
 */
const char *
md_step_row_get_state_icon_name (MdStepState state)
{
  switch (state)
    {
    case MD_STEP_STATE_NOT_STARTED:
      return "md-step-not-started-symbolic";
    case MD_STEP_STATE_DONE:
      return "object-select-symbolic";
    case MD_STEP_STATE_NEEDS_ATTENTION:
      return "dialog-warning-symbolic";
    case MD_STEP_STATE_SKIPPED:
      return "media-skip-forward-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
md_step_row_update_state (MdStepRow *self)
{
  static const char *state_classes[] = { "not-started", "done", "needs-attention", "skipped" };
  const char *label = md_step_state_get_label (self->state);
  g_autofree char *accessible = NULL;

  gtk_image_set_from_icon_name (self->state_image, md_step_row_get_state_icon_name (self->state));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_image), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    {
      if (i == self->state)
        gtk_widget_add_css_class (GTK_WIDGET (self->state_image), state_classes[i]);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->state_image), state_classes[i]);
    }

  /* Translators: how a screen reader reads a row of the checklist, for
   * example "Step 3: Verify the recipient’s address, Done". */
  accessible = g_strdup_printf (_("Step %u: %s, %s"),
                                (guint) self->step, md_step_get_title (self->step), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
md_step_row_constructed (GObject *object)
{
  MdStepRow *self = MD_STEP_ROW (object);
  g_autofree char *number = NULL;

  G_OBJECT_CLASS (md_step_row_parent_class)->constructed (object);

  number = g_strdup_printf ("%u", (guint) self->step);
  gtk_label_set_label (self->number_label, number);
  gtk_label_set_label (self->title_label, md_step_get_title (self->step));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), md_step_get_summary (self->step));
  md_step_row_update_state (self);
}

static void
md_step_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MD_TYPE_STEP_ROW);

  G_OBJECT_CLASS (md_step_row_parent_class)->dispose (object);
}

static void
md_step_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MdStepRow *self = MD_STEP_ROW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_step_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MdStepRow *self = MD_STEP_ROW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      self->step = g_value_get_enum (value);
      break;

    case PROP_STATE:
      md_step_row_set_state (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_step_row_class_init (MdStepRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = md_step_row_constructed;
  object_class->dispose = md_step_row_dispose;
  object_class->get_property = md_step_row_get_property;
  object_class->set_property = md_step_row_set_property;

  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL,
                       MD_TYPE_STEP, MD_STEP_IDENTIFY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       MD_TYPE_STEP_STATE, MD_STEP_STATE_NOT_STARTED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/md-step-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MdStepRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, MdStepRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MdStepRow, state_image);
}

static void
md_step_row_init (MdStepRow *self)
{
  self->step = MD_STEP_IDENTIFY;
  self->state = MD_STEP_STATE_NOT_STARTED;

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
md_step_row_new (MdStep step)
{
  g_return_val_if_fail (step >= MD_STEP_IDENTIFY && step <= MD_STEP_DOCUMENT, NULL);

  return g_object_new (MD_TYPE_STEP_ROW, "step", step, NULL);
}

MdStep
md_step_row_get_step (MdStepRow *self)
{
  g_return_val_if_fail (MD_IS_STEP_ROW (self), MD_STEP_NONE);

  return self->step;
}

MdStepState
md_step_row_get_state (MdStepRow *self)
{
  g_return_val_if_fail (MD_IS_STEP_ROW (self), MD_STEP_STATE_NOT_STARTED);

  return self->state;
}

void
md_step_row_set_state (MdStepRow   *self,
                       MdStepState  state)
{
  g_return_if_fail (MD_IS_STEP_ROW (self));
  g_return_if_fail (state <= MD_STEP_STATE_SKIPPED);

  if (self->state == state)
    return;

  self->state = state;
  md_step_row_update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}
