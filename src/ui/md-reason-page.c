/* md-reason-page.c: step 2, the reason explained with its evidence
 *
 * The explanation and advice of the reason, then the bounce itself with the
 * lines the classifier relied on highlighted, and the technical facts
 * folded away for help-desk staff.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-analysis-view.h"
#include "md-reason-page.h"

struct _MdReasonPage
{
  AdwBin parent_instance;

  GtkStack    *stack;
  GtkLabel    *title_label;
  GtkLabel    *explanation_label;
  GtkLabel    *advice_label;
  GtkWidget   *advice_box;
  GtkTextView *evidence_view;
  GtkLabel    *evidence_hint_label;
  GtkLabel    *details_label;

  GtkTextMark *first_evidence;
};

G_DEFINE_FINAL_TYPE (MdReasonPage, md_reason_page, ADW_TYPE_BIN)

static void
append_detail (GString    *details,
               const char *label,
               const char *value)
{
  if (value == NULL || *value == '\0')
    return;

  /* Translators: one line of the technical details: a label, then a value */
  g_string_append_printf (details, _("%s: %s"), label, value);
  g_string_append_c (details, '\n');
}

static void
md_reason_page_fill_details (MdReasonPage      *self,
                             MdBounce          *bounce,
                             MdBounceRecipient *recipient)
{
  g_autoptr(GString) details = g_string_new (NULL);

  if (recipient != NULL)
    {
      GDateTime *attempt = md_bounce_recipient_get_last_attempt (recipient);
      g_autofree char *when = attempt ? g_date_time_format (attempt, "%F %T %z") : NULL;

      append_detail (details, _("Address"), md_analysis_get_address (recipient));
      append_detail (details, _("Status code"), md_bounce_recipient_get_status (recipient));
      append_detail (details, _("Reply code"), md_bounce_recipient_get_reply_code (recipient));
      append_detail (details, _("Remote server"), md_bounce_recipient_get_remote_mta (recipient));
      append_detail (details, _("Reporting server"), md_bounce_get_reporting_mta (bounce));
      append_detail (details, _("Mail software"), md_bounce_get_mta (bounce));
      append_detail (details, _("Server said"), md_bounce_recipient_get_diagnostic (recipient));
      append_detail (details, _("Last attempt"), when);
      append_detail (details, _("Reason"), md_bounce_recipient_get_reason (recipient));
      append_detail (details, _("Rule"), md_bounce_recipient_get_evidence_rule (recipient));
    }
  append_detail (details, _("Bounce kind"), md_bounce_kind_to_string (md_bounce_get_kind (bounce)));
  append_detail (details, _("Date"), md_bounce_get_date (bounce));

  if (details->len > 0)
    g_string_truncate (details, details->len - 1);

  gtk_label_set_label (self->details_label, details->str);
}

static void
highlight_line (GtkTextBuffer *buffer,
                guint          line,
                GtkTextIter   *first)
{
  GtkTextIter start, end;

  if (line == 0 || line > (guint) gtk_text_buffer_get_line_count (buffer))
    return;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line - 1);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_apply_tag_by_name (buffer, "evidence", &start, &end);

  if (gtk_text_iter_compare (&start, first) < 0)
    *first = start;
}

static void
md_reason_page_scroll_to_evidence (MdReasonPage *self)
{
  gtk_text_view_scroll_to_mark (self->evidence_view, self->first_evidence, 0.0, TRUE, 0.0, 0.3);
}

/* Scrolling needs a size: done again each time the page is shown. */
static void
on_evidence_view_map_cb (MdReasonPage *self,
                         GtkWidget    *view)
{
  md_reason_page_scroll_to_evidence (self);
}

static void
md_reason_page_fill_evidence (MdReasonPage *self,
                              MdBounce     *bounce)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->evidence_view);
  GPtrArray *recipients = md_bounce_get_recipients (bounce);
  const char *text = md_bounce_get_text (bounce);
  GtkTextIter first;

  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_get_end_iter (buffer, &first);

  for (guint i = 0; recipients != NULL && i < recipients->len; i++)
    {
      MdBounceRecipient *recipient = g_ptr_array_index (recipients, i);
      guint n_lines = 0;
      const guint *lines = md_bounce_recipient_get_lines (recipient, &n_lines);

      for (guint j = 0; j < n_lines; j++)
        highlight_line (buffer, lines[j], &first);
      highlight_line (buffer, md_bounce_recipient_get_evidence_line (recipient), &first);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->evidence_hint_label), !gtk_text_iter_is_end (&first));

  if (gtk_text_iter_is_end (&first))
    gtk_text_buffer_get_start_iter (buffer, &first);
  gtk_text_buffer_move_mark (buffer, self->first_evidence, &first);
  gtk_text_buffer_place_cursor (buffer, &first);
  md_reason_page_scroll_to_evidence (self);
}

/**
 * md_reason_page_set_bounce:
 * @self: a #MdReasonPage
 * @bounce: (nullable): the analysed bounce, or %NULL
 */
void
md_reason_page_set_bounce (MdReasonPage *self,
                           MdBounce     *bounce)
{
  MdBounceRecipient *recipient;
  const MdReason *reason;
  g_autofree char *headline = NULL;

  g_return_if_fail (MD_IS_REASON_PAGE (self));
  g_return_if_fail (bounce == NULL || MD_IS_BOUNCE (bounce));

  if (bounce == NULL)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->evidence_view), "", -1);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  recipient = md_analysis_pick_recipient (bounce);
  reason = md_analysis_get_reason (bounce);
  headline = md_analysis_format_headline (bounce);

  gtk_label_set_label (self->title_label, headline);
  if (reason != NULL)
    {
      gtk_label_set_label (self->explanation_label, md_reason_get_explanation (reason));
      gtk_label_set_label (self->advice_label, md_reason_get_advice (reason));
    }
  else
    {
      gtk_label_set_label (self->explanation_label,
                           md_bounce_get_kind (bounce) == MD_BOUNCE_KIND_NOT_A_BOUNCE
                           ? _("Mail Doctor found no report of a failed delivery in this text.")
                           : _("The bounce does not say clearly why the message failed. The highlighted lines and the technical details below are what it does say."));
      gtk_label_set_label (self->advice_label, "");
    }
  gtk_widget_set_visible (self->advice_box, reason != NULL);

  md_reason_page_fill_evidence (self, bounce);
  md_reason_page_fill_details (self, bounce, recipient);
  gtk_stack_set_visible_child_name (self->stack, "reason");
}

/**
 * md_reason_page_dup_details:
 * @self: a #MdReasonPage
 *
 * Returns: (transfer full): the technical details, one “label: value” a line
 */
char *
md_reason_page_dup_details (MdReasonPage *self)
{
  g_return_val_if_fail (MD_IS_REASON_PAGE (self), NULL);

  return g_strdup (gtk_label_get_label (self->details_label));
}

static void
md_reason_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MD_TYPE_REASON_PAGE);

  G_OBJECT_CLASS (md_reason_page_parent_class)->dispose (object);
}

static void
md_reason_page_class_init (MdReasonPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_reason_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/md-reason-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdReasonPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MdReasonPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, MdReasonPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, MdReasonPage, advice_label);
  gtk_widget_class_bind_template_child (widget_class, MdReasonPage, advice_box);
  gtk_widget_class_bind_template_child (widget_class, MdReasonPage, evidence_view);
  gtk_widget_class_bind_template_child (widget_class, MdReasonPage, evidence_hint_label);
  gtk_widget_class_bind_template_child (widget_class, MdReasonPage, details_label);
}

static void
md_reason_page_init (MdReasonPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (self->evidence_view);
  gtk_text_buffer_create_tag (buffer, "evidence",
                              "paragraph-background", "rgba(246, 211, 45, 0.35)",
                              "weight", PANGO_WEIGHT_BOLD,
                              NULL);
  gtk_text_buffer_get_start_iter (buffer, &start);
  self->first_evidence = gtk_text_buffer_create_mark (buffer, "first-evidence", &start, TRUE);
  g_signal_connect_object (self->evidence_view, "map",
                           G_CALLBACK (on_evidence_view_map_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
md_reason_page_new (void)
{
  return g_object_new (MD_TYPE_REASON_PAGE, NULL);
}
