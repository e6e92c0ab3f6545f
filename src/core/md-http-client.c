/* md-http-client.c: one long-lived SoupSession for the checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "md-error.h"
#include "md-http-client.h"

#define DEFAULT_TIMEOUT_S 10
#define READ_CHUNK        16384

/**
 * MdHttpClient:
 *
 * HTTPS GET requests with a timeout, a size limit and the user agent
 * "MailDoctor/VERSION". Checks share one client, so connections are reused.
 *
 * For tests, a base URL redirects every request to a local server:
 * with the base URL `https://127.0.0.1:8443`, a request for
 * `https://mta-sts.example.com/.well-known/mta-sts.txt` goes to
 * `https://127.0.0.1:8443/mta-sts.example.com/.well-known/mta-sts.txt`.
 * A CA file replaces the system's trusted certificates.
 */
struct _MdHttpClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  guint        timeout;
};

G_DEFINE_FINAL_TYPE (MdHttpClient, md_http_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIMEOUT,
  PROP_BASE_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  gsize         max_size;
  char         *content_type;
  char         *url;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request->content_type);
  g_free (request->url);
  g_free (request);
}

static void
md_http_client_finalize (GObject *object)
{
  MdHttpClient *self = (MdHttpClient *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (md_http_client_parent_class)->finalize (object);
}

static void
md_http_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MdHttpClient *self = MD_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_http_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MdHttpClient *self = MD_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      md_http_client_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_BASE_URL:
      md_http_client_set_base_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
md_http_client_class_init (MdHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_http_client_finalize;
  object_class->get_property = md_http_client_get_property;
  object_class->set_property = md_http_client_set_property;

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 600, DEFAULT_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
md_http_client_init (MdHttpClient *self)
{
  self->timeout = DEFAULT_TIMEOUT_S;
  self->session = soup_session_new_with_options ("user-agent", "MailDoctor/" PACKAGE_VERSION,
                                                 "timeout", self->timeout,
                                                 "idle-timeout", 30,
                                                 NULL);
}

/**
 * md_http_client_new:
 *
 * Returns: (transfer full): a new client with a timeout of 10 seconds
 */
MdHttpClient *
md_http_client_new (void)
{
  return g_object_new (MD_TYPE_HTTP_CLIENT, NULL);
}

guint
md_http_client_get_timeout (MdHttpClient *self)
{
  g_return_val_if_fail (MD_IS_HTTP_CLIENT (self), 0);
  return self->timeout;
}

/**
 * md_http_client_set_timeout:
 * @self: a #MdHttpClient
 * @seconds: how long a request may wait for the server, at least 1
 */
void
md_http_client_set_timeout (MdHttpClient *self,
                            guint         seconds)
{
  g_return_if_fail (MD_IS_HTTP_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

const char *
md_http_client_get_base_url (MdHttpClient *self)
{
  g_return_val_if_fail (MD_IS_HTTP_CLIENT (self), NULL);
  return self->base_url;
}

/**
 * md_http_client_set_base_url:
 * @self: a #MdHttpClient
 * @base_url: (nullable): where to send every request instead (for tests),
 *   see #MdHttpClient; %NULL for none
 */
void
md_http_client_set_base_url (MdHttpClient *self,
                             const char   *base_url)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (MD_IS_HTTP_CLIENT (self));

  if (base_url != NULL && *base_url != '\0')
    {
      trimmed = g_strdup (base_url);
      while (g_str_has_suffix (trimmed, "/"))
        trimmed[strlen (trimmed) - 1] = '\0';
    }

  if (g_strcmp0 (self->base_url, trimmed) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_steal_pointer (&trimmed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

/**
 * md_http_client_set_ca_file:
 * @self: a #MdHttpClient
 * @ca_file: (nullable): a PEM file of the only certificate authorities to
 *   trust, or %NULL for the system's
 * @error: return location for an error
 *
 * Returns: %TRUE if the file could be loaded
 */
gboolean
md_http_client_set_ca_file (MdHttpClient  *self,
                            const char    *ca_file,
                            GError       **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (MD_IS_HTTP_CLIENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ca_file == NULL)
    database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  else
    database = g_tls_file_database_new (ca_file, error);
  if (database == NULL)
    return ca_file == NULL;   /* no TLS backend: nothing to restore */

  soup_session_set_tls_database (self->session, database);
  return TRUE;
}

/**
 * md_http_client_rewrite_url:
 * @self: a #MdHttpClient
 * @url: an absolute http or https URL
 *
 * Returns: (transfer full): the URL a request for @url really goes to (it
 *   differs only when a base URL is set)
 */
char *
md_http_client_rewrite_url (MdHttpClient *self,
                            const char   *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *query;

  g_return_val_if_fail (MD_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  if (self->base_url == NULL)
    return g_strdup (url);

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);

  query = g_uri_get_query (uri);
  return g_strconcat (self->base_url, "/", g_uri_get_host (uri), g_uri_get_path (uri),
                      query != NULL ? "?" : "", query != NULL ? query : "", NULL);
}

static void
return_error (GTask   *task,
              GError  *error)
{
  Request *request = g_task_get_task_data (task);
  GTlsCertificateFlags tls_errors = 0;

  if (request->message != NULL)
    tls_errors = soup_message_get_tls_peer_certificate_errors (request->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
      error->domain == MD_HTTP_ERROR)
    {
      g_task_return_error (task, error);
    }
  else if (error->domain == G_TLS_ERROR || tls_errors != 0)
    {
      const char *why;

      if (tls_errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
        why = _("the certificate belongs to another name");
      else if (tls_errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
        why = _("the certificate is not signed by a trusted authority");
      else if (tls_errors & G_TLS_CERTIFICATE_EXPIRED)
        why = _("the certificate has expired");
      else
        why = error->message;

      g_task_return_new_error (task, MD_HTTP_ERROR, MD_HTTP_ERROR_TLS,
                               _("The secure connection to %s failed: %s"), request->url, why);
      g_error_free (error);
    }
  else
    {
      g_task_return_new_error (task, MD_HTTP_ERROR, MD_HTTP_ERROR_FAILED,
                               _("Could not fetch %s: %s"), request->url, error->message);
      g_error_free (error);
    }
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      return_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (request->body->len > request->max_size)
    {
      /* The size goes through g_format_size() so that the message stays a
       * plain translatable string (G_GSIZE_FORMAT breaks xgettext). */
      g_autofree char *limit = g_format_size (request->max_size);

      g_task_return_new_error (task, MD_HTTP_ERROR, MD_HTTP_ERROR_TOO_LARGE,
                               _("The answer from %s is larger than %s"),
                               request->url, limit);
      return;
    }

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_read, g_object_ref (task));
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;
  guint status;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      return_error (task, error);
      return;
    }

  status = soup_message_get_status (request->message);
  if (status < 200 || status >= 300)
    {
      g_task_return_new_error (task, MD_HTTP_ERROR, MD_HTTP_ERROR_STATUS,
                               _("The server of %s answered “%u %s”"), request->url, status,
                               soup_message_get_reason_phrase (request->message));
      return;
    }

  request->content_type =
    g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (request->message),
                                                     NULL));
  request->body = g_byte_array_new ();
  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   cancellable, on_read, g_steal_pointer (&task));
}

/**
 * md_http_client_get_async:
 * @self: a #MdHttpClient
 * @url: an absolute URL
 * @flags: #MdHttpGetFlags
 * @max_size: the largest body accepted, in bytes
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the body has been read
 * @user_data: data for @callback
 *
 * Fetches @url (rewritten with the base URL if one is set).
 */
void
md_http_client_get_async (MdHttpClient        *self,
                          const char          *url,
                          MdHttpGetFlags       flags,
                          gsize                max_size,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (MD_IS_HTTP_CLIENT (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_http_client_get_async);

  request = g_new0 (Request, 1);
  request->max_size = max_size;
  request->url = md_http_client_rewrite_url (self, url);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  request->message = soup_message_new (SOUP_METHOD_GET, request->url);
  if (request->message == NULL)
    {
      g_task_return_new_error (task, MD_HTTP_ERROR, MD_HTTP_ERROR_FAILED,
                               _("“%s” is not a valid web address"), request->url);
      return;
    }
  if (flags & MD_HTTP_GET_NO_REDIRECT)
    soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT, cancellable,
                           on_sent, g_steal_pointer (&task));
}

/**
 * md_http_client_get_finish:
 * @self: a #MdHttpClient
 * @result: the result passed to the callback
 * @content_type: (out) (optional) (nullable): the media type of the answer
 *   without parameters, such as "text/plain"
 * @error: return location for an error: %MD_HTTP_ERROR_STATUS (not 2xx,
 *   including redirects not followed), %MD_HTTP_ERROR_TLS,
 *   %MD_HTTP_ERROR_TOO_LARGE, %MD_HTTP_ERROR_FAILED, %G_IO_ERROR_TIMED_OUT
 *   or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full): the body
 */
GBytes *
md_http_client_get_finish (MdHttpClient  *self,
                           GAsyncResult  *result,
                           char         **content_type,
                           GError       **error)
{
  GBytes *body;

  g_return_val_if_fail (MD_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  body = g_task_propagate_pointer (G_TASK (result), error);
  if (content_type != NULL)
    {
      Request *request = g_task_get_task_data (G_TASK (result));

      *content_type = body != NULL ? g_strdup (request->content_type) : NULL;
    }

  return body;
}
