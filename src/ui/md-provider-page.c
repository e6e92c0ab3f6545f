/* md-provider-page.c: step 6, a support request for the email provider
 *
 * The facts a support desk asks for first (codes, servers, date, the key
 * lines of the bounce and the checks already run), ready to copy or to open
 * in the mail app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-analysis-view.h"
#include "md-finding.h"
#include "md-provider-page.h"

#define MAX_KEY_LINES 12

struct _MdProviderPage
{
  AdwBin parent_instance;

  GtkStack    *stack;
  GtkTextView *request_view;
  GtkWidget   *postmaster_box;

  char *generated;
};

G_DEFINE_FINAL_TYPE (MdProviderPage, md_provider_page, ADW_TYPE_BIN)

/**
 * md_provider_page_needs_postmaster:
 * @bounce: an analysed bounce
 *
 * Returns: whether the failure is about blocking, spam or reputation, which
 *   a provider's postmaster or abuse team handles
 */
gboolean
md_provider_page_needs_postmaster (MdBounce *bounce)
{
  static const char * const reasons[] = {
    "blocked", "spamdetected", "badreputation", "requireptr", "feedback", "suppressed", NULL
  };
  MdBounceRecipient *recipient;
  const char *reason;

  g_return_val_if_fail (MD_IS_BOUNCE (bounce), FALSE);

  if (md_bounce_get_kind (bounce) == MD_BOUNCE_KIND_COMPLAINT)
    return TRUE;

  recipient = md_analysis_pick_recipient (bounce);
  reason = recipient ? md_bounce_recipient_get_reason (recipient) : NULL;

  return reason != NULL && g_strv_contains (reasons, reason);
}

static void
append_fact (GString    *request,
             const char *label,
             const char *value)
{
  if (value != NULL && *value != '\0')
    /* Translators: one fact in the support request: a label, then a value */
    g_string_append_printf (request, _("%s: %s\n"), label, value);
}

static void
append_key_lines (GString           *request,
                  MdBounce          *bounce,
                  MdBounceRecipient *recipient)
{
  const char *text = md_bounce_get_text (bounce);
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;
  const guint *numbers;
  guint n_text_lines;
  guint shown = 0;

  if (text == NULL)
    return;

  lines = g_strsplit (text, "\n", -1);
  n_text_lines = g_strv_length (lines);
  numbers = md_bounce_recipient_get_lines (recipient, &n_lines);

  for (guint i = 0; i < n_lines && shown < MAX_KEY_LINES; i++)
    {
      if (numbers[i] == 0 || numbers[i] > n_text_lines)
        continue;
      if (shown == 0)
        g_string_append_printf (request, "\n%s\n", _("Key lines of the bounce message:"));
      g_string_append_printf (request, "  %s\n", g_strchomp (lines[numbers[i] - 1]));
      shown++;
    }
}

static void
append_findings (GString   *request,
                 GPtrArray *findings)
{
  g_string_append_printf (request, "\n%s\n", _("Checks I ran with Mail Doctor:"));

  if (findings == NULL || findings->len == 0)
    {
      g_string_append_printf (request, "  %s\n", _("None yet."));
      return;
    }

  for (guint i = 0; i < findings->len; i++)
    {
      MdFinding *finding = g_ptr_array_index (findings, i);
      const char *detail = md_finding_get_detail (finding);

      /* Translators: a check result: its severity, such as “Problem”, then its title */
      g_string_append_printf (request, _("  - %s: %s"),
                              md_severity_get_label (md_finding_get_severity (finding)),
                              md_finding_get_title (finding));
      if (detail != NULL && *detail != '\0')
        g_string_append_printf (request, " (%s)", detail);
      g_string_append_c (request, '\n');
    }
}

/**
 * md_provider_page_format_request:
 * @bounce: an analysed bounce
 * @findings: (nullable) (element-type MdFinding): results of checks run
 *
 * Returns: (transfer full): a support request with the technical facts
 */
char *
md_provider_page_format_request (MdBounce  *bounce,
                                 GPtrArray *findings)
{
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *headline = NULL;
  MdBounceRecipient *recipient;

  g_return_val_if_fail (MD_IS_BOUNCE (bounce), NULL);

  recipient = md_analysis_pick_recipient (bounce);
  headline = md_analysis_format_headline (bounce);

  g_string_append_printf (request, "%s\n\n", _("Hello,"));
  g_string_append_printf (request, "%s\n\n",
                          _("An email I sent came back with a bounce message. Could you help me find out why, and what I should change?"));
  /* Translators: %s is one sentence saying what happened */
  g_string_append_printf (request, _("What happened: %s.\n"), headline);

  if (recipient != NULL)
    {
      GDateTime *attempt = md_bounce_recipient_get_last_attempt (recipient);
      g_autofree char *when = attempt ? g_date_time_format (attempt, "%F %T %z") : NULL;

      append_fact (request, _("Recipient"), md_analysis_get_address (recipient));
      append_fact (request, _("Date"), when ? when : md_bounce_get_date (bounce));
      append_fact (request, _("Status code"), md_bounce_recipient_get_status (recipient));
      append_fact (request, _("Reply code"), md_bounce_recipient_get_reply_code (recipient));
      append_fact (request, _("Remote server"), md_bounce_recipient_get_remote_mta (recipient));
      append_fact (request, _("Reporting server"), md_bounce_get_reporting_mta (bounce));
      append_fact (request, _("Server said"), md_bounce_recipient_get_diagnostic (recipient));
      append_fact (request, _("Reason found by Mail Doctor"), md_bounce_recipient_get_reason (recipient));
      append_key_lines (request, bounce, recipient);
    }
  else
    append_fact (request, _("Date"), md_bounce_get_date (bounce));

  append_findings (request, findings);

  if (md_provider_page_needs_postmaster (bounce))
    g_string_append_printf (request, "\n%s\n",
                            _("This looks like a blocking or reputation problem: please pass it on to your postmaster or abuse team if needed."));

  g_string_append_printf (request, "\n%s\n", _("Thank you."));

  return g_string_free (g_steal_pointer (&request), FALSE);
}

/**
 * md_provider_page_build_mailto:
 * @subject: the subject
 * @body: the body, shortened to %MD_PROVIDER_PAGE_MAX_MAILTO_BODY characters
 *
 * Returns: (transfer full): a mailto: URI without a recipient
 */
char *
md_provider_page_build_mailto (const char *subject,
                               const char *body)
{
  g_autofree char *short_body = NULL;
  g_autofree char *escaped_subject = NULL;
  g_autofree char *escaped_body = NULL;

  g_return_val_if_fail (subject != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (g_utf8_strlen (body, -1) > MD_PROVIDER_PAGE_MAX_MAILTO_BODY)
    {
      g_autofree char *cut = g_utf8_substring (body, 0, MD_PROVIDER_PAGE_MAX_MAILTO_BODY);

      /* Translators: ends a support request that was too long for a mail link */
      short_body = g_strconcat (cut, _("…\n(shortened: the full text is on the clipboard)"), NULL);
    }
  else
    short_body = g_strdup (body);

  escaped_subject = g_uri_escape_string (subject, NULL, FALSE);
  escaped_body = g_uri_escape_string (short_body, NULL, FALSE);

  return g_strdup_printf ("mailto:?subject=%s&body=%s", escaped_subject, escaped_body);
}

void
md_provider_page_set_bounce (MdProviderPage *self,
                             MdBounce       *bounce,
                             GPtrArray      *findings)
{
  g_autofree char *request = NULL;

  g_return_if_fail (MD_IS_PROVIDER_PAGE (self));
  g_return_if_fail (bounce == NULL || MD_IS_BOUNCE (bounce));

  if (bounce == NULL || !md_analysis_is_failure (bounce))
    {
      g_clear_pointer (&self->generated, g_free);
      gtk_stack_set_visible_child_name (self->stack, bounce ? "nothing" : "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "provider.copy", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "provider.open-mail", FALSE);
      return;
    }

  request = md_provider_page_format_request (bounce, findings);
  if (g_strcmp0 (request, self->generated) != 0)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->request_view), request, -1);
      g_free (self->generated);
      self->generated = g_steal_pointer (&request);
    }

  gtk_widget_set_visible (self->postmaster_box, md_provider_page_needs_postmaster (bounce));
  gtk_stack_set_visible_child_name (self->stack, "request");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "provider.copy", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "provider.open-mail", TRUE);
}

/**
 * md_provider_page_dup_request:
 * @self: a #MdProviderPage
 *
 * Returns: (transfer full): the request as the user sees it
 */
char *
md_provider_page_dup_request (MdProviderPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (MD_IS_PROVIDER_PAGE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->request_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_toast (GtkWidget  *widget,
            const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
md_provider_page_copy_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  g_autofree char *request = md_provider_page_dup_request (MD_PROVIDER_PAGE (widget));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), request);
  show_toast (widget, _("Copied"));
}

static void
on_launch_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

#if GTK_CHECK_VERSION (4, 10, 0)
  if (gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (object), result, &error))
    return;
#else
  if (g_app_info_launch_default_for_uri_finish (result, &error))
    return;
#endif

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: %s is an error message */
  message = g_strdup_printf (_("No mail app could be opened: %s. The request is on the clipboard: paste it into a new email."),
                             error->message);
  show_toast (widget, message);
}

static void
md_provider_page_open_mail_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  g_autofree char *request = md_provider_page_dup_request (MD_PROVIDER_PAGE (widget));
  g_autofree char *uri = NULL;

  /* The link may be shortened: the whole text is on the clipboard too. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), request);
  uri = md_provider_page_build_mailto (_("Help with a bounced email"), request);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

    gtk_uri_launcher_launch (launcher, GTK_WINDOW (gtk_widget_get_root (widget)), NULL,
                             on_launch_cb, g_object_ref (widget));
  }
#else
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, on_launch_cb, g_object_ref (widget));
#endif
}

static void
md_provider_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MD_TYPE_PROVIDER_PAGE);

  G_OBJECT_CLASS (md_provider_page_parent_class)->dispose (object);
}

static void
md_provider_page_finalize (GObject *object)
{
  MdProviderPage *self = MD_PROVIDER_PAGE (object);

  g_free (self->generated);

  G_OBJECT_CLASS (md_provider_page_parent_class)->finalize (object);
}

static void
md_provider_page_class_init (MdProviderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_provider_page_dispose;
  object_class->finalize = md_provider_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/md-provider-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdProviderPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MdProviderPage, request_view);
  gtk_widget_class_bind_template_child (widget_class, MdProviderPage, postmaster_box);

  gtk_widget_class_install_action (widget_class, "provider.copy", NULL,
                                   md_provider_page_copy_action);
  gtk_widget_class_install_action (widget_class, "provider.open-mail", NULL,
                                   md_provider_page_open_mail_action);
}

static void
md_provider_page_init (MdProviderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "provider.copy", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "provider.open-mail", FALSE);
}

GtkWidget *
md_provider_page_new (void)
{
  return g_object_new (MD_TYPE_PROVIDER_PAGE, NULL);
}
