/* md-finding-row.c: a list row showing one finding of a check
 *
 * The severity icon (with a spoken label), the title, the plain-language
 * detail and advice, and the technical evidence folded away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-finding-row.h"

struct _MdFindingRow
{
  AdwPreferencesRow parent_instance;

  GtkImage    *icon_image;
  GtkLabel    *title_label;
  GtkLabel    *detail_label;
  GtkLabel    *advice_label;
  GtkWidget   *evidence_button;
  GtkWidget   *evidence_revealer;
  GtkLabel    *evidence_label;

  MdFinding *finding;
};

G_DEFINE_FINAL_TYPE (MdFindingRow, md_finding_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  PROP_0,
  PROP_FINDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* libadwaita's own colour classes, so no CSS is needed. */
static const char *
get_style_class (MdSeverity severity)
{
  switch (severity)
    {
    case MD_SEVERITY_OK:
      return "success";
    case MD_SEVERITY_INFO:
      return "accent";
    case MD_SEVERITY_WARNING:
      return "warning";
    case MD_SEVERITY_PROBLEM:
    default:
      return "error";
    }
}

static void
set_optional_label (GtkLabel   *label,
                    const char *text)
{
  gboolean has_text = text != NULL && *text != '\0';

  gtk_label_set_label (label, has_text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), has_text);
}

static void
md_finding_row_update (MdFindingRow *self)
{
  MdSeverity severity = md_finding_get_severity (self->finding);
  const char *severity_label = md_severity_get_label (severity);
  const char *advice = md_finding_get_advice (self->finding);
  const char *evidence = md_finding_get_evidence (self->finding);

  gtk_image_set_from_icon_name (self->icon_image, md_severity_get_icon_name (severity));
  gtk_widget_add_css_class (GTK_WIDGET (self->icon_image), get_style_class (severity));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->icon_image), severity_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, severity_label,
                                  -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), md_finding_get_title (self->finding));
  /* The row takes the keyboard focus: libadwaita 1.2 does not name it after
   * its title, so a screen reader would say nothing. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, md_finding_get_title (self->finding),
                                  -1);
  gtk_label_set_label (self->title_label, md_finding_get_title (self->finding));
  set_optional_label (self->detail_label, md_finding_get_detail (self->finding));

  if (advice != NULL && *advice != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (advice, -1);
      /* Translators: before the advice of a finding; %s is the advice */
      g_autofree char *markup = g_strdup_printf (_("<b>What to do:</b> %s"), escaped);

      gtk_label_set_markup (self->advice_label, markup);
      gtk_widget_set_visible (GTK_WIDGET (self->advice_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->advice_label), FALSE);
    }

  set_optional_label (self->evidence_label, evidence);
  gtk_widget_set_visible (self->evidence_button, evidence != NULL && *evidence != '\0');
  gtk_widget_set_visible (self->evidence_revealer, evidence != NULL && *evidence != '\0');
}

static void
md_finding_row_constructed (GObject *object)
{
  MdFindingRow *self = MD_FINDING_ROW (object);

  G_OBJECT_CLASS (md_finding_row_parent_class)->constructed (object);

  g_return_if_fail (MD_IS_FINDING (self->finding));
  md_finding_row_update (self);
}

static void
md_finding_row_dispose (GObject *object)
{
  MdFindingRow *self = MD_FINDING_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_FINDING_ROW);
  g_clear_object (&self->finding);

  G_OBJECT_CLASS (md_finding_row_parent_class)->dispose (object);
}

static void
md_finding_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MdFindingRow *self = MD_FINDING_ROW (object);

  switch (prop_id)
    {
    case PROP_FINDING:
      g_value_set_object (value, self->finding);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_finding_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MdFindingRow *self = MD_FINDING_ROW (object);

  switch (prop_id)
    {
    case PROP_FINDING:
      self->finding = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_finding_row_class_init (MdFindingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = md_finding_row_constructed;
  object_class->dispose = md_finding_row_dispose;
  object_class->get_property = md_finding_row_get_property;
  object_class->set_property = md_finding_row_set_property;

  properties[PROP_FINDING] =
    g_param_spec_object ("finding", NULL, NULL,
                         MD_TYPE_FINDING,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/md-finding-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MdFindingRow, icon_image);
  gtk_widget_class_bind_template_child (widget_class, MdFindingRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MdFindingRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, MdFindingRow, advice_label);
  gtk_widget_class_bind_template_child (widget_class, MdFindingRow, evidence_button);
  gtk_widget_class_bind_template_child (widget_class, MdFindingRow, evidence_revealer);
  gtk_widget_class_bind_template_child (widget_class, MdFindingRow, evidence_label);
}

static void
md_finding_row_init (MdFindingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * md_finding_row_new:
 * @finding: the finding to show
 *
 * Returns: (transfer floating): a new #MdFindingRow
 */
GtkWidget *
md_finding_row_new (MdFinding *finding)
{
  g_return_val_if_fail (MD_IS_FINDING (finding), NULL);

  return g_object_new (MD_TYPE_FINDING_ROW, "finding", finding, NULL);
}

/**
 * md_finding_row_get_finding:
 * @self: a #MdFindingRow
 *
 * Returns: (transfer none): the finding the row shows
 */
MdFinding *
md_finding_row_get_finding (MdFindingRow *self)
{
  g_return_val_if_fail (MD_IS_FINDING_ROW (self), NULL);

  return self->finding;
}

/**
 * md_finding_row_fill_list:
 * @list: a list box
 * @findings: (nullable) (element-type MdFinding): the findings to show
 *
 * Replaces all rows of @list with one #MdFindingRow per finding, in order.
 */
void
md_finding_row_fill_list (GtkListBox *list,
                          GPtrArray  *findings)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    gtk_list_box_append (list, md_finding_row_new (g_ptr_array_index (findings, i)));
}
