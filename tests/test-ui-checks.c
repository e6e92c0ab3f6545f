/* test-ui-checks.c: steps 3 and 5 of the real window, driven in-process
 * against real servers on loopback: dnsmasq, the scripted DNS peer and the
 * HTTPS server (tests/dns/, tests/https/) for the recipient's domain, the
 * aiosmtpd server, the hostile SMTP server and the autoconfig server
 * (tests/smtp/) for the user's settings.
 *
 * Run through tests/run-with-display.sh, which starts Xvfb when there is no
 * display. Every wait has a deadline, so a failure never hangs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "dns/md-test-servers.h"
#include "md-address-page.h"
#include "md-application.h"
#include "md-finding-row.h"
#include "md-smtp-page.h"
#include "md-smtp-probe.h"
#include "md-step-page.h"
#include "md-window.h"
#include "md-ui-test.h"

#define PASSWORD "S3cret-Pa55word!"
#define USER     "alice@example.test"

static MdApplication *app;
static MdTestServer *dnsmasq;
static MdTestServer *dns_peer;
static MdTestServer *https;
static char *cert_dir;
static char *smtp_ca_file;
static GPtrArray *smtp_servers;

/* ---- main loop helpers ---------------------------------------------------- */

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  md_ui_test_wait_for (time_passed, &until);
}

static gboolean
address_page_idle (gpointer data)
{
  return !md_address_page_get_running (MD_ADDRESS_PAGE (data));
}

static gboolean
smtp_page_idle (gpointer data)
{
  return !md_smtp_page_get_running (MD_SMTP_PAGE (data));
}

/* ---- widget helpers -------------------------------------------------------- */

static MdWindow *
create_window (MdStep step)
{
  MdWindow *window = md_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000,
                               g_getenv ("MD_SCREENSHOT_DIR") != NULL ? 1400 : 800);
  md_ui_test_present_window (window);
  md_window_set_step (window, step);
  md_ui_test_flush_events ();

  return window;
}

static MdAddressPage *
get_address_page (MdWindow *window)
{
  return md_ui_test_get_content (window, MD_STEP_VERIFY_ADDRESS, MD_TYPE_ADDRESS_PAGE);
}

static MdSmtpPage *
get_smtp_page (MdWindow *window)
{
  return md_ui_test_get_content (window, MD_STEP_CHECK_SETTINGS, MD_TYPE_SMTP_PAGE);
}

/* The window and both pages are finalized: no check still running holds
 * on to a page, whatever state it was in. */
static void
destroy_window (MdWindow *window)
{
  gpointer address_page = get_address_page (window);
  gpointer smtp_page = get_smtp_page (window);

  g_object_add_weak_pointer (G_OBJECT (address_page), &address_page);
  g_object_add_weak_pointer (G_OBJECT (smtp_page), &smtp_page);
  md_ui_test_destroy_window (window);
  md_ui_test_wait_for (md_ui_test_is_null, &address_page);
  md_ui_test_wait_for (md_ui_test_is_null, &smtp_page);
}

/* The finding rows of a list, as the user sees them. */
static MdFindingRow *
find_row (GtkListBox *list,
          const char *code)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (MD_IS_FINDING_ROW (child) &&
          g_str_equal (md_finding_get_code (md_finding_row_get_finding (MD_FINDING_ROW (child))), code))
        return MD_FINDING_ROW (child);
    }

  return NULL;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MD_IS_FINDING_ROW (child))
      n++;

  return n;
}

static void
assert_row (GtkListBox *list,
            const char *code,
            MdSeverity  severity)
{
  MdFindingRow *row = find_row (list, code);
  GtkImage *icon;
  GtkLabel *title;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       row == NULL && child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_test_message ("no row for %s, but for %s", code,
                    md_finding_get_code (md_finding_row_get_finding (MD_FINDING_ROW (child))));
  g_assert_nonnull (row);
  g_assert_cmpint (md_finding_get_severity (md_finding_row_get_finding (row)), ==, severity);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (list)));

  /* Icon and title as shown. */
  icon = md_ui_test_get_child (row, MD_TYPE_FINDING_ROW, "icon_image");
  title = md_ui_test_get_child (row, MD_TYPE_FINDING_ROW, "title_label");
  g_assert_cmpstr (gtk_image_get_icon_name (icon), ==, md_severity_get_icon_name (severity));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (icon)), ==, md_severity_get_label (severity));
  g_assert_cmpstr (gtk_label_get_label (title), ==,
                   md_finding_get_title (md_finding_row_get_finding (row)));
}

/* Every text the window shows, but for @skip and what is inside it. */
static void
collect_text (GtkWidget *widget,
              GtkWidget *skip,
              GString   *out)
{
  const char *tooltip;

  if (widget == skip)
    return;

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  else if (GTK_IS_TEXT (widget) || GTK_IS_ENTRY (widget) || GTK_IS_PASSWORD_ENTRY (widget))
    g_string_append_printf (out, "%s\n", gtk_editable_get_text (GTK_EDITABLE (widget)));
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      g_string_append_printf (out, "%s\n", text);
    }

  tooltip = gtk_widget_get_tooltip_text (widget);
  if (tooltip != NULL)
    g_string_append_printf (out, "%s\n", tooltip);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, skip, out);
}

static gboolean
window_shows_text (MdWindow   *window,
                   const char *text)
{
  g_autoptr(GString) all = g_string_new (NULL);

  collect_text (GTK_WIDGET (window), NULL, all);
  return strstr (all->str, text) != NULL;
}

typedef struct
{
  MdWindow   *window;
  const char *text;
} ShowsText;

static gboolean
shows_text (gpointer data)
{
  ShowsText *shows = data;

  return window_shows_text (shows->window, shows->text);
}

/* With MD_SCREENSHOT_DIR set (build-aux/screenshot-checks.sh), the window is
 * saved there as NAME.png: how the pages look, for people to look at. */
static void
maybe_screenshot (MdWindow   *window,
                  GtkWidget  *show,
                  const char *name)
{
  const char *dir = g_getenv ("MD_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  if (dir == NULL)
    return;

  /* Scrolls the page so that @show is at the top. */
  if (show != NULL)
    {
      GtkWidget *scrolled = gtk_widget_get_ancestor (show, GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      graphene_point_t point;

      wait_ms (100);
      g_assert_true (gtk_widget_compute_point (show, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                               &GRAPHENE_POINT_INIT (0, 0), &point));
      gtk_adjustment_set_value (adjustment, point.y - 12);
    }

  /* Not md_ui_test_flush_events (): a spinning spinner always has a next frame. */
  wait_ms (300);
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file_name = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* ---- step 3: the recipient's address --------------------------------------- */

static void
use_dns_server (MdTestServer *server)
{
  g_autofree char *base_url = g_strdup_printf ("https://127.0.0.1:%u", https->port);

  g_setenv ("MAIL_DOCTOR_DNS_SERVER", server->address, TRUE);
  g_setenv ("MAIL_DOCTOR_HTTPS_BASE_URL", base_url, TRUE);
  g_setenv ("MAIL_DOCTOR_CA_FILE", https->ca_file, TRUE);
}

static void
test_address_typo (void)
{
  MdWindow *window = NULL;
  MdAddressPage *page;
  GtkListBox *domain_list;
  g_autofree char *copied = NULL;
  ShowsText toast;

  use_dns_server (dnsmasq);
  window = create_window (MD_STEP_VERIFY_ADDRESS);
  page = get_address_page (window);
  domain_list = md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "domain_list");

  /* The typing mistake is known at once, before any DNS answer. */
  md_address_page_set_address (page, "jane@gmial.com");
  g_assert_true (gtk_widget_get_visible (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE,
                                                               "suggestion_box")));
  g_assert_cmpstr (gtk_label_get_label (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE,
                                                              "suggestion_label")),
                   ==, "Did you mean jane@gmail.com?");
  g_assert_true (md_address_page_get_running (page));
  g_assert_true (gtk_spinner_get_spinning (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "spinner")));

  /* Copy: to the clipboard, with a toast. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "address.copy-suggestion", NULL));
  copied = md_ui_test_read_clipboard (GTK_WIDGET (page));
  g_assert_cmpstr (copied, ==, "jane@gmail.com");
  toast.window = window;
  toast.text = "Corrected address copied";
  md_ui_test_wait_for (shows_text, &toast);

  /* The test DNS server knows nothing outside .test: an error, shown. */
  md_ui_test_wait_for (address_page_idle, page);
  g_assert_false (gtk_spinner_get_spinning (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "spinner")));
  g_assert_true (gtk_widget_get_visible (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "domain_group")));
  g_assert_cmpuint (count_rows (domain_list), >=, 1);
  assert_row (domain_list, "dns.servfail", MD_SEVERITY_PROBLEM);
  maybe_screenshot (window, NULL, "step3-typo");
  if (g_getenv ("MD_SCREENSHOT_DIR") != NULL)
    {
      /* A phone-sized window. */
      gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
      wait_ms (500);
      maybe_screenshot (window, NULL, "step3-typo-narrow");
    }
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_VERIFY_ADDRESS)), ==,
                   MD_STEP_STATE_NEEDS_ATTENTION);

  /* Use: the corrected address goes into the field and is checked. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "address.use-suggestion", NULL));
  g_assert_cmpstr (md_address_page_get_address (page), ==, "jane@gmail.com");
  g_assert_false (gtk_widget_get_visible (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE,
                                                                "suggestion_box")));
  md_ui_test_wait_for (address_page_idle, page);

  destroy_window (window);
}

static void
test_address_healthy (void)
{
  MdWindow *window = NULL;
  MdAddressPage *page;
  GtkListBox *domain_list;
  GtkListBox *address_list;
  MdFindingRow *mx_row;
  g_autoptr(GPtrArray) findings = NULL;

  use_dns_server (dnsmasq);
  window = create_window (MD_STEP_VERIFY_ADDRESS);
  page = get_address_page (window);
  domain_list = md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "domain_list");
  address_list = md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "address_list");

  md_address_page_set_address (page, "jane@healthy.test");
  md_ui_test_wait_for (address_page_idle, page);

  assert_row (address_list, "address.ok", MD_SEVERITY_OK);
  assert_row (domain_list, "mx.ok", MD_SEVERITY_OK);
  assert_row (domain_list, "spf.ok", MD_SEVERITY_OK);
  assert_row (domain_list, "dmarc.reject", MD_SEVERITY_OK);
  assert_row (domain_list, "mta-sts.enforce-ok", MD_SEVERITY_OK);
  assert_row (domain_list, "tls-rpt.ok", MD_SEVERITY_OK);
  g_assert_false (gtk_widget_get_visible (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE,
                                                                "suggestion_box")));

  /* The evidence is there, folded. */
  mx_row = find_row (domain_list, "mx.ok");
  g_assert_false (gtk_toggle_button_get_active (md_ui_test_get_child (mx_row, MD_TYPE_FINDING_ROW,
                                                                      "evidence_button")));
  g_assert_nonnull (strstr (gtk_label_get_label (md_ui_test_get_child (mx_row, MD_TYPE_FINDING_ROW,
                                                                       "evidence_label")),
                            "healthy.test. MX 10 mx1.healthy.test."));

  maybe_screenshot (window, NULL, "step3-healthy");
  findings = md_address_page_dup_findings (page);
  g_assert_cmpint (md_findings_get_worst (findings), ==, MD_SEVERITY_OK);
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_VERIFY_ADDRESS)), ==,
                   MD_STEP_STATE_DONE);

  /* Enter in the field checks again. */
  gtk_editable_set_text (GTK_EDITABLE (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "address_row")),
                         "bob@nullmx.test");
  g_signal_emit_by_name (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "address_row"), "entry-activated");
  md_ui_test_wait_for (address_page_idle, page);
  assert_row (domain_list, "mx.null", MD_SEVERITY_PROBLEM);
  g_assert_null (find_row (domain_list, "mx.ok"));

  destroy_window (window);
}

static void
test_address_nxdomain (void)
{
  MdWindow *window = NULL;
  MdAddressPage *page;
  GtkListBox *domain_list;
  MdFindingRow *row;

  use_dns_server (dnsmasq);
  window = create_window (MD_STEP_VERIFY_ADDRESS);
  page = get_address_page (window);
  domain_list = md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "domain_list");

  md_address_page_set_address (page, "jane@nosuch.test");
  md_ui_test_wait_for (address_page_idle, page);

  assert_row (domain_list, "dns.nxdomain", MD_SEVERITY_PROBLEM);
  g_assert_cmpuint (count_rows (domain_list), ==, 1);
  row = find_row (domain_list, "dns.nxdomain");
  g_assert_nonnull (strstr (gtk_label_get_label (md_ui_test_get_child (row, MD_TYPE_FINDING_ROW,
                                                                       "title_label")),
                            "does not exist"));
  g_assert_true (gtk_widget_get_visible (md_ui_test_get_child (row, MD_TYPE_FINDING_ROW, "advice_label")));
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_VERIFY_ADDRESS)), ==,
                   MD_STEP_STATE_NEEDS_ATTENTION);

  /* Bad syntax: no lookup at all, and the problem is shown. */
  md_address_page_set_address (page, "jane.example.com");
  g_assert_false (md_address_page_get_running (page));
  assert_row (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "address_list"), "address.no-at",
              MD_SEVERITY_PROBLEM);
  g_assert_false (gtk_widget_get_visible (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "domain_group")));

  destroy_window (window);
}

/* Typing-mistake suggestions once the typed domain turns out to receive
 * mail: a weak one goes away, a strong one stays (look-alike domains). */
static void
test_address_suggestion_dropped (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;
  g_autoptr(MdTestServer) lookalikes = NULL;
  MdWindow *window = NULL;
  MdAddressPage *page;
  GtkWidget *suggestion_box;
  GtkListBox *domain_list;
  int fd;

  fd = g_file_open_tmp ("md-ui-checks-XXXXXX.conf", &conf, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (conf,
                       "local=/gmal.com/gmial.com/\n"
                       "mx-host=gmal.com,mx.gmal.com,10\n"
                       "host-record=mx.gmal.com,192.0.2.80\n"
                       "mx-host=gmial.com,mx.gmial.com,10\n"
                       "host-record=mx.gmial.com,192.0.2.81\n",
                       -1, &error);
  g_assert_no_error (error);
  lookalikes = md_test_dnsmasq_start (conf);

  use_dns_server (lookalikes);
  window = create_window (MD_STEP_VERIFY_ADDRESS);
  page = get_address_page (window);
  suggestion_box = md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "suggestion_box");
  domain_list = md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "domain_list");

  md_address_page_set_address (page, "jane@gmal.com");
  g_assert_true (gtk_widget_get_visible (suggestion_box));
  md_ui_test_wait_for (address_page_idle, page);
  assert_row (domain_list, "mx.ok", MD_SEVERITY_OK);
  g_assert_false (gtk_widget_get_visible (suggestion_box));
  assert_row (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "address_list"), "address.ok",
              MD_SEVERITY_OK);

  md_address_page_set_address (page, "jane@gmial.com");
  md_ui_test_wait_for (address_page_idle, page);
  assert_row (domain_list, "mx.ok", MD_SEVERITY_OK);
  g_assert_true (gtk_widget_get_visible (suggestion_box));
  g_assert_nonnull (strstr (gtk_label_get_label (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE,
                                                                       "suggestion_detail_label")),
                            "exists and receives email"));
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_VERIFY_ADDRESS)), ==,
                   MD_STEP_STATE_NEEDS_ATTENTION);

  destroy_window (window);
  g_unlink (conf);
}

static void
test_address_cancel (void)
{
  MdWindow *window = NULL;
  MdAddressPage *page;
  GtkListBox *domain_list;
  gint64 start;

  /* The scripted peer never answers for *.timeout.test. */
  use_dns_server (dns_peer);
  window = create_window (MD_STEP_VERIFY_ADDRESS);
  page = get_address_page (window);
  domain_list = md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "domain_list");

  md_address_page_set_address (page, "jane@x.timeout.test");
  wait_ms (200);
  g_assert_true (md_address_page_get_running (page));
  g_assert_true (gtk_widget_get_visible (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "progress_box")));

  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "address.cancel", NULL));
  g_assert_false (md_address_page_get_running (page));
  g_assert_false (gtk_spinner_get_spinning (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "spinner")));
  g_assert_false (gtk_widget_get_visible (md_ui_test_get_child (page, MD_TYPE_ADDRESS_PAGE, "progress_box")));
  assert_row (domain_list, "ui.domain-check-cancelled", MD_SEVERITY_INFO);
  maybe_screenshot (window, NULL, "step3-cancelled");
  wait_ms (300);
  g_assert_cmpuint (count_rows (domain_list), ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  /* A new check replaces one still running: only its result shows. */
  md_address_page_set_address (page, "jane@y.timeout.test");
  md_address_page_set_address (page, "jane@nosuch.test");
  md_ui_test_wait_for (address_page_idle, page);
  assert_row (domain_list, "dns.nxdomain", MD_SEVERITY_PROBLEM);
  g_assert_cmpuint (count_rows (domain_list), ==, 1);

  /* Closing the window in the middle of a check. */
  md_address_page_set_address (page, "jane@z.timeout.test");
  g_assert_true (md_address_page_get_running (page));
  maybe_screenshot (window, NULL, "step3-running");
  start = g_get_monotonic_time ();
  destroy_window (window);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

/* ---- step 5: the user's settings --------------------------------------------- */

static guint
start_smtp_server (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;
  guint port;

  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, i == 0 ? g_test_build_filename (G_TEST_DIST, "smtp", args[0], NULL)
                                  : g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  /* The servers stop when their standard input closes, that is with us. */
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  g_ptr_array_add (smtp_servers, process);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  port = (guint) g_ascii_strtoull (line + 5, NULL, 10);
  g_assert_cmpuint (port, >, 0);

  return port;
}

static void
stop_process (gpointer data)
{
  GSubprocess *process = data;

  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, NULL);
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

static guint
get_starttls_server (void)
{
  static guint port;
  const char *args[] = {
    "smtp-server.py", "--security", "starttls", "--cert-dir", cert_dir,
    "--user", USER, "--password", PASSWORD, NULL
  };

  if (port == 0)
    port = start_smtp_server (args);

  return port;
}

static void
set_row_text (MdSmtpPage *page,
              const char *name,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, name)), text);
}

static const char *
get_row_text (MdSmtpPage *page,
              const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, name)));
}

static void
fill_form (MdSmtpPage     *page,
           guint           port,
           MdSmtpSecurity  security,
           const char     *password)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);

  set_row_text (page, "email_row", USER);
  set_row_text (page, "host_row", "127.0.0.1");
  set_row_text (page, "port_row", port_text);
  set_row_text (page, "password_row", password);
  adw_combo_row_set_selected (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "security_row"), security);
}

/* No label, text field but the password's, text view or tooltip shows it. */
static void
assert_password_hidden (MdWindow   *window,
                        MdSmtpPage *page,
                        const char *password)
{
  g_autoptr(GString) all = g_string_new (NULL);
  GtkWidget *password_row = md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "password_row");

  collect_text (GTK_WIDGET (window), password_row, all);
  g_assert_cmpuint (all->len, >, 0);
  g_assert_null (strstr (all->str, password));
  g_assert_null (strstr (all->str, "UzNjcmV0LVBhNTV3b3JkIQ=="));  /* base64 */
  g_assert_null (strstr (all->str, "UzNjcmV0LVBhNTV3b3Jk"));
}

static char *
dup_transcript_view (MdSmtpPage *page)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE,
                                                                          "transcript_view"));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static void
test_smtp_login_ok (void)
{
  MdWindow *window = NULL;
  MdSmtpPage *page;
  GtkListBox *results;
  g_autofree char *transcript = NULL;
  g_autofree char *copied = NULL;
  guint port = get_starttls_server ();

  g_setenv ("MAIL_DOCTOR_CA_FILE", smtp_ca_file, TRUE);
  g_unsetenv ("MAIL_DOCTOR_HTTPS_BASE_URL");
  window = create_window (MD_STEP_CHECK_SETTINGS);
  page = get_smtp_page (window);
  results = md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "results_list");

  fill_form (page, port, MD_SMTP_SECURITY_STARTTLS, PASSWORD);
  set_row_text (page, "recipient_row", "bob@elsewhere.test");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "smtp.test", NULL));
  g_assert_true (md_smtp_page_get_running (page));
  g_assert_true (gtk_spinner_get_spinning (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "spinner")));
  g_assert_true (gtk_widget_get_visible (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "cancel_button")));
  assert_password_hidden (window, page, PASSWORD);
  md_ui_test_wait_for (smtp_page_idle, page);

  assert_row (results, "smtp.connect-ok", MD_SEVERITY_OK);
  assert_row (results, "smtp.starttls-ok", MD_SEVERITY_OK);
  assert_row (results, "smtp.auth-ok", MD_SEVERITY_OK);
  assert_row (results, "smtp.recipient-ok", MD_SEVERITY_OK);
  g_assert_false (gtk_widget_get_visible (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "cancel_button")));
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_CHECK_SETTINGS)), ==,
                   MD_STEP_STATE_DONE);

  /* The conversation, redacted, in a read-only monospace view; Copy works. */
  transcript = dup_transcript_view (page);
  g_assert_nonnull (strstr (transcript, "C: AUTH PLAIN <redacted>"));
  g_assert_false (gtk_text_view_get_editable (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE,
                                                                    "transcript_view")));
  g_assert_true (gtk_text_view_get_monospace (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE,
                                                                    "transcript_view")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "smtp.copy-transcript", NULL));
  copied = md_ui_test_read_clipboard (GTK_WIDGET (page));
  g_assert_cmpstr (copied, ==, transcript);

  /* Expanded, every text is looked at. */
  gtk_expander_set_expanded (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "transcript_expander"), TRUE);
  md_ui_test_flush_events ();
  assert_password_hidden (window, page, PASSWORD);
  g_assert_cmpstr (get_row_text (page, "password_row"), ==, PASSWORD);
  maybe_screenshot (window, md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "test_button"), "step5-login-ok");

  destroy_window (window);
}

static void
test_smtp_bad_password (void)
{
  MdWindow *window = NULL;
  MdSmtpPage *page;
  GtkListBox *results;
  const char *wrong = "wrong-" PASSWORD;
  guint port = get_starttls_server ();

  g_setenv ("MAIL_DOCTOR_CA_FILE", smtp_ca_file, TRUE);
  window = create_window (MD_STEP_CHECK_SETTINGS);
  page = get_smtp_page (window);
  results = md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "results_list");

  fill_form (page, port, MD_SMTP_SECURITY_STARTTLS, wrong);
  g_signal_emit_by_name (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "password_row"), "entry-activated");
  md_ui_test_wait_for (smtp_page_idle, page);

  assert_row (results, "smtp.auth-failed", MD_SEVERITY_PROBLEM);
  g_assert_null (find_row (results, "smtp.auth-ok"));
  g_assert_cmpint (md_step_page_get_state (md_ui_test_get_page (window, MD_STEP_CHECK_SETTINGS)), ==,
                   MD_STEP_STATE_NEEDS_ATTENTION);
  gtk_expander_set_expanded (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "transcript_expander"), TRUE);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (results));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    gtk_toggle_button_set_active (md_ui_test_get_child (row, MD_TYPE_FINDING_ROW, "evidence_button"), TRUE);
  md_ui_test_flush_events ();
  assert_password_hidden (window, page, wrong);
  assert_password_hidden (window, page, PASSWORD);
  maybe_screenshot (window, md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "test_button"),
                    "step5-bad-password");
  if (g_getenv ("MD_SCREENSHOT_DIR") != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
      wait_ms (500);
      maybe_screenshot (window, md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "test_button"),
                        "step5-bad-password-narrow");
    }

  destroy_window (window);
}

static void
test_smtp_cancel (void)
{
  const char *args[] = { "hostile-server.py", "--mode", "silent", NULL };
  guint port = start_smtp_server (args);
  MdWindow *window = NULL;
  MdSmtpPage *page;
  gint64 start;

  window = create_window (MD_STEP_CHECK_SETTINGS);
  page = get_smtp_page (window);

  fill_form (page, port, MD_SMTP_SECURITY_STARTTLS, PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "smtp.test", NULL));
  wait_ms (300);
  g_assert_true (md_smtp_page_get_running (page));

  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "smtp.cancel", NULL));
  g_assert_false (md_smtp_page_get_running (page));
  g_assert_false (gtk_spinner_get_spinning (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "spinner")));
  assert_row (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "results_list"), "ui.smtp-test-cancelled",
              MD_SEVERITY_INFO);

  /* Again, and the window closes while the server says nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "smtp.test", NULL));
  wait_ms (200);
  g_assert_true (md_smtp_page_get_running (page));
  maybe_screenshot (window, md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "host_row"), "step5-running");
  start = g_get_monotonic_time ();
  destroy_window (window);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
assert_input_error (MdSmtpPage *page,
                    const char *row_name,
                    const char *message)
{
  GtkLabel *label = md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "input_error_label");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "smtp.test", NULL));
  g_assert_false (md_smtp_page_get_running (page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  g_assert_nonnull (strstr (gtk_label_get_label (label), message));
  g_assert_true (gtk_widget_has_css_class (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, row_name),
                                           "error"));
}

static void
test_smtp_bad_input (void)
{
  MdWindow *window = create_window (MD_STEP_CHECK_SETTINGS);
  MdSmtpPage *page = get_smtp_page (window);
  g_autoptr(GtkEditable) text = NULL;

  set_row_text (page, "email_row", USER);
  set_row_text (page, "password_row", PASSWORD);
  assert_input_error (page, "host_row", "Type the name of your outgoing server");

  set_row_text (page, "host_row", "smtp example.com");
  assert_input_error (page, "host_row", "contains a space");
  g_assert_cmpstr (get_row_text (page, "host_row"), ==, "smtp example.com");

  set_row_text (page, "host_row", "smtp.example.test");
  set_row_text (page, "port_row", "70000");
  assert_input_error (page, "port_row", "from 1 to 65535");
  maybe_screenshot (window, md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "host_row"), "step5-bad-port");
  g_assert_false (gtk_widget_has_css_class (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE,
                                                                  "host_row"), "error"));

  set_row_text (page, "port_row", "58x");
  assert_input_error (page, "port_row", "must be a number");

  set_row_text (page, "port_row", "587");
  set_row_text (page, "recipient_row", "bob at example");
  assert_input_error (page, "recipient_row", "not a valid email address");

  /* Nothing typed was lost. */
  g_assert_cmpstr (get_row_text (page, "email_row"), ==, USER);
  g_assert_cmpstr (get_row_text (page, "host_row"), ==, "smtp.example.test");
  g_assert_cmpstr (get_row_text (page, "port_row"), ==, "587");
  g_assert_cmpstr (get_row_text (page, "recipient_row"), ==, "bob at example");
  g_assert_cmpstr (get_row_text (page, "password_row"), ==, PASSWORD);
  assert_password_hidden (window, page, PASSWORD);

  /* The password is wiped from its field when the window closes. */
  text = g_object_ref (gtk_editable_get_delegate (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE,
                                                                        "password_row")));
  g_assert_cmpstr (gtk_editable_get_text (text), ==, PASSWORD);
  destroy_window (window);
  g_assert_cmpstr (gtk_editable_get_text (text), ==, "");
}

static gboolean
host_filled (gpointer data)
{
  return *get_row_text (MD_SMTP_PAGE (data), "host_row") != '\0';
}

static void
test_smtp_autoconfig (void)
{
  const char *args[] = { "autoconfig-server.py", "--cert-dir", cert_dir, NULL };
  g_autofree char *base_url = g_strdup_printf ("https://127.0.0.1:%u", start_smtp_server (args));
  MdWindow *window = NULL;
  MdSmtpPage *page;
  GtkLabel *recommended;

  g_setenv ("MAIL_DOCTOR_HTTPS_BASE_URL", base_url, TRUE);
  g_setenv ("MAIL_DOCTOR_CA_FILE", smtp_ca_file, TRUE);
  window = create_window (MD_STEP_CHECK_SETTINGS);
  page = get_smtp_page (window);
  recommended = md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "recommended_label");

  /* An empty form is filled with what the provider recommends. */
  md_smtp_page_set_email (page, "jane@first.test");
  md_ui_test_wait_for (host_filled, page);
  g_assert_cmpstr (get_row_text (page, "host_row"), ==, "smtp.first.test");
  g_assert_cmpstr (get_row_text (page, "port_row"), ==, "587");
  g_assert_cmpuint (adw_combo_row_get_selected (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE,
                                                                      "security_row")),
                    ==, MD_SMTP_SECURITY_STARTTLS);
  g_assert_true (gtk_widget_get_visible (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "recommended_box")));
  g_assert_nonnull (strstr (gtk_label_get_label (recommended), "Recommended by your provider (First Mail)"));
  g_assert_null (strstr (gtk_label_get_label (recommended), "differ"));
  maybe_screenshot (window, md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE, "host_row"), "step5-autoconfig");

  /* A change the user makes is pointed out, and can be undone. */
  set_row_text (page, "port_row", "25");
  g_assert_nonnull (strstr (gtk_label_get_label (recommended), "Your settings differ"));
  g_assert_true (gtk_widget_get_visible (md_ui_test_get_child (page, MD_TYPE_SMTP_PAGE,
                                                               "use_recommended_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "smtp.use-recommended", NULL));
  g_assert_cmpstr (get_row_text (page, "port_row"), ==, "587");

  destroy_window (window);
}

/* ---- set-up ------------------------------------------------------------------ */

static void
make_certs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "smtp", "make-certs.sh", NULL);
  const char *argv[] = { "/bin/sh", script, NULL, NULL };
  int status = 0;

  cert_dir = g_dir_make_tmp ("md-ui-checks-XXXXXX", &error);
  g_assert_no_error (error);
  argv[2] = cert_dir;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  smtp_ca_file = g_build_filename (cert_dir, "ca.pem", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *zones = NULL;
  g_autofree char *peer_zone = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  app = md_ui_test_application_new ();
  md_ui_test_set_wait_seconds (15);

  zones = g_test_build_filename (G_TEST_DIST, "dns", "zones.conf", NULL);
  peer_zone = g_test_build_filename (G_TEST_DIST, "dns", "peer.zone", NULL);
  dnsmasq = md_test_dnsmasq_start (zones);
  dns_peer = md_test_dns_peer_start (peer_zone, 0);
  https = md_test_https_start ();
  make_certs ();
  smtp_servers = g_ptr_array_new_with_free_func (stop_process);

  g_test_add_func ("/ui/checks/address/typo", test_address_typo);
  g_test_add_func ("/ui/checks/address/healthy", test_address_healthy);
  g_test_add_func ("/ui/checks/address/nxdomain", test_address_nxdomain);
  g_test_add_func ("/ui/checks/address/suggestion-dropped", test_address_suggestion_dropped);
  g_test_add_func ("/ui/checks/address/cancel", test_address_cancel);
  g_test_add_func ("/ui/checks/smtp/login-ok", test_smtp_login_ok);
  g_test_add_func ("/ui/checks/smtp/bad-password", test_smtp_bad_password);
  g_test_add_func ("/ui/checks/smtp/cancel", test_smtp_cancel);
  g_test_add_func ("/ui/checks/smtp/bad-input", test_smtp_bad_input);
  g_test_add_func ("/ui/checks/smtp/autoconfig", test_smtp_autoconfig);

  ret = g_test_run ();

  g_clear_pointer (&smtp_servers, g_ptr_array_unref);
  g_clear_pointer (&https, md_test_server_stop);
  g_clear_pointer (&dns_peer, md_test_server_stop);
  g_clear_pointer (&dnsmasq, md_test_server_stop);
  {
    const char *rm_argv[] = { "rm", "-rf", cert_dir, NULL };

    g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  NULL, NULL);
  }
  g_free (smtp_ca_file);
  g_free (cert_dir);
  g_clear_object (&app);

  return ret;
}
