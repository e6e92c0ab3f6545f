/* md-analysis-view.c: step 1's answer: what happened, in one card
 *
 * Shown above the paste area as soon as the text has been read: a headline
 * in plain words, whether waiting can help, who has to act, and one row per
 * address the bounce reports. Errors (empty, too large) take the card's
 * place; the pasted text is never touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-analysis-view.h"
#include "md-bounce-recipient.h"

struct _MdAnalysisView
{
  AdwBin parent_instance;

  GtkStack   *stack;
  GtkWidget  *result_card;
  GtkLabel   *kind_label;
  GtkLabel   *headline_label;
  GtkLabel   *detail_label;
  GtkWidget  *outlook_box;
  GtkImage   *outlook_image;
  GtkLabel   *outlook_label;
  GtkWidget  *party_box;
  GtkLabel   *party_label;
  GtkWidget  *recipients_box;
  GtkLabel   *recipients_label;
  GtkListBox *recipients_list;
  GtkLabel   *error_label;

  char *headline;
};

G_DEFINE_FINAL_TYPE (MdAnalysisView, md_analysis_view, ADW_TYPE_BIN)

/**
 * md_analysis_pick_recipient:
 * @bounce: a parsed bounce
 *
 * Returns: (transfer none) (nullable): the recipient the bounce is mostly
 *   about: the first that failed, else the first delayed, else the first
 */
MdBounceRecipient *
md_analysis_pick_recipient (MdBounce *bounce)
{
  GPtrArray *recipients;

  g_return_val_if_fail (MD_IS_BOUNCE (bounce), NULL);

  recipients = md_bounce_get_recipients (bounce);
  if (recipients == NULL || recipients->len == 0)
    return NULL;

  for (guint i = 0; i < recipients->len; i++)
    if (md_bounce_recipient_get_action (g_ptr_array_index (recipients, i)) == MD_BOUNCE_ACTION_FAILED)
      return g_ptr_array_index (recipients, i);

  for (guint i = 0; i < recipients->len; i++)
    if (md_bounce_recipient_get_action (g_ptr_array_index (recipients, i)) == MD_BOUNCE_ACTION_DELAYED)
      return g_ptr_array_index (recipients, i);

  return g_ptr_array_index (recipients, 0);
}

/**
 * md_analysis_get_address:
 * @recipient: a recipient of a bounce
 *
 * Returns: (transfer none): its address, or words saying it is not known
 */
const char *
md_analysis_get_address (MdBounceRecipient *recipient)
{
  const char *address;

  g_return_val_if_fail (MD_IS_BOUNCE_RECIPIENT (recipient), NULL);

  address = md_bounce_recipient_get_address (recipient);
  if (address == NULL || *address == '\0')
    address = md_bounce_recipient_get_original_address (recipient);
  if (address == NULL || *address == '\0')
    /* Translators: used in place of an email address the bounce does not give */
    address = _("an unknown address");

  return address;
}

/**
 * md_analysis_get_reason:
 * @bounce: a parsed bounce
 *
 * Returns: (transfer none) (nullable): the reason of the main recipient
 */
const MdReason *
md_analysis_get_reason (MdBounce *bounce)
{
  MdBounceRecipient *recipient = md_analysis_pick_recipient (bounce);
  const char *id;

  if (recipient == NULL)
    return NULL;

  id = md_bounce_recipient_get_reason (recipient);
  return id != NULL ? md_reason_lookup (id) : NULL;
}

/**
 * md_analysis_is_failure:
 * @bounce: a parsed bounce
 *
 * Returns: whether something needs fixing: a failed or delayed delivery
 *   (not a delivery notice, an automatic reply or ordinary mail)
 */
gboolean
md_analysis_is_failure (MdBounce *bounce)
{
  const MdReason *reason;

  g_return_val_if_fail (MD_IS_BOUNCE (bounce), FALSE);

  switch (md_bounce_get_kind (bounce))
    {
    case MD_BOUNCE_KIND_FAILURE:
    case MD_BOUNCE_KIND_DELAY:
    case MD_BOUNCE_KIND_UNKNOWN:
      reason = md_analysis_get_reason (bounce);
      return md_analysis_pick_recipient (bounce) != NULL && (reason == NULL || reason->failure);

    case MD_BOUNCE_KIND_DELIVERED:
    case MD_BOUNCE_KIND_AUTO_REPLY:
    case MD_BOUNCE_KIND_COMPLAINT:
    case MD_BOUNCE_KIND_NOT_A_BOUNCE:
    default:
      return FALSE;
    }
}

/**
 * md_analysis_format_headline:
 * @bounce: a parsed bounce
 *
 * Returns: (transfer full): one sentence, without a final period, saying
 *   what happened
 */
char *
md_analysis_format_headline (MdBounce *bounce)
{
  MdBounceRecipient *recipient;
  const MdReason *reason;

  g_return_val_if_fail (MD_IS_BOUNCE (bounce), NULL);

  switch (md_bounce_get_kind (bounce))
    {
    case MD_BOUNCE_KIND_NOT_A_BOUNCE:
      return g_strdup (_("This does not look like a bounce message"));
    case MD_BOUNCE_KIND_AUTO_REPLY:
      return g_strdup (_("This looks like an automatic reply, not a bounce: your message was delivered"));
    case MD_BOUNCE_KIND_DELIVERED:
      return g_strdup (_("This is a delivery notice, not a bounce: your message was delivered"));
    case MD_BOUNCE_KIND_COMPLAINT:
      return g_strdup (_("This is a spam complaint, not a bounce: your message was delivered, then reported as unwanted"));
    case MD_BOUNCE_KIND_FAILURE:
    case MD_BOUNCE_KIND_DELAY:
    case MD_BOUNCE_KIND_UNKNOWN:
    default:
      break;
    }

  recipient = md_analysis_pick_recipient (bounce);
  reason = md_analysis_get_reason (bounce);

  if (recipient != NULL && reason != NULL)
    return md_reason_format_headline (reason, md_analysis_get_address (recipient));

  if (recipient != NULL)
    /* Translators: %s is an email address */
    return g_strdup_printf (_("Your message to %s could not be delivered"),
                            md_analysis_get_address (recipient));

  return g_strdup (md_bounce_kind_get_label (md_bounce_get_kind (bounce)));
}

/**
 * md_analysis_get_outlook:
 * @bounce: a parsed bounce
 *
 * Returns: (transfer none) (nullable): whether waiting can help, in words,
 *   or %NULL when nothing failed
 */
const char *
md_analysis_get_outlook (MdBounce *bounce)
{
  MdBounceRecipient *recipient;

  g_return_val_if_fail (MD_IS_BOUNCE (bounce), NULL);

  if (!md_analysis_is_failure (bounce))
    return NULL;

  recipient = md_analysis_pick_recipient (bounce);

  if (md_bounce_get_kind (bounce) == MD_BOUNCE_KIND_DELAY ||
      md_bounce_recipient_get_action (recipient) == MD_BOUNCE_ACTION_DELAYED)
    return _("This may fix itself: the server will keep trying");

  /* The classifier's verdict for this recipient, which weighs the codes. */
  if (md_bounce_recipient_get_temporary (recipient))
    return _("This may fix itself: sending again later can work");

  return _("Trying again later will not help");
}

static char *
format_recipient_subtitle (MdBounceRecipient *recipient)
{
  const char *id = md_bounce_recipient_get_reason (recipient);
  const MdReason *reason = id != NULL ? md_reason_lookup (id) : NULL;
  const char *status = md_bounce_recipient_get_status (recipient);
  const char *title = reason != NULL ? md_reason_get_title (reason) : _("Reason not known");

  if (status != NULL && *status != '\0')
    /* Translators: a reason such as “Address does not exist”, then a status code such as 5.1.1 */
    return g_strdup_printf (_("%s (status %s)"), title, status);

  return g_strdup (title);
}

static void
md_analysis_view_fill_recipients (MdAnalysisView *self,
                                  MdBounce       *bounce)
{
  GPtrArray *recipients = md_bounce_get_recipients (bounce);
  guint n = recipients != NULL ? recipients->len : 0;
  g_autofree char *heading = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recipients_list))) != NULL)
    gtk_list_box_remove (self->recipients_list, child);

  for (guint i = 0; i < n; i++)
    {
      MdBounceRecipient *recipient = g_ptr_array_index (recipients, i);
      g_autofree char *title = g_markup_escape_text (md_analysis_get_address (recipient), -1);
      g_autofree char *subtitle = format_recipient_subtitle (recipient);
      g_autofree char *subtitle_markup = g_markup_escape_text (subtitle, -1);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
      gtk_list_box_append (self->recipients_list, row);
    }

  /* Translators: heading of the list of addresses a bounce reports */
  heading = g_strdup_printf (ngettext ("%u address in this bounce",
                                       "%u addresses in this bounce", n), n);
  gtk_label_set_label (self->recipients_label, heading);
  gtk_widget_set_visible (self->recipients_box, n > 0);
}

static void
set_card_style (MdAnalysisView *self,
                const char     *style)
{
  static const char * const styles[] = { "problem", "temporary", "fine" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (self->result_card, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (self->result_card, style);
}

/**
 * md_analysis_view_set_bounce:
 * @self: a #MdAnalysisView
 * @bounce: (nullable): the parsed bounce, or %NULL to hide the card
 */
void
md_analysis_view_set_bounce (MdAnalysisView *self,
                             MdBounce       *bounce)
{
  const MdReason *reason;
  const char *outlook;
  const char *detail = NULL;
  gboolean failure;

  g_return_if_fail (MD_IS_ANALYSIS_VIEW (self));
  g_return_if_fail (bounce == NULL || MD_IS_BOUNCE (bounce));

  g_clear_pointer (&self->headline, g_free);

  if (bounce == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  reason = md_analysis_get_reason (bounce);
  failure = md_analysis_is_failure (bounce);
  outlook = md_analysis_get_outlook (bounce);

  self->headline = md_analysis_format_headline (bounce);
  gtk_label_set_label (self->kind_label, md_bounce_kind_get_label (md_bounce_get_kind (bounce)));
  gtk_label_set_label (self->headline_label, self->headline);

  if (md_bounce_get_kind (bounce) == MD_BOUNCE_KIND_NOT_A_BOUNCE)
    detail = _("It seems to be an ordinary email or some other text. Paste the message that came back to you, from the first line of its headers to the end.");
  else if (reason != NULL)
    detail = md_reason_get_explanation (reason);
  gtk_label_set_label (self->detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL);

  gtk_widget_set_visible (self->outlook_box, outlook != NULL);
  if (outlook != NULL)
    {
      gboolean may_fix_itself = !g_str_equal (outlook, _("Trying again later will not help"));

      gtk_label_set_label (self->outlook_label, outlook);
      gtk_image_set_from_icon_name (self->outlook_image,
                                    may_fix_itself ? "content-loading-symbolic"
                                                   : "action-unavailable-symbolic");
      set_card_style (self, may_fix_itself ? "temporary" : "problem");
    }
  else
    set_card_style (self, md_bounce_get_kind (bounce) == MD_BOUNCE_KIND_NOT_A_BOUNCE ? NULL : "fine");

  gtk_widget_set_visible (self->party_box, failure && reason != NULL);
  if (failure && reason != NULL)
    {
      /* Translators: %s is who must act, such as “The recipient” */
      g_autofree char *party = g_strdup_printf (_("Who needs to act: %s"),
                                                md_party_get_label (reason->party));

      gtk_label_set_label (self->party_label, party);
    }

  md_analysis_view_fill_recipients (self, bounce);

  gtk_stack_set_visible_child_name (self->stack, "result");
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

/**
 * md_analysis_view_set_error:
 * @self: a #MdAnalysisView
 * @error: why the text could not be read
 */
void
md_analysis_view_set_error (MdAnalysisView *self,
                            const GError   *error)
{
  g_return_if_fail (MD_IS_ANALYSIS_VIEW (self));
  g_return_if_fail (error != NULL);

  g_clear_pointer (&self->headline, g_free);
  gtk_label_set_label (self->error_label, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

void
md_analysis_view_set_busy (MdAnalysisView *self,
                           gboolean        busy)
{
  g_return_if_fail (MD_IS_ANALYSIS_VIEW (self));

  if (busy)
    {
      gtk_stack_set_visible_child_name (self->stack, "busy");
      gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
    }
}

/**
 * md_analysis_view_get_headline:
 * @self: a #MdAnalysisView
 *
 * Returns: (nullable): the headline shown, or %NULL when there is none
 */
const char *
md_analysis_view_get_headline (MdAnalysisView *self)
{
  g_return_val_if_fail (MD_IS_ANALYSIS_VIEW (self), NULL);

  return self->headline;
}

static void
md_analysis_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MD_TYPE_ANALYSIS_VIEW);

  G_OBJECT_CLASS (md_analysis_view_parent_class)->dispose (object);
}

static void
md_analysis_view_finalize (GObject *object)
{
  MdAnalysisView *self = MD_ANALYSIS_VIEW (object);

  g_free (self->headline);

  G_OBJECT_CLASS (md_analysis_view_parent_class)->finalize (object);
}

static void
md_analysis_view_class_init (MdAnalysisViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_analysis_view_dispose;
  object_class->finalize = md_analysis_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/md-analysis-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, stack);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, result_card);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, kind_label);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, headline_label);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, detail_label);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, outlook_box);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, outlook_image);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, outlook_label);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, party_box);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, party_label);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, recipients_box);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, recipients_label);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, recipients_list);
  gtk_widget_class_bind_template_child (widget_class, MdAnalysisView, error_label);
}

static void
md_analysis_view_init (MdAnalysisView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
md_analysis_view_new (void)
{
  return g_object_new (MD_TYPE_ANALYSIS_VIEW, NULL);
}
