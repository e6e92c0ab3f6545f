/* md-address-page.c: step 3, where the recipient's address is checked
 *
 * The address is checked at once (syntax, paste mistakes, typing mistakes
 * in well-known domains), then its domain is diagnosed over DNS in the
 * background. Every result is a finding shown as an MdFindingRow.
 *
 * For tests and power users, three environment variables, read once when the
 * page is created, redirect the network checks: MAIL_DOCTOR_DNS_SERVER
 * (IP[:PORT]), MAIL_DOCTOR_HTTPS_BASE_URL and MAIL_DOCTOR_CA_FILE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-address.h"
#include "md-address-page.h"
#include "md-domain-check.h"
#include "md-finding-row.h"
#include "md-page-util.h"
#include "md-step-page.h"

#define DNS_TIMEOUT_MS    3000
#define DNS_TRIES         2
#define HTTPS_TIMEOUT_S   10

struct _MdAddressPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwEntryRow *address_row;
  GtkWidget   *suggestion_box;
  GtkLabel    *suggestion_label;
  GtkLabel    *suggestion_detail_label;
  GtkWidget   *progress_box;
  GtkSpinner  *spinner;
  GtkLabel    *progress_label;
  GtkWidget   *address_group;
  GtkLabel    *address_heading;
  GtkListBox  *address_list;
  GtkWidget   *domain_group;
  GtkLabel    *domain_heading;
  GtkListBox  *domain_list;

  char          *dns_server;     /* the overrides, or NULL */
  char          *base_url;
  char          *ca_file;

  MdAddress     *address;
  GPtrArray     *domain_findings;
  MdDomainCheck *check;
  GCancellable  *cancellable;  /* of the check running now, or NULL */
};

G_DEFINE_FINAL_TYPE (MdAddressPage, md_address_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (MdAddressPage *self,
            const char    *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static char *
dup_env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static MdDomainCheck *
create_domain_check (MdAddressPage  *self,
                     GError        **error)
{
  g_autoptr(MdResolver) resolver = NULL;
  g_autoptr(MdHttpClient) http_client = NULL;

  resolver = md_resolver_new_full (self->dns_server, DNS_TIMEOUT_MS, DNS_TRIES, error);
  if (resolver == NULL)
    return NULL;

  http_client = md_http_client_new ();
  md_http_client_set_timeout (http_client, HTTPS_TIMEOUT_S);
  md_http_client_set_base_url (http_client, self->base_url);
  if (self->ca_file != NULL && !md_http_client_set_ca_file (http_client, self->ca_file, error))
    return NULL;

  return md_domain_check_new (resolver, http_client);
}

static MdFinding *
new_failure_finding (const char *title,
                     const char *message)
{
  return md_finding_new (MD_SEVERITY_PROBLEM, MD_STEP_VERIFY_ADDRESS, "ui.domain-check-failed",
                         title, message,
                         _("Check that this computer is connected to the Internet, then press "
                           "“Check” again."));
}

static void
set_running (MdAddressPage *self,
             gboolean       running)
{
  if (gtk_widget_get_visible (self->progress_box) == running)
    return;

  gtk_widget_set_visible (self->progress_box, running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "address.cancel", running);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Findings for the state of the step: those of the address, and those of the
 * domain that belong to this step (SPF and DMARC are about the sender). */
static MdSeverity
get_worst (MdAddressPage *self)
{
  MdSeverity worst = MD_SEVERITY_OK;
  GPtrArray *findings = md_address_get_findings (self->address);

  for (guint i = 0; i < findings->len; i++)
    worst = MAX (worst, md_finding_get_severity (g_ptr_array_index (findings, i)));

  for (guint i = 0; self->domain_findings != NULL && i < self->domain_findings->len; i++)
    {
      MdFinding *finding = g_ptr_array_index (self->domain_findings, i);

      if (md_finding_get_step (finding) == MD_STEP_VERIFY_ADDRESS)
        worst = MAX (worst, md_finding_get_severity (finding));
    }

  return worst;
}

static void
update_step_state (MdAddressPage *self)
{
  if (self->address != NULL)
    md_page_update_step_state (GTK_WIDGET (self), get_worst (self));
}

static MdFinding *
find_typo_finding (MdAddressPage *self)
{
  GPtrArray *findings = md_address_get_findings (self->address);

  for (guint i = 0; i < findings->len; i++)
    {
      MdFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (md_finding_get_code (finding), "address.typo-suggestion"))
        return finding;
    }

  return NULL;
}

static void
show_address_findings (MdAddressPage *self)
{
  GPtrArray *findings = md_address_get_findings (self->address);
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  const char *suggestion = md_address_get_suggestion (self->address);
  g_autofree char *heading = NULL;
  MdFinding *typo = find_typo_finding (self);

  /* The typing mistake is shown above, with its buttons. */
  for (guint i = 0; i < findings->len; i++)
    if (g_ptr_array_index (findings, i) != typo)
      g_ptr_array_add (shown, g_ptr_array_index (findings, i));

  /* Translators: %s is the email address as the user typed it */
  heading = g_strdup_printf (_("The address “%s”"), md_address_get_input (self->address));
  gtk_label_set_label (self->address_heading, heading);
  md_finding_row_fill_list (self->address_list, shown);
  gtk_widget_set_visible (self->address_group, shown->len > 0);

  if (suggestion != NULL)
    {
      /* Translators: %s is an email address */
      g_autofree char *question = g_strdup_printf (_("Did you mean %s?"), suggestion);
      const char *detail = typo != NULL ? md_finding_get_detail (typo) : NULL;

      gtk_label_set_label (self->suggestion_label, question);
      gtk_label_set_label (self->suggestion_detail_label, detail != NULL ? detail : "");
      gtk_widget_set_visible (GTK_WIDGET (self->suggestion_detail_label), detail != NULL);
    }
  gtk_widget_set_visible (self->suggestion_box, suggestion != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "address.copy-suggestion", suggestion != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "address.use-suggestion", suggestion != NULL);
}

static void
show_domain_findings (MdAddressPage *self,
                      const char    *domain)
{
  g_autofree char *heading = NULL;

  /* Translators: %s is a domain name such as example.com */
  heading = g_strdup_printf (_("The domain “%s”"), domain);
  gtk_label_set_label (self->domain_heading, heading);
  md_finding_row_fill_list (self->domain_list, self->domain_findings);
  gtk_widget_set_visible (self->domain_group,
                          self->domain_findings != NULL && self->domain_findings->len > 0);
}

static void
on_domain_check_done_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(MdPageCall) data = user_data;
  g_autoptr(MdAddressPage) self = g_weak_ref_get (&data->self);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  const char *domain;
  gboolean accepts = FALSE;

  findings = md_domain_check_run_finish (MD_DOMAIN_CHECK (object), result, &error);

  /* The page went, a newer check replaced this one, or the user stopped it. */
  if (self == NULL || data->cancellable != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  set_running (self, FALSE);

  domain = md_address_get_domain (self->address);
  if (findings == NULL)
    {
      findings = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (findings,
                       new_failure_finding (_("The domain could not be checked"), error->message));
    }
  else if (md_domain_findings_accept_mail (findings, &accepts))
    {
      /* Drops a weak typo suggestion when the typed domain works. */
      md_address_set_domain_accepts_mail (self->address, accepts);
      show_address_findings (self);
    }

  g_clear_pointer (&self->domain_findings, g_ptr_array_unref);
  self->domain_findings = g_steal_pointer (&findings);
  show_domain_findings (self, domain);
  update_step_state (self);
}

static void
start_domain_check (MdAddressPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *progress = NULL;
  const char *ascii = md_address_get_ascii_domain (self->address);
  const char *domain = md_address_get_domain (self->address);

  if (self->check == NULL)
    self->check = create_domain_check (self, &error);

  if (self->check == NULL)
    {
      self->domain_findings = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->domain_findings,
                       new_failure_finding (_("The domain could not be checked"), error->message));
      show_domain_findings (self, domain);
      update_step_state (self);
      return;
    }

  self->cancellable = g_cancellable_new ();

  /* Translators: %s is a domain name such as example.com */
  progress = g_strdup_printf (_("Checking whether “%s” can receive email…"), domain);
  gtk_label_set_label (self->progress_label, progress);
  set_running (self, TRUE);

  md_domain_check_run_async (self->check, ascii, self->cancellable, on_domain_check_done_cb,
                             md_page_call_new (self, self->cancellable));
}

/**
 * md_address_page_check:
 * @self: a #MdAddressPage
 *
 * Checks the address in the entry: at once its syntax, then its domain in
 * the background. A check still running is cancelled first.
 */
void
md_address_page_check (MdAddressPage *self)
{
  const char *text;

  g_return_if_fail (MD_IS_ADDRESS_PAGE (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  set_running (self, FALSE);

  g_clear_object (&self->address);
  g_clear_pointer (&self->domain_findings, g_ptr_array_unref);
  md_finding_row_fill_list (self->domain_list, NULL);
  gtk_widget_set_visible (self->domain_group, FALSE);

  text = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  self->address = md_address_parse (text);
  show_address_findings (self);

  /* An address literal such as jane@[192.0.2.1] has no domain to look up. */
  if (md_address_get_ascii_domain (self->address) != NULL &&
      !md_address_is_domain_literal (self->address))
    start_domain_check (self);
  else
    update_step_state (self);
}

/**
 * md_address_page_cancel:
 * @self: a #MdAddressPage
 *
 * Stops the domain check, if one is running, and says so.
 */
void
md_address_page_cancel (MdAddressPage *self)
{
  g_autoptr(MdFinding) finding = NULL;

  g_return_if_fail (MD_IS_ADDRESS_PAGE (self));

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_running (self, FALSE);

  finding = md_finding_new (MD_SEVERITY_INFO, MD_STEP_VERIFY_ADDRESS, "ui.domain-check-cancelled",
                            _("The check of the domain was stopped"),
                            _("Nothing is known yet about whether this domain can receive email."),
                            _("Press “Check” to start again."));
  g_clear_pointer (&self->domain_findings, g_ptr_array_unref);
  self->domain_findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->domain_findings, g_steal_pointer (&finding));
  show_domain_findings (self, md_address_get_domain (self->address));
}

static void
on_address_row_entry_activated_cb (MdAddressPage *self,
                                   AdwEntryRow   *row)
{
  md_address_page_check (self);
}

static void
on_address_row_changed_cb (MdAddressPage *self,
                           GParamSpec    *pspec,
                           GtkEditable   *editable)
{
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "address.check", *stripped != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
}

static void
md_address_page_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MdAddressPage *self = MD_ADDRESS_PAGE (widget);
  const char *suggestion = self->address ? md_address_get_suggestion (self->address) : NULL;

  if (g_str_equal (action_name, "address.check"))
    {
      md_address_page_check (self);
    }
  else if (g_str_equal (action_name, "address.cancel"))
    {
      md_address_page_cancel (self);
    }
  else if (g_str_equal (action_name, "address.copy-suggestion"))
    {
      if (suggestion == NULL)
        return;
      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), suggestion);
      show_toast (self, _("Corrected address copied"));
    }
  else if (g_str_equal (action_name, "address.use-suggestion"))
    {
      g_autofree char *copy = g_strdup (suggestion);

      if (copy != NULL)
        md_address_page_set_address (self, copy);
    }
  else
    {
      g_assert_not_reached ();
    }
}

static void
md_address_page_dispose (GObject *object)
{
  MdAddressPage *self = MD_ADDRESS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_ADDRESS_PAGE);

  g_clear_object (&self->address);
  g_clear_object (&self->check);
  g_clear_pointer (&self->domain_findings, g_ptr_array_unref);
  g_clear_pointer (&self->dns_server, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->ca_file, g_free);

  G_OBJECT_CLASS (md_address_page_parent_class)->dispose (object);
}

static void
md_address_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MdAddressPage *self = MD_ADDRESS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, md_address_page_get_address (self));
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, md_address_page_get_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_address_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MdAddressPage *self = MD_ADDRESS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      md_address_page_set_address (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_address_page_class_init (MdAddressPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_address_page_dispose;
  object_class->get_property = md_address_page_get_property;
  object_class->set_property = md_address_page_set_property;

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL,
                         "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/md-address-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, suggestion_box);
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, suggestion_label);
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, suggestion_detail_label);
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, address_group);
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, address_heading);
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, address_list);
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, domain_group);
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, domain_heading);
  gtk_widget_class_bind_template_child (widget_class, MdAddressPage, domain_list);
  gtk_widget_class_bind_template_callback (widget_class, on_address_row_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "address.check", NULL, md_address_page_action);
  gtk_widget_class_install_action (widget_class, "address.cancel", NULL, md_address_page_action);
  gtk_widget_class_install_action (widget_class, "address.copy-suggestion", NULL,
                                   md_address_page_action);
  gtk_widget_class_install_action (widget_class, "address.use-suggestion", NULL,
                                   md_address_page_action);

  g_type_ensure (MD_TYPE_FINDING_ROW);
}

static void
md_address_page_init (MdAddressPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->dns_server = dup_env ("MAIL_DOCTOR_DNS_SERVER");
  self->base_url = dup_env ("MAIL_DOCTOR_HTTPS_BASE_URL");
  self->ca_file = dup_env ("MAIL_DOCTOR_CA_FILE");

  g_signal_connect_object (self->address_row, "notify::text",
                           G_CALLBACK (on_address_row_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "address.check", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "address.cancel", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "address.copy-suggestion", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "address.use-suggestion", FALSE);
}

/**
 * md_address_page_new:
 *
 * Returns: (transfer floating): a new #MdAddressPage
 */
GtkWidget *
md_address_page_new (void)
{
  return g_object_new (MD_TYPE_ADDRESS_PAGE, NULL);
}

/**
 * md_address_page_get_address:
 * @self: a #MdAddressPage
 *
 * Returns: the text of the address field
 */
const char *
md_address_page_get_address (MdAddressPage *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->address_row));
}

/**
 * md_address_page_set_address:
 * @self: a #MdAddressPage
 * @address: (nullable): the recipient's address, as found in the bounce
 *
 * Puts @address into the field and checks it at once, unless it is empty.
 */
void
md_address_page_set_address (MdAddressPage *self,
                             const char    *address)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (MD_IS_ADDRESS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address != NULL ? address : "");

  stripped = g_strstrip (g_strdup (address != NULL ? address : ""));
  if (*stripped != '\0')
    md_address_page_check (self);
}

/**
 * md_address_page_get_running:
 * @self: a #MdAddressPage
 *
 * Returns: %TRUE while the domain is being checked
 */
gboolean
md_address_page_get_running (MdAddressPage *self)
{
  g_return_val_if_fail (MD_IS_ADDRESS_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * md_address_page_dup_findings:
 * @self: a #MdAddressPage
 *
 * Returns: (transfer container) (element-type MdFinding): the findings of
 *   the last check, about the address and then its domain; empty before
 *   the first check
 */
GPtrArray *
md_address_page_dup_findings (MdAddressPage *self)
{
  GPtrArray *findings;

  g_return_val_if_fail (MD_IS_ADDRESS_PAGE (self), NULL);

  findings = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->address != NULL)
    {
      GPtrArray *address_findings = md_address_get_findings (self->address);

      for (guint i = 0; i < address_findings->len; i++)
        g_ptr_array_add (findings, g_object_ref (g_ptr_array_index (address_findings, i)));
    }
  for (guint i = 0; self->domain_findings != NULL && i < self->domain_findings->len; i++)
    g_ptr_array_add (findings, g_object_ref (g_ptr_array_index (self->domain_findings, i)));

  return findings;
}
