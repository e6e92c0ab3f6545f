/* md-smtp-probe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "md-core-enums.h"
#include "md-error.h"
#include "md-finding.h"
#include "md-smtp-probe.h"
#include "md-smtp-reply.h"

/**
 * MdSmtpProbe:
 *
 * Tests the settings of an outgoing mail server with a real SMTP
 * conversation: connect, greeting, EHLO, STARTTLS (RFC 3207) or implicit TLS
 * (RFC 8314), the certificate, AUTH (RFC 4954) and, optionally, MAIL FROM and
 * RCPT TO, then RSET and QUIT. It never sends DATA, so no message is ever
 * sent. The outcome is a list of #MdFinding for checklist step 5 and a
 * transcript with timings in which credentials are redacted.
 *
 * The conversation runs in a worker thread with blocking GIO calls. A
 * watchdog thread enforces a deadline on every step (connect, handshake,
 * each whole reply), so a server that trickles one byte a second still ends
 * in a timeout; cancelling the #GCancellable interrupts any step at once.
 */

#define READ_CHUNK 4096

struct _MdSmtpProbe
{
  GObject           parent_instance;

  char             *host;
  guint             port;
  MdSmtpSecurity    security;
  char             *username;
  char             *password;
  char             *sender;
  char             *recipient;
  guint             timeout;
  char             *ca_file;
  guint             auto_ports[3];

  GPtrArray        *findings;
  MdSmtpTranscript *transcript;
  guint             working_port;
  MdSmtpSecurity    working_security;
};

G_DEFINE_FINAL_TYPE (MdSmtpProbe, md_smtp_probe, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_SECURITY,
  PROP_USERNAME,
  PROP_SENDER,
  PROP_RECIPIENT,
  PROP_TIMEOUT,
  PROP_CA_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How one attempt protects the connection. */
typedef enum
{
  MODE_STARTTLS_REQUIRED,
  MODE_STARTTLS_OPTIONAL,
  MODE_TLS,
  MODE_NONE,
} Mode;

typedef enum
{
  OUTCOME_WORKED,
  OUTCOME_TRY_NEXT,
  OUTCOME_STOP,
} Outcome;

/* Everything one run needs, copied from the probe so that the worker thread
 * never touches the object. */
typedef struct
{
  char             *host;
  guint             port;
  MdSmtpSecurity    security;
  char             *username;
  char             *password;
  char             *sender;
  char             *recipient;
  guint             timeout;
  char             *ca_file;
  guint             auto_ports[3];

  GPtrArray        *secrets;       /* strings never to show */
  GTlsDatabase     *database;
  GList            *addresses;     /* GInetAddress */

  GPtrArray        *findings;      /* of the whole run */
  GPtrArray        *current;       /* of the current attempt */
  MdSmtpTranscript *transcript;
  guint             working_port;
  MdSmtpSecurity    working_security;

  GCancellable     *cancellable;   /* the caller's, may be NULL */
  gulong            cancelled_id;

  /* Shared with the watchdog and the cancel handler, under lock. */
  GMutex            lock;
  GCond             cond;
  GThread          *watchdog;
  GCancellable     *op;            /* cancelled on deadline or cancellation */
  gint64            deadline;
  gboolean          timed_out;
  gboolean          user_cancelled;
  gboolean          done;
} Run;

typedef struct
{
  Run                 *run;
  guint                port;
  Mode                 mode;
  GSocketConnection   *connection;
  GIOStream           *stream;
  GByteArray          *buffer;
  gboolean             encrypted;
  gboolean             line_too_long;
  char                *bad_line;
  GTlsCertificateFlags cert_flags;
  GTlsCertificate     *peer_certificate;
  char                *address_text;
  char                *banner;
  MdSmtpReply         *ehlo;
  gboolean             plain_starttls;
  gboolean             authenticated;
} Session;

static void
secure_free (char *secret)
{
  if (secret != NULL)
    {
      explicit_bzero (secret, strlen (secret));
      g_free (secret);
    }
}

static void
run_free (Run *run)
{
  g_assert (run->watchdog == NULL);

  if (run->cancellable != NULL && run->cancelled_id != 0)
    g_cancellable_disconnect (run->cancellable, run->cancelled_id);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->op);
  g_free (run->host);
  g_free (run->username);
  g_clear_pointer (&run->password, secure_free);
  g_free (run->sender);
  g_free (run->recipient);
  g_free (run->ca_file);
  g_clear_pointer (&run->secrets, g_ptr_array_unref);
  g_clear_object (&run->database);
  g_list_free_full (run->addresses, g_object_unref);
  g_clear_pointer (&run->findings, g_ptr_array_unref);
  g_clear_pointer (&run->current, g_ptr_array_unref);
  g_clear_object (&run->transcript);
  g_mutex_clear (&run->lock);
  g_cond_clear (&run->cond);
  g_free (run);
}

/* ---- deadlines and cancellation ---------------------------------------- */

static gpointer
watchdog_thread (gpointer data)
{
  Run *run = data;

  g_mutex_lock (&run->lock);
  while (!run->done)
    {
      if (run->deadline == 0)
        g_cond_wait (&run->cond, &run->lock);
      else if (g_get_monotonic_time () >= run->deadline)
        {
          run->timed_out = TRUE;
          run->deadline = 0;
          if (run->op != NULL)
            g_cancellable_cancel (run->op);
        }
      else
        g_cond_wait_until (&run->cond, &run->lock, run->deadline);
    }
  g_mutex_unlock (&run->lock);

  return NULL;
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  Run *run = user_data;

  g_mutex_lock (&run->lock);
  run->user_cancelled = TRUE;
  if (run->op != NULL)
    g_cancellable_cancel (run->op);
  g_mutex_unlock (&run->lock);
}

/* A fresh operation cancellable for each attempt: a timeout cancels it, and
 * the next attempt must not inherit that. */
static void
run_reset_op (Run *run)
{
  g_mutex_lock (&run->lock);
  g_clear_object (&run->op);
  run->op = g_cancellable_new ();
  run->timed_out = FALSE;
  run->deadline = 0;
  if (run->user_cancelled)
    g_cancellable_cancel (run->op);
  g_mutex_unlock (&run->lock);
}

static void
run_arm (Run   *run,
         guint  seconds)
{
  g_mutex_lock (&run->lock);
  run->deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->lock);
}

static void
run_disarm (Run *run)
{
  g_mutex_lock (&run->lock);
  run->deadline = 0;
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->lock);
}

static gboolean
run_is_cancelled (Run *run)
{
  gboolean cancelled;

  g_mutex_lock (&run->lock);
  cancelled = run->user_cancelled;
  g_mutex_unlock (&run->lock);

  return cancelled;
}

/* Turns the cancellation caused by our own deadline into a timeout error,
 * and a socket timeout into the same error. */
static void
fix_io_error (Run     *run,
              GError **error)
{
  gboolean timed_out;

  if (error == NULL || *error == NULL)
    return;

  g_mutex_lock (&run->lock);
  timed_out = run->timed_out && !run->user_cancelled;
  g_mutex_unlock (&run->lock);

  if ((timed_out && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) ||
      g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_clear_error (error);
      g_set_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_TIMEOUT,
                   _("The server did not answer in time"));
    }
}

/* ---- redaction, transcript and findings -------------------------------- */

static char *
scrub (Run        *run,
       const char *text)
{
  g_autoptr(GString) str = g_string_new (text);

  for (guint i = 0; i < run->secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (run->secrets, i);

      if (*secret != '\0')
        g_string_replace (str, secret, "<redacted>", 0);
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static void
note (Run             *run,
      MdSmtpDirection  direction,
      const char      *line)
{
  g_autofree char *clean = scrub (run, line);

  md_smtp_transcript_add (run->transcript, direction, clean);
}

G_GNUC_PRINTF (2, 3)
static void
note_info (Run        *run,
           const char *format,
           ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  note (run, MD_SMTP_DIRECTION_INFO, line);
}

static MdFinding *
add_finding (Run        *run,
             MdSeverity  severity,
             const char *code,
             const char *title,
             const char *detail,
             const char *advice,
             const char *evidence)
{
  MdFinding *finding = md_finding_new (severity, MD_STEP_CHECK_SETTINGS, code, title, detail, advice);

  if (evidence != NULL)
    {
      g_autofree char *clean = scrub (run, evidence);

      md_finding_set_evidence (finding, clean);
    }
  g_ptr_array_add (run->current, finding);

  return finding;
}

static char *
reply_evidence (Run         *run,
                MdSmtpReply *reply)
{
  g_autofree char *text = md_smtp_reply_to_string (reply);

  return scrub (run, text);
}

static gboolean
reply_mentions (MdSmtpReply *reply,
                const char  *word)
{
  g_autofree char *text = md_smtp_reply_get_text (reply);
  g_autofree char *lower = g_ascii_strdown (text, -1);

  return strstr (lower, word) != NULL;
}

static const char *
security_label_for_mode (Mode mode)
{
  switch (mode)
    {
    case MODE_TLS:
      return md_smtp_security_get_label (MD_SMTP_SECURITY_TLS);
    case MODE_NONE:
      return md_smtp_security_get_label (MD_SMTP_SECURITY_NONE);
    case MODE_STARTTLS_REQUIRED:
    case MODE_STARTTLS_OPTIONAL:
    default:
      return md_smtp_security_get_label (MD_SMTP_SECURITY_STARTTLS);
    }
}

/* ---- line I/O ---------------------------------------------------------- */

static gboolean
send_line (Session     *s,
           const char  *line,
           const char  *shown,
           GError     **error)
{
  Run *run = s->run;
  GOutputStream *out = g_io_stream_get_output_stream (s->stream);
  g_autoptr(GString) data = g_string_new (line);
  gboolean ok;

  note (run, MD_SMTP_DIRECTION_CLIENT, shown != NULL ? shown : line);

  g_string_append (data, "\r\n");
  run_arm (run, run->timeout);
  ok = g_output_stream_write_all (out, data->str, data->len, NULL, run->op, error);
  run_disarm (run);
  explicit_bzero (data->str, data->len);
  fix_io_error (run, error);

  return ok;
}

static char *
printable (const guint8 *data,
           gsize         length)
{
  char *text = g_utf8_make_valid ((const char *) data, length);

  for (char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = '?';
    }

  return text;
}

/* Keeps what arrived of an unfinished reply, as evidence. */
static void
keep_partial (Session     *s,
              MdSmtpReply *reply)
{
  g_autoptr(GString) str = g_string_new (NULL);

  if (md_smtp_reply_get_n_lines (reply) > 0)
    {
      g_autofree char *lines = md_smtp_reply_to_string (reply);

      g_string_append (str, lines);
    }
  if (s->buffer->len > 0)
    {
      g_autofree char *rest = printable (s->buffer->data, MIN (s->buffer->len, 200));

      if (str->len > 0)
        g_string_append_c (str, '\n');
      g_string_append (str, rest);
    }
  if (str->len == 0)
    g_string_append (str, "(nothing received)");
  else
    g_string_prepend (str, "received so far:\n");

  g_free (s->bad_line);
  s->bad_line = g_string_free (g_steal_pointer (&str), FALSE);
}

/* Reads one whole reply. The deadline covers the whole reply, not each
 * read, and no line may grow beyond MD_SMTP_REPLY_MAX_LINE_LENGTH. */
static MdSmtpReply *
read_reply (Session  *s,
            GError  **error)
{
  Run *run = s->run;
  GInputStream *in = g_io_stream_get_input_stream (s->stream);
  g_autoptr(MdSmtpReply) reply = md_smtp_reply_new ();
  guint8 chunk[READ_CHUNK];
  gboolean complete = FALSE;

  run_arm (run, run->timeout);

  while (!complete)
    {
      guint8 *nl = s->buffer->len > 0 ? memchr (s->buffer->data, '\n', s->buffer->len) : NULL;
      gssize n;

      if (nl != NULL)
        {
          gsize length = nl - s->buffer->data;
          gsize line_length = length;
          g_autofree char *shown = NULL;

          if (line_length > 0 && s->buffer->data[line_length - 1] == '\r')
            line_length--;

          shown = printable (s->buffer->data, line_length);
          note (run, MD_SMTP_DIRECTION_SERVER, shown);

          if (!md_smtp_reply_add_line (reply, (const char *) s->buffer->data, line_length,
                                       &complete, error))
            {
              g_free (s->bad_line);
              s->bad_line = g_steal_pointer (&shown);
              run_disarm (run);
              return NULL;
            }

          g_byte_array_remove_range (s->buffer, 0, length + 1);
          continue;
        }

      if (s->buffer->len > MD_SMTP_REPLY_MAX_LINE_LENGTH)
        {
          g_autofree char *start = printable (s->buffer->data, 60);

          s->line_too_long = TRUE;
          g_free (s->bad_line);
          s->bad_line = g_strdup_printf ("%s…", start);
          note_info (run, "(line longer than %d bytes without an end; stopped reading)",
                     MD_SMTP_REPLY_MAX_LINE_LENGTH);
          run_disarm (run);
          g_set_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_PROTOCOL,
                       _("The server sent a line longer than %d characters"),
                       MD_SMTP_REPLY_MAX_LINE_LENGTH);
          return NULL;
        }

      n = g_input_stream_read (in, chunk, sizeof chunk, run->op, error);
      if (n < 0)
        {
          run_disarm (run);
          fix_io_error (run, error);
          keep_partial (s, reply);
          if (g_error_matches (*error, MD_SMTP_ERROR, MD_SMTP_ERROR_TIMEOUT))
            note_info (run, "(no complete reply within %u s)", run->timeout);
          return NULL;
        }
      if (n == 0)
        {
          run_disarm (run);
          keep_partial (s, reply);
          note_info (run, "(connection closed by the server)");
          g_set_error (error, MD_SMTP_ERROR, MD_SMTP_ERROR_CONNECT,
                       _("The server closed the connection"));
          return NULL;
        }
      g_byte_array_append (s->buffer, chunk, n);
    }

  run_disarm (run);

  return g_steal_pointer (&reply);
}

static MdSmtpReply *
command (Session     *s,
         const char  *line,
         const char  *shown,
         GError     **error)
{
  if (!send_line (s, line, shown, error))
    return NULL;

  return read_reply (s, error);
}

/* Findings for a conversation that broke down: timeout, closed connection,
 * garbage. @during says when, in words. */
static void
add_io_failure (Session      *s,
                const GError *error,
                const char   *during)
{
  Run *run = s->run;

  g_autofree char *evidence = s->bad_line != NULL
                              ? g_strdup_printf ("%s\n%s", error->message, s->bad_line)
                              : g_strdup (error->message);

  if (g_error_matches (error, MD_SMTP_ERROR, MD_SMTP_ERROR_TIMEOUT))
    {
      g_autofree char *detail = g_strdup_printf (_("The server stopped answering %s. After %u seconds without a complete answer, the test gave up."),
                                                 during, run->timeout);
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.timeout",
                   _("The mail server stopped answering"),
                   detail,
                   _("Try again later. If it keeps happening, the server or the network between you and it is overloaded or broken: contact your email provider."),
                   evidence);
    }
  else if (s->line_too_long)
    {
      g_autofree char *detail = g_strdup_printf (_("The server sent a line longer than %d characters %s. Mail servers never do that; whatever answers on this port is broken or is not a mail server."),
                                                 MD_SMTP_REPLY_MAX_LINE_LENGTH, during);
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.line-too-long",
                   _("The server sent an endless line"),
                   detail,
                   _("Check the server name and port in your settings. If they are right, tell your email provider."),
                   s->bad_line);
    }
  else if (g_error_matches (error, MD_SMTP_ERROR, MD_SMTP_ERROR_CONNECT) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
           g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF))
    {
      g_autofree char *detail = g_strdup_printf (_("The server hung up %s, without saying why."), during);
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.connection-closed",
                   _("The mail server hung up"),
                   detail,
                   _("Try again in a few minutes. If it keeps happening, check the port and security settings against your provider’s instructions."),
                   evidence);
    }
  else
    {
      g_autofree char *detail = g_strdup_printf (_("The server’s answer %s did not follow the rules of email (SMTP). Whatever answers on this port may not be a mail server."),
                                                 during);
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.protocol-error",
                   _("The server’s answer made no sense"),
                   detail,
                   _("Check the server name and port in your settings. If they are right, tell your email provider."),
                   evidence);
    }
}

/* A command got no reply: says why unless the user cancelled the test.
 * Returns %FALSE, the result of the step that failed. */
static gboolean
reply_failed (Session      *s,
              const GError *error,
              const char   *during)
{
  if (!run_is_cancelled (s->run))
    add_io_failure (s, error, during);
  return FALSE;
}

/* ---- connecting -------------------------------------------------------- */

typedef struct
{
  GMainContext *context;
  GList        *addresses;
  GError       *error;
  gboolean      done;
} Lookup;

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result,
                                                        &lookup->error);
  lookup->done = TRUE;
  g_main_context_wakeup (lookup->context);
}

/* The threaded resolver's synchronous call cannot be interrupted, its
 * asynchronous one can: run it on a private main context. */
static gboolean
resolve_host (Run *run)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  Lookup lookup = { context, NULL, NULL, FALSE };

  note_info (run, "Looking up %s", run->host);

  g_main_context_push_thread_default (context);
  run_arm (run, run->timeout);
  g_resolver_lookup_by_name_async (resolver, run->host, run->op, lookup_cb, &lookup);
  while (!lookup.done)
    g_main_context_iteration (context, TRUE);
  run_disarm (run);
  g_main_context_pop_thread_default (context);

  if (lookup.error != NULL)
    {
      g_autoptr(GError) error = g_steal_pointer (&lookup.error);

      fix_io_error (run, &error);
      if (run_is_cancelled (run))
        return FALSE;
      note_info (run, "Lookup failed: %s", error->message);

      if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
        add_finding (run, MD_SEVERITY_PROBLEM, "smtp.host-not-found",
                     _("Host name not found — check the spelling of the server name"),
                     _("No server with this name exists on the internet. Usually the name has a typo, or it is not the exact name your provider told you to use."),
                     _("Compare the outgoing server name in your email program with the one on your provider’s help pages, letter by letter."),
                     error->message);
      else
        add_finding (run, MD_SEVERITY_PROBLEM, "smtp.dns-failed",
                     _("The server name could not be looked up"),
                     _("Your computer could not ask the internet where this server is. Either your internet connection is down or its name service is not working right now."),
                     _("Check that you are connected to the internet (open a web page), then try again."),
                     error->message);
      return FALSE;
    }

  run->addresses = lookup.addresses;
  for (GList *l = run->addresses; l != NULL; l = l->next)
    {
      g_autofree char *text = g_inet_address_to_string (l->data);

      note_info (run, "%s has address %s", run->host, text);
    }

  return TRUE;
}

static const char *
family_name (GInetAddress *address)
{
  return g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? "IPv6" : "IPv4";
}

static gboolean
connect_session (Session *s)
{
  Run *run = s->run;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) refused = NULL;
  g_autoptr(GError) timed_out = NULL;
  g_autoptr(GError) other = NULL;
  g_autofree char *evidence = NULL;

  g_socket_client_set_enable_proxy (client, FALSE);
  /* A backstop: the watchdog normally ends waits first. */
  g_socket_client_set_timeout (client, run->timeout + 1);

  for (GList *l = run->addresses; l != NULL; l = l->next)
    {
      GInetAddress *address = l->data;
      g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, s->port);
      g_autofree char *text = g_inet_address_to_string (address);
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      note_info (run, "Connecting to %s port %u (%s)", text, s->port, family_name (address));

      run_arm (run, run->timeout);
      s->connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (socket_address),
                                               run->op, &error);
      run_disarm (run);
      fix_io_error (run, &error);

      if (s->connection != NULL)
        {
          note_info (run, "Connected to %s port %u over %s in %d ms", text, s->port,
                     family_name (address),
                     (int) ((g_get_monotonic_time () - start) / 1000));
          s->address_text = g_strdup_printf ("%s (%s)", text, family_name (address));
          s->stream = g_object_ref (G_IO_STREAM (s->connection));
          return TRUE;
        }

      if (run_is_cancelled (run))
        return FALSE;

      note_info (run, "Could not connect to %s: %s", text, error->message);
      /* Translators: before a network error, e.g. "192.0.2.1 port 587: Connection refused" */
      g_prefix_error (&error, _("%s port %u: "), text, s->port);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        g_set_error_literal (&refused, error->domain, error->code, error->message);
      else if (g_error_matches (error, MD_SMTP_ERROR, MD_SMTP_ERROR_TIMEOUT))
        {
          if (timed_out == NULL)
            g_set_error_literal (&timed_out, error->domain, error->code, error->message);
          /* One silent address took all the time there is: the next ones
           * get their own deadline, but a new op is needed after a cancel. */
          run_reset_op (run);
        }
      else if (other == NULL)
        g_set_error_literal (&other, error->domain, error->code, error->message);
    }

  if (timed_out != NULL && s->port == 25)
    {
      g_autofree char *detail = g_strdup_printf (_("Nothing answered on port 25 within %u seconds. Many internet providers and company networks block port 25 for home users and laptops, because viruses used it to send spam. Email programs are meant to use port 587 or 465 instead."),
                                                 run->timeout);
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.port-25-blocked",
                   _("No answer — a firewall may block port 25"),
                   detail,
                   _("Change the outgoing server port in your email program to 587 (security: STARTTLS) or 465 (security: SSL/TLS), as your provider recommends."),
                   timed_out->message);
    }
  else if (timed_out != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("No answer — a firewall may block port %u"), s->port);
      g_autofree char *detail = g_strdup_printf (_("The server did not answer on port %u within %u seconds. A firewall on your network or the server’s may drop the connection, or the server is down."),
                                                 s->port, run->timeout);
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.connect-timeout", title, detail,
                   _("Check the port number against your provider’s instructions. Try another network (for example your phone’s hotspot): if it works there, the firewall of this network blocks it."),
                   timed_out->message);
    }
  else if (refused != NULL)
    {
      g_autofree char *detail = g_strdup_printf (_("The server exists but nothing accepts connections on port %u. Usually the port number in the settings is wrong."),
                                                 s->port);
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.connect-refused",
                   _("Connection refused — wrong port?"), detail,
                   _("Use the port your provider recommends: usually 587 with STARTTLS, or 465 with SSL/TLS."),
                   refused->message);
    }
  else
    {
      evidence = g_strdup (other != NULL ? other->message : "");
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.connect-failed",
                   _("Your computer could not reach the mail server"),
                   _("The network said there is no way to get to this server from here right now."),
                   _("Check that you are connected to the internet, then try again. If other websites work, the server may be down: ask your provider."),
                   evidence);
    }

  return FALSE;
}

/* ---- TLS ----------------------------------------------------------------- */

static gboolean
on_accept_certificate_cb (GTlsConnection       *connection,
                          GTlsCertificate      *peer_cert,
                          GTlsCertificateFlags  errors,
                          gpointer              user_data)
{
  Session *s = user_data;

  s->cert_flags = errors;
  g_set_object (&s->peer_certificate, peer_cert);

  /* Never accept a bad certificate: an email program should not either. */
  return FALSE;
}

static char *
certificate_evidence (GTlsCertificate      *cert,
                      GTlsCertificateFlags  flags)
{
  g_autoptr(GString) str = g_string_new (NULL);
  g_autoptr(GFlagsClass) klass = g_type_class_ref (G_TYPE_TLS_CERTIFICATE_FLAGS);

  if (cert != NULL)
    {
      g_autofree char *subject = g_tls_certificate_get_subject_name (cert);
      g_autofree char *issuer = g_tls_certificate_get_issuer_name (cert);
      g_autoptr(GDateTime) not_before = g_tls_certificate_get_not_valid_before (cert);
      g_autoptr(GDateTime) not_after = g_tls_certificate_get_not_valid_after (cert);
      g_autoptr(GPtrArray) names = g_tls_certificate_get_dns_names (cert);

      g_string_append_printf (str, "subject: %s\nissuer: %s\n",
                              subject != NULL ? subject : "?", issuer != NULL ? issuer : "?");
      if (not_before != NULL && not_after != NULL)
        {
          g_autofree char *from = g_date_time_format_iso8601 (not_before);
          g_autofree char *until = g_date_time_format_iso8601 (not_after);

          g_string_append_printf (str, "valid: %s to %s\n", from, until);
        }
      if (names != NULL && names->len > 0)
        {
          g_string_append (str, "names:");
          for (guint i = 0; i < names->len; i++)
            {
              GBytes *name = g_ptr_array_index (names, i);
              gsize len;
              const char *data = g_bytes_get_data (name, &len);
              g_autofree char *valid = g_utf8_make_valid (data, len);

              g_string_append_printf (str, " %s", valid);
            }
          g_string_append_c (str, '\n');
        }
    }

  g_string_append (str, "problems:");
  for (guint i = 0; i < klass->n_values; i++)
    {
      if (klass->values[i].value != 0 && (flags & klass->values[i].value) == klass->values[i].value &&
          klass->values[i].value != G_TLS_CERTIFICATE_VALIDATE_ALL)
        g_string_append_printf (str, " %s", klass->values[i].value_nick);
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static void
add_certificate_findings (Session *s)
{
  Run *run = s->run;
  GTlsCertificateFlags flags = s->cert_flags;
  g_autofree char *evidence = certificate_evidence (s->peer_certificate, flags);
  const char *advice_provider = _("Only the people who run the server can fix this: tell your email provider or IT department. Until then, do not tell your email program to accept the certificate anyway: you could be sending your password to an impostor.");
  gboolean self_signed = FALSE;

  if (s->peer_certificate != NULL)
    {
      g_autofree char *subject = g_tls_certificate_get_subject_name (s->peer_certificate);
      g_autofree char *issuer = g_tls_certificate_get_issuer_name (s->peer_certificate);

      self_signed = subject != NULL && g_strcmp0 (subject, issuer) == 0;
    }

  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    add_finding (run, MD_SEVERITY_PROBLEM, "smtp.cert-expired",
                 _("The server’s security certificate has expired"),
                 _("The certificate that proves the server is who it says it is has passed its end date. Your email program refuses the encrypted connection, or warns every time."),
                 advice_provider, evidence);
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    add_finding (run, MD_SEVERITY_PROBLEM, "smtp.cert-not-yet-valid",
                 _("The server’s security certificate is not valid yet"),
                 _("The certificate’s start date is in the future. Most often the date or time of your own computer is wrong."),
                 _("Check the date, time and time zone of your computer. If they are right, tell your email provider."),
                 evidence);
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    add_finding (run, MD_SEVERITY_PROBLEM, "smtp.cert-wrong-host",
                 _("The certificate belongs to another server name"),
                 _("The server proved its identity with a certificate made out to a different name than the one in your settings. Often the settings use a short or old name for the server, and the certificate carries the provider’s official one."),
                 _("Use the exact outgoing server name from your provider’s instructions (see the names listed below). If it is already right, tell your provider."),
                 evidence);
  if ((flags & G_TLS_CERTIFICATE_UNKNOWN_CA) && self_signed)
    add_finding (run, MD_SEVERITY_PROBLEM, "smtp.cert-self-signed",
                 _("The server’s certificate is self-signed"),
                 _("The server vouches for itself instead of being vouched for by a known certificate authority, so your computer cannot tell it from an impostor."),
                 advice_provider, evidence);
  else if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    add_finding (run, MD_SEVERITY_PROBLEM, "smtp.cert-untrusted",
                 _("The server’s certificate comes from an unknown authority"),
                 _("The certificate was issued by an authority your computer does not trust, so your computer cannot tell the server from an impostor."),
                 advice_provider, evidence);
  if (flags & (G_TLS_CERTIFICATE_REVOKED | G_TLS_CERTIFICATE_INSECURE | G_TLS_CERTIFICATE_GENERIC_ERROR))
    add_finding (run, MD_SEVERITY_PROBLEM, "smtp.cert-invalid",
                 _("The server’s certificate is not acceptable"),
                 _("The certificate was withdrawn, uses outdated security or is damaged."),
                 advice_provider, evidence);
}

static gboolean
start_tls (Session *s)
{
  Run *run = s->run;
  g_autoptr(GSocketConnectable) identity = g_network_address_new (run->host, s->port);
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  note_info (run, "Starting TLS");

  tls = g_tls_client_connection_new (G_IO_STREAM (s->connection), identity, &error);
  if (tls == NULL)
    {
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.tls-failed",
                   _("Encryption is not available on this computer"),
                   _("Mail Doctor could not set up an encrypted connection at all; the encryption support of your system seems to be missing."),
                   _("Reinstall Mail Doctor or ask your IT department for help."),
                   error->message);
      return FALSE;
    }
  if (run->database != NULL)
    g_tls_connection_set_database (G_TLS_CONNECTION (tls), run->database);
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (on_accept_certificate_cb), s);

  run_arm (run, run->timeout);
  ok = g_tls_connection_handshake (G_TLS_CONNECTION (tls), run->op, &error);
  run_disarm (run);
  fix_io_error (run, &error);
  g_signal_handlers_disconnect_by_func (tls, on_accept_certificate_cb, s);

  if (!ok)
    {
      if (run_is_cancelled (run))
        return FALSE;

      note_info (run, "TLS failed: %s", error->message);
      if (s->cert_flags != 0)
        add_certificate_findings (s);
      else if (g_error_matches (error, MD_SMTP_ERROR, MD_SMTP_ERROR_TIMEOUT))
        /* Translators: completes “The server stopped answering %s” and similar */
        add_io_failure (s, error, _("while setting up encryption"));
      else if (s->mode == MODE_TLS)
        {
          g_autofree char *detail = g_strdup_printf (_("Port %u was expected to speak encrypted (SSL/TLS) from the start, but the encrypted connection could not be set up. Often this port expects STARTTLS instead, or SSL/TLS is set for a port that does not use it."),
                                                     s->port);
          add_finding (run, MD_SEVERITY_PROBLEM, "smtp.tls-failed",
                       _("The encrypted connection failed"), detail,
                       _("Use port 465 with security “SSL/TLS”, or port 587 with security “STARTTLS”, as your provider recommends."),
                       error->message);
        }
      else
        add_finding (run, MD_SEVERITY_PROBLEM, "smtp.tls-failed",
                     _("STARTTLS offered but TLS failed"),
                     _("The server said it supports encryption (STARTTLS), but then the encrypted connection could not be set up. Your email program will fail the same way."),
                     _("Tell your email provider that STARTTLS fails on this server. Meanwhile, try port 465 with security “SSL/TLS” if your provider offers it."),
                     error->message);
      return FALSE;
    }

  {
    GTlsProtocolVersion version = g_tls_connection_get_protocol_version (G_TLS_CONNECTION (tls));
    g_autofree char *cipher = g_tls_connection_get_ciphersuite_name (G_TLS_CONNECTION (tls));
    const char *version_name = version == G_TLS_PROTOCOL_VERSION_TLS_1_3 ? "TLS 1.3"
                               : version == G_TLS_PROTOCOL_VERSION_TLS_1_2 ? "TLS 1.2"
                               : version == G_TLS_PROTOCOL_VERSION_TLS_1_1 ? "TLS 1.1"
                               : version == G_TLS_PROTOCOL_VERSION_TLS_1_0 ? "TLS 1.0"
                               : "TLS";

    note_info (run, "TLS established: %s, %s", version_name, cipher != NULL ? cipher : "?");
  }

  g_set_object (&s->stream, tls);
  s->encrypted = TRUE;

  return TRUE;
}

static char *
tls_evidence (Session *s)
{
  GTlsConnection *tls = G_TLS_CONNECTION (s->stream);
  GTlsProtocolVersion version = g_tls_connection_get_protocol_version (tls);
  g_autofree char *cipher = g_tls_connection_get_ciphersuite_name (tls);

  return g_strdup_printf ("%s, %s, %s",
                          s->address_text,
                          version == G_TLS_PROTOCOL_VERSION_TLS_1_3 ? "TLS 1.3"
                          : version == G_TLS_PROTOCOL_VERSION_TLS_1_2 ? "TLS 1.2"
                          : "TLS (old version)",
                          cipher != NULL ? cipher : "?");
}

/* ---- the conversation -------------------------------------------------- */

static char *
ehlo_name (Session *s)
{
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (s->connection, NULL);
  GInetAddress *address;
  g_autofree char *text = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return g_strdup ("[127.0.0.1]");

  address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  text = g_inet_address_to_string (address);

  /* An address literal (RFC 5321 4.1.3): we have no host name to give. */
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[IPv6:%s]", text);
  return g_strdup_printf ("[%s]", text);
}

static gboolean
read_greeting (Session *s)
{
  Run *run = s->run;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSmtpReply) reply = read_reply (s, &error);
  g_autofree char *evidence = NULL;

  if (reply == NULL)
    /* Translators: completes “The server stopped answering %s” and similar */
    return reply_failed (s, error, _("before greeting us"));

  evidence = reply_evidence (run, reply);

  switch (md_smtp_reply_get_code (reply))
    {
    case 220:
      s->banner = g_steal_pointer (&evidence);
      return TRUE;
    case 421:
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.banner-421",
                   _("The mail server is busy: too many connections"),
                   _("The server answered but turned the connection away right away. Usually it has too many connections at the moment — sometimes because your email program opens many at once, or the server is overloaded."),
                   _("Wait a few minutes and try again. Close other email programs or devices sending at the same time. If it lasts for hours, contact your provider."),
                   evidence);
      return FALSE;
    case 554:
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.banner-554",
                   _("The mail server refuses to talk to you"),
                   _("The server rejected the connection as soon as it was made. It does not accept mail from your network or your address right now; often your internet address is on a block list."),
                   _("Read the server’s message below: it often names the reason or a web page. Try from another network, and contact your email provider with the message."),
                   evidence);
      return FALSE;
    default:
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.protocol-error",
                   _("The server did not greet us properly"),
                   _("A mail server starts with a greeting (code 220). This one said something else, so it may not be a mail server or it is not ready."),
                   _("Check the server name and port in your settings against your provider’s instructions."),
                   evidence);
      return FALSE;
    }
}

/* EHLO, falling back to HELO on a 5xx (RFC 5321 4.1.4). */
static gboolean
say_hello (Session *s)
{
  Run *run = s->run;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = ehlo_name (s);
  g_autofree char *line = g_strdup_printf ("EHLO %s", name);
  g_autoptr(MdSmtpReply) reply = command (s, line, NULL, &error);

  g_clear_pointer (&s->ehlo, md_smtp_reply_unref);

  if (reply == NULL)
    /* Translators: completes “The server stopped answering %s” and similar */
    return reply_failed (s, error, _("after we introduced ourselves (EHLO)"));

  if (md_smtp_reply_get_code (reply) == 250)
    {
      s->ehlo = g_steal_pointer (&reply);
      return TRUE;
    }

  if (md_smtp_reply_get_class (reply) == 5)
    {
      g_autofree char *evidence = reply_evidence (run, reply);

      g_clear_pointer (&reply, md_smtp_reply_unref);
      g_free (line);
      line = g_strdup_printf ("HELO %s", name);
      reply = command (s, line, NULL, &error);
      if (reply == NULL)
        /* Translators: completes “The server stopped answering %s” and similar */
        return reply_failed (s, error, _("after we introduced ourselves (HELO)"));
      if (md_smtp_reply_get_code (reply) == 250)
        {
          add_finding (run, MD_SEVERITY_WARNING, "smtp.ehlo-unsupported",
                       _("The mail server is very old-fashioned"),
                       _("The server does not understand the modern greeting (EHLO), so it cannot offer encryption or logging in."),
                       _("Check that this is the outgoing server your provider recommends for email programs."),
                       evidence);
          s->ehlo = g_steal_pointer (&reply);
          return TRUE;
        }
    }

  {
    g_autofree char *evidence = reply_evidence (run, reply);

    add_finding (run, MD_SEVERITY_PROBLEM, "smtp.ehlo-rejected",
                 _("The mail server refused our greeting"),
                 _("The server would not start a conversation after we introduced ourselves."),
                 _("Read the server’s message below, try again later, and contact your provider if it persists."),
                 evidence);
  }

  return FALSE;
}

static gboolean
offers_plain_password (MdSmtpReply *ehlo)
{
  g_auto(GStrv) mechs = md_smtp_reply_get_auth_mechanisms (ehlo);

  return g_strv_contains ((const char * const *) mechs, "PLAIN") ||
         g_strv_contains ((const char * const *) mechs, "LOGIN");
}

static gboolean
do_starttls (Session *s)
{
  Run *run = s->run;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSmtpReply) reply = NULL;
  g_autofree char *evidence = NULL;

  if (!md_smtp_reply_has_keyword (s->ehlo, "STARTTLS"))
    {
      g_autofree char *detail = g_strdup_printf (_("The server on port %u does not offer to encrypt the connection (STARTTLS). With these settings, your password and your messages would travel unprotected, and email programs set to STARTTLS will fail."),
                                                 s->port);
      evidence = reply_evidence (run, s->ehlo);
      add_finding (run, s->mode == MODE_STARTTLS_REQUIRED ? MD_SEVERITY_PROBLEM : MD_SEVERITY_WARNING,
                   "smtp.starttls-missing",
                   _("The server does not offer encryption (STARTTLS)"), detail,
                   _("Use the port your provider recommends for email programs: usually 587 with STARTTLS or 465 with SSL/TLS."),
                   evidence);
      return s->mode == MODE_STARTTLS_OPTIONAL;
    }

  if (offers_plain_password (s->ehlo))
    {
      evidence = reply_evidence (run, s->ehlo);
      add_finding (run, MD_SEVERITY_INFO, "smtp.auth-over-plaintext",
                   _("The server offers to take passwords before encryption"),
                   _("Before the connection is encrypted, the server already offers logins that send the password readable by anyone on the network. Mail Doctor switches to encryption first; make sure your email program does too."),
                   _("Make sure the security setting of your email program is “STARTTLS” or “SSL/TLS”, never “None”."),
                   evidence);
      g_clear_pointer (&evidence, g_free);
    }

  s->plain_starttls = TRUE;
  reply = command (s, "STARTTLS", NULL, &error);
  if (reply == NULL)
    /* Translators: completes “The server stopped answering %s” and similar */
    return reply_failed (s, error, _("after we asked for encryption (STARTTLS)"));
  if (md_smtp_reply_get_code (reply) != 220)
    {
      evidence = reply_evidence (run, reply);
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.tls-failed",
                   _("STARTTLS offered but TLS failed"),
                   _("The server said it supports encryption (STARTTLS), then refused to start it."),
                   _("Tell your email provider that STARTTLS fails on this server. Meanwhile, try port 465 with security “SSL/TLS” if your provider offers it."),
                   evidence);
      return FALSE;
    }

  /* RFC 3207 section 6: anything that came before the handshake must be
   * ignored; a server (or a man in the middle) that sends it early is
   * trying to inject commands into the encrypted session. */
  if (s->buffer->len > 0)
    {
      note_info (run, "(discarded %u bytes sent before encryption)", s->buffer->len);
      add_finding (run, MD_SEVERITY_WARNING, "smtp.starttls-injection",
                   _("Unexpected data before encryption"),
                   _("Something sent extra data right before the encrypted connection started. Mail Doctor ignored it, but it can be a sign that someone tampers with the connection."),
                   _("Try from another network. If it persists, tell your email provider."),
                   NULL);
      g_byte_array_set_size (s->buffer, 0);
    }

  if (!start_tls (s))
    return FALSE;

  /* RFC 3207: forget everything learned before TLS and ask again. */
  if (!say_hello (s))
    return FALSE;

  evidence = tls_evidence (s);
  add_finding (run, MD_SEVERITY_OK, "smtp.starttls-ok",
               _("The connection is encrypted (STARTTLS)"),
               _("The server switched to an encrypted connection and proved its identity with a valid certificate. Your password and messages are protected on the way."),
               NULL, evidence);

  return TRUE;
}

static char *
plain_token (const char *username,
             const char *password)
{
  gsize ulen = strlen (username);
  gsize plen = strlen (password);
  gsize len = ulen + plen + 2;
  char *raw = g_malloc0 (len);
  char *token;

  memcpy (raw + 1, username, ulen);
  memcpy (raw + 2 + ulen, password, plen);
  token = g_base64_encode ((const guchar *) raw, len);
  explicit_bzero (raw, len);
  g_free (raw);

  return token;
}

static void
add_auth_result (Session     *s,
                 MdSmtpReply *reply,
                 const char  *mechanism)
{
  Run *run = s->run;
  g_autofree char *evidence = reply_evidence (run, reply);
  guint code = md_smtp_reply_get_code (reply);
  const char *enhanced = md_smtp_reply_get_enhanced_code (reply);

  if (code == 235)
    {
      s->authenticated = TRUE;
      add_finding (run, MD_SEVERITY_OK, "smtp.auth-ok",
                   _("Your user name and password work"),
                   _("The server accepted your login."), NULL, evidence);
    }
  else if (code == 534 || g_strcmp0 (enhanced, "5.7.9") == 0 ||
           reply_mentions (reply, "application-specific") ||
           reply_mentions (reply, "app password") || reply_mentions (reply, "web login") ||
           reply_mentions (reply, "web browser"))
    add_finding (run, MD_SEVERITY_PROBLEM, "smtp.auth-app-password",
                 _("Your provider wants an app password or a web login first"),
                 _("The server refused the password because your account needs extra security steps for email programs. Many providers (Gmail, Outlook, Yahoo, iCloud) no longer accept your normal password in email programs once two-step verification is on."),
                 _("Log in to your provider’s website, look for “app passwords” in the security settings, create one for your email program and use it instead of your normal password. If the provider shows a security alert, confirm it was you."),
                 evidence);
  else if (code == 538 || (code == 530 && (reply_mentions (reply, "tls") ||
                                            g_strcmp0 (enhanced, "5.7.11") == 0)))
    add_finding (run, MD_SEVERITY_PROBLEM, "smtp.auth-needs-tls",
                 _("The server only accepts your password over an encrypted connection"),
                 _("Logging in is refused because the connection is not encrypted."),
                 _("Set the security of the outgoing server to “STARTTLS” (port 587) or “SSL/TLS” (port 465)."),
                 evidence);
  else if (code == 535 || code == 530 || code == 501)
    add_finding (run, MD_SEVERITY_PROBLEM, "smtp.auth-failed",
                 _("Wrong user name or password"),
                 _("The server refused the login. Either the password is wrong, or the user name is not what the server expects — many providers want your full email address as the user name."),
                 _("Check the password by logging in to your provider’s website. Use your full email address as the user name. If your account has two-step verification, you may need an app password."),
                 evidence);
  else if (code == 454 || md_smtp_reply_get_class (reply) == 4)
    add_finding (run, MD_SEVERITY_WARNING, "smtp.auth-temporary",
                 _("The server could not check your password right now"),
                 _("The server had a temporary problem checking the login. This is not your fault."),
                 _("Try again in a few minutes."),
                 evidence);
  else
    {
      g_autofree char *detail = g_strdup_printf (_("The server rejected the login method %s."), mechanism);

      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.auth-failed",
                   _("The login did not work"), detail,
                   _("Check the authentication setting of your email program (usually “Normal password”) and your user name and password."),
                   evidence);
    }
}

static gboolean
do_auth (Session *s)
{
  Run *run = s->run;
  g_auto(GStrv) mechs = md_smtp_reply_get_auth_mechanisms (s->ehlo);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSmtpReply) reply = NULL;
  const char *mechanism;

  if (mechs[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (" ", mechs);

      note_info (run, "Login methods offered: %s", list);
      add_finding (run, MD_SEVERITY_INFO, "smtp.auth-mechanisms",
                   s->encrypted ? _("The server offers to log in over the encrypted connection")
                                : _("The server offers to log in"),
                   _("These are the login methods the server accepts. “PLAIN” and “LOGIN” are what email programs call “Normal password”; “CRAM-MD5” is “Encrypted password”; “XOAUTH2” is “OAuth2”."),
                   NULL, list);
    }

  if (run->username == NULL || run->password == NULL)
    return TRUE;

  if (mechs[0] == NULL)
    {
      g_autofree char *evidence = reply_evidence (run, s->ehlo);

      if (!s->encrypted && (s->plain_starttls || md_smtp_reply_has_keyword (s->ehlo, "STARTTLS")))
        add_finding (run, MD_SEVERITY_PROBLEM, "smtp.auth-needs-tls",
                     _("The server only accepts your password over an encrypted connection"),
                     _("Without encryption the server does not even offer to log in. With security set to “None” your email program cannot send."),
                     _("Set the security of the outgoing server to “STARTTLS” (port 587) or “SSL/TLS” (port 465)."),
                     evidence);
      else
        add_finding (run, MD_SEVERITY_WARNING, "smtp.auth-not-offered",
                     _("The server does not offer to log in"),
                     _("This server does not accept a user name and password here. Servers for email programs normally do, so this may be the wrong server or port — or a server of your company network that needs no login."),
                     _("Check the outgoing server name and port against your provider’s instructions, or turn off authentication if your IT department says so."),
                     evidence);
      return TRUE;
    }

  if (!s->encrypted && run->security != MD_SMTP_SECURITY_NONE)
    {
      add_finding (run, MD_SEVERITY_WARNING, "smtp.auth-skipped",
                   _("Your password was not tested"),
                   _("The connection is not encrypted, so Mail Doctor did not send your password: anyone on the network could have read it."),
                   _("Use a port and security setting with encryption (587 with STARTTLS, or 465 with SSL/TLS)."),
                   NULL);
      return TRUE;
    }

  if (g_strv_contains ((const char * const *) mechs, "PLAIN"))
    {
      g_autofree char *token = plain_token (run->username, run->password);
      g_autofree char *line = g_strdup_printf ("AUTH PLAIN %s", token);

      mechanism = "PLAIN";
      reply = command (s, line, "AUTH PLAIN <redacted>", &error);
      explicit_bzero (line, strlen (line));
      explicit_bzero (token, strlen (token));
    }
  else if (g_strv_contains ((const char * const *) mechs, "LOGIN"))
    {
      mechanism = "LOGIN";
      reply = command (s, "AUTH LOGIN", NULL, &error);
      if (reply != NULL && md_smtp_reply_get_code (reply) == 334)
        {
          g_autofree char *user64 = g_base64_encode ((const guchar *) run->username,
                                                     strlen (run->username));

          g_clear_pointer (&reply, md_smtp_reply_unref);
          reply = command (s, user64, "<redacted user name>", &error);
        }
      if (reply != NULL && md_smtp_reply_get_code (reply) == 334)
        {
          g_autofree char *pass64 = g_base64_encode ((const guchar *) run->password,
                                                     strlen (run->password));

          g_clear_pointer (&reply, md_smtp_reply_unref);
          reply = command (s, pass64, "<redacted password>", &error);
          explicit_bzero (pass64, strlen (pass64));
        }
    }
  else
    {
      g_autofree char *list = g_strjoinv (" ", mechs);

      add_finding (run, MD_SEVERITY_WARNING, "smtp.auth-unsupported",
                   _("The server uses a login method Mail Doctor cannot test"),
                   _("The server does not offer the usual password login methods (PLAIN or LOGIN), so your password could not be tested. Your email program may support the method the server wants."),
                   _("If sending fails, set the authentication method of your email program as your provider recommends (for example OAuth2 for some large providers)."),
                   list);
      return TRUE;
    }

  if (reply == NULL)
    /* Translators: completes “The server stopped answering %s” and similar */
    return reply_failed (s, error, _("during the login"));

  if (md_smtp_reply_get_code (reply) == 334)
    {
      /* A challenge we did not expect: cancel the exchange (RFC 4954). */
      g_clear_pointer (&reply, md_smtp_reply_unref);
      reply = command (s, "*", NULL, &error);
      if (reply == NULL)
        /* Translators: completes “The server stopped answering %s” and similar */
        return reply_failed (s, error, _("during the login"));
    }

  add_auth_result (s, reply, mechanism);

  return TRUE;
}

static gboolean
is_relay_denial (MdSmtpReply *reply)
{
  guint code = md_smtp_reply_get_code (reply);

  return (code == 550 || code == 551 || code == 553 || code == 554) &&
         (g_strcmp0 (md_smtp_reply_get_enhanced_code (reply), "5.7.1") == 0 ||
          reply_mentions (reply, "relay"));
}

static gboolean
do_envelope (Session *s)
{
  Run *run = s->run;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSmtpReply) reply = NULL;
  g_autofree char *line = NULL;
  g_autofree char *evidence = NULL;

  if (run->sender == NULL && run->recipient == NULL)
    return TRUE;

  line = g_strdup_printf ("MAIL FROM:<%s>", run->sender != NULL ? run->sender : "");
  reply = command (s, line, NULL, &error);
  if (reply == NULL)
    /* Translators: completes “The server stopped answering %s” and similar */
    return reply_failed (s, error, _("after we gave the sender address"));

  evidence = reply_evidence (run, reply);
  if (md_smtp_reply_get_code (reply) == 530)
    {
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.auth-required",
                   _("The server wants you to log in before sending"),
                   _("The server refuses to send anything for someone who has not logged in."),
                   _("Turn on authentication in your email program (“My outgoing server requires authentication”) and use the same user name and password as for receiving mail."),
                   evidence);
      return TRUE;
    }
  if (md_smtp_reply_get_class (reply) == 4)
    {
      add_finding (run, MD_SEVERITY_WARNING, "smtp.sender-temporary",
                   _("The server cannot take mail from this sender right now"),
                   _("The server had a temporary problem with the sender address."),
                   _("Try again later."), evidence);
      return TRUE;
    }
  if (md_smtp_reply_get_class (reply) != 2)
    {
      add_finding (run, MD_SEVERITY_PROBLEM, "smtp.sender-rejected",
                   _("The server does not let you send as this address"),
                   _("The server refused the sender address. Providers only let you send from the addresses of your own account, and some require logging in first."),
                   _("Check that the email address in your email program’s account settings is exactly the address of the account, and that authentication is turned on."),
                   evidence);
      return TRUE;
    }

  if (run->recipient != NULL)
    {
      g_clear_pointer (&reply, md_smtp_reply_unref);
      g_clear_pointer (&evidence, g_free);
      g_free (line);
      line = g_strdup_printf ("RCPT TO:<%s>", run->recipient);
      reply = command (s, line, NULL, &error);
      if (reply == NULL)
        /* Translators: completes “The server stopped answering %s” and similar */
        return reply_failed (s, error, _("after we gave the recipient address"));

      evidence = reply_evidence (run, reply);
      if (md_smtp_reply_get_class (reply) == 2)
        add_finding (run, MD_SEVERITY_OK, "smtp.recipient-ok",
                     _("The server would accept a message to this recipient"),
                     _("The server agreed to take a message for this address (no message was sent). This does not prove the address exists: the recipient’s server decides that later."),
                     NULL, evidence);
      else if (is_relay_denial (reply))
        add_finding (run, MD_SEVERITY_PROBLEM, "smtp.relay-denied",
                     s->authenticated ? _("The server does not let your account send to other domains")
                                      : _("Relay denied — the server needs you to log in"),
                     _("The server refuses to pass on mail to addresses outside its own domain for someone who has not proved who they are. This is the classic “relaying denied” error."),
                     s->authenticated ? _("Contact your provider: your account may be restricted.")
                                      : _("Turn on authentication in your email program (“My outgoing server requires authentication”) with your user name and password."),
                     evidence);
      else if (md_smtp_reply_get_code (reply) == 530)
        add_finding (run, MD_SEVERITY_PROBLEM, "smtp.auth-required",
                     _("The server wants you to log in before sending"),
                     _("The server refuses to send anything for someone who has not logged in."),
                     _("Turn on authentication in your email program (“My outgoing server requires authentication”) and use the same user name and password as for receiving mail."),
                     evidence);
      else if (md_smtp_reply_get_class (reply) == 4)
        add_finding (run, MD_SEVERITY_WARNING, "smtp.recipient-temporary",
                     _("The server cannot take mail for this recipient right now"),
                     _("The server had a temporary problem with the recipient address."),
                     _("Try again later."), evidence);
      else
        add_finding (run, MD_SEVERITY_PROBLEM, "smtp.recipient-rejected",
                     _("The server refused the recipient address"),
                     _("Your own server already refuses this recipient. Read its reason below: often the address is misspelled or the recipient does not exist."),
                     _("Check the spelling of the recipient’s address."),
                     evidence);
    }

  g_clear_pointer (&reply, md_smtp_reply_unref);
  reply = command (s, "RSET", NULL, &error);
  if (reply == NULL)
    /* Translators: completes “The server stopped answering %s” and similar */
    return reply_failed (s, error, _("after we cancelled the test message (RSET)"));

  return TRUE;
}

static void
quit_session (Session *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdSmtpReply) reply = command (s, "QUIT", NULL, &error);
}

static void
session_close (Session *s)
{
  if (s->stream != NULL)
    g_io_stream_close (s->stream, NULL, NULL);
  if (s->connection != NULL)
    g_io_stream_close (G_IO_STREAM (s->connection), NULL, NULL);
  g_clear_object (&s->stream);
  g_clear_object (&s->connection);
  g_clear_object (&s->peer_certificate);
  g_clear_pointer (&s->ehlo, md_smtp_reply_unref);
  g_clear_pointer (&s->buffer, g_byte_array_unref);
  g_clear_pointer (&s->bad_line, g_free);
  g_clear_pointer (&s->address_text, g_free);
  g_clear_pointer (&s->banner, g_free);
}

static Outcome
run_attempt (Run   *run,
             guint  port,
             Mode   mode)
{
  Session s = { 0, };
  Outcome outcome = OUTCOME_TRY_NEXT;

  s.run = run;
  s.port = port;
  s.mode = mode;
  s.buffer = g_byte_array_new ();

  run_reset_op (run);
  note_info (run, "Trying port %u with security %s", port, security_label_for_mode (mode));

  if (!connect_session (&s))
    goto out;

  if (mode == MODE_TLS)
    {
      if (!start_tls (&s))
        {
          outcome = s.cert_flags != 0 ? OUTCOME_STOP : OUTCOME_TRY_NEXT;
          goto out;
        }
    }

  if (!read_greeting (&s))
    {
      if (!run_is_cancelled (run) && s.buffer != NULL)
        {
          MdFinding *last = run->current->len > 0 ? g_ptr_array_index (run->current, run->current->len - 1) : NULL;

          if (last != NULL && (g_str_equal (md_finding_get_code (last), "smtp.banner-421") ||
                               g_str_equal (md_finding_get_code (last), "smtp.banner-554")))
            {
              quit_session (&s);
              outcome = OUTCOME_STOP;
            }
        }
      goto out;
    }

  if (!say_hello (&s))
    goto out;

  if (mode == MODE_STARTTLS_REQUIRED || mode == MODE_STARTTLS_OPTIONAL)
    {
      gboolean had_starttls = md_smtp_reply_has_keyword (s.ehlo, "STARTTLS");

      if (!do_starttls (&s))
        {
          if (!had_starttls && !run_is_cancelled (run))
            quit_session (&s);
          outcome = s.cert_flags != 0 ? OUTCOME_STOP : OUTCOME_TRY_NEXT;
          goto out;
        }
    }
  else if (mode == MODE_TLS)
    {
      g_autofree char *evidence = tls_evidence (&s);

      add_finding (run, MD_SEVERITY_OK, "smtp.tls-ok",
                   _("The connection is encrypted (SSL/TLS)"),
                   _("The connection was encrypted from the very start and the server proved its identity with a valid certificate. Your password and messages are protected on the way."),
                   NULL, evidence);
    }

  if (!s.encrypted)
    {
      g_autofree char *evidence = reply_evidence (run, s.ehlo);

      if (offers_plain_password (s.ehlo))
        add_finding (run, MD_SEVERITY_WARNING, "smtp.auth-over-plaintext",
                     _("The server accepts passwords without encryption"),
                     _("On this unencrypted connection the server offers logins that send your password readable by anyone on the network (AUTH PLAIN or LOGIN)."),
                     _("Use a port and security setting with encryption: 587 with STARTTLS, or 465 with SSL/TLS."),
                     evidence);
      else if (md_smtp_reply_has_keyword (s.ehlo, "STARTTLS"))
        add_finding (run, MD_SEVERITY_WARNING, "smtp.no-encryption",
                     _("The connection is not encrypted, though the server offers it"),
                     _("The server supports encryption (STARTTLS), but your settings do not use it. Everything you send, including your password, travels unprotected, and many servers refuse to log you in like this."),
                     _("Set the security of the outgoing server to “STARTTLS”."),
                     evidence);
      else
        add_finding (run, MD_SEVERITY_WARNING, "smtp.no-encryption",
                     _("The connection is not encrypted"),
                     _("Everything you send through this connection, including your password, travels unprotected."),
                     _("Use a port and security setting with encryption: 587 with STARTTLS, or 465 with SSL/TLS."),
                     NULL);
    }

  outcome = OUTCOME_WORKED;
  run->working_port = port;
  run->working_security = mode == MODE_TLS ? MD_SMTP_SECURITY_TLS
                          : s.encrypted ? MD_SMTP_SECURITY_STARTTLS : MD_SMTP_SECURITY_NONE;

  {
    g_autofree char *title = g_strdup_printf (_("The mail server answers on port %u"), port);
    g_autofree char *detail = g_strdup_printf (_("Mail Doctor reached the server at %s and it is ready to take mail."),
                                               s.address_text);

    g_autofree char *evidence = g_strdup_printf ("%s\n%s", s.address_text, s.banner);
    MdFinding *finding = md_finding_new (MD_SEVERITY_OK, MD_STEP_CHECK_SETTINGS, "smtp.connect-ok",
                                         title, detail, NULL);

    md_finding_set_evidence (finding, evidence);
    g_ptr_array_insert (run->current, 0, finding);
  }

  if (!do_auth (&s))
    goto out;
  if (!do_envelope (&s))
    goto out;

  quit_session (&s);

out:
  session_close (&s);
  if (run_is_cancelled (run))
    return OUTCOME_STOP;

  return outcome;
}

static MdFinding *
copy_finding_with_severity (MdFinding  *finding,
                            MdSeverity  severity)
{
  MdFinding *copy = md_finding_new (severity, md_finding_get_step (finding),
                                    md_finding_get_code (finding), md_finding_get_title (finding),
                                    md_finding_get_detail (finding),
                                    md_finding_get_advice (finding));

  md_finding_set_evidence (copy, md_finding_get_evidence (finding));
  return copy;
}

static void
run_auto (Run *run)
{
  static const Mode modes[] = { MODE_STARTTLS_REQUIRED, MODE_TLS, MODE_STARTTLS_OPTIONAL };
  g_autoptr(GPtrArray) failed = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      Outcome outcome;

      g_clear_pointer (&run->current, g_ptr_array_unref);
      run->current = g_ptr_array_new_with_free_func (g_object_unref);
      outcome = run_attempt (run, run->auto_ports[i], modes[i]);

      if (outcome == OUTCOME_WORKED)
        {
          g_autofree char *title = g_strdup_printf (_("Recommended: port %u with security “%s”"),
                                                    run->auto_ports[i],
                                                    md_smtp_security_get_label (run->working_security));
          g_autofree char *advice = g_strdup_printf (_("In your email program, set the outgoing server port to %u and the security (encryption) to “%s”."),
                                                     run->auto_ports[i],
                                                     md_smtp_security_get_label (run->working_security));

          /* What failed before is only background now. */
          for (guint j = 0; j < failed->len; j++)
            g_ptr_array_add (run->findings,
                             copy_finding_with_severity (g_ptr_array_index (failed, j),
                                                         MD_SEVERITY_INFO));
          g_ptr_array_add (run->findings,
                           md_finding_new (run->working_security == MD_SMTP_SECURITY_NONE
                                           ? MD_SEVERITY_WARNING : MD_SEVERITY_OK,
                                           MD_STEP_CHECK_SETTINGS, "smtp.auto-recommend", title,
                                           _("Mail Doctor tried the usual ports one after the other; this is the first combination that works."),
                                           advice));
          g_ptr_array_extend_and_steal (run->findings, g_steal_pointer (&run->current));
          return;
        }

      g_ptr_array_extend_and_steal (failed, g_steal_pointer (&run->current));
      if (outcome == OUTCOME_STOP)
        break;
    }

  g_ptr_array_extend_and_steal (run->findings, g_steal_pointer (&failed));
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(GError) error = NULL;

  run->current = g_ptr_array_new_with_free_func (g_object_unref);
  run->watchdog = g_thread_new ("md-smtp-watchdog", watchdog_thread, run);
  run_reset_op (run);

  if (run->ca_file != NULL)
    {
      run->database = g_tls_file_database_new (run->ca_file, &error);
      if (run->database == NULL)
        {
          g_prefix_error (&error, _("Cannot load the certificate authorities file: "));
          goto out;
        }
    }

  if (resolve_host (run))
    {
      if (run->port == 0 && run->security == MD_SMTP_SECURITY_AUTO)
        run_auto (run);
      else
        {
          guint port = run->port;
          Mode mode;

          switch (run->security)
            {
            case MD_SMTP_SECURITY_STARTTLS:
              mode = MODE_STARTTLS_REQUIRED;
              port = port != 0 ? port : run->auto_ports[0];
              break;
            case MD_SMTP_SECURITY_TLS:
              mode = MODE_TLS;
              port = port != 0 ? port : run->auto_ports[1];
              break;
            case MD_SMTP_SECURITY_NONE:
              mode = MODE_NONE;
              port = port != 0 ? port : run->auto_ports[2];
              break;
            case MD_SMTP_SECURITY_AUTO:
            default:
              mode = port == 465 ? MODE_TLS : MODE_STARTTLS_OPTIONAL;
              break;
            }
          run_attempt (run, port, mode);
        }
    }

  if (run->current != NULL)
    g_ptr_array_extend_and_steal (run->findings, g_steal_pointer (&run->current));

  if (run_is_cancelled (run))
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The test was cancelled"));

out:
  g_mutex_lock (&run->lock);
  run->done = TRUE;
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->lock);
  g_thread_join (g_steal_pointer (&run->watchdog));

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
is_safe_text (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f || *p == '<' || *p == '>')
        return FALSE;
    }

  return TRUE;
}

/**
 * md_smtp_probe_run_async:
 * @self: a #MdSmtpProbe
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the test is over
 * @user_data: data for @callback
 *
 * Runs the test in the background with the current settings. The settings
 * are copied, so changing them during the run has no effect on it.
 */
void
md_smtp_probe_run_async (MdSmtpProbe         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (MD_IS_SMTP_PROBE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_smtp_probe_run_async);

  {
    /* Say which setting is wrong: the person has to find it in a form. */
    const char *problem = NULL;

    if (self->host == NULL || *self->host == '\0')
      problem = _("The outgoing server name is empty.");
    else if (!is_safe_text (self->host) || strchr (self->host, ' ') != NULL)
      problem = _("The outgoing server name contains spaces or characters that are not allowed.");
    else if (!is_safe_text (self->username))
      problem = _("The user name contains characters that are not allowed.");
    else if (!is_safe_text (self->sender))
      problem = _("Your email address contains characters that are not allowed.");
    else if (!is_safe_text (self->recipient))
      problem = _("The recipient’s address contains characters that are not allowed.");
    else if (self->password != NULL && strpbrk (self->password, "\r\n") != NULL)
      problem = _("The password contains a line break.");

    if (problem != NULL)
      {
        g_task_return_new_error (task, MD_SMTP_ERROR, MD_SMTP_ERROR_FAILED, "%s", problem);
        return;
      }
  }

  run = g_new0 (Run, 1);
  g_mutex_init (&run->lock);
  g_cond_init (&run->cond);
  run->host = g_strdup (self->host);
  run->port = self->port;
  run->security = self->security;
  run->username = g_strdup (self->username);
  run->password = g_strdup (self->password);
  run->sender = g_strdup (self->sender);
  run->recipient = g_strdup (self->recipient);
  run->timeout = MAX (self->timeout, 1);
  run->ca_file = g_strdup (self->ca_file);
  memcpy (run->auto_ports, self->auto_ports, sizeof run->auto_ports);
  run->findings = g_ptr_array_new_with_free_func (g_object_unref);
  run->transcript = md_smtp_transcript_new ();
  run->working_security = MD_SMTP_SECURITY_AUTO;

  run->secrets = g_ptr_array_new_with_free_func ((GDestroyNotify) secure_free);
  if (run->password != NULL && *run->password != '\0')
    {
      g_ptr_array_add (run->secrets, g_strdup (run->password));
      g_ptr_array_add (run->secrets, g_base64_encode ((const guchar *) run->password,
                                                      strlen (run->password)));
      if (run->username != NULL)
        g_ptr_array_add (run->secrets, plain_token (run->username, run->password));
    }

  if (cancellable != NULL)
    {
      run->cancellable = g_object_ref (cancellable);
      run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), run, NULL);
    }

  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * md_smtp_probe_run_finish:
 * @self: a #MdSmtpProbe
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Completes the test and makes its findings and transcript available.
 *
 * Returns: %TRUE when the test ran, whatever it found (see
 *   md_smtp_probe_get_findings()); %FALSE only when it was cancelled or could
 *   not run at all
 */
gboolean
md_smtp_probe_run_finish (MdSmtpProbe   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  Run *run;

  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == md_smtp_probe_run_async, FALSE);

  run = g_task_get_task_data (G_TASK (result));
  if (run != NULL)
    {
      g_clear_pointer (&self->findings, g_ptr_array_unref);
      self->findings = g_steal_pointer (&run->findings);
      if (self->findings == NULL)
        self->findings = g_ptr_array_new_with_free_func (g_object_unref);
      g_set_object (&self->transcript, run->transcript);
      self->working_port = run->working_port;
      self->working_security = run->working_security;
    }

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- results ------------------------------------------------------------ */

/**
 * md_smtp_probe_get_findings:
 * @self: a #MdSmtpProbe
 *
 * Returns: (transfer none) (element-type MdFinding): the findings of the last
 *   run, empty before a run finished
 */
GPtrArray *
md_smtp_probe_get_findings (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), NULL);
  return self->findings;
}

/**
 * md_smtp_probe_get_transcript:
 * @self: a #MdSmtpProbe
 *
 * Returns: (transfer none): the transcript of the last run
 */
MdSmtpTranscript *
md_smtp_probe_get_transcript (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), NULL);
  return self->transcript;
}

char *
md_smtp_probe_get_transcript_text (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), NULL);
  return md_smtp_transcript_to_text (self->transcript);
}

JsonNode *
md_smtp_probe_get_transcript_json (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), NULL);
  return md_smtp_transcript_to_json (self->transcript);
}

/**
 * md_smtp_probe_to_json_string:
 * @self: a #MdSmtpProbe
 * @pretty: whether to indent
 *
 * Returns: (transfer full): `{"findings": [...], "transcript": [...]}`
 */
char *
md_smtp_probe_to_json_string (MdSmtpProbe *self,
                              gboolean     pretty)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->findings->len; i++)
    json_builder_add_value (builder, md_finding_to_json (g_ptr_array_index (self->findings, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "transcript");
  json_builder_add_value (builder, md_smtp_transcript_to_json (self->transcript));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, pretty);
}

guint
md_smtp_probe_get_working_port (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), 0);
  return self->working_port;
}

/**
 * md_smtp_probe_get_working_security:
 * @self: a #MdSmtpProbe
 *
 * Returns: the security of the connection that worked in the last run,
 *   %MD_SMTP_SECURITY_AUTO when none did
 */
MdSmtpSecurity
md_smtp_probe_get_working_security (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), MD_SMTP_SECURITY_AUTO);
  return self->working_security;
}

/* ---- settings ------------------------------------------------------------ */

static void
set_string (MdSmtpProbe  *self,
            char        **field,
            const char   *value,
            guint         prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
md_smtp_probe_get_host (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), NULL);
  return self->host;
}

void
md_smtp_probe_set_host (MdSmtpProbe *self,
                        const char  *host)
{
  g_return_if_fail (MD_IS_SMTP_PROBE (self));
  set_string (self, &self->host, host, PROP_HOST);
}

guint
md_smtp_probe_get_port (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), 0);
  return self->port;
}

/**
 * md_smtp_probe_set_port:
 * @self: a #MdSmtpProbe
 * @port: a TCP port, or 0 to choose it from the security setting (and to
 *   try 587, 465 and 25 in turn when the security is automatic)
 */
void
md_smtp_probe_set_port (MdSmtpProbe *self,
                        guint        port)
{
  g_return_if_fail (MD_IS_SMTP_PROBE (self));
  g_return_if_fail (port <= 65535);

  if (self->port == port)
    return;
  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

MdSmtpSecurity
md_smtp_probe_get_security (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), MD_SMTP_SECURITY_AUTO);
  return self->security;
}

void
md_smtp_probe_set_security (MdSmtpProbe    *self,
                            MdSmtpSecurity  security)
{
  g_return_if_fail (MD_IS_SMTP_PROBE (self));
  g_return_if_fail (security <= MD_SMTP_SECURITY_NONE);

  if (self->security == security)
    return;
  self->security = security;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECURITY]);
}

const char *
md_smtp_probe_get_username (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), NULL);
  return self->username;
}

void
md_smtp_probe_set_username (MdSmtpProbe *self,
                            const char  *username)
{
  g_return_if_fail (MD_IS_SMTP_PROBE (self));
  set_string (self, &self->username, username, PROP_USERNAME);
}

/**
 * md_smtp_probe_set_password:
 * @self: a #MdSmtpProbe
 * @password: (nullable): the password for the login test
 *
 * The password is kept in memory only, is wiped when replaced or when the
 * probe is finalized, and never appears in findings or the transcript. There
 * is deliberately no getter and no property.
 */
void
md_smtp_probe_set_password (MdSmtpProbe *self,
                            const char  *password)
{
  g_return_if_fail (MD_IS_SMTP_PROBE (self));

  g_clear_pointer (&self->password, secure_free);
  self->password = g_strdup (password);
}

gboolean
md_smtp_probe_has_password (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), FALSE);
  return self->password != NULL;
}

const char *
md_smtp_probe_get_sender (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), NULL);
  return self->sender;
}

void
md_smtp_probe_set_sender (MdSmtpProbe *self,
                          const char  *sender)
{
  g_return_if_fail (MD_IS_SMTP_PROBE (self));
  set_string (self, &self->sender, sender, PROP_SENDER);
}

const char *
md_smtp_probe_get_recipient (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), NULL);
  return self->recipient;
}

void
md_smtp_probe_set_recipient (MdSmtpProbe *self,
                             const char  *recipient)
{
  g_return_if_fail (MD_IS_SMTP_PROBE (self));
  set_string (self, &self->recipient, recipient, PROP_RECIPIENT);
}

guint
md_smtp_probe_get_timeout (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), 0);
  return self->timeout;
}

/**
 * md_smtp_probe_set_timeout:
 * @self: a #MdSmtpProbe
 * @timeout: seconds allowed for connecting, for the TLS handshake and for
 *   each whole reply of the server
 */
void
md_smtp_probe_set_timeout (MdSmtpProbe *self,
                           guint        timeout)
{
  g_return_if_fail (MD_IS_SMTP_PROBE (self));
  g_return_if_fail (timeout > 0);

  if (self->timeout == timeout)
    return;
  self->timeout = timeout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

const char *
md_smtp_probe_get_ca_file (MdSmtpProbe *self)
{
  g_return_val_if_fail (MD_IS_SMTP_PROBE (self), NULL);
  return self->ca_file;
}

/**
 * md_smtp_probe_set_ca_file:
 * @self: a #MdSmtpProbe
 * @ca_file: (nullable) (type filename): a PEM file of the certificate
 *   authorities to trust instead of the system's, or %NULL
 */
void
md_smtp_probe_set_ca_file (MdSmtpProbe *self,
                           const char  *ca_file)
{
  g_return_if_fail (MD_IS_SMTP_PROBE (self));
  set_string (self, &self->ca_file, ca_file, PROP_CA_FILE);
}

/**
 * md_smtp_probe_set_auto_ports:
 * @self: a #MdSmtpProbe
 * @starttls_port: the port tried first with STARTTLS (587)
 * @tls_port: the port tried next with implicit TLS (465)
 * @plain_port: the port tried last (25)
 *
 * Overrides the ports of the automatic mode; for tests.
 */
void
md_smtp_probe_set_auto_ports (MdSmtpProbe *self,
                              guint        starttls_port,
                              guint        tls_port,
                              guint        plain_port)
{
  g_return_if_fail (MD_IS_SMTP_PROBE (self));
  g_return_if_fail (starttls_port > 0 && starttls_port <= 65535);
  g_return_if_fail (tls_port > 0 && tls_port <= 65535);
  g_return_if_fail (plain_port > 0 && plain_port <= 65535);

  self->auto_ports[0] = starttls_port;
  self->auto_ports[1] = tls_port;
  self->auto_ports[2] = plain_port;
}

static void
md_smtp_probe_finalize (GObject *object)
{
  MdSmtpProbe *self = (MdSmtpProbe *)object;

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->password, secure_free);
  g_clear_pointer (&self->sender, g_free);
  g_clear_pointer (&self->recipient, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_object (&self->transcript);

  G_OBJECT_CLASS (md_smtp_probe_parent_class)->finalize (object);
}

static void
md_smtp_probe_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MdSmtpProbe *self = MD_SMTP_PROBE (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_SECURITY:
      g_value_set_enum (value, self->security);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_SENDER:
      g_value_set_string (value, self->sender);
      break;
    case PROP_RECIPIENT:
      g_value_set_string (value, self->recipient);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_smtp_probe_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MdSmtpProbe *self = MD_SMTP_PROBE (object);

  switch (prop_id)
    {
    case PROP_HOST:
      md_smtp_probe_set_host (self, g_value_get_string (value));
      break;
    case PROP_PORT:
      md_smtp_probe_set_port (self, g_value_get_uint (value));
      break;
    case PROP_SECURITY:
      md_smtp_probe_set_security (self, g_value_get_enum (value));
      break;
    case PROP_USERNAME:
      md_smtp_probe_set_username (self, g_value_get_string (value));
      break;
    case PROP_SENDER:
      md_smtp_probe_set_sender (self, g_value_get_string (value));
      break;
    case PROP_RECIPIENT:
      md_smtp_probe_set_recipient (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT:
      md_smtp_probe_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_CA_FILE:
      md_smtp_probe_set_ca_file (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_smtp_probe_class_init (MdSmtpProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = md_smtp_probe_finalize;
  object_class->get_property = md_smtp_probe_get_property;
  object_class->set_property = md_smtp_probe_set_property;

  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, flags);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, flags);
  properties[PROP_SECURITY] =
    g_param_spec_enum ("security", NULL, NULL,
                       MD_TYPE_SMTP_SECURITY, MD_SMTP_SECURITY_AUTO, flags);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, flags);
  properties[PROP_SENDER] = g_param_spec_string ("sender", NULL, NULL, NULL, flags);
  properties[PROP_RECIPIENT] = g_param_spec_string ("recipient", NULL, NULL, NULL, flags);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 600, MD_SMTP_PROBE_DEFAULT_TIMEOUT, flags);
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_smtp_probe_init (MdSmtpProbe *self)
{
  self->timeout = MD_SMTP_PROBE_DEFAULT_TIMEOUT;
  self->auto_ports[0] = 587;
  self->auto_ports[1] = 465;
  self->auto_ports[2] = 25;
  self->findings = g_ptr_array_new_with_free_func (g_object_unref);
  self->transcript = md_smtp_transcript_new ();
  self->working_security = MD_SMTP_SECURITY_AUTO;
}

/**
 * md_smtp_probe_new:
 * @host: the outgoing server's name or address
 * @port: its port, 0 for automatic
 * @security: how the connection is protected
 *
 * Returns: (transfer full): a new #MdSmtpProbe
 */
MdSmtpProbe *
md_smtp_probe_new (const char     *host,
                   guint           port,
                   MdSmtpSecurity  security)
{
  return g_object_new (MD_TYPE_SMTP_PROBE,
                       "host", host,
                       "port", port,
                       "security", security,
                       NULL);
}

static const char * const security_names[] = { "auto", "starttls", "tls", "none" };

const char *
md_smtp_security_to_string (MdSmtpSecurity security)
{
  g_return_val_if_fail (security <= MD_SMTP_SECURITY_NONE, NULL);
  return security_names[security];
}

gboolean
md_smtp_security_from_string (const char     *str,
                              MdSmtpSecurity *security)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (security_names); i++)
    {
      if (g_ascii_strcasecmp (str, security_names[i]) == 0)
        {
          *security = (MdSmtpSecurity) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * md_smtp_security_get_label:
 * @security: a #MdSmtpSecurity
 *
 * Returns: the name email programs show for @security
 */
const char *
md_smtp_security_get_label (MdSmtpSecurity security)
{
  switch (security)
    {
    case MD_SMTP_SECURITY_AUTO:
      /* Translators: the security setting of a mail server, chosen automatically */
      return _("Automatic");
    case MD_SMTP_SECURITY_STARTTLS:
      return "STARTTLS";
    case MD_SMTP_SECURITY_TLS:
      return "SSL/TLS";
    case MD_SMTP_SECURITY_NONE:
      /* Translators: the security setting of a mail server: no encryption */
      return _("None");
    default:
      g_return_val_if_reached (NULL);
    }
}
