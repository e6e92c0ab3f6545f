/* md-contact-page.c: step 4, a message to send the recipient another way
 *
 * A short, friendly text for a phone message, chat or SMS, written from the
 * analysis; the user can edit it before copying.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-analysis-view.h"
#include "md-contact-page.h"

struct _MdContactPage
{
  AdwBin parent_instance;

  GtkStack    *stack;
  GtkTextView *message_view;

  /* What was generated last, to keep the user's edits when it is the same. */
  char *generated;
};

G_DEFINE_FINAL_TYPE (MdContactPage, md_contact_page, ADW_TYPE_BIN)

static const char *
get_question (const char *reason)
{
  static const char * const wrong_address[] = {
    "userunknown", "hostunknown", "hasmoved", "notaccept", "networkerror", "expired", NULL
  };
  static const char * const full[] = { "mailboxfull", "systemfull", NULL };
  static const char * const size[] = { "mesgtoobig", "exceedlimit", NULL };
  static const char * const filtered[] = {
    "filtered", "policyviolation", "spamdetected", "virusdetected", "blocked",
    "rejected", "badreputation", "contenterror", NULL
  };

  if (reason == NULL)
    return _("Could you check whether your email is working, or tell me another way to reach you?");
  if (g_strv_contains (wrong_address, reason))
    return _("Could you check that this is the right address, or tell me the one you use now?");
  if (g_str_equal (reason, "suspend"))
    return _("Could you check whether your email account is still active, or tell me another address?");
  if (g_strv_contains (full, reason))
    return _("Could you check whether your mailbox is full and make some room?");
  if (g_strv_contains (size, reason))
    return _("My message had large attachments. Could you tell me the best way to send you the files?");
  if (g_strv_contains (filtered, reason))
    return _("Could you check whether your email filters out my messages, and add my address to your contacts?");

  return _("Could you check whether your email is working, or tell me another way to reach you?");
}

static char *
format_date (MdBounce          *bounce,
             MdBounceRecipient *recipient)
{
  GDateTime *attempt = md_bounce_recipient_get_last_attempt (recipient);
  const char *date;

  if (attempt != NULL)
    {
      return g_date_time_format (attempt, "%-d %B %Y");
    }

  /* The Date header, such as “Mon, 23 Nov 2026 09:14:03 +0100”: the day will do. */
  date = md_bounce_get_date (bounce);
  if (date != NULL)
    {
      g_autoptr(GRegex) regex = g_regex_new ("\\b(\\d{1,2} [A-Z][a-z]{2} \\d{4})\\b", 0, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      if (g_regex_match (regex, date, 0, &match))
        return g_match_info_fetch (match, 1);
    }

  return g_strdup (date);
}

/**
 * md_contact_page_format_message:
 * @bounce: an analysed bounce
 *
 * Returns: (transfer full) (nullable): a message for the recipient, or
 *   %NULL when nothing failed
 */
char *
md_contact_page_format_message (MdBounce *bounce)
{
  MdBounceRecipient *recipient;
  g_autofree char *headline = NULL;
  g_autofree char *date = NULL;
  const char *address;

  g_return_val_if_fail (MD_IS_BOUNCE (bounce), NULL);

  if (!md_analysis_is_failure (bounce))
    return NULL;

  recipient = md_analysis_pick_recipient (bounce);
  address = md_analysis_get_address (recipient);
  headline = md_analysis_format_headline (bounce);
  date = format_date (bounce, recipient);

  if (date != NULL && *date != '\0')
    /* Translators: a message to the recipient; %1$s is their address,
     * %2$s a date, %3$s what went wrong, %4$s a question */
    return g_strdup_printf (_("Hi, I tried to email you at %1$s on %2$s, but it came back undelivered. "
                              "The reason given: %3$s. %4$s Thank you!"),
                            address, date, headline,
                            get_question (md_bounce_recipient_get_reason (recipient)));

  /* Translators: a message to the recipient; %1$s is their address,
   * %2$s what went wrong, %3$s a question */
  return g_strdup_printf (_("Hi, I tried to email you at %1$s, but it came back undelivered. "
                            "The reason given: %2$s. %3$s Thank you!"),
                          address, headline,
                          get_question (md_bounce_recipient_get_reason (recipient)));
}

/**
 * md_contact_page_set_bounce:
 * @self: a #MdContactPage
 * @bounce: (nullable): the analysed bounce
 *
 * Writes a new message unless the user has edited one for the same bounce.
 */
void
md_contact_page_set_bounce (MdContactPage *self,
                            MdBounce      *bounce)
{
  g_autofree char *message = NULL;

  g_return_if_fail (MD_IS_CONTACT_PAGE (self));
  g_return_if_fail (bounce == NULL || MD_IS_BOUNCE (bounce));

  if (bounce != NULL)
    message = md_contact_page_format_message (bounce);

  if (message == NULL)
    {
      g_clear_pointer (&self->generated, g_free);
      gtk_stack_set_visible_child_name (self->stack, bounce ? "nothing" : "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "contact.copy", FALSE);
      return;
    }

  if (g_strcmp0 (message, self->generated) != 0)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->message_view), message, -1);
      g_free (self->generated);
      self->generated = g_steal_pointer (&message);
    }

  gtk_stack_set_visible_child_name (self->stack, "message");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contact.copy", TRUE);
}

/**
 * md_contact_page_dup_message:
 * @self: a #MdContactPage
 *
 * Returns: (transfer full): the message as the user sees it
 */
char *
md_contact_page_dup_message (MdContactPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (MD_IS_CONTACT_PAGE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->message_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
md_contact_page_copy_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  MdContactPage *self = MD_CONTACT_PAGE (widget);
  g_autofree char *message = md_contact_page_dup_message (self);
  GtkWidget *overlay;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), message);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_("Copied")));
}

static void
md_contact_page_reset_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  MdContactPage *self = MD_CONTACT_PAGE (widget);

  if (self->generated != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->message_view), self->generated, -1);
}

static void
md_contact_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MD_TYPE_CONTACT_PAGE);

  G_OBJECT_CLASS (md_contact_page_parent_class)->dispose (object);
}

static void
md_contact_page_finalize (GObject *object)
{
  MdContactPage *self = MD_CONTACT_PAGE (object);

  g_free (self->generated);

  G_OBJECT_CLASS (md_contact_page_parent_class)->finalize (object);
}

static void
md_contact_page_class_init (MdContactPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_contact_page_dispose;
  object_class->finalize = md_contact_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/md-contact-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdContactPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MdContactPage, message_view);

  gtk_widget_class_install_action (widget_class, "contact.copy", NULL, md_contact_page_copy_action);
  gtk_widget_class_install_action (widget_class, "contact.reset", NULL, md_contact_page_reset_action);
}

static void
md_contact_page_init (MdContactPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contact.copy", FALSE);
}

GtkWidget *
md_contact_page_new (void)
{
  return g_object_new (MD_TYPE_CONTACT_PAGE, NULL);
}
