/* md-smtp-page.c: step 5, where the user's outgoing server settings are tested
 *
 * A form with the settings of the user's email program; "Test Settings" runs
 * a real SMTP conversation (MdSmtpProbe) in the background and shows its
 * findings and its transcript, in which the password is already redacted.
 * The password lives only in its entry and in the probe while it runs: it is
 * never saved, logged or shown, and the entry is emptied when the page goes.
 *
 * When the user's email address is known, the provider's recommended
 * settings are looked up (MdAutoconfig) to fill an empty form and to compare.
 *
 * For tests and power users: MAIL_DOCTOR_CA_FILE (a PEM file of trusted
 * certificate authorities) and MAIL_DOCTOR_HTTPS_BASE_URL (where autoconfig
 * requests go), read once when the page is created.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "md-address.h"
#include "md-autoconfig.h"
#include "md-finding-row.h"
#include "md-page-util.h"
#include "md-smtp-page.h"
#include "md-smtp-probe.h"
#include "md-step-page.h"

#define AUTOCONFIG_DELAY_MS 800
#define HTTPS_TIMEOUT_S     10

struct _MdSmtpPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwEntryRow   *email_row;
  AdwEntryRow   *username_row;
  AdwEntryRow   *password_row;
  AdwEntryRow   *host_row;
  AdwEntryRow   *port_row;
  AdwComboRow   *security_row;
  GtkStringList *security_model;
  AdwEntryRow   *recipient_row;
  GtkWidget     *recommended_box;
  GtkLabel      *recommended_label;
  GtkWidget     *use_recommended_button;
  GtkLabel      *input_error_label;
  GtkWidget     *test_button;
  GtkSpinner    *spinner;
  GtkLabel      *status_label;
  GtkWidget     *cancel_button;
  GtkWidget     *results_box;
  GtkListBox    *results_list;
  GtkExpander   *transcript_expander;
  GtkTextView   *transcript_view;

  MdSmtpProbe   *probe;            /* only while a test runs */
  GCancellable  *cancellable;      /* of the test running now, or NULL */
  GPtrArray     *findings;
  char          *transcript;

  char          *ca_file;          /* MAIL_DOCTOR_CA_FILE */
  char          *base_url;         /* MAIL_DOCTOR_HTTPS_BASE_URL */
  MdHttpClient  *http_client;
  MdAutoconfig  *autoconfig;       /* with settings found, or NULL */
  GCancellable  *autoconfig_cancellable;
  char          *autoconfig_domain;
  guint          autoconfig_timeout_id;
};

G_DEFINE_FINAL_TYPE (MdSmtpPage, md_smtp_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (MdSmtpPage *self,
            const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static const char *
get_security_explanation (MdSmtpSecurity security)
{
  switch (security)
    {
    case MD_SMTP_SECURITY_AUTO:
      return _("Mail Doctor tries the usual combinations and tells you which one works");
    case MD_SMTP_SECURITY_STARTTLS:
      return _("Starts unencrypted, then switches encryption on (usually port 587)");
    case MD_SMTP_SECURITY_TLS:
      return _("Encrypted from the start (usually port 465)");
    case MD_SMTP_SECURITY_NONE:
    default:
      return _("No encryption: your password would travel readable. Only for servers in your own network.");
    }
}

static MdSmtpSecurity
get_security (MdSmtpPage *self)
{
  guint selected = adw_combo_row_get_selected (self->security_row);

  return selected <= MD_SMTP_SECURITY_NONE ? (MdSmtpSecurity) selected : MD_SMTP_SECURITY_AUTO;
}

static char *
dup_stripped_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
on_security_row_selected_cb (MdSmtpPage *self,
                             GParamSpec *pspec,
                             AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), get_security_explanation (get_security (self)));
  /* A narrow window cuts the choice short ("Autom…"): the tooltip has it whole. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), item != NULL ? gtk_string_object_get_string (item) : NULL);
}

/* ---- input checks -------------------------------------------------------- */

static void
clear_input_errors (MdSmtpPage *self)
{
  AdwEntryRow *rows[] = { self->email_row, self->username_row, self->host_row,
                          self->port_row, self->recipient_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->input_error_label), FALSE);
}

static gboolean
input_error (MdSmtpPage  *self,
             AdwEntryRow *row,
             const char  *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  gtk_label_set_label (self->input_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->input_error_label), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (row));

  return FALSE;
}

static gboolean
check_host (MdSmtpPage *self,
            const char *host)
{
  g_autofree char *message = NULL;

  if (*host == '\0')
    return input_error (self, self->host_row,
                        _("Type the name of your outgoing server, for example smtp.example.com. "
                          "Your email program or your provider’s help pages show it."));

  for (const char *p = host; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          /* Translators: %s is what the user typed as the server name */
          message = g_strdup_printf (_("The server name “%s” contains a space. Server names "
                                       "have no spaces: check for a typing mistake."), host);
          return input_error (self, self->host_row, message);
        }
      if (g_unichar_iscntrl (c) || strchr ("/\\@,;<>\"'", c) != NULL)
        {
          /* Translators: %s is what the user typed as the server name */
          message = g_strdup_printf (_("“%s” is not a server name. Type only the name, such as "
                                       "smtp.example.com, without “smtp://”, “@” or other signs."),
                                     host);
          return input_error (self, self->host_row, message);
        }
    }

  return TRUE;
}

static gboolean
parse_port (MdSmtpPage *self,
            const char *text,
            guint      *port)
{
  guint64 value = 0;

  *port = 0;
  if (*text == '\0')
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &value, NULL))
    return input_error (self, self->port_row,
                        _("The port must be a number, such as 587 or 465. Leave it empty to try "
                          "the usual ports."));

  if (value > 65535)
    return input_error (self, self->port_row,
                        _("The port must be a number from 1 to 65535, such as 587 or 465. Leave "
                          "it empty to try the usual ports."));

  *port = (guint) value;
  return TRUE;
}

static gboolean
check_address (MdSmtpPage  *self,
               AdwEntryRow *row,
               const char  *text,
               char       **normalized)
{
  g_autoptr(MdAddress) address = NULL;
  g_autofree char *message = NULL;

  *normalized = NULL;
  if (*text == '\0')
    return TRUE;

  address = md_address_parse (text);
  if (!md_address_is_valid (address))
    {
      /* Translators: %s is what the user typed as an email address */
      message = g_strdup_printf (_("“%s” is not a valid email address. Check it for typing "
                                   "mistakes."), text);
      return input_error (self, row, message);
    }

  *normalized = g_strdup (md_address_get_normalized (address));
  return TRUE;
}

/* ---- the test ------------------------------------------------------------ */

static void
set_running (MdSmtpPage *self,
             gboolean    running)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "smtp.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "smtp.test", !running);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
update_step_state (MdSmtpPage *self)
{
  if (self->findings != NULL && self->findings->len > 0)
    md_page_update_step_state (GTK_WIDGET (self), md_findings_get_worst (self->findings));
}

static void
show_results (MdSmtpPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->transcript_view);
  gboolean has_transcript = self->transcript != NULL && *self->transcript != '\0';
  MdSeverity worst = md_findings_get_worst (self->findings);

  md_finding_row_fill_list (self->results_list, self->findings);
  gtk_text_buffer_set_text (buffer, has_transcript ? self->transcript : "", -1);
  gtk_widget_set_visible (GTK_WIDGET (self->transcript_expander), has_transcript);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "smtp.copy-transcript", has_transcript);
  gtk_widget_set_visible (self->results_box, self->findings->len > 0);

  if (worst == MD_SEVERITY_PROBLEM)
    gtk_label_set_label (self->status_label, _("The test found problems. See what to do below."));
  else if (worst == MD_SEVERITY_WARNING)
    gtk_label_set_label (self->status_label, _("The test found things to look at. See below."));
  else
    gtk_label_set_label (self->status_label, _("The test found no problems."));
}

static void
add_autoconfig_findings (MdSmtpPage    *self,
                         const char    *host,
                         guint          port,
                         MdSmtpSecurity security)
{
  g_autoptr(GPtrArray) compared = NULL;

  if (self->autoconfig == NULL)
    return;

  compared = md_autoconfig_compare (self->autoconfig, host, port, security);
  for (guint i = 0; i < compared->len; i++)
    g_ptr_array_add (self->findings, g_object_ref (g_ptr_array_index (compared, i)));
}

static void
on_probe_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MdPageCall) data = user_data;
  g_autoptr(MdSmtpPage) self = g_weak_ref_get (&data->self);
  MdSmtpProbe *probe = MD_SMTP_PROBE (object);
  g_autoptr(GError) error = NULL;
  GPtrArray *findings;
  gboolean ok;

  ok = md_smtp_probe_run_finish (probe, result, &error);

  /* The page went, a newer test replaced this one, or the user stopped it. */
  if (self == NULL || data->cancellable != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  set_running (self, FALSE);

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = g_ptr_array_new_with_free_func (g_object_unref);
  findings = md_smtp_probe_get_findings (probe);
  for (guint i = 0; i < findings->len; i++)
    g_ptr_array_add (self->findings, g_object_ref (g_ptr_array_index (findings, i)));

  if (!ok)
    g_ptr_array_add (self->findings,
                     md_finding_new (MD_SEVERITY_PROBLEM, MD_STEP_CHECK_SETTINGS,
                                     "ui.smtp-test-failed",
                                     _("The settings could not be tested"),
                                     error->message,
                                     _("Check the settings above, then press “Test Settings” again.")));

  add_autoconfig_findings (self, md_smtp_probe_get_host (probe), md_smtp_probe_get_port (probe),
                           md_smtp_probe_get_security (probe));

  g_clear_pointer (&self->transcript, g_free);
  self->transcript = md_smtp_probe_get_transcript_text (probe);

  /* The probe holds a copy of the password: let it go now. */
  md_smtp_probe_set_password (probe, NULL);
  g_clear_object (&self->probe);

  show_results (self);
  update_step_state (self);
}

/**
 * md_smtp_page_test:
 * @self: a #MdSmtpPage
 *
 * Tests the settings in the form, if they are complete and valid; otherwise
 * says what is wrong next to the form. A test still running is stopped first.
 */
void
md_smtp_page_test (MdSmtpPage *self)
{
  g_autofree char *email_text = NULL;
  g_autofree char *username = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *recipient_text = NULL;
  g_autofree char *email = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *status = NULL;
  const char *password;
  MdSmtpSecurity security;
  guint port = 0;

  g_return_if_fail (MD_IS_SMTP_PAGE (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      g_clear_object (&self->probe);
    }

  clear_input_errors (self);

  email_text = dup_stripped_text (self->email_row);
  username = dup_stripped_text (self->username_row);
  host = dup_stripped_text (self->host_row);
  port_text = dup_stripped_text (self->port_row);
  recipient_text = dup_stripped_text (self->recipient_row);
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  security = get_security (self);

  if (!check_host (self, host) ||
      !parse_port (self, port_text, &port) ||
      !check_address (self, self->email_row, email_text, &email) ||
      !check_address (self, self->recipient_row, recipient_text, &recipient))
    {
      set_running (self, FALSE);
      return;
    }

  if (*password != '\0' && *username == '\0' && email == NULL)
    {
      input_error (self, self->username_row,
                   _("Type your user name, or your email address if that is your user name, "
                     "so that the login can be tested."));
      set_running (self, FALSE);
      return;
    }

  if (recipient != NULL && email == NULL)
    {
      input_error (self, self->email_row,
                   _("Type your email address too: the sending test needs to know who sends."));
      set_running (self, FALSE);
      return;
    }

  self->probe = md_smtp_probe_new (host, port, security);
  if (self->ca_file != NULL)
    md_smtp_probe_set_ca_file (self->probe, self->ca_file);
  if (*password != '\0')
    {
      md_smtp_probe_set_username (self->probe, *username != '\0' ? username : email);
      md_smtp_probe_set_password (self->probe, password);
    }
  if (recipient != NULL)
    {
      md_smtp_probe_set_sender (self->probe, email);
      md_smtp_probe_set_recipient (self->probe, recipient);
    }

  self->cancellable = g_cancellable_new ();

  /* Results of an earlier test would be mistaken for this one's. */
  gtk_widget_set_visible (self->results_box, FALSE);

  /* Translators: %s is the name of the outgoing mail server */
  status = g_strdup_printf (_("Testing “%s”…"), host);
  gtk_label_set_label (self->status_label, status);
  set_running (self, TRUE);

  md_smtp_probe_run_async (self->probe, self->cancellable, on_probe_done_cb,
                           md_page_call_new (self, self->cancellable));
}

/**
 * md_smtp_page_cancel:
 * @self: a #MdSmtpPage
 *
 * Stops the test, if one is running, and says so.
 */
void
md_smtp_page_cancel (MdSmtpPage *self)
{
  g_return_if_fail (MD_IS_SMTP_PAGE (self));

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->probe);
  set_running (self, FALSE);

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->transcript, g_free);
  self->findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->findings,
                   md_finding_new (MD_SEVERITY_INFO, MD_STEP_CHECK_SETTINGS, "ui.smtp-test-cancelled",
                                   _("The test was stopped"),
                                   _("Nothing is known yet about whether these settings work."),
                                   _("Press “Test Settings” to start again.")));
  show_results (self);
  gtk_label_set_label (self->status_label, _("The test was stopped."));
}

/* ---- the provider's recommended settings ---------------------------------- */

static MdAutoconfigServer *
get_recommended (MdSmtpPage *self)
{
  GPtrArray *servers;

  if (self->autoconfig == NULL)
    return NULL;

  servers = md_autoconfig_get_outgoing_servers (self->autoconfig);
  return servers->len > 0 ? g_ptr_array_index (servers, 0) : NULL;
}

static gboolean
form_matches (MdSmtpPage         *self,
              MdAutoconfigServer *server)
{
  g_autofree char *host = dup_stripped_text (self->host_row);
  g_autofree char *port = dup_stripped_text (self->port_row);
  g_autofree char *recommended_port = g_strdup_printf ("%u", md_autoconfig_server_get_port (server));

  return g_ascii_strcasecmp (host, md_autoconfig_server_get_hostname (server)) == 0 &&
         g_str_equal (port, recommended_port) &&
         get_security (self) == md_autoconfig_server_get_security (server);
}

static void
update_recommended (MdSmtpPage *self)
{
  MdAutoconfigServer *server = get_recommended (self);
  g_autofree char *text = NULL;
  const char *provider;

  gtk_widget_set_visible (self->recommended_box, server != NULL);
  if (server == NULL)
    return;

  provider = md_autoconfig_get_provider_name (self->autoconfig);
  if (provider != NULL && *provider != '\0')
    /* Translators: %s are the provider's name, the server's name, its port and its security */
    text = g_strdup_printf (_("Recommended by your provider (%s): server %s, port %u, security %s."),
                            provider, md_autoconfig_server_get_hostname (server),
                            md_autoconfig_server_get_port (server),
                            md_smtp_security_get_label (md_autoconfig_server_get_security (server)));
  else
    /* Translators: %s are the server's name, its port and its security */
    text = g_strdup_printf (_("Recommended by your provider: server %s, port %u, security %s."),
                            md_autoconfig_server_get_hostname (server),
                            md_autoconfig_server_get_port (server),
                            md_smtp_security_get_label (md_autoconfig_server_get_security (server)));

  if (!form_matches (self, server))
    {
      g_autofree char *differs = g_strconcat (text, " ", _("Your settings differ."), NULL);

      g_free (text);
      text = g_steal_pointer (&differs);
    }

  gtk_label_set_label (self->recommended_label, text);
  gtk_widget_set_visible (self->use_recommended_button, !form_matches (self, server));
}

static void
use_recommended (MdSmtpPage *self)
{
  MdAutoconfigServer *server = get_recommended (self);
  g_autofree char *port = NULL;

  if (server == NULL)
    return;

  port = g_strdup_printf ("%u", md_autoconfig_server_get_port (server));
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), md_autoconfig_server_get_hostname (server));
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  adw_combo_row_set_selected (self->security_row, md_autoconfig_server_get_security (server));
  update_recommended (self);
}

static MdHttpClient *
get_http_client (MdSmtpPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->http_client != NULL)
    return self->http_client;

  self->http_client = md_http_client_new ();
  md_http_client_set_timeout (self->http_client, HTTPS_TIMEOUT_S);
  md_http_client_set_base_url (self->http_client, self->base_url);
  if (self->ca_file != NULL &&
      !md_http_client_set_ca_file (self->http_client, self->ca_file, &error))
    g_warning ("MAIL_DOCTOR_CA_FILE is not used: %s", error->message);

  return self->http_client;
}

static void
on_autoconfig_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(MdPageCall) data = user_data;
  g_autoptr(MdSmtpPage) self = g_weak_ref_get (&data->self);
  MdAutoconfig *autoconfig = MD_AUTOCONFIG (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;

  if (!md_autoconfig_lookup_finish (autoconfig, result, &error) ||
      self == NULL || data->cancellable != self->autoconfig_cancellable)
    return;

  g_clear_object (&self->autoconfig_cancellable);
  if (!md_autoconfig_get_found (autoconfig))
    return;

  g_set_object (&self->autoconfig, autoconfig);

  /* Fill an empty form; never change what the user typed. */
  host = dup_stripped_text (self->host_row);
  if (*host == '\0')
    use_recommended (self);
  else
    update_recommended (self);
}

static gboolean
on_autoconfig_timeout_cb (gpointer user_data)
{
  MdSmtpPage *self = MD_SMTP_PAGE (user_data);
  g_autofree char *text = dup_stripped_text (self->email_row);
  g_autoptr(MdAddress) address = md_address_parse (text);
  g_autoptr(MdAutoconfig) autoconfig = NULL;
  const char *domain;

  self->autoconfig_timeout_id = 0;

  if (!md_address_is_valid (address) || md_address_is_domain_literal (address))
    return G_SOURCE_REMOVE;

  domain = md_address_get_ascii_domain (address);
  if (domain == NULL || g_strcmp0 (domain, self->autoconfig_domain) == 0)
    return G_SOURCE_REMOVE;

  g_free (self->autoconfig_domain);
  self->autoconfig_domain = g_strdup (domain);
  g_clear_object (&self->autoconfig);
  update_recommended (self);

  if (self->autoconfig_cancellable != NULL)
    g_cancellable_cancel (self->autoconfig_cancellable);
  g_clear_object (&self->autoconfig_cancellable);
  self->autoconfig_cancellable = g_cancellable_new ();

  autoconfig = md_autoconfig_new (get_http_client (self));
  md_autoconfig_lookup_async (autoconfig, md_address_get_normalized (address),
                              self->autoconfig_cancellable, on_autoconfig_done_cb,
                              md_page_call_new (self, self->autoconfig_cancellable));

  return G_SOURCE_REMOVE;
}

static void
on_email_row_changed_cb (MdSmtpPage  *self,
                         GParamSpec  *pspec,
                         GtkEditable *editable)
{
  g_clear_handle_id (&self->autoconfig_timeout_id, g_source_remove);
  self->autoconfig_timeout_id = g_timeout_add (AUTOCONFIG_DELAY_MS, on_autoconfig_timeout_cb, self);
}

static void
on_settings_changed_cb (MdSmtpPage *self)
{
  update_recommended (self);
}

static void
on_row_entry_activated_cb (MdSmtpPage  *self,
                           AdwEntryRow *row)
{
  md_smtp_page_test (self);
}

/* ---- actions and object ---------------------------------------------------- */

static void
md_smtp_page_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MdSmtpPage *self = MD_SMTP_PAGE (widget);

  if (g_str_equal (action_name, "smtp.test"))
    {
      md_smtp_page_test (self);
    }
  else if (g_str_equal (action_name, "smtp.cancel"))
    {
      md_smtp_page_cancel (self);
    }
  else if (g_str_equal (action_name, "smtp.copy-transcript"))
    {
      if (self->transcript == NULL)
        return;
      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->transcript);
      show_toast (self, _("Conversation copied"));
    }
  else if (g_str_equal (action_name, "smtp.use-recommended"))
    {
      use_recommended (self);
    }
  else
    {
      g_assert_not_reached ();
    }
}

static void
md_smtp_page_dispose (GObject *object)
{
  MdSmtpPage *self = MD_SMTP_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->autoconfig_cancellable != NULL)
    g_cancellable_cancel (self->autoconfig_cancellable);
  g_clear_object (&self->autoconfig_cancellable);
  g_clear_handle_id (&self->autoconfig_timeout_id, g_source_remove);

  /* The password goes with the window. */
  if (self->password_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");

  gtk_widget_dispose_template (GTK_WIDGET (self), MD_TYPE_SMTP_PAGE);

  g_clear_object (&self->probe);
  g_clear_object (&self->autoconfig);
  g_clear_object (&self->http_client);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->transcript, g_free);
  g_clear_pointer (&self->autoconfig_domain, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (md_smtp_page_parent_class)->dispose (object);
}

static void
md_smtp_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MdSmtpPage *self = MD_SMTP_PAGE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, md_smtp_page_get_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_smtp_page_class_init (MdSmtpPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = md_smtp_page_dispose;
  object_class->get_property = md_smtp_page_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/md-smtp-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, port_row);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, security_row);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, security_model);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, recommended_box);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, recommended_label);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, use_recommended_button);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, input_error_label);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, test_button);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, results_box);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, results_list);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, transcript_expander);
  gtk_widget_class_bind_template_child (widget_class, MdSmtpPage, transcript_view);
  gtk_widget_class_bind_template_callback (widget_class, on_row_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "smtp.test", NULL, md_smtp_page_action);
  gtk_widget_class_install_action (widget_class, "smtp.cancel", NULL, md_smtp_page_action);
  gtk_widget_class_install_action (widget_class, "smtp.copy-transcript", NULL, md_smtp_page_action);
  gtk_widget_class_install_action (widget_class, "smtp.use-recommended", NULL, md_smtp_page_action);

  g_type_ensure (MD_TYPE_FINDING_ROW);
}

/* Controls inside libadwaita's rows that GTK 4.8 leaves without a name for
 * screen readers: the password's peek icon and the security drop-down list. */
static void
name_inner_controls (GtkWidget  *widget,
                     GType       type,
                     const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* The peek button is the only button of the row that is visible. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_get_visible (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                        -1);
      name_inner_controls (child, type, label);
    }
}

static char *
dup_env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static void
md_smtp_page_init (MdSmtpPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->ca_file = dup_env ("MAIL_DOCTOR_CA_FILE");
  self->base_url = dup_env ("MAIL_DOCTOR_HTTPS_BASE_URL");

  name_inner_controls (GTK_WIDGET (self->password_row), GTK_TYPE_BUTTON, _("Show or hide the password"));
  name_inner_controls (GTK_WIDGET (self->security_row), GTK_TYPE_LIST_VIEW, _("Security"));

  for (MdSmtpSecurity security = MD_SMTP_SECURITY_AUTO; security <= MD_SMTP_SECURITY_NONE; security++)
    gtk_string_list_append (self->security_model, md_smtp_security_get_label (security));
  adw_combo_row_set_selected (self->security_row, MD_SMTP_SECURITY_AUTO);
  on_security_row_selected_cb (self, NULL, self->security_row);

  g_signal_connect_object (self->security_row, "notify::selected",
                           G_CALLBACK (on_security_row_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->security_row, "notify::selected",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->host_row, "changed",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->port_row, "changed",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->email_row, "notify::text",
                           G_CALLBACK (on_email_row_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "smtp.cancel", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "smtp.copy-transcript", FALSE);
}

/**
 * md_smtp_page_new:
 *
 * Returns: (transfer floating): a new #MdSmtpPage
 */
GtkWidget *
md_smtp_page_new (void)
{
  return g_object_new (MD_TYPE_SMTP_PAGE, NULL);
}

/**
 * md_smtp_page_set_email:
 * @self: a #MdSmtpPage
 * @email: (nullable): the user's email address, as found in the bounce
 *
 * Fills in the user's address, unless the user already typed one; the
 * provider's recommended settings are then looked up.
 */
void
md_smtp_page_set_email (MdSmtpPage *self,
                        const char *email)
{
  g_autofree char *current = NULL;

  g_return_if_fail (MD_IS_SMTP_PAGE (self));

  current = dup_stripped_text (self->email_row);
  if (*current == '\0' && email != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->email_row), email);
}

/**
 * md_smtp_page_get_running:
 * @self: a #MdSmtpPage
 *
 * Returns: %TRUE while a test runs
 */
gboolean
md_smtp_page_get_running (MdSmtpPage *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * md_smtp_page_dup_findings:
 * @self: a #MdSmtpPage
 *
 * Returns: (transfer container) (element-type MdFinding): the findings of
 *   the last test; empty before the first one
 */
GPtrArray *
md_smtp_page_dup_findings (MdSmtpPage *self)
{
  GPtrArray *findings;

  g_return_val_if_fail (MD_IS_SMTP_PAGE (self), NULL);

  findings = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; self->findings != NULL && i < self->findings->len; i++)
    g_ptr_array_add (findings, g_object_ref (g_ptr_array_index (self->findings, i)));

  return findings;
}

/**
 * md_smtp_page_dup_transcript:
 * @self: a #MdSmtpPage
 *
 * Returns: (transfer full) (nullable): the conversation of the last test,
 *   with the password redacted
 */
char *
md_smtp_page_dup_transcript (MdSmtpPage *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PAGE (self), NULL);

  return g_strdup (self->transcript);
}
