/* md-autoconfig.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "md-autoconfig.h"
#include "md-error.h"
#include "md-finding.h"
#include "md-resolver.h"

/**
 * MdAutoconfig:
 *
 * The outgoing server settings a provider recommends, from the
 * Thunderbird-style autoconfig file (clientConfig version 1.1) the provider
 * publishes, or from Thunderbird's database of providers (ISPDB). The
 * lookup tries, like Thunderbird:
 *
 * 1. `https://autoconfig.DOMAIN/mail/config-v1.1.xml?emailaddress=ADDRESS`
 * 2. `https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml`
 * 3. `https://autoconfig.thunderbird.net/v1.1/DOMAIN`
 * 4. the DNS SRV records `_submissions._tcp.DOMAIN` (implicit TLS) and
 *    `_submission._tcp.DOMAIN` (STARTTLS) of RFC 6186 and RFC 8314
 *
 * Only HTTPS, and only the outgoing (SMTP) servers matter here.
 * md_autoconfig_compare() turns the difference between the recommendation
 * and the user's settings into findings.
 */

struct _MdAutoconfigServer
{
  grefcount       ref_count;
  char           *hostname;
  guint           port;
  MdSmtpSecurity  security;
  char           *authentication;
  char           *username;
};

G_DEFINE_BOXED_TYPE (MdAutoconfigServer, md_autoconfig_server,
                     md_autoconfig_server_ref, md_autoconfig_server_unref)

static MdAutoconfigServer *
md_autoconfig_server_new (void)
{
  MdAutoconfigServer *self = g_new0 (MdAutoconfigServer, 1);

  g_ref_count_init (&self->ref_count);
  self->security = MD_SMTP_SECURITY_AUTO;

  return self;
}

MdAutoconfigServer *
md_autoconfig_server_ref (MdAutoconfigServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

void
md_autoconfig_server_unref (MdAutoconfigServer *self)
{
  g_return_if_fail (self != NULL);

  if (g_ref_count_dec (&self->ref_count))
    {
      g_free (self->hostname);
      g_free (self->authentication);
      g_free (self->username);
      g_free (self);
    }
}

const char *
md_autoconfig_server_get_hostname (MdAutoconfigServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->hostname;
}

guint
md_autoconfig_server_get_port (MdAutoconfigServer *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->port;
}

MdSmtpSecurity
md_autoconfig_server_get_security (MdAutoconfigServer *self)
{
  g_return_val_if_fail (self != NULL, MD_SMTP_SECURITY_AUTO);
  return self->security;
}

/**
 * md_autoconfig_server_get_authentication:
 * @self: a #MdAutoconfigServer
 *
 * Returns: (nullable): the authentication methods in the file's words, in
 *   order of preference, separated by spaces, such as
 *   "OAuth2 password-cleartext"
 */
const char *
md_autoconfig_server_get_authentication (MdAutoconfigServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->authentication;
}

/**
 * md_autoconfig_server_get_username:
 * @self: a #MdAutoconfigServer
 *
 * Returns: (nullable): the user name to use, placeholders replaced
 */
const char *
md_autoconfig_server_get_username (MdAutoconfigServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->username;
}

struct _MdAutoconfig
{
  GObject       parent_instance;

  MdHttpClient *client;
  MdResolver   *resolver;
  gboolean      found;
  char         *provider_name;
  char         *source;
  GPtrArray    *servers;
  GPtrArray    *findings;
};

G_DEFINE_FINAL_TYPE (MdAutoconfig, md_autoconfig, G_TYPE_OBJECT)

/* ---- parsing ----------------------------------------------------------- */

#define MAX_DEPTH       32
#define MAX_TEXT_LENGTH 1024

typedef struct
{
  const char          *email;
  GPtrArray           *servers;
  char                *provider_name;
  MdAutoconfigServer  *current;
  GString             *text;
  guint                depth;
  gboolean             in_provider;
  gboolean             bad_server;
} Parser;

static void
start_element (GMarkupParseContext  *context,
               const char           *element_name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  Parser *parser = user_data;

  parser->depth++;
  g_string_truncate (parser->text, 0);

  if (parser->depth == 1 && !g_str_equal (element_name, "clientConfig"))
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("This is not an autoconfig file (it starts with “%s”)"), element_name);
      return;
    }
  if (parser->depth > MAX_DEPTH)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The autoconfig file is nested too deeply"));
      return;
    }

  if (g_str_equal (element_name, "emailProvider"))
    parser->in_provider = TRUE;
  else if (parser->in_provider && parser->current == NULL &&
           g_str_equal (element_name, "outgoingServer"))
    {
      for (guint i = 0; attribute_names[i] != NULL; i++)
        {
          if (g_str_equal (attribute_names[i], "type") &&
              g_ascii_strcasecmp (attribute_values[i], "smtp") == 0 &&
              parser->servers->len < MD_AUTOCONFIG_MAX_SERVERS)
            {
              parser->current = md_autoconfig_server_new ();
              parser->bad_server = FALSE;
              break; /* GMarkup lets an attribute repeat: one server only */
            }
        }
    }
}

static void
text (GMarkupParseContext  *context,
      const char           *text_value,
      gsize                 text_len,
      gpointer              user_data,
      GError              **error)
{
  Parser *parser = user_data;

  if (parser->text->len + text_len > MAX_TEXT_LENGTH)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The autoconfig file has a value that is too long"));
      return;
    }

  g_string_append_len (parser->text, text_value, text_len);
}

static char *
expand (const char *value,
        const char *email)
{
  g_autoptr(GString) str = g_string_new (value);
  const char *at;
  g_autofree char *local = NULL;

  if (email == NULL || (at = strchr (email, '@')) == NULL)
    return g_string_free (g_steal_pointer (&str), FALSE);

  local = g_strndup (email, at - email);
  g_string_replace (str, "%EMAILADDRESS%", email, 0);
  g_string_replace (str, "%EMAILLOCALPART%", local, 0);
  g_string_replace (str, "%EMAILDOMAIN%", at + 1, 0);

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static gboolean
is_host_name (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > 253)
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_' && *p != ':')
        return FALSE;
    }

  return TRUE;
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element_name,
             gpointer              user_data,
             GError              **error)
{
  Parser *parser = user_data;
  g_autofree char *value = g_strstrip (g_strdup (parser->text->str));

  g_string_truncate (parser->text, 0);
  parser->depth--;

  if (g_str_equal (element_name, "emailProvider"))
    parser->in_provider = FALSE;
  else if (parser->in_provider && parser->current == NULL && parser->depth == 2 &&
           g_str_equal (element_name, "displayName") && parser->provider_name == NULL &&
           *value != '\0')
    parser->provider_name = g_utf8_make_valid (value, -1);

  if (parser->current == NULL)
    return;

  if (g_str_equal (element_name, "hostname"))
    {
      g_free (parser->current->hostname);
      parser->current->hostname = expand (value, parser->email);
    }
  else if (g_str_equal (element_name, "port"))
    {
      guint64 port = 0;

      if (!g_ascii_string_to_unsigned (value, 10, 1, 65535, &port, NULL))
        parser->bad_server = TRUE;
      parser->current->port = (guint) port;
    }
  else if (g_str_equal (element_name, "socketType"))
    {
      if (g_ascii_strcasecmp (value, "SSL") == 0)
        parser->current->security = MD_SMTP_SECURITY_TLS;
      else if (g_ascii_strcasecmp (value, "STARTTLS") == 0)
        parser->current->security = MD_SMTP_SECURITY_STARTTLS;
      else if (g_ascii_strcasecmp (value, "plain") == 0)
        parser->current->security = MD_SMTP_SECURITY_NONE;
      else
        parser->bad_server = TRUE;
    }
  else if (g_str_equal (element_name, "authentication") && *value != '\0' &&
           strchr (value, ' ') == NULL)
    {
      char *joined = parser->current->authentication == NULL
                     ? g_strdup (value)
                     : g_strconcat (parser->current->authentication, " ", value, NULL);

      g_free (parser->current->authentication);
      parser->current->authentication = joined;
    }
  else if (g_str_equal (element_name, "username"))
    {
      g_free (parser->current->username);
      parser->current->username = expand (value, parser->email);
    }
  else if (g_str_equal (element_name, "outgoingServer"))
    {
      MdAutoconfigServer *server = g_steal_pointer (&parser->current);

      if (!parser->bad_server && server->hostname != NULL && is_host_name (server->hostname) &&
          server->port != 0 && server->security != MD_SMTP_SECURITY_AUTO)
        g_ptr_array_add (parser->servers, server);
      else
        md_autoconfig_server_unref (server);
    }
}

static const GMarkupParser markup_parser = {
  start_element,
  end_element,
  text,
  NULL,
  NULL,
};

static void
md_autoconfig_reset (MdAutoconfig *self)
{
  self->found = FALSE;
  g_clear_pointer (&self->provider_name, g_free);
  g_clear_pointer (&self->source, g_free);
  g_ptr_array_set_size (self->servers, 0);
  g_ptr_array_set_size (self->findings, 0);
}

static void
add_finding (GPtrArray  *findings,
             MdSeverity  severity,
             MdStep      step,
             const char *code,
             const char *title,
             const char *detail,
             const char *advice,
             const char *evidence)
{
  MdFinding *finding = md_finding_new (severity, step, code, title, detail, advice);

  md_finding_set_evidence (finding, evidence);
  g_ptr_array_add (findings, finding);
}

static void
add_found_finding (MdAutoconfig *self)
{
  g_autoptr(GString) detail = g_string_new (NULL);

  for (guint i = 0; i < self->servers->len; i++)
    {
      MdAutoconfigServer *server = g_ptr_array_index (self->servers, i);

      if (i > 0)
        g_string_append_c (detail, '\n');
      /* Translators: one recommended outgoing server: name, port, security */
      g_string_append_printf (detail, _("Outgoing server %s, port %u, security “%s”"),
                              server->hostname, server->port,
                              md_smtp_security_get_label (server->security));
    }

  add_finding (self->findings, MD_SEVERITY_INFO, MD_STEP_CONSULT_PROVIDER, "autoconfig.found",
               _("Your provider publishes the settings for email programs"),
               detail->str,
               _("Compare them with the settings of your email program."),
               self->source);
}

/**
 * md_autoconfig_load_from_data:
 * @self: a #MdAutoconfig
 * @data: (array length=length): an autoconfig XML file
 * @length: the length of @data, or -1 if it is nul-terminated
 * @email_address: (nullable): the user's address, for the placeholders
 * @source: (nullable): where the file came from, shown as evidence
 * @error: return location for an error
 *
 * Parses an autoconfig file and keeps its valid outgoing SMTP servers
 * (invalid ones are skipped). The parser is GMarkup: no DTDs, no external
 * entities.
 *
 * Returns: %TRUE if the file was valid and named at least one outgoing
 *   server
 */
gboolean
md_autoconfig_load_from_data (MdAutoconfig  *self,
                              const char    *data,
                              gssize         length,
                              const char    *email_address,
                              const char    *source,
                              GError       **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func ((GDestroyNotify) md_autoconfig_server_unref);
  g_autoptr(GString) text_buffer = g_string_new (NULL);
  Parser parser = { email_address, servers, NULL, NULL, text_buffer, 0, FALSE, FALSE };
  gboolean ok;

  g_return_val_if_fail (MD_IS_AUTOCONFIG (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (length < 0)
    length = strlen (data);

  md_autoconfig_reset (self);

  if ((gsize) length > MD_AUTOCONFIG_MAX_SIZE)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The autoconfig file is too large"));
      return FALSE;
    }

  context = g_markup_parse_context_new (&markup_parser, G_MARKUP_PREFIX_ERROR_POSITION,
                                        &parser, NULL);
  ok = g_markup_parse_context_parse (context, data, length, error) &&
       g_markup_parse_context_end_parse (context, error);

  if (parser.current != NULL)
    md_autoconfig_server_unref (parser.current);

  if (!ok)
    {
      g_free (parser.provider_name);
      if (error != NULL && *error != NULL && (*error)->domain != MD_DATA_ERROR)
        {
          /* GLib 2.74's GMarkup can quote half of a UTF-8 character. */
          g_autofree char *detail = g_utf8_make_valid ((*error)->message, -1);
          GError *wrapped = g_error_new (MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                                         _("The autoconfig file is not valid XML: %s"),
                                         detail);

          g_clear_error (error);
          g_propagate_error (error, wrapped);
        }
      return FALSE;
    }

  if (servers->len == 0)
    {
      g_free (parser.provider_name);
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The autoconfig file names no usable outgoing server"));
      return FALSE;
    }

  self->found = TRUE;
  self->provider_name = parser.provider_name;
  self->source = g_strdup (source);
  g_ptr_array_extend_and_steal (self->servers, g_steal_pointer (&servers));
  add_found_finding (self);

  return TRUE;
}

/* ---- lookup ------------------------------------------------------------ */

typedef struct
{
  char      *email;
  char      *domain;
  GStrv      urls;
  guint      next;
  guint      srv_next;
  GPtrArray *srv_servers;
  GString   *tried;
} Lookup;

static const struct {
  const char     *prefix;
  MdSmtpSecurity  security;
} srv_services[] = {
  /* RFC 8314 5.1: implicit TLS first. */
  { "_submissions._tcp.", MD_SMTP_SECURITY_TLS },
  { "_submission._tcp.", MD_SMTP_SECURITY_STARTTLS },
};

static void
lookup_free (Lookup *lookup)
{
  g_free (lookup->email);
  g_free (lookup->domain);
  g_ptr_array_unref (lookup->srv_servers);
  g_strfreev (lookup->urls);
  g_string_free (lookup->tried, TRUE);
  g_free (lookup);
}

static void try_next (GTask *task);

/* Lowest priority first, then highest weight (RFC 2782, without the
 * random pick: we list them all). */
static gint
compare_srv (gconstpointer a,
             gconstpointer b)
{
  const MdDnsRecord *ra = *(const MdDnsRecord * const *) a;
  const MdDnsRecord *rb = *(const MdDnsRecord * const *) b;

  if (ra->priority != rb->priority)
    return ra->priority < rb->priority ? -1 : 1;
  return (int) rb->weight - (int) ra->weight;
}

static void
srv_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  guint service = lookup->srv_next - 1;
  g_autofree char *name = g_strconcat (srv_services[service].prefix, lookup->domain, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  records = md_resolver_lookup_finish (MD_RESOLVER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (records == NULL)
    g_string_append_printf (lookup->tried, "%s SRV: %s\n", name, error->message);
  else
    g_ptr_array_sort (records, compare_srv);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      MdDnsRecord *record = g_ptr_array_index (records, i);
      g_autofree char *target = g_strdup (record->value);
      gsize len = strlen (target);
      MdAutoconfigServer *server;

      if (len > 0 && target[len - 1] == '.')
        target[--len] = '\0';
      /* A target of "." says the service is not offered (RFC 2782). */
      if (record->type != MD_DNS_TYPE_SRV || len == 0 || record->port == 0 ||
          !is_host_name (target) || lookup->srv_servers->len >= MD_AUTOCONFIG_MAX_SERVERS)
        continue;

      server = md_autoconfig_server_new ();
      server->hostname = g_steal_pointer (&target);
      server->port = record->port;
      server->security = srv_services[service].security;
      g_ptr_array_add (lookup->srv_servers, server);
    }

  try_next (task);
}

static void
get_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MdAutoconfig *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  const char *url = lookup->urls[lookup->next - 1];
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = md_http_client_get_finish (MD_HTTP_CLIENT (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (body != NULL)
    {
      gsize size;
      const char *data = g_bytes_get_data (body, &size);

      if (md_autoconfig_load_from_data (self, data != NULL ? data : "", size, lookup->email, url, &error))
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
    }

  g_string_append_printf (lookup->tried, "%s: %s\n", url, error->message);
  try_next (task);
}

static void
try_next (GTask *task)
{
  MdAutoconfig *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);

  if (lookup->urls[lookup->next] == NULL && lookup->srv_next < G_N_ELEMENTS (srv_services))
    {
      g_autofree char *name = g_strconcat (srv_services[lookup->srv_next].prefix, lookup->domain, NULL);

      if (self->resolver == NULL)
        self->resolver = md_resolver_new ();
      lookup->srv_next++;
      md_resolver_lookup_async (self->resolver, name, MD_DNS_TYPE_SRV,
                                g_task_get_cancellable (task), srv_cb, g_object_ref (task));
      return;
    }

  if (lookup->urls[lookup->next] == NULL && lookup->srv_servers->len > 0)
    {
      g_autoptr(GString) source = g_string_new (NULL);

      md_autoconfig_reset (self);
      for (guint i = 0; i < G_N_ELEMENTS (srv_services); i++)
        g_string_append_printf (source, "%s%s%s SRV", i > 0 ? ", " : "", srv_services[i].prefix,
                                lookup->domain);
      self->found = TRUE;
      self->source = g_string_free (g_steal_pointer (&source), FALSE);
      g_ptr_array_extend_and_steal (self->servers, g_steal_pointer (&lookup->srv_servers));
      lookup->srv_servers = g_ptr_array_new ();
      add_found_finding (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (lookup->urls[lookup->next] == NULL)
    {
      md_autoconfig_reset (self);
      g_string_truncate (lookup->tried, lookup->tried->len > 0 ? lookup->tried->len - 1 : 0);
      add_finding (self->findings, MD_SEVERITY_INFO, MD_STEP_CONSULT_PROVIDER, "autoconfig.not-found",
                   _("Your provider’s recommended settings could not be found"),
                   _("Many providers publish the settings for email programs in a standard place, so that programs can set themselves up; yours does not, or it could not be reached."),
                   _("Look for “SMTP settings” or “email program settings” on your provider’s help pages."),
                   lookup->tried->str);
      g_task_return_boolean (task, TRUE);
      return;
    }

  md_http_client_get_async (self->client, lookup->urls[lookup->next++], MD_HTTP_GET_NONE,
                            MD_AUTOCONFIG_MAX_SIZE, g_task_get_cancellable (task), get_cb,
                            g_object_ref (task));
}

static gboolean
is_valid_domain (const char *domain)
{
  return *domain != '\0' && is_host_name (domain) && strchr (domain, ':') == NULL &&
         strchr (domain, '_') == NULL && domain[0] != '.' && domain[0] != '-' &&
         strstr (domain, "..") == NULL;
}

/**
 * md_autoconfig_lookup_async:
 * @self: a #MdAutoconfig
 * @email_address: the user's email address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Looks up the provider's recommended settings for @email_address, trying
 * the usual places one after the other.
 */
void
md_autoconfig_lookup_async (MdAutoconfig        *self,
                            const char          *email_address,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *escaped = NULL;
  const char *at;
  Lookup *lookup;

  g_return_if_fail (MD_IS_AUTOCONFIG (self));
  g_return_if_fail (email_address != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_autoconfig_lookup_async);

  md_autoconfig_reset (self);

  at = strrchr (email_address, '@');
  domain = g_ascii_strdown (at != NULL ? at + 1 : "", -1);
  if (at == NULL || at == email_address || !is_valid_domain (domain))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not an email address"), email_address);
      return;
    }

  escaped = g_uri_escape_string (email_address, NULL, FALSE);
  lookup = g_new0 (Lookup, 1);
  lookup->email = g_strdup (email_address);
  lookup->domain = g_strdup (domain);
  lookup->srv_servers = g_ptr_array_new_with_free_func ((GDestroyNotify) md_autoconfig_server_unref);
  lookup->tried = g_string_new (NULL);
  lookup->urls = g_new0 (char *, 4);
  lookup->urls[0] = g_strdup_printf ("https://autoconfig.%s/mail/config-v1.1.xml?emailaddress=%s",
                                     domain, escaped);
  lookup->urls[1] = g_strdup_printf ("https://%s/.well-known/autoconfig/mail/config-v1.1.xml",
                                     domain);
  lookup->urls[2] = g_strdup_printf ("https://autoconfig.thunderbird.net/v1.1/%s", domain);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);

  try_next (task);
}

/**
 * md_autoconfig_lookup_finish:
 * @self: a #MdAutoconfig
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the lookup ran, whether or not settings were found
 *   (see md_autoconfig_get_found() and md_autoconfig_get_findings());
 *   %FALSE when cancelled or given a bad address
 */
gboolean
md_autoconfig_lookup_finish (MdAutoconfig  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (MD_IS_AUTOCONFIG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- results ------------------------------------------------------------ */

gboolean
md_autoconfig_get_found (MdAutoconfig *self)
{
  g_return_val_if_fail (MD_IS_AUTOCONFIG (self), FALSE);
  return self->found;
}

/**
 * md_autoconfig_get_provider_name:
 * @self: a #MdAutoconfig
 *
 * Returns: (nullable): the provider's display name from the file
 */
const char *
md_autoconfig_get_provider_name (MdAutoconfig *self)
{
  g_return_val_if_fail (MD_IS_AUTOCONFIG (self), NULL);
  return self->provider_name;
}

/**
 * md_autoconfig_get_source:
 * @self: a #MdAutoconfig
 *
 * Returns: (nullable): the URL the settings came from
 */
const char *
md_autoconfig_get_source (MdAutoconfig *self)
{
  g_return_val_if_fail (MD_IS_AUTOCONFIG (self), NULL);
  return self->source;
}

/**
 * md_autoconfig_get_outgoing_servers:
 * @self: a #MdAutoconfig
 *
 * Returns: (transfer none) (element-type MdAutoconfigServer): the recommended
 *   outgoing servers, best first
 */
GPtrArray *
md_autoconfig_get_outgoing_servers (MdAutoconfig *self)
{
  g_return_val_if_fail (MD_IS_AUTOCONFIG (self), NULL);
  return self->servers;
}

/**
 * md_autoconfig_get_findings:
 * @self: a #MdAutoconfig
 *
 * Returns: (transfer none) (element-type MdFinding): what the lookup found
 *   ("autoconfig.found" or "autoconfig.not-found")
 */
GPtrArray *
md_autoconfig_get_findings (MdAutoconfig *self)
{
  g_return_val_if_fail (MD_IS_AUTOCONFIG (self), NULL);
  return self->findings;
}

static gboolean
same_host (const char *a,
           const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);

  /* "smtp.example.com." is "smtp.example.com". */
  if (la > 0 && a[la - 1] == '.')
    la--;
  if (lb > 0 && b[lb - 1] == '.')
    lb--;

  return la == lb && g_ascii_strncasecmp (a, b, la) == 0;
}

/**
 * md_autoconfig_compare:
 * @self: a #MdAutoconfig with settings found
 * @host: the outgoing server in the user's settings
 * @port: its port, 0 if unknown
 * @security: its security, %MD_SMTP_SECURITY_AUTO if unknown
 *
 * Compares the user's settings with the recommended ones.
 *
 * Returns: (transfer full) (element-type MdFinding): findings for step 5,
 *   empty when nothing was found to compare with
 */
GPtrArray *
md_autoconfig_compare (MdAutoconfig   *self,
                       const char     *host,
                       guint           port,
                       MdSmtpSecurity  security)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  MdAutoconfigServer *match = NULL;
  MdAutoconfigServer *best;
  const char *provider;

  g_return_val_if_fail (MD_IS_AUTOCONFIG (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  if (self->servers->len == 0)
    return g_steal_pointer (&findings);

  best = g_ptr_array_index (self->servers, 0);
  provider = self->provider_name != NULL ? self->provider_name : _("Your provider");

  for (guint i = 0; i < self->servers->len && match == NULL; i++)
    {
      MdAutoconfigServer *server = g_ptr_array_index (self->servers, i);

      if (same_host (server->hostname, host) &&
          (port == 0 || server->port == port) &&
          (security == MD_SMTP_SECURITY_AUTO || server->security == security))
        match = server;
    }
  for (guint i = 0; i < self->servers->len && match == NULL; i++)
    {
      MdAutoconfigServer *server = g_ptr_array_index (self->servers, i);

      if (same_host (server->hostname, host))
        match = server;
    }

  if (match == NULL)
    {
      /* Translators: the first %s is the provider's name */
      g_autofree char *detail = g_strdup_printf (_("%s recommends the outgoing server “%s”, but your settings use “%s”."),
                                                 provider, best->hostname, host);
      g_autofree char *advice = g_strdup_printf (_("Set the outgoing server to “%s”, port %u, security “%s”."),
                                                 best->hostname, best->port,
                                                 md_smtp_security_get_label (best->security));

      add_finding (findings, MD_SEVERITY_WARNING, MD_STEP_CHECK_SETTINGS,
                   "autoconfig.host-differs",
                   _("The outgoing server differs from your provider’s recommendation"),
                   detail, advice, self->source);
      return g_steal_pointer (&findings);
    }

  if (port != 0 && port != match->port)
    {
      g_autofree char *detail = g_strdup_printf (_("%s recommends port %u for “%s”, but your settings use port %u."),
                                                 provider, match->port, match->hostname, port);
      g_autofree char *advice = g_strdup_printf (_("Set the outgoing server port to %u, security “%s”."),
                                                 match->port,
                                                 md_smtp_security_get_label (match->security));

      add_finding (findings, MD_SEVERITY_WARNING, MD_STEP_CHECK_SETTINGS,
                   "autoconfig.port-differs",
                   _("The port differs from your provider’s recommendation"),
                   detail, advice, self->source);
    }

  if (security != MD_SMTP_SECURITY_AUTO && security != match->security)
    {
      g_autofree char *detail = g_strdup_printf (_("%s recommends the security “%s” for “%s”, but your settings use “%s”."),
                                                 provider,
                                                 md_smtp_security_get_label (match->security),
                                                 match->hostname,
                                                 md_smtp_security_get_label (security));
      g_autofree char *advice = g_strdup_printf (_("Set the security (encryption) of the outgoing server to “%s”, port %u."),
                                                 md_smtp_security_get_label (match->security),
                                                 match->port);

      add_finding (findings, MD_SEVERITY_WARNING, MD_STEP_CHECK_SETTINGS,
                   "autoconfig.security-differs",
                   _("The security setting differs from your provider’s recommendation"),
                   detail, advice, self->source);
    }

  if (findings->len == 0)
    {
      g_autofree char *detail = g_strdup_printf (_("Your outgoing server settings are the ones %s recommends."),
                                                 provider);

      add_finding (findings, MD_SEVERITY_OK, MD_STEP_CHECK_SETTINGS,
                   "autoconfig.settings-match",
                   _("Your settings match your provider’s recommendation"),
                   detail, NULL, self->source);
    }

  if (match->authentication != NULL && g_str_has_prefix (match->authentication, "OAuth2") &&
      strstr (match->authentication, "password") == NULL)
    {
      add_finding (findings, MD_SEVERITY_INFO, MD_STEP_CHECK_SETTINGS,
                   "autoconfig.oauth2",
                   _("Your provider wants you to log in through its website"),
                   _("This provider does not accept your password in email programs; the program opens the provider’s login page instead (OAuth2)."),
                   _("Choose “OAuth2” as the authentication method in your email program."),
                   match->authentication);
    }

  return g_steal_pointer (&findings);
}

/* ---- object ----------------------------------------------------------- */

static void
md_autoconfig_finalize (GObject *object)
{
  MdAutoconfig *self = (MdAutoconfig *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->resolver);
  g_clear_pointer (&self->provider_name, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->servers, g_ptr_array_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);

  G_OBJECT_CLASS (md_autoconfig_parent_class)->finalize (object);
}

static void
md_autoconfig_class_init (MdAutoconfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_autoconfig_finalize;
}

static void
md_autoconfig_init (MdAutoconfig *self)
{
  self->servers = g_ptr_array_new_with_free_func ((GDestroyNotify) md_autoconfig_server_unref);
  self->findings = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * md_autoconfig_set_resolver:
 * @self: a #MdAutoconfig
 * @resolver: (nullable): the resolver for the SRV records, %NULL for one
 *   that asks the system's DNS servers
 */
void
md_autoconfig_set_resolver (MdAutoconfig *self,
                            MdResolver   *resolver)
{
  g_return_if_fail (MD_IS_AUTOCONFIG (self));
  g_return_if_fail (resolver == NULL || MD_IS_RESOLVER (resolver));

  g_set_object (&self->resolver, resolver);
}

/**
 * md_autoconfig_new:
 * @client: (nullable): the HTTP client to share (its base URL and CA file
 *   apply), or %NULL for a new one
 *
 * Returns: (transfer full): a new #MdAutoconfig
 */
MdAutoconfig *
md_autoconfig_new (MdHttpClient *client)
{
  MdAutoconfig *self;

  g_return_val_if_fail (client == NULL || MD_IS_HTTP_CLIENT (client), NULL);

  self = g_object_new (MD_TYPE_AUTOCONFIG, NULL);
  self->client = client != NULL ? g_object_ref (client) : md_http_client_new ();

  return self;
}
