/* md-page-util.c: small helpers shared by the step pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "md-page-util.h"
#include "md-step-page.h"

MdPageCall *
md_page_call_new (gpointer      page,
                  GCancellable *cancellable)
{
  MdPageCall *call;

  g_return_val_if_fail (G_IS_OBJECT (page), NULL);
  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  call = g_new0 (MdPageCall, 1);
  g_weak_ref_init (&call->self, page);
  call->cancellable = g_object_ref (cancellable);

  return call;
}

void
md_page_call_free (MdPageCall *call)
{
  if (call == NULL)
    return;

  g_weak_ref_clear (&call->self);
  g_clear_object (&call->cancellable);
  g_free (call);
}

/**
 * md_page_update_step_state:
 * @content: a check page inside an #MdStepPage
 * @worst: the worst severity among the page's findings
 *
 * Marks the step as needing attention from a warning up, as done otherwise.
 * A step the user chose to skip stays skipped.
 */
void
md_page_update_step_state (GtkWidget  *content,
                           MdSeverity  worst)
{
  GtkWidget *page;

  g_return_if_fail (GTK_IS_WIDGET (content));

  page = gtk_widget_get_ancestor (content, MD_TYPE_STEP_PAGE);
  if (page == NULL || md_step_page_get_state (MD_STEP_PAGE (page)) == MD_STEP_STATE_SKIPPED)
    return;

  md_step_page_set_state (MD_STEP_PAGE (page),
                          worst >= MD_SEVERITY_WARNING
                          ? MD_STEP_STATE_NEEDS_ATTENTION
                          : MD_STEP_STATE_DONE);
}

/* GTK 4.8 names a button with a mnemonic twice: by its label as written
 * ("S_kip This Step") and by the label widget inside it ("Skip This Step").
 * Screen readers said both; the label widget alone is the right name. */
static void
forget_mnemonic_label (GtkWidget *widget)
{
  gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
on_label_changed_cb (GtkWidget  *widget,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  forget_mnemonic_label (widget);
}

static gboolean
has_mnemonic_label (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
           gtk_button_get_label (GTK_BUTTON (widget)) != NULL;

  if (GTK_IS_CHECK_BUTTON (widget))
    return gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget)) &&
           gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL;

  return FALSE;
}

/* The title of @row as said aloud: without the underline of its mnemonic. */
static char *
dup_row_title (AdwPreferencesRow *row)
{
  const char *title = adw_preferences_row_get_title (row);
  GString *said = g_string_new (NULL);

  for (const char *p = title ? title : ""; *p != '\0'; p++)
    {
      if (*p == '_' && adw_preferences_row_get_use_underline (row))
        {
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (said, *p);
    }

  return g_string_free (said, FALSE);
}

/* libadwaita 1.2 hides the text field of an AdwEntryRow from screen readers
 * (its role is "none"), so moving the focus into the row is not announced
 * at all. The field becomes a named text box; only before it is realized,
 * and not when a newer libadwaita already gave it a role. The field of a
 * password row says nothing of its text through AT-SPI either way. */
static void
expose_entry_text (GtkWidget  *widget,
                   const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TEXT (child) && !gtk_widget_get_realized (child) &&
          gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (child)) == GTK_ACCESSIBLE_ROLE_NONE)
        {
          g_object_set (child, "accessible-role", GTK_ACCESSIBLE_ROLE_TEXT_BOX, NULL);
          gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                          -1);
        }

      expose_entry_text (child, name);
    }
}

/**
 * md_page_fix_accessible_names:
 * @widget: a page, or any widget not yet realized
 *
 * Works around what GTK 4.8 and libadwaita 1.2 get wrong for screen
 * readers in @widget and everything inside it: buttons with a mnemonic say
 * their name twice, and the text field of an #AdwEntryRow is hidden, so
 * the focus in it is not announced.
 */
void
md_page_fix_accessible_names (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (has_mnemonic_label (widget))
    {
      forget_mnemonic_label (widget);
      /* GTK names it again whenever the label changes. */
      g_signal_connect (widget, "notify::label", G_CALLBACK (on_label_changed_cb), NULL);
    }

  if (ADW_IS_ENTRY_ROW (widget))
    {
      g_autofree char *name = dup_row_title (ADW_PREFERENCES_ROW (widget));

      expose_entry_text (widget, name);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    md_page_fix_accessible_names (child);
}
