/* md-step-page.c: the page of one checklist step
 *
 * The page shows what the step is about (title, summary and the
 * plain-language explanation from the core), its state, which the user can
 * change, and a content area for the step's own tools.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-core-enums.h"
#include "md-page-util.h"
#include "md-step-page.h"
#include "md-step-row.h"

struct _MdStepPage
{
  AdwBin parent_instance;

  GtkImage        *icon_image;
  GtkLabel        *number_label;
  GtkLabel        *title_label;
  GtkLabel        *summary_label;
  GtkLabel        *explanation_label;
  GtkImage        *state_image;
  GtkLabel        *state_label;
  GtkToggleButton *done_button;
  GtkWidget       *skip_box;
  GtkLabel        *skip_label;
  GtkWidget       *skip_button;
  AdwBin          *content_bin;
  GtkTextView     *notes_view;

  char        *skip_reason;

  MdStep      step;
  MdStepState state;
};

G_DEFINE_FINAL_TYPE (MdStepPage, md_step_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STEP,
  PROP_STATE,
  PROP_CONTENT,
  PROP_NOTES,
  PROP_SKIP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
md_step_page_update_state (MdStepPage *self)
{
  const char *label = md_step_state_get_label (self->state);

  gtk_image_set_from_icon_name (self->state_image, md_step_row_get_state_icon_name (self->state));
  gtk_label_set_label (self->state_label, label);
  gtk_toggle_button_set_active (self->done_button, self->state == MD_STEP_STATE_DONE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "step.skip",
                                 self->state != MD_STEP_STATE_SKIPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "step.needs-attention",
                                 self->state != MD_STEP_STATE_NEEDS_ATTENTION);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "step.reset",
                                 self->state != MD_STEP_STATE_NOT_STARTED);

  /* Once skipped, the offer has been taken up: the state line says so. */
  gtk_widget_set_visible (self->skip_button, self->state != MD_STEP_STATE_SKIPPED);
}

static void
on_notes_changed_cb (MdStepPage    *self,
                     GtkTextBuffer *buffer)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}

static void
on_done_button_toggled_cb (MdStepPage      *self,
                           GtkToggleButton *button)
{
  if (gtk_toggle_button_get_active (button))
    md_step_page_set_state (self, MD_STEP_STATE_DONE);
  else if (self->state == MD_STEP_STATE_DONE)
    md_step_page_set_state (self, MD_STEP_STATE_NOT_STARTED);
}

static void
md_step_page_set_state_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  MdStepPage *self = MD_STEP_PAGE (widget);

  if (g_str_equal (action_name, "step.skip"))
    md_step_page_set_state (self, MD_STEP_STATE_SKIPPED);
  else if (g_str_equal (action_name, "step.needs-attention"))
    md_step_page_set_state (self, MD_STEP_STATE_NEEDS_ATTENTION);
  else if (g_str_equal (action_name, "step.reset"))
    md_step_page_set_state (self, MD_STEP_STATE_NOT_STARTED);
  else
    g_assert_not_reached ();
}

static void
md_step_page_constructed (GObject *object)
{
  MdStepPage *self = MD_STEP_PAGE (object);
  g_autofree char *number = NULL;

  G_OBJECT_CLASS (md_step_page_parent_class)->constructed (object);

  /* Translators: shown above the title of each checklist step. */
  number = g_strdup_printf (_("Step %u of %u"), (guint) self->step, (guint) MD_N_STEPS);
  gtk_label_set_label (self->number_label, number);
  gtk_image_set_from_icon_name (self->icon_image, md_step_get_icon_name (self->step));
  gtk_label_set_label (self->title_label, md_step_get_title (self->step));
  gtk_label_set_label (self->summary_label, md_step_get_summary (self->step));
  gtk_label_set_label (self->explanation_label, md_step_get_explanation (self->step));
  md_step_page_update_state (self);
}

static void
md_step_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MD_TYPE_STEP_PAGE);

  G_OBJECT_CLASS (md_step_page_parent_class)->dispose (object);
}

static void
md_step_page_finalize (GObject *object)
{
  MdStepPage *self = MD_STEP_PAGE (object);

  g_free (self->skip_reason);

  G_OBJECT_CLASS (md_step_page_parent_class)->finalize (object);
}

static void
md_step_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MdStepPage *self = MD_STEP_PAGE (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_CONTENT:
      g_value_set_object (value, md_step_page_get_content (self));
      break;

    case PROP_NOTES:
      g_value_take_string (value, md_step_page_dup_notes (self));
      break;

    case PROP_SKIP_REASON:
      g_value_set_string (value, self->skip_reason);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_step_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MdStepPage *self = MD_STEP_PAGE (object);

  switch (prop_id)
    {
    case PROP_STEP:
      self->step = g_value_get_enum (value);
      break;

    case PROP_STATE:
      md_step_page_set_state (self, g_value_get_enum (value));
      break;

    case PROP_CONTENT:
      md_step_page_set_content (self, g_value_get_object (value));
      break;

    case PROP_NOTES:
      md_step_page_set_notes (self, g_value_get_string (value));
      break;

    case PROP_SKIP_REASON:
      md_step_page_set_skip_reason (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_step_page_class_init (MdStepPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = md_step_page_constructed;
  object_class->dispose = md_step_page_dispose;
  object_class->finalize = md_step_page_finalize;
  object_class->get_property = md_step_page_get_property;
  object_class->set_property = md_step_page_set_property;

  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL,
                       MD_TYPE_STEP, MD_STEP_IDENTIFY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       MD_TYPE_STEP_STATE, MD_STEP_STATE_NOT_STARTED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONTENT] =
    g_param_spec_object ("content", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SKIP_REASON] =
    g_param_spec_string ("skip-reason", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/md-step-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, icon_image);
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, number_label);
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, state_image);
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, done_button);
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, skip_box);
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, skip_label);
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, skip_button);
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, content_bin);
  gtk_widget_class_bind_template_child (widget_class, MdStepPage, notes_view);
  gtk_widget_class_bind_template_callback (widget_class, on_done_button_toggled_cb);

  gtk_widget_class_install_action (widget_class, "step.needs-attention", NULL,
                                   md_step_page_set_state_action);
  gtk_widget_class_install_action (widget_class, "step.skip", NULL,
                                   md_step_page_set_state_action);
  gtk_widget_class_install_action (widget_class, "step.reset", NULL,
                                   md_step_page_set_state_action);
}

static void
md_step_page_init (MdStepPage *self)
{
  self->step = MD_STEP_IDENTIFY;
  self->state = MD_STEP_STATE_NOT_STARTED;

  gtk_widget_init_template (GTK_WIDGET (self));
  md_page_fix_accessible_names (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed",
                           G_CALLBACK (on_notes_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * md_step_page_new:
 * @step: the checklist step the page shows
 *
 * Returns: (transfer floating): a new #MdStepPage
 */
GtkWidget *
md_step_page_new (MdStep step)
{
  g_return_val_if_fail (step >= MD_STEP_IDENTIFY && step <= MD_STEP_DOCUMENT, NULL);

  return g_object_new (MD_TYPE_STEP_PAGE, "step", step, NULL);
}

MdStep
md_step_page_get_step (MdStepPage *self)
{
  g_return_val_if_fail (MD_IS_STEP_PAGE (self), MD_STEP_NONE);

  return self->step;
}

MdStepState
md_step_page_get_state (MdStepPage *self)
{
  g_return_val_if_fail (MD_IS_STEP_PAGE (self), MD_STEP_STATE_NOT_STARTED);

  return self->state;
}

void
md_step_page_set_state (MdStepPage  *self,
                        MdStepState  state)
{
  g_return_if_fail (MD_IS_STEP_PAGE (self));
  g_return_if_fail (state <= MD_STEP_STATE_SKIPPED);

  if (self->state == state)
    return;

  /* Set before updating the toggle: its handler reads the new state. */
  self->state = state;
  md_step_page_update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * md_step_page_get_content:
 * @self: a #MdStepPage
 *
 * Returns: (transfer none) (nullable): the widget with the step's own tools
 */
GtkWidget *
md_step_page_get_content (MdStepPage *self)
{
  g_return_val_if_fail (MD_IS_STEP_PAGE (self), NULL);

  return adw_bin_get_child (self->content_bin);
}

/**
 * md_step_page_set_content:
 * @self: a #MdStepPage
 * @content: (nullable): the widget with the step's own tools
 *
 * Puts @content below the explanation of the step.
 */
void
md_step_page_set_content (MdStepPage *self,
                          GtkWidget  *content)
{
  g_return_if_fail (MD_IS_STEP_PAGE (self));
  g_return_if_fail (content == NULL || GTK_IS_WIDGET (content));

  if (adw_bin_get_child (self->content_bin) == content)
    return;

  if (content != NULL)
    md_page_fix_accessible_names (content);
  adw_bin_set_child (self->content_bin, content);
  gtk_widget_set_visible (GTK_WIDGET (self->content_bin), content != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}

/**
 * md_step_page_dup_notes:
 * @self: a #MdStepPage
 *
 * Returns: (transfer full): what the user wrote in the notes of this step
 */
char *
md_step_page_dup_notes (MdStepPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (MD_IS_STEP_PAGE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->notes_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
md_step_page_set_notes (MdStepPage *self,
                        const char *notes)
{
  g_autofree char *old = NULL;

  g_return_if_fail (MD_IS_STEP_PAGE (self));

  old = md_step_page_dup_notes (self);
  if (g_strcmp0 (old, notes ? notes : "") == 0)
    return;

  /* The buffer's "changed" handler notifies. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), notes ? notes : "", -1);
}

const char *
md_step_page_get_skip_reason (MdStepPage *self)
{
  g_return_val_if_fail (MD_IS_STEP_PAGE (self), NULL);

  return self->skip_reason;
}

/**
 * md_step_page_set_skip_reason:
 * @self: a #MdStepPage
 * @reason: (nullable): why this step is not needed for the current bounce,
 *   or %NULL when it is
 *
 * Shows @reason with a button to skip the step. The state is left alone:
 * the user decides.
 */
void
md_step_page_set_skip_reason (MdStepPage *self,
                              const char *reason)
{
  g_return_if_fail (MD_IS_STEP_PAGE (self));

  if (g_strcmp0 (self->skip_reason, reason) == 0)
    return;

  g_free (self->skip_reason);
  self->skip_reason = g_strdup (reason);

  gtk_label_set_label (self->skip_label, reason ? reason : "");
  gtk_widget_set_visible (self->skip_box, reason != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKIP_REASON]);
}
