/* md-alternatives-page.c: step 7, other ways to get the message through
 *
 * A checklist of workarounds chosen by the reason of the bounce, each with
 * one line saying why it helps here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-alternatives-page.h"
#include "md-analysis-view.h"

typedef struct
{
  const char *id;
  const char *title;
  const char *why;
} Suggestion;

static const Suggestion suggestions[] = {
  { "share-link", N_("Share the files as a link"),
    N_("The message was too large: upload the attachments to a cloud drive or file-sharing service and send only the link.") },
  { "split", N_("Send the files in several smaller messages"),
    N_("Each message then stays under the size limit of the receiving server.") },
  { "other-account", N_("Send from another email account or provider"),
    N_("Your address or your provider’s servers are being refused; another account sends through different servers.") },
  { "call", N_("Call or text the person"),
    N_("A phone call or SMS reaches them whatever is wrong with email, and they can tell you what to do.") },
  { "ask-address", N_("Ask for their current email address"),
    N_("The address you used does not work: they may have a new one, or it may be misspelled in your contacts.") },
  { "messenger", N_("Use a messenger or chat app"),
    N_("If you both use one, it is the quickest way to send a short message or a file.") },
  { "wait-retry", N_("Wait, then send again later"),
    N_("The problem is temporary: the servers keep trying, and a new attempt in a few hours often works.") },
  { "wait-mailbox", N_("Give them time to make room, then send again"),
    N_("Their mailbox is full: once they delete some mail, your message will fit.") },
  { "plain-message", N_("Send a plain, short message without attachments"),
    N_("Filters are less likely to stop a simple message; send the details once it arrives.") },
  { "wait-return", N_("Wait for them to come back, or reach a colleague"),
    N_("The automatic reply says they are away; it often names someone to contact instead.") },
};

struct _MdAlternativesPage
{
  AdwBin parent_instance;

  GtkStack   *stack;
  GtkLabel   *intro_label;
  GtkListBox *list;

  GPtrArray  *checks;   /* (element-type GtkCheckButton) in the order of ids */
  GStrv       ids;
};

G_DEFINE_FINAL_TYPE (MdAlternativesPage, md_alternatives_page, ADW_TYPE_BIN)

static const Suggestion *
find_suggestion (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (suggestions); i++)
    if (g_str_equal (suggestions[i].id, id))
      return &suggestions[i];

  g_return_val_if_reached (NULL);
}

/**
 * md_alternatives_choose:
 * @bounce: an analysed bounce
 *
 * Returns: (transfer full): the ids of the suggestions that fit, best first;
 *   empty when nothing failed
 */
GStrv
md_alternatives_choose (MdBounce *bounce)
{
  static const char * const size[] = { "mesgtoobig", "exceedlimit", NULL };
  static const char * const refused[] = {
    "blocked", "spamdetected", "badreputation", "requireptr", "rejected", "policyviolation",
    "authfailure", "norelaying", "suppressed", "securityerror", "syntaxerror", "notcompliantrfc",
    NULL
  };
  static const char * const full[] = { "mailboxfull", "systemfull", NULL };
  static const char * const wrong_address[] = {
    "userunknown", "hostunknown", "hasmoved", "notaccept", "suspend", NULL
  };
  static const char * const filtered[] = { "filtered", "contenterror", "virusdetected", NULL };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  MdBounceRecipient *recipient;
  const MdReason *reason;
  const char *id;

  g_return_val_if_fail (MD_IS_BOUNCE (bounce), NULL);

  if (md_bounce_get_kind (bounce) == MD_BOUNCE_KIND_AUTO_REPLY)
    {
      g_strv_builder_add (builder, "wait-return");
      g_strv_builder_add (builder, "call");
      return g_strv_builder_end (builder);
    }

  if (!md_analysis_is_failure (bounce))
    return g_strv_builder_end (builder);

  recipient = md_analysis_pick_recipient (bounce);
  reason = md_analysis_get_reason (bounce);
  id = md_bounce_recipient_get_reason (recipient);

  if (id != NULL && g_strv_contains (size, id))
    {
      g_strv_builder_add (builder, "share-link");
      g_strv_builder_add (builder, "split");
      g_strv_builder_add (builder, "messenger");
    }
  else if (id != NULL && g_strv_contains (refused, id))
    {
      g_strv_builder_add (builder, "other-account");
      g_strv_builder_add (builder, "call");
      g_strv_builder_add (builder, "messenger");
    }
  else if (id != NULL && g_strv_contains (full, id))
    {
      g_strv_builder_add (builder, "call");
      g_strv_builder_add (builder, "wait-mailbox");
      g_strv_builder_add (builder, "messenger");
    }
  else if (id != NULL && g_strv_contains (wrong_address, id))
    {
      g_strv_builder_add (builder, "ask-address");
      g_strv_builder_add (builder, "call");
      g_strv_builder_add (builder, "messenger");
    }
  else if (id != NULL && g_strv_contains (filtered, id))
    {
      g_strv_builder_add (builder, "plain-message");
      g_strv_builder_add (builder, "call");
      g_strv_builder_add (builder, "other-account");
    }
  else if ((reason != NULL && reason->temporary) ||
           md_bounce_get_kind (bounce) == MD_BOUNCE_KIND_DELAY)
    {
      /* expired, networkerror, toomanyconn, systemerror, …: time helps */
      g_strv_builder_add (builder, "wait-retry");
      g_strv_builder_add (builder, "call");
      g_strv_builder_add (builder, "messenger");
    }
  else
    {
      g_strv_builder_add (builder, "call");
      g_strv_builder_add (builder, "messenger");
      g_strv_builder_add (builder, "other-account");
    }

  return g_strv_builder_end (builder);
}

static GtkWidget *
create_row (MdAlternativesPage *self,
            const Suggestion   *suggestion)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *title = g_markup_escape_text (_(suggestion->title), -1);
  g_autofree char *why = g_markup_escape_text (_(suggestion->why), -1);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  /* The row's title names the check box (its activatable widget). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(suggestion->why),
                                  -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), why);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  g_ptr_array_add (self->checks, check);

  return row;
}

/**
 * md_alternatives_page_set_bounce:
 * @self: a #MdAlternativesPage
 * @bounce: (nullable): the analysed bounce
 *
 * Lists the suggestions for @bounce. Ticks survive when the list stays the
 * same (the same bounce analysed again).
 */
void
md_alternatives_page_set_bounce (MdAlternativesPage *self,
                                 MdBounce           *bounce)
{
  g_auto(GStrv) ids = NULL;
  GtkWidget *child;

  g_return_if_fail (MD_IS_ALTERNATIVES_PAGE (self));
  g_return_if_fail (bounce == NULL || MD_IS_BOUNCE (bounce));

  ids = bounce ? md_alternatives_choose (bounce) : g_new0 (char *, 1);

  if (self->ids != NULL && g_strv_equal ((const char * const *) ids, (const char * const *) self->ids))
    goto out;

  g_ptr_array_set_size (self->checks, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; ids[i] != NULL; i++)
    gtk_list_box_append (self->list, create_row (self, find_suggestion (ids[i])));

  g_strfreev (self->ids);
  self->ids = g_steal_pointer (&ids);

out:
  if (bounce == NULL)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (self->ids[0] == NULL)
    gtk_stack_set_visible_child_name (self->stack, "nothing");
  else
    {
      gtk_label_set_label (self->intro_label,
                           md_analysis_is_failure (bounce)
                           ? _("While the cause is being fixed, these can get your message through. Tick what you have tried.")
                           : _("Your message was delivered, but if it is urgent:"));
      gtk_stack_set_visible_child_name (self->stack, "list");
    }
}

/**
 * md_alternatives_page_dup_ids:
 * @self: a #MdAlternativesPage
 *
 * Returns: (transfer full): the ids of the suggestions shown
 */
GStrv
md_alternatives_page_dup_ids (MdAlternativesPage *self)
{
  g_return_val_if_fail (MD_IS_ALTERNATIVES_PAGE (self), NULL);

  return self->ids ? g_strdupv (self->ids) : g_new0 (char *, 1);
}

/**
 * md_alternatives_page_dup_checked:
 * @self: a #MdAlternativesPage
 *
 * Returns: (transfer full): the titles of the suggestions the user ticked
 */
GStrv
md_alternatives_page_dup_checked (MdAlternativesPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (MD_IS_ALTERNATIVES_PAGE (self), NULL);

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_strv_builder_add (builder, _(find_suggestion (self->ids[i])->title));

  return g_strv_builder_end (builder);
}

static void
md_alternatives_page_dispose (GObject *object)
{
  MdAlternativesPage *self = MD_ALTERNATIVES_PAGE (object);

  g_ptr_array_set_size (self->checks, 0);
  gtk_widget_dispose_template (GTK_WIDGET (object), MD_TYPE_ALTERNATIVES_PAGE);

  G_OBJECT_CLASS (md_alternatives_page_parent_class)->dispose (object);
}

static void
md_alternatives_page_finalize (GObject *object)
{
  MdAlternativesPage *self = MD_ALTERNATIVES_PAGE (object);

  g_ptr_array_unref (self->checks);
  g_strfreev (self->ids);

  G_OBJECT_CLASS (md_alternatives_page_parent_class)->finalize (object);
}

static void
md_alternatives_page_class_init (MdAlternativesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_alternatives_page_dispose;
  object_class->finalize = md_alternatives_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/md-alternatives-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdAlternativesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MdAlternativesPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, MdAlternativesPage, list);
}

static void
md_alternatives_page_init (MdAlternativesPage *self)
{
  self->checks = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
md_alternatives_page_new (void)
{
  return g_object_new (MD_TYPE_ALTERNATIVES_PAGE, NULL);
}
