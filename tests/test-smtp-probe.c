/* test-smtp-probe.c: MdSmtpProbe against real and hostile SMTP servers on
 * loopback (tests/smtp/)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "md-core.h"
#include "dns/md-test-servers.h"

#define PASSWORD "S3cret-Pa55word!"
#define USER     "alice@example.test"
#define TIMEOUT  2

static char *cert_dir;
static char *ca_file;
static GHashTable *servers;      /* command line -> MdTestServer */
static GString *all_output;      /* everything any probe produced */

/* Starts (once) a server script with @args and returns its port. */
static guint
start_server (const char         *script,
              const char * const *args)
{
  g_autofree char *args_line = g_strjoinv (" ", (char **) args);
  g_autofree char *key = g_strdup_printf ("%s %s", script, args_line);
  MdTestServer *server;

  server = g_hash_table_lookup (servers, key);
  if (server == NULL)
    {
      server = md_test_script_start ("smtp", script, args);
      g_hash_table_insert (servers, g_steal_pointer (&key), server);
    }

  return server->port;
}

static guint
start_smtp_server (const char *security,
                   const char *cert,
                   gboolean    no_plain)
{
  const char *args[] = {
    "--security", security, "--cert-dir", cert_dir, "--cert", cert,
    "--user", USER, "--password", PASSWORD, no_plain ? "--no-plain" : NULL, NULL
  };

  return start_server ("smtp-server.py", args);
}

static guint
start_hostile_server (const char *mode)
{
  const char *args[] = { "--mode", mode, NULL };

  return start_server ("hostile-server.py", args);
}

static void
assert_no_secret (const char *text)
{
  static const char *secrets[] = {
    PASSWORD,
    "UzNjcmV0LVBhNTV3b3JkIQ==",                        /* base64 (password) */
    "AGFsaWNlQGV4YW1wbGUudGVzdABTM2NyZXQtUGE1NXdvcmQh", /* AUTH PLAIN token */
    "UzNjcmV0LVBhNTV3b3Jk",                            /* its unpadded prefix */
  };

  g_assert_nonnull (text);
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    g_assert_null (strstr (text, secrets[i]));
}

/* Runs @probe to the end (30 s at most) and checks that none of its output
 * holds the password in any form. */
static gboolean
run_probe_full (MdSmtpProbe   *probe,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  GPtrArray *findings;
  gboolean ok;

  md_smtp_probe_run_async (probe, cancellable, md_test_result_cb, &result);
  md_test_wait_for_result (&result, 30);

  ok = md_smtp_probe_run_finish (probe, result, error);

  json = md_smtp_probe_to_json_string (probe, FALSE);
  text = md_smtp_probe_get_transcript_text (probe);
  assert_no_secret (json);
  assert_no_secret (text);
  g_string_append (all_output, json);
  g_string_append (all_output, text);

  findings = md_smtp_probe_get_findings (probe);
  for (guint i = 0; i < findings->len; i++)
    {
      MdFinding *finding = g_ptr_array_index (findings, i);

      g_assert_cmpint (md_finding_get_step (finding), ==, MD_STEP_CHECK_SETTINGS);
      g_assert_true (g_str_has_prefix (md_finding_get_code (finding), "smtp."));
      assert_no_secret (md_finding_get_title (finding));
      if (md_finding_get_evidence (finding) != NULL)
        assert_no_secret (md_finding_get_evidence (finding));
    }

  if (g_test_verbose ())
    g_printerr ("%s\n%s\n", text, json);

  return ok;
}

static void
run_probe (MdSmtpProbe *probe)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (run_probe_full (probe, NULL, &error));
  g_assert_no_error (error);
}

static MdFinding *
find (MdSmtpProbe *probe,
      const char  *code)
{
  return md_test_finding (md_smtp_probe_get_findings (probe), code);
}

static void
assert_finding (MdSmtpProbe *probe,
                const char  *code,
                MdSeverity   severity)
{
  MdFinding *finding = find (probe, code);

  if (finding == NULL)
    {
      g_autofree char *json = md_smtp_probe_to_json_string (probe, TRUE);

      g_printerr ("missing %s in:\n%s\n", code, json);
    }
  g_assert_nonnull (finding);
  g_assert_cmpint (md_finding_get_severity (finding), ==, severity);
  g_assert_nonnull (md_finding_get_detail (finding));
}

static gboolean
transcript_contains (MdSmtpProbe *probe,
                     const char  *text)
{
  g_autofree char *transcript = md_smtp_probe_get_transcript_text (probe);

  return strstr (transcript, text) != NULL;
}

static MdSmtpProbe *
new_probe (guint          port,
           MdSmtpSecurity security)
{
  MdSmtpProbe *probe = md_smtp_probe_new ("127.0.0.1", port, security);

  md_smtp_probe_set_timeout (probe, TIMEOUT);
  md_smtp_probe_set_ca_file (probe, ca_file);

  return probe;
}

/* ---- a real server -------------------------------------------------------- */

static void
test_starttls_login_ok (void)
{
  guint port = start_smtp_server ("starttls", "server", FALSE);
  g_autoptr(MdSmtpProbe) probe = new_probe (port, MD_SMTP_SECURITY_STARTTLS);
  MdSmtpTranscript *transcript;
  gboolean saw_server = FALSE;

  md_smtp_probe_set_username (probe, USER);
  md_smtp_probe_set_password (probe, PASSWORD);
  md_smtp_probe_set_sender (probe, USER);
  md_smtp_probe_set_recipient (probe, "bob@elsewhere.test");
  run_probe (probe);

  assert_finding (probe, "smtp.connect-ok", MD_SEVERITY_OK);
  assert_finding (probe, "smtp.starttls-ok", MD_SEVERITY_OK);
  assert_finding (probe, "smtp.auth-ok", MD_SEVERITY_OK);
  assert_finding (probe, "smtp.recipient-ok", MD_SEVERITY_OK);
  assert_finding (probe, "smtp.auth-mechanisms", MD_SEVERITY_INFO);
  g_assert_cmpstr (md_finding_get_evidence (find (probe, "smtp.auth-mechanisms")), ==, "LOGIN PLAIN");
  g_assert_cmpint (md_findings_get_worst (md_smtp_probe_get_findings (probe)), ==, MD_SEVERITY_INFO);
  g_assert_cmpstr (md_finding_get_evidence (find (probe, "smtp.auth-ok")), ==,
                   "235 2.7.0 Authentication successful");
  g_assert_cmpuint (md_smtp_probe_get_working_port (probe), ==, port);
  g_assert_cmpint (md_smtp_probe_get_working_security (probe), ==, MD_SMTP_SECURITY_STARTTLS);

  /* EHLO again after TLS (RFC 3207), a redacted AUTH, never DATA. */
  g_assert_true (transcript_contains (probe, "C: AUTH PLAIN <redacted>"));
  g_assert_true (transcript_contains (probe, "C: RSET"));
  g_assert_true (transcript_contains (probe, "C: QUIT"));
  g_assert_false (transcript_contains (probe, "DATA"));

  transcript = md_smtp_probe_get_transcript (probe);
  for (guint i = 0, ehlo = 0; i < md_smtp_transcript_get_n_entries (transcript); i++)
    {
      MdSmtpDirection direction;
      guint ms;
      const char *line = md_smtp_transcript_get_entry (transcript, i, &ms, &direction);

      g_assert_cmpuint (ms, <, 10000);
      if (direction == MD_SMTP_DIRECTION_SERVER)
        saw_server = TRUE;
      if (g_str_has_prefix (line, "EHLO "))
        g_assert_cmpuint (++ehlo, <=, 2);
    }
  g_assert_true (saw_server);
  g_assert_false (md_smtp_transcript_get_truncated (transcript));
}

static void
test_starttls_bad_password (void)
{
  guint port = start_smtp_server ("starttls", "server", FALSE);
  g_autoptr(MdSmtpProbe) probe = new_probe (port, MD_SMTP_SECURITY_STARTTLS);

  md_smtp_probe_set_username (probe, USER);
  md_smtp_probe_set_password (probe, "wrong-" PASSWORD);
  run_probe (probe);

  assert_finding (probe, "smtp.starttls-ok", MD_SEVERITY_OK);
  assert_finding (probe, "smtp.auth-failed", MD_SEVERITY_PROBLEM);
  g_assert_true (g_str_has_prefix (md_finding_get_evidence (find (probe, "smtp.auth-failed")), "535"));
  g_assert_null (find (probe, "smtp.auth-ok"));
}

static void
test_relay_denied (void)
{
  guint port = start_smtp_server ("starttls", "server", FALSE);
  g_autoptr(MdSmtpProbe) probe = new_probe (port, MD_SMTP_SECURITY_AUTO);

  md_smtp_probe_set_sender (probe, USER);
  md_smtp_probe_set_recipient (probe, "bob@elsewhere.test");
  run_probe (probe);

  assert_finding (probe, "smtp.starttls-ok", MD_SEVERITY_OK);
  assert_finding (probe, "smtp.relay-denied", MD_SEVERITY_PROBLEM);
  g_assert_cmpstr (md_finding_get_evidence (find (probe, "smtp.relay-denied")), ==,
                   "550 5.7.1 Relaying denied");
  g_assert_nonnull (strstr (md_finding_get_advice (find (probe, "smtp.relay-denied")),
                            "authentication"));
  g_assert_true (transcript_contains (probe, "C: RSET"));
}

static void
test_sender_rejected (void)
{
  guint port = start_smtp_server ("starttls", "server", FALSE);
  g_autoptr(MdSmtpProbe) probe = new_probe (port, MD_SMTP_SECURITY_STARTTLS);

  md_smtp_probe_set_sender (probe, "forbidden@example.test");
  md_smtp_probe_set_recipient (probe, "carol@example.test");
  run_probe (probe);

  assert_finding (probe, "smtp.sender-rejected", MD_SEVERITY_PROBLEM);
  g_assert_null (find (probe, "smtp.recipient-ok"));
  g_assert_false (transcript_contains (probe, "RCPT TO"));
}

static void
test_auth_needs_tls (void)
{
  guint port = start_smtp_server ("starttls", "server", FALSE);
  g_autoptr(MdSmtpProbe) probe = new_probe (port, MD_SMTP_SECURITY_NONE);

  md_smtp_probe_set_username (probe, USER);
  md_smtp_probe_set_password (probe, PASSWORD);
  run_probe (probe);

  assert_finding (probe, "smtp.auth-needs-tls", MD_SEVERITY_PROBLEM);
  assert_finding (probe, "smtp.no-encryption", MD_SEVERITY_WARNING);
  g_assert_null (find (probe, "smtp.starttls-ok"));
  g_assert_false (transcript_contains (probe, "AUTH PLAIN"));
  g_assert_false (transcript_contains (probe, "C: STARTTLS"));
}

static void
test_implicit_tls_login (void)
{
  guint port = start_smtp_server ("tls", "server", TRUE);
  g_autoptr(MdSmtpProbe) probe = new_probe (port, MD_SMTP_SECURITY_TLS);

  md_smtp_probe_set_username (probe, USER);
  md_smtp_probe_set_password (probe, PASSWORD);
  run_probe (probe);

  assert_finding (probe, "smtp.tls-ok", MD_SEVERITY_OK);
  assert_finding (probe, "smtp.auth-ok", MD_SEVERITY_OK);
  /* Only LOGIN offered: both of its lines are redacted. */
  g_assert_true (transcript_contains (probe, "C: AUTH LOGIN"));
  g_assert_true (transcript_contains (probe, "C: <redacted user name>"));
  g_assert_true (transcript_contains (probe, "C: <redacted password>"));
  g_assert_false (transcript_contains (probe, "STARTTLS"));
  g_assert_cmpint (md_smtp_probe_get_working_security (probe), ==, MD_SMTP_SECURITY_TLS);
}

static void
test_implicit_tls_bad_password (void)
{
  guint port = start_smtp_server ("tls", "server", TRUE);
  g_autoptr(MdSmtpProbe) probe = new_probe (port, MD_SMTP_SECURITY_TLS);

  md_smtp_probe_set_username (probe, USER);
  md_smtp_probe_set_password (probe, PASSWORD "x");
  run_probe (probe);

  assert_finding (probe, "smtp.auth-failed", MD_SEVERITY_PROBLEM);
}

static void
test_auto_ports (void)
{
  guint tls_port = start_smtp_server ("tls", "server", FALSE);
  guint refused = md_test_free_port ();
  g_autoptr(MdSmtpProbe) probe = new_probe (0, MD_SMTP_SECURITY_AUTO);
  MdFinding *recommend;

  md_smtp_probe_set_auto_ports (probe, refused, tls_port, refused);
  run_probe (probe);

  /* 587 refused (now only background), 465 works and is recommended. */
  assert_finding (probe, "smtp.connect-refused", MD_SEVERITY_INFO);
  assert_finding (probe, "smtp.auto-recommend", MD_SEVERITY_OK);
  assert_finding (probe, "smtp.tls-ok", MD_SEVERITY_OK);
  recommend = find (probe, "smtp.auto-recommend");
  g_assert_nonnull (strstr (md_finding_get_title (recommend), "SSL/TLS"));
  g_assert_cmpuint (md_smtp_probe_get_working_port (probe), ==, tls_port);
  g_assert_cmpint (md_smtp_probe_get_working_security (probe), ==, MD_SMTP_SECURITY_TLS);
}

static void
test_auto_nothing_works (void)
{
  guint refused = md_test_free_port ();
  g_autoptr(MdSmtpProbe) probe = new_probe (0, MD_SMTP_SECURITY_AUTO);

  md_smtp_probe_set_auto_ports (probe, refused, refused, refused);
  run_probe (probe);

  assert_finding (probe, "smtp.connect-refused", MD_SEVERITY_PROBLEM);
  g_assert_null (find (probe, "smtp.auto-recommend"));
  g_assert_cmpuint (md_smtp_probe_get_findings (probe)->len, ==, 3);
  g_assert_cmpuint (md_smtp_probe_get_working_port (probe), ==, 0);
}

/* ---- certificates ---------------------------------------------------------- */

static void
run_cert_case (const char     *cert,
               MdSmtpSecurity  security,
               gboolean        with_ca,
               const char     *code)
{
  guint port = start_smtp_server (security == MD_SMTP_SECURITY_TLS ? "tls" : "starttls", cert, FALSE);
  g_autoptr(MdSmtpProbe) probe = new_probe (port, security);

  if (!with_ca)
    md_smtp_probe_set_ca_file (probe, NULL);
  md_smtp_probe_set_username (probe, USER);
  md_smtp_probe_set_password (probe, PASSWORD);
  run_probe (probe);

  assert_finding (probe, code, MD_SEVERITY_PROBLEM);
  g_assert_nonnull (strstr (md_finding_get_evidence (find (probe, code)), "problems:"));
  g_assert_null (find (probe, "smtp.starttls-ok"));
  g_assert_null (find (probe, "smtp.tls-ok"));
  /* Never a password over a connection that failed its checks. */
  g_assert_false (transcript_contains (probe, "C: AUTH"));
}

static void
test_cert_untrusted (void)
{
  run_cert_case ("server", MD_SMTP_SECURITY_STARTTLS, FALSE, "smtp.cert-untrusted");
}

static void
test_cert_wrong_host (void)
{
  run_cert_case ("wronghost", MD_SMTP_SECURITY_STARTTLS, TRUE, "smtp.cert-wrong-host");
}

static void
test_cert_expired (void)
{
  run_cert_case ("expired", MD_SMTP_SECURITY_TLS, TRUE, "smtp.cert-expired");
}

static void
test_cert_self_signed (void)
{
  run_cert_case ("selfsigned", MD_SMTP_SECURITY_STARTTLS, TRUE, "smtp.cert-self-signed");
}

/* ---- connection failures ------------------------------------------------- */

static void
test_connect_refused (void)
{
  g_autoptr(MdSmtpProbe) probe = new_probe (md_test_free_port (), MD_SMTP_SECURITY_STARTTLS);

  run_probe (probe);
  assert_finding (probe, "smtp.connect-refused", MD_SEVERITY_PROBLEM);
  g_assert_cmpuint (md_smtp_probe_get_findings (probe)->len, ==, 1);
}

static void
test_connect_timeout (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(MdSmtpProbe) probe = new_probe (start_hostile_server ("backlog-full"),
                                            MD_SMTP_SECURITY_STARTTLS);

  run_probe (probe);
  assert_finding (probe, "smtp.connect-timeout", MD_SEVERITY_PROBLEM);
  g_assert_cmpuint (md_smtp_probe_get_findings (probe)->len, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, (TIMEOUT + 1) * G_USEC_PER_SEC);
}

static void
test_by_name (void)
{
  guint port = start_smtp_server ("starttls", "server", FALSE);
  g_autoptr(MdSmtpProbe) probe = new_probe (port, MD_SMTP_SECURITY_STARTTLS);
  const char *evidence;

  /* The certificate is checked against the name, not the address. */
  md_smtp_probe_set_host (probe, "localhost");
  run_probe (probe);

  assert_finding (probe, "smtp.starttls-ok", MD_SEVERITY_OK);
  evidence = md_finding_get_evidence (find (probe, "smtp.connect-ok"));
  g_assert_true (g_str_has_prefix (evidence, "127.0.0.1 (IPv4)") ||
                 g_str_has_prefix (evidence, "::1 (IPv6)"));
}

static void
test_host_not_found (void)
{
  g_autoptr(MdSmtpProbe) probe = new_probe (587, MD_SMTP_SECURITY_STARTTLS);
  MdFinding *finding;

  md_smtp_probe_set_host (probe, "no-such-host.invalid");
  run_probe (probe);

  /* Without internet a resolver may fail instead of saying "no such name". */
  finding = find (probe, "smtp.host-not-found");
  if (finding == NULL)
    finding = find (probe, "smtp.dns-failed");
  g_assert_nonnull (finding);
  g_assert_cmpint (md_finding_get_severity (finding), ==, MD_SEVERITY_PROBLEM);
  g_assert_cmpuint (md_smtp_probe_get_findings (probe)->len, ==, 1);
}

/* ---- hostile servers ----------------------------------------------------- */

static MdSmtpProbe *
run_hostile (const char     *mode,
             MdSmtpSecurity  security,
             const char     *code,
             MdSeverity      severity)
{
  guint port = start_hostile_server (mode);
  MdSmtpProbe *probe = new_probe (port, security);
  gint64 start = g_get_monotonic_time ();

  md_smtp_probe_set_username (probe, USER);
  md_smtp_probe_set_password (probe, PASSWORD);
  run_probe (probe);

  /* Every step has its own deadline, and no case has more than three. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, (3 * TIMEOUT + 1) * G_USEC_PER_SEC);
  assert_finding (probe, code, severity);

  return probe;
}

static void
test_hostile_banner_421 (void)
{
  g_autoptr(MdSmtpProbe) probe = run_hostile ("banner-421", MD_SMTP_SECURITY_STARTTLS,
                                              "smtp.banner-421", MD_SEVERITY_PROBLEM);

  g_assert_nonnull (strstr (md_finding_get_evidence (find (probe, "smtp.banner-421")),
                            "Too many connections"));
}

static void
test_hostile_banner_554 (void)
{
  g_autoptr(MdSmtpProbe) probe = run_hostile ("banner-554", MD_SMTP_SECURITY_AUTO,
                                              "smtp.banner-554", MD_SEVERITY_PROBLEM);

  g_assert_false (transcript_contains (probe, "EHLO"));
}

static void
test_hostile_silent (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(MdSmtpProbe) probe = run_hostile ("silent", MD_SMTP_SECURITY_STARTTLS,
                                              "smtp.timeout", MD_SEVERITY_PROBLEM);
  gint64 elapsed = g_get_monotonic_time () - start;

  g_assert_cmpint (elapsed, >=, TIMEOUT * G_USEC_PER_SEC - 100000);
  g_assert_cmpint (elapsed, <, (TIMEOUT + 1) * G_USEC_PER_SEC);
}

static void
test_hostile_slowloris (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(MdSmtpProbe) probe = run_hostile ("slowloris", MD_SMTP_SECURITY_STARTTLS,
                                              "smtp.timeout", MD_SEVERITY_PROBLEM);

  /* A byte every second never resets the deadline of the whole reply. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, (TIMEOUT + 1) * G_USEC_PER_SEC);
}

static void
test_hostile_drop_mid_ehlo (void)
{
  g_autoptr(MdSmtpProbe) probe = run_hostile ("drop-mid-ehlo", MD_SMTP_SECURITY_STARTTLS,
                                              "smtp.connection-closed", MD_SEVERITY_PROBLEM);

  g_assert_true (transcript_contains (probe, "S: 250-PIPELINING"));
}

static void
test_hostile_long_line (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(MdSmtpProbe) probe = run_hostile ("long-line", MD_SMTP_SECURITY_STARTTLS,
                                              "smtp.line-too-long", MD_SEVERITY_PROBLEM);
  MdSmtpTranscript *transcript = md_smtp_probe_get_transcript (probe);
  g_autofree char *text = md_smtp_transcript_to_text (transcript);

  g_assert_cmpint (g_get_monotonic_time () - start, <, TIMEOUT * G_USEC_PER_SEC);
  g_assert_cmpuint (strlen (text), <, 8192);
  g_assert_true (g_str_has_prefix (md_finding_get_evidence (find (probe, "smtp.line-too-long")),
                                   "220 AAAA"));
}

static void
test_hostile_bad_multiline (void)
{
  g_autoptr(MdSmtpProbe) probe = run_hostile ("bad-multiline", MD_SMTP_SECURITY_STARTTLS,
                                              "smtp.protocol-error", MD_SEVERITY_PROBLEM);

  g_assert_nonnull (strstr (md_finding_get_evidence (find (probe, "smtp.protocol-error")),
                            "251-SIZE"));
}

static void
test_hostile_starttls_garbage (void)
{
  g_autoptr(MdSmtpProbe) probe = run_hostile ("starttls-garbage", MD_SMTP_SECURITY_STARTTLS,
                                              "smtp.tls-failed", MD_SEVERITY_PROBLEM);

  g_assert_cmpstr (md_finding_get_title (find (probe, "smtp.tls-failed")), ==,
                   "STARTTLS offered but TLS failed");
  g_assert_false (transcript_contains (probe, "C: AUTH"));
}

static void
test_hostile_starttls_missing (void)
{
  g_autoptr(MdSmtpProbe) probe = run_hostile ("plain-auth", MD_SMTP_SECURITY_STARTTLS,
                                              "smtp.starttls-missing", MD_SEVERITY_PROBLEM);

  g_assert_false (transcript_contains (probe, "C: AUTH"));
}

static void
test_hostile_plaintext_optional (void)
{
  /* Security "auto" on an explicit port: go on without TLS, but never
   * send the password unencrypted. */
  g_autoptr(MdSmtpProbe) probe = run_hostile ("plain-auth", MD_SMTP_SECURITY_AUTO,
                                              "smtp.starttls-missing", MD_SEVERITY_WARNING);

  assert_finding (probe, "smtp.auth-over-plaintext", MD_SEVERITY_WARNING);
  assert_finding (probe, "smtp.auth-skipped", MD_SEVERITY_WARNING);
  g_assert_false (transcript_contains (probe, "C: AUTH"));
}

static void
test_hostile_echo_password (void)
{
  /* Security "none" chosen explicitly: the login is tried, and the server
   * echoes the credentials back; they must be redacted everywhere. */
  g_autoptr(MdSmtpProbe) probe = run_hostile ("plain-auth", MD_SMTP_SECURITY_NONE,
                                              "smtp.auth-failed", MD_SEVERITY_PROBLEM);

  g_assert_nonnull (strstr (md_finding_get_evidence (find (probe, "smtp.auth-failed")),
                            "<redacted>"));
  g_assert_true (transcript_contains (probe, "S: 535 5.7.8 Authentication failed for PLAIN <redacted>"));
}

static void
test_hostile_helo_only (void)
{
  g_autoptr(MdSmtpProbe) probe = run_hostile ("helo-only", MD_SMTP_SECURITY_AUTO,
                                              "smtp.ehlo-unsupported", MD_SEVERITY_WARNING);

  g_assert_true (transcript_contains (probe, "C: HELO [127.0.0.1]"));
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  guint port = start_hostile_server ("silent");
  g_autoptr(MdSmtpProbe) probe = md_smtp_probe_new ("127.0.0.1", port, MD_SMTP_SECURITY_STARTTLS);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  md_smtp_probe_set_timeout (probe, 20);
  g_timeout_add (200, cancel_cb, cancellable);

  g_assert_false (run_probe_full (probe, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_invalid_settings (void)
{
  g_autoptr(MdSmtpProbe) probe = md_smtp_probe_new ("127.0.0.1", 25, MD_SMTP_SECURITY_NONE);
  g_autoptr(GError) error = NULL;

  /* No way to smuggle a second command into the conversation. */
  md_smtp_probe_set_sender (probe, "a@example.test>\r\nDATA");
  g_assert_false (run_probe_full (probe, NULL, &error));
  g_assert_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_FAILED);

  g_assert_finalize_object (g_steal_pointer (&probe));
}

/* ---- the command line ---------------------------------------------------- */

static int
run_cli (const char * const *args,
         const char         *input,
         char              **out,
         char              **err)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli",
                                                "mail-doctor-cli", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, cli);
  g_ptr_array_add (argv, (char *) "check-smtp");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  assert_no_secret (*out);
  assert_no_secret (*err);
  g_string_append (all_output, *out);
  g_string_append (all_output, *err);

  return g_subprocess_get_exit_status (process);
}

static void
test_cli_json (void)
{
  g_autofree char *port = g_strdup_printf ("%u", start_smtp_server ("starttls", "server", FALSE));
  const char *args[] = {
    "--json", "--host", "127.0.0.1", "--port", port, "--security", "starttls",
    "--ca-file", ca_file, "--timeout", "5", "--user", USER, "--password-stdin",
    "--from", USER, "--to", "bob@elsewhere.test", NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *findings;
  gboolean auth_ok = FALSE;

  g_assert_cmpint (run_cli (args, PASSWORD "\n", &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  findings = json_object_get_array_member (root, "findings");
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);

      if (g_str_equal (json_object_get_string_member (finding, "code"), "smtp.auth-ok"))
        auth_ok = TRUE;
    }
  g_assert_true (auth_ok);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "transcript")), >, 10);
}

static void
test_cli_text (void)
{
  g_autofree char *port = g_strdup_printf ("%u", start_smtp_server ("tls", "server", TRUE));
  const char *args[] = {
    "--host", "127.0.0.1", "--port", port, "--security", "tls", "--ca-file", ca_file,
    "--timeout", "5", "--user", USER, "--password-stdin", "--transcript", NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (args, "wrong-" PASSWORD "\r\n", &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "<redacted password>"));
  g_assert_nonnull (strstr (out, "535"));
}

static void
test_cli_usage (void)
{
  const char *no_host[] = { "--json", NULL };
  const char *bad_security[] = { "--host", "127.0.0.1", "--security", "maybe", NULL };
  const char *password_argv[] = { "--host", "127.0.0.1", "--password", PASSWORD, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (no_host, "", &out, &err), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (bad_security, "", &out, &err), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* There is no way to give the password on the command line. */
  g_assert_cmpint (run_cli (password_argv, "", &out, &err), ==, 1);
}

/* Bad settings are refused before any connection, naming the setting. */
static void
test_bad_settings (void)
{
  static const struct {
    const char *host;
    guint       port;
    const char *username;
    const char *password;
    const char *recipient;
    const char *message;
  } cases[] = {
    { "", 587, NULL, NULL, NULL, "The outgoing server name is empty." },
    { "smtp example.com", 587, NULL, NULL, NULL,
      "The outgoing server name contains spaces or characters that are not allowed." },
    { "smtp.example.com", 587, "jane\r\nRSET", NULL, NULL,
      "The user name contains characters that are not allowed." },
    { "smtp.example.com", 587, "jane", "pass\nword", NULL, "The password contains a line break." },
    { "smtp.example.com", 587, NULL, NULL, "bob@example.org\r\nDATA",
      "The recipient’s address contains characters that are not allowed." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MdSmtpProbe) probe = md_smtp_probe_new (cases[i].host, cases[i].port,
                                                        MD_SMTP_SECURITY_STARTTLS);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      md_smtp_probe_set_username (probe, cases[i].username);
      md_smtp_probe_set_password (probe, cases[i].password);
      md_smtp_probe_set_recipient (probe, cases[i].recipient);
      md_smtp_probe_run_async (probe, NULL, md_test_result_cb, &result);
      md_test_wait_for_result (&result, 10);

      g_assert_false (md_smtp_probe_run_finish (probe, result, &error));
      g_assert_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_FAILED);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_no_secret_anywhere (void)
{
  /* Runs last: everything every case above produced. */
  g_assert_cmpuint (all_output->len, >, 1000);
  assert_no_secret (all_output->str);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  md_test_require (MD_TEST_NEEDS_AIOSMTPD | MD_TEST_NEEDS_OPENSSL);

  cert_dir = md_test_make_certs ("md-smtp-test");
  ca_file = g_build_filename (cert_dir, "ca.pem", NULL);
  servers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) md_test_server_stop);
  all_output = g_string_new (NULL);

  g_test_add_func ("/smtp-probe/starttls/login-ok", test_starttls_login_ok);
  g_test_add_func ("/smtp-probe/starttls/bad-password", test_starttls_bad_password);
  g_test_add_func ("/smtp-probe/starttls/relay-denied", test_relay_denied);
  g_test_add_func ("/smtp-probe/starttls/sender-rejected", test_sender_rejected);
  g_test_add_func ("/smtp-probe/starttls/auth-needs-tls", test_auth_needs_tls);
  g_test_add_func ("/smtp-probe/tls/login-ok", test_implicit_tls_login);
  g_test_add_func ("/smtp-probe/tls/bad-password", test_implicit_tls_bad_password);
  g_test_add_func ("/smtp-probe/auto/tls-port", test_auto_ports);
  g_test_add_func ("/smtp-probe/auto/nothing-works", test_auto_nothing_works);
  g_test_add_func ("/smtp-probe/cert/untrusted", test_cert_untrusted);
  g_test_add_func ("/smtp-probe/cert/wrong-host", test_cert_wrong_host);
  g_test_add_func ("/smtp-probe/cert/expired", test_cert_expired);
  g_test_add_func ("/smtp-probe/cert/self-signed", test_cert_self_signed);
  g_test_add_func ("/smtp-probe/connect/refused", test_connect_refused);
  g_test_add_func ("/smtp-probe/connect/host-not-found", test_host_not_found);
  g_test_add_func ("/smtp-probe/connect/timeout", test_connect_timeout);
  g_test_add_func ("/smtp-probe/connect/by-name", test_by_name);
  g_test_add_func ("/smtp-probe/hostile/banner-421", test_hostile_banner_421);
  g_test_add_func ("/smtp-probe/hostile/banner-554", test_hostile_banner_554);
  g_test_add_func ("/smtp-probe/hostile/silent", test_hostile_silent);
  g_test_add_func ("/smtp-probe/hostile/slowloris", test_hostile_slowloris);
  g_test_add_func ("/smtp-probe/hostile/drop-mid-ehlo", test_hostile_drop_mid_ehlo);
  g_test_add_func ("/smtp-probe/hostile/long-line", test_hostile_long_line);
  g_test_add_func ("/smtp-probe/hostile/bad-multiline", test_hostile_bad_multiline);
  g_test_add_func ("/smtp-probe/hostile/starttls-garbage", test_hostile_starttls_garbage);
  g_test_add_func ("/smtp-probe/hostile/starttls-missing", test_hostile_starttls_missing);
  g_test_add_func ("/smtp-probe/hostile/plaintext-optional", test_hostile_plaintext_optional);
  g_test_add_func ("/smtp-probe/hostile/echo-password", test_hostile_echo_password);
  g_test_add_func ("/smtp-probe/hostile/helo-only", test_hostile_helo_only);
  g_test_add_func ("/smtp-probe/misc/cancel", test_cancel);
  g_test_add_func ("/smtp-probe/misc/invalid-settings", test_invalid_settings);
  g_test_add_func ("/smtp-probe/cli/json", test_cli_json);
  g_test_add_func ("/smtp-probe/cli/text", test_cli_text);
  g_test_add_func ("/smtp-probe/cli/usage", test_cli_usage);
  g_test_add_func ("/smtp-probe/bad-settings", test_bad_settings);
  g_test_add_func ("/smtp-probe/final/no-secret-anywhere", test_no_secret_anywhere);

  ret = g_test_run ();

  g_hash_table_unref (servers);
  g_string_free (all_output, TRUE);
  md_test_remove_tree (cert_dir);
  g_free (ca_file);
  g_free (cert_dir);

  return ret;
}
