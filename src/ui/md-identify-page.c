/* md-identify-page.c: step 1, where the user gives the bounce message
 *
 * A large paste area; files come in through the window (its "win.open"
 * action and its drop target), which puts their text here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-analysis-view.h"
#include "md-identify-page.h"

struct _MdIdentifyPage
{
  AdwBin parent_instance;

  GtkTextView   *text_view;
  GtkLabel      *placeholder_label;
  GtkMenuButton   *examples_button;
  MdAnalysisView  *analysis_view;

  /* Set while a paste or a drop inserts text: it is analysed at once. */
  gboolean bulk_change;
  /* Set while set_text() empties the area before filling it again. */
  gboolean replacing;
};

G_DEFINE_FINAL_TYPE (MdIdentifyPage, md_identify_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_EMPTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TEXT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_buffer_insert_text_cb (MdIdentifyPage *self,
                          GtkTextIter    *location,
                          const char     *text,
                          int             length,
                          GtkTextBuffer  *buffer)
{
  /* Typing inserts one character at a time; a paste brings many. */
  if (length > 1 && g_utf8_strlen (text, length) > 1)
    self->bulk_change = TRUE;
}

static void
on_buffer_changed_cb (MdIdentifyPage *self,
                      GtkTextBuffer  *buffer)
{
  gboolean empty = gtk_text_buffer_get_char_count (buffer) == 0;
  gboolean immediate;

  /* GtkTextView has no placeholder of its own: a dim label lies over it. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->placeholder_label)) != empty)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->placeholder_label), empty);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
    }

  if (self->replacing)
    return;

  /* A paste, a drop or clearing the area is acted on at once; typing waits. */
  immediate = empty || self->bulk_change;
  self->bulk_change = FALSE;
  g_signal_emit (self, signals[TEXT_CHANGED], 0, immediate);
}

static void
md_identify_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MD_TYPE_IDENTIFY_PAGE);

  G_OBJECT_CLASS (md_identify_page_parent_class)->dispose (object);
}

static void
md_identify_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MdIdentifyPage *self = MD_IDENTIFY_PAGE (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, md_identify_page_is_empty (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_identify_page_class_init (MdIdentifyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_identify_page_dispose;
  object_class->get_property = md_identify_page_get_property;

  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MdIdentifyPage::text-changed:
   * @self: the page
   * @immediate: %TRUE when a whole text arrived at once (a paste, a drop
   *   or a file), %FALSE while the user types
   */
  signals[TEXT_CHANGED] =
    g_signal_new ("text-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/md-identify-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdIdentifyPage, text_view);
  gtk_widget_class_bind_template_child (widget_class, MdIdentifyPage, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, MdIdentifyPage, examples_button);
  gtk_widget_class_bind_template_child (widget_class, MdIdentifyPage, analysis_view);

  g_type_ensure (MD_TYPE_ANALYSIS_VIEW);
}

static void
md_identify_page_init (MdIdentifyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "insert-text",
                           G_CALLBACK (on_buffer_insert_text_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (on_buffer_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
md_identify_page_new (void)
{
  return g_object_new (MD_TYPE_IDENTIFY_PAGE, NULL);
}

/**
 * md_identify_page_dup_text:
 * @self: a #MdIdentifyPage
 *
 * Returns: (transfer full): the text in the paste area
 */
char *
md_identify_page_dup_text (MdIdentifyPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (MD_IS_IDENTIFY_PAGE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * md_identify_page_set_text:
 * @self: a #MdIdentifyPage
 * @text: valid UTF-8 text
 *
 * Replaces the text in the paste area. The change can be undone.
 */
void
md_identify_page_set_text (MdIdentifyPage *self,
                           const char     *text)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (MD_IS_IDENTIFY_PAGE (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (g_utf8_validate (text, -1, NULL));

  buffer = gtk_text_view_get_buffer (self->text_view);

  /* One user action, so Ctrl+Z brings back what was there before. */
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  self->replacing = *text != '\0';
  gtk_text_buffer_delete (buffer, &start, &end);
  self->replacing = FALSE;
  gtk_text_buffer_insert (buffer, &start, text, -1);
  gtk_text_buffer_end_user_action (buffer);

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

gboolean
md_identify_page_is_empty (MdIdentifyPage *self)
{
  g_return_val_if_fail (MD_IS_IDENTIFY_PAGE (self), TRUE);

  return gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->text_view)) == 0;
}

/**
 * md_identify_page_set_examples_menu:
 * @self: a #MdIdentifyPage
 * @menu: (nullable): a menu of example bounces, or %NULL to hide the button
 */
void
md_identify_page_set_examples_menu (MdIdentifyPage *self,
                                    GMenuModel     *menu)
{
  g_return_if_fail (MD_IS_IDENTIFY_PAGE (self));
  g_return_if_fail (menu == NULL || G_IS_MENU_MODEL (menu));

  gtk_menu_button_set_menu_model (self->examples_button, menu);
  gtk_widget_set_visible (GTK_WIDGET (self->examples_button),
                          menu != NULL && g_menu_model_get_n_items (menu) > 0);
}

void
md_identify_page_focus_text (MdIdentifyPage *self)
{
  g_return_if_fail (MD_IS_IDENTIFY_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/**
 * md_identify_page_get_analysis_view:
 * @self: a #MdIdentifyPage
 *
 * Returns: (transfer none): the card showing what the text says
 */
MdAnalysisView *
md_identify_page_get_analysis_view (MdIdentifyPage *self)
{
  g_return_val_if_fail (MD_IS_IDENTIFY_PAGE (self), NULL);

  return self->analysis_view;
}
