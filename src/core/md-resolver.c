/* md-resolver.c: a c-ares channel driven by the GLib main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <ares.h>

#include "md-error.h"
#include "md-resolver.h"

#define DEFAULT_TIMEOUT_MS 2500
#define DEFAULT_TRIES      2
#define MAX_ADDRESSES      64

/* DNS record type numbers (RFC 1035, 3596, 2782). */
#define RR_A     1
#define RR_NS    2
#define RR_CNAME 5
#define RR_MX    15
#define RR_TXT   16
#define RR_AAAA  28
#define RR_SRV   33

/**
 * MdResolver:
 *
 * One c-ares channel with many queries in flight. The sockets of the channel
 * and its timeout are watched by sources in the main context that was the
 * thread-default one when the resolver was created; every query completes
 * there. Cancel queries from that thread.
 */
struct _MdResolver
{
  GObject       parent_instance;

  ares_channel  channel;
  gboolean      channel_ready;
  char         *server;
  guint         timeout_ms;
  guint         tries;
  guint         n_queries;

  GMainContext *context;
  GHashTable   *watches;    /* fd -> GSource */
  GSource      *timer;
};

G_DEFINE_FINAL_TYPE (MdResolver, md_resolver, G_TYPE_OBJECT)

typedef struct
{
  MdResolver *self;         /* unowned: the task holds the reference */
  GTask      *task;         /* NULL once returned early (cancelled) */
  GSource    *cancel_source;
  MdDnsType   type;
  char       *name;
} Query;

G_DEFINE_BOXED_TYPE (MdDnsRecord, md_dns_record, md_dns_record_copy, md_dns_record_free)

/**
 * md_dns_record_new:
 * @type: the record type
 * @value: the value, see #MdDnsRecord
 *
 * Returns: (transfer full): a new record
 */
MdDnsRecord *
md_dns_record_new (MdDnsType   type,
                   const char *value)
{
  MdDnsRecord *record;

  g_return_val_if_fail (value != NULL, NULL);

  record = g_new0 (MdDnsRecord, 1);
  record->type = type;
  record->value = g_strdup (value);

  return record;
}

MdDnsRecord *
md_dns_record_copy (const MdDnsRecord *record)
{
  MdDnsRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_memdup2 (record, sizeof *record);
  copy->value = g_strdup (record->value);

  return copy;
}

void
md_dns_record_free (MdDnsRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->value);
  g_free (record);
}

/**
 * md_dns_record_to_string:
 * @record: a record
 *
 * Returns: (transfer full): the record's data in zone-file notation, such as
 *   `MX 10 mx1.example.com.` or `TXT "v=spf1 -all"`, for evidence
 */
char *
md_dns_record_to_string (const MdDnsRecord *record)
{
  const char *type;

  g_return_val_if_fail (record != NULL, NULL);

  type = md_dns_type_to_string (record->type);
  switch (record->type)
    {
    case MD_DNS_TYPE_MX:
      return g_strdup_printf ("%s %u %s.", type, record->priority, record->value);
    case MD_DNS_TYPE_SRV:
      return g_strdup_printf ("%s %u %u %u %s.", type, record->priority, record->weight,
                              record->port, record->value);
    case MD_DNS_TYPE_CNAME:
    case MD_DNS_TYPE_NS:
      return g_strdup_printf ("%s %s.", type, record->value);
    case MD_DNS_TYPE_TXT:
      {
        g_autofree char *escaped = g_strescape (record->value, NULL);
        return g_strdup_printf ("%s \"%s\"", type, escaped);
      }
    case MD_DNS_TYPE_A:
    case MD_DNS_TYPE_AAAA:
    default:
      return g_strdup_printf ("%s %s", type, record->value);
    }
}

/**
 * md_dns_type_to_string:
 * @type: a record type
 *
 * Returns: the record type's mnemonic, such as "MX"
 */
const char *
md_dns_type_to_string (MdDnsType type)
{
  static const char * const names[] = { "A", "AAAA", "MX", "TXT", "CNAME", "SRV", "NS" };

  g_return_val_if_fail (type <= MD_DNS_TYPE_NS, NULL);

  return names[type];
}

static int
dns_type_to_rr (MdDnsType type)
{
  static const int rr[] = { RR_A, RR_AAAA, RR_MX, RR_TXT, RR_CNAME, RR_SRV, RR_NS };

  return rr[type];
}

static gpointer
library_init_once (gpointer data)
{
  int status = ares_library_init (ARES_LIB_INIT_ALL);

  return GINT_TO_POINTER (status);
}

static int
ensure_library (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, library_init_once, NULL);
  return GPOINTER_TO_INT (once.retval);
}

static void update_timer (MdResolver *self);

static void
process (MdResolver    *self,
         ares_socket_t  read_fd,
         ares_socket_t  write_fd)
{
  /* A query's callback may drop the last reference to us. */
  g_object_ref (self);
  ares_process_fd (self->channel, read_fd, write_fd);
  update_timer (self);
  g_object_unref (self);
}

static gboolean
on_socket_ready (int           fd,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  MdResolver *self = user_data;
  gboolean readable = (condition & (G_IO_IN | G_IO_HUP | G_IO_ERR)) != 0;
  gboolean writable = (condition & G_IO_OUT) != 0;

  process (self,
           readable ? fd : ARES_SOCKET_BAD,
           writable ? fd : ARES_SOCKET_BAD);

  /* c-ares removes or replaces the watch through on_sock_state(). */
  return G_SOURCE_CONTINUE;
}

static void
destroy_source (gpointer data)
{
  GSource *source = data;

  g_source_destroy (source);
  g_source_unref (source);
}

static void
on_sock_state (void          *data,
               ares_socket_t  fd,
               int            readable,
               int            writable)
{
  MdResolver *self = data;
  GIOCondition condition = 0;
  GSource *source;

  g_hash_table_remove (self->watches, GINT_TO_POINTER (fd));

  if (readable)
    condition |= G_IO_IN;
  if (writable)
    condition |= G_IO_OUT;
  if (condition == 0)
    return;

  source = g_unix_fd_source_new (fd, condition);
  g_source_set_static_name (source, "[md-resolver socket]");
  g_source_set_callback (source, G_SOURCE_FUNC (on_socket_ready), self, NULL);
  g_source_attach (source, self->context);
  g_hash_table_insert (self->watches, GINT_TO_POINTER (fd), source);
}

static gboolean
on_timer (gpointer user_data)
{
  MdResolver *self = user_data;

  process (self, ARES_SOCKET_BAD, ARES_SOCKET_BAD);

  return G_SOURCE_REMOVE;
}

static void
update_timer (MdResolver *self)
{
  struct timeval tv;
  struct timeval *next;
  guint ms;

  g_clear_pointer (&self->timer, destroy_source);

  if (self->channel_ready == FALSE)
    return;

  next = ares_timeout (self->channel, NULL, &tv);
  if (next == NULL)
    return;

  ms = (guint) (next->tv_sec * 1000 + (next->tv_usec + 999) / 1000);
  self->timer = g_timeout_source_new (ms);
  g_source_set_static_name (self->timer, "[md-resolver timeout]");
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_attach (self->timer, self->context);
}

static void
md_resolver_finalize (GObject *object)
{
  MdResolver *self = (MdResolver *)object;

  /* Calls back every query still in c-ares with ARES_EDESTRUCTION. */
  if (self->channel_ready)
    ares_destroy (self->channel);
  self->channel_ready = FALSE;

  g_clear_pointer (&self->timer, destroy_source);
  g_clear_pointer (&self->watches, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->server, g_free);

  G_OBJECT_CLASS (md_resolver_parent_class)->finalize (object);
}

static void
md_resolver_class_init (MdResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_resolver_finalize;
}

static void
md_resolver_init (MdResolver *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->watches = g_hash_table_new_full (NULL, NULL, NULL, destroy_source);
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->tries = DEFAULT_TRIES;
}

static gboolean
md_resolver_setup (MdResolver  *self,
                   GError     **error)
{
  struct ares_options options = { 0 };
  int optmask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS;
  int status;

  status = ensure_library ();
  if (status != ARES_SUCCESS)
    {
      g_set_error (error, MD_DNS_ERROR, MD_DNS_ERROR_FAILED,
                   _("Could not start the DNS resolver: %s"), ares_strerror (status));
      return FALSE;
    }

  options.sock_state_cb = on_sock_state;
  options.sock_state_cb_data = self;
  options.timeout = (int) self->timeout_ms;
  options.tries = (int) self->tries;
  /* NOCHECKRESP: hand SERVFAIL and REFUSED to us as they are; otherwise
   * c-ares 1.18 retries them and reports "could not contact DNS servers",
   * and the user could not be told that the domain's DNS is failing. */
  options.flags = ARES_FLAG_NOSEARCH | ARES_FLAG_NOCHECKRESP;

  status = ares_init_options (&self->channel, &options, optmask);
  if (status != ARES_SUCCESS)
    {
      g_set_error (error, MD_DNS_ERROR, MD_DNS_ERROR_FAILED,
                   _("Could not start the DNS resolver: %s"), ares_strerror (status));
      return FALSE;
    }
  self->channel_ready = TRUE;

  if (self->server != NULL)
    {
      status = ares_set_servers_ports_csv (self->channel, self->server);
      if (status != ARES_SUCCESS)
        {
          g_set_error (error, MD_DNS_ERROR, MD_DNS_ERROR_FAILED,
                       _("“%s” is not a valid DNS server address (expected an IP address and an optional port, such as 127.0.0.1:5353)"),
                       self->server);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * md_resolver_new:
 *
 * Creates a resolver that asks the system's DNS servers.
 *
 * Returns: (transfer full) (nullable): a new resolver, or %NULL if c-ares
 *   cannot start (which is logged)
 */
MdResolver *
md_resolver_new (void)
{
  g_autoptr(GError) error = NULL;
  MdResolver *self;

  self = md_resolver_new_full (NULL, 0, 0, &error);
  if (self == NULL)
    g_warning ("%s", error->message);

  return self;
}

/**
 * md_resolver_new_with_server:
 * @server: (nullable): servers as "IP", "IP:PORT" or "[IPv6]:PORT",
 *   comma-separated; %NULL for the system's servers
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): a new resolver
 */
MdResolver *
md_resolver_new_with_server (const char  *server,
                             GError     **error)
{
  return md_resolver_new_full (server, 0, 0, error);
}

/**
 * md_resolver_new_full:
 * @server: (nullable): as for md_resolver_new_with_server()
 * @timeout_ms: the timeout of the first try of a query in milliseconds
 *   (c-ares doubles it for each retry), or 0 for the default
 * @tries: how often a query is sent before it times out, or 0 for the
 *   default
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): a new resolver
 */
MdResolver *
md_resolver_new_full (const char  *server,
                      guint        timeout_ms,
                      guint        tries,
                      GError     **error)
{
  g_autoptr(MdResolver) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MD_TYPE_RESOLVER, NULL);
  self->server = (server != NULL && *server != '\0') ? g_strdup (server) : NULL;
  if (timeout_ms > 0)
    self->timeout_ms = timeout_ms;
  if (tries > 0)
    self->tries = tries;

  if (!md_resolver_setup (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * md_resolver_get_server:
 * @self: a #MdResolver
 *
 * Returns: (nullable): the server override, or %NULL for the system's
 */
const char *
md_resolver_get_server (MdResolver *self)
{
  g_return_val_if_fail (MD_IS_RESOLVER (self), NULL);
  return self->server;
}

guint
md_resolver_get_timeout_ms (MdResolver *self)
{
  g_return_val_if_fail (MD_IS_RESOLVER (self), 0);
  return self->timeout_ms;
}

guint
md_resolver_get_tries (MdResolver *self)
{
  g_return_val_if_fail (MD_IS_RESOLVER (self), 0);
  return self->tries;
}

/**
 * md_resolver_get_n_queries:
 * @self: a #MdResolver
 *
 * Returns: the number of queries c-ares is working on right now
 */
guint
md_resolver_get_n_queries (MdResolver *self)
{
  g_return_val_if_fail (MD_IS_RESOLVER (self), 0);
  return self->n_queries;
}

static void
query_free (Query *query)
{
  if (query->cancel_source != NULL)
    destroy_source (query->cancel_source);
  g_clear_object (&query->task);
  g_free (query->name);
  g_free (query);
}

static void
set_error_from_status (GError     **error,
                       int          status,
                       const char  *name,
                       MdDnsType    type)
{
  const char *type_name = md_dns_type_to_string (type);

  switch (status)
    {
    case ARES_ENOTFOUND:
      g_set_error (error, MD_DNS_ERROR, MD_DNS_ERROR_NOT_FOUND,
                   _("The name “%s” does not exist in DNS"), name);
      break;
    case ARES_ENODATA:
      g_set_error (error, MD_DNS_ERROR, MD_DNS_ERROR_NO_DATA,
                   _("The name “%s” has no %s records"), name, type_name);
      break;
    case ARES_ESERVFAIL:
      g_set_error (error, MD_DNS_ERROR, MD_DNS_ERROR_SERVER_FAILURE,
                   _("The DNS server failed to look up “%s”"), name);
      break;
    case ARES_EREFUSED:
      g_set_error (error, MD_DNS_ERROR, MD_DNS_ERROR_REFUSED,
                   _("The DNS server refused to look up “%s”"), name);
      break;
    case ARES_ETIMEOUT:
      g_set_error (error, MD_DNS_ERROR, MD_DNS_ERROR_TIMEOUT,
                   _("The DNS server did not answer in time when looking up “%s”"), name);
      break;
    case ARES_EBADNAME:
      g_set_error (error, MD_DNS_ERROR, MD_DNS_ERROR_BAD_NAME,
                   _("“%s” is not a valid domain name"), name);
      break;
    case ARES_EFORMERR:
    case ARES_EBADRESP:
    case ARES_ENOTIMP:
    case ARES_EBADSTR:
      g_set_error (error, MD_DNS_ERROR, MD_DNS_ERROR_BAD_REPLY,
                   _("The DNS server sent a broken reply when looking up “%s”"), name);
      break;
    case ARES_ECANCELLED:
    case ARES_EDESTRUCTION:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The DNS lookup was cancelled"));
      break;
    case ARES_ECONNREFUSED:
    default:
      g_set_error (error, MD_DNS_ERROR, MD_DNS_ERROR_FAILED,
                   _("Could not look up “%s”: %s"), name, ares_strerror (status));
      break;
    }
}

static char *
safe_string (const char *bytes,
             gssize      length)
{
  return g_utf8_make_valid (bytes, length);
}

/* c-ares 1.18 has no CNAME parser: walk the answer section ourselves. */
static int
parse_cname_reply (const unsigned char  *abuf,
                   int                   alen,
                   GPtrArray            *records)
{
  const unsigned char *p;
  const unsigned char *end = abuf + alen;
  guint qdcount;
  guint ancount;

  if (alen < 12)
    return ARES_EBADRESP;

  qdcount = (abuf[4] << 8) | abuf[5];
  ancount = (abuf[6] << 8) | abuf[7];
  p = abuf + 12;

  for (guint i = 0; i < qdcount; i++)
    {
      char *name = NULL;
      long len = 0;

      if (ares_expand_name (p, abuf, alen, &name, &len) != ARES_SUCCESS)
        return ARES_EBADRESP;
      ares_free_string (name);
      p += len + 4;
      if (p > end)
        return ARES_EBADRESP;
    }

  for (guint i = 0; i < ancount; i++)
    {
      char *name = NULL;
      long len = 0;
      guint type;
      guint rdlength;

      if (ares_expand_name (p, abuf, alen, &name, &len) != ARES_SUCCESS)
        return ARES_EBADRESP;
      ares_free_string (name);
      p += len;
      if (p + 10 > end)
        return ARES_EBADRESP;
      type = (p[0] << 8) | p[1];
      rdlength = (p[8] << 8) | p[9];
      p += 10;
      if (p + rdlength > end)
        return ARES_EBADRESP;

      if (type == RR_CNAME)
        {
          char *target = NULL;

          if (ares_expand_name (p, abuf, alen, &target, &len) != ARES_SUCCESS)
            return ARES_EBADRESP;
          g_ptr_array_add (records, md_dns_record_new (MD_DNS_TYPE_CNAME, target));
          ares_free_string (target);
          break;
        }
      p += rdlength;
    }

  return records->len > 0 ? ARES_SUCCESS : ARES_ENODATA;
}

static int
compare_mx (gconstpointer a,
            gconstpointer b)
{
  const MdDnsRecord *ra = *(const MdDnsRecord * const *) a;
  const MdDnsRecord *rb = *(const MdDnsRecord * const *) b;

  if (ra->priority != rb->priority)
    return ra->priority < rb->priority ? -1 : 1;
  return g_strcmp0 (ra->value, rb->value);
}

static int
parse_reply (MdDnsType             type,
             const unsigned char  *abuf,
             int                   alen,
             GPtrArray            *records)
{
  int status = ARES_ENODATA;

  switch (type)
    {
    case MD_DNS_TYPE_A:
      {
        struct ares_addrttl addrs[MAX_ADDRESSES];
        int n = MAX_ADDRESSES;
        struct hostent *host = NULL;

        status = ares_parse_a_reply (abuf, alen, &host, addrs, &n);
        if (host != NULL)
          ares_free_hostent (host);
        for (int i = 0; status == ARES_SUCCESS && i < n; i++)
          {
            char text[INET_ADDRSTRLEN];

            inet_ntop (AF_INET, &addrs[i].ipaddr, text, sizeof text);
            g_ptr_array_add (records, md_dns_record_new (type, text));
          }
        break;
      }

    case MD_DNS_TYPE_AAAA:
      {
        struct ares_addr6ttl addrs[MAX_ADDRESSES];
        int n = MAX_ADDRESSES;
        struct hostent *host = NULL;

        status = ares_parse_aaaa_reply (abuf, alen, &host, addrs, &n);
        if (host != NULL)
          ares_free_hostent (host);
        for (int i = 0; status == ARES_SUCCESS && i < n; i++)
          {
            char text[INET6_ADDRSTRLEN];

            inet_ntop (AF_INET6, &addrs[i].ip6addr, text, sizeof text);
            g_ptr_array_add (records, md_dns_record_new (type, text));
          }
        break;
      }

    case MD_DNS_TYPE_MX:
      {
        struct ares_mx_reply *mx = NULL;

        status = ares_parse_mx_reply (abuf, alen, &mx);
        for (struct ares_mx_reply *m = mx; status == ARES_SUCCESS && m != NULL; m = m->next)
          {
            MdDnsRecord *record = md_dns_record_new (type, m->host);

            record->priority = m->priority;
            g_ptr_array_add (records, record);
          }
        if (mx != NULL)
          ares_free_data (mx);
        g_ptr_array_sort (records, compare_mx);
        break;
      }

    case MD_DNS_TYPE_TXT:
      {
        struct ares_txt_ext *txt = NULL;
        GString *current = NULL;

        status = ares_parse_txt_reply_ext (abuf, alen, &txt);
        for (struct ares_txt_ext *t = txt; status == ARES_SUCCESS && t != NULL; t = t->next)
          {
            if (t->record_start && current != NULL)
              {
                g_autofree char *text = safe_string (current->str, current->len);

                g_ptr_array_add (records, md_dns_record_new (type, text));
                g_string_truncate (current, 0);
              }
            if (current == NULL)
              current = g_string_new (NULL);
            g_string_append_len (current, (const char *) t->txt, (gssize) t->length);
          }
        if (current != NULL)
          {
            g_autofree char *text = safe_string (current->str, current->len);

            g_ptr_array_add (records, md_dns_record_new (type, text));
            g_string_free (current, TRUE);
          }
        if (txt != NULL)
          ares_free_data (txt);
        break;
      }

    case MD_DNS_TYPE_CNAME:
      status = parse_cname_reply (abuf, alen, records);
      break;

    case MD_DNS_TYPE_SRV:
      {
        struct ares_srv_reply *srv = NULL;

        status = ares_parse_srv_reply (abuf, alen, &srv);
        for (struct ares_srv_reply *s = srv; status == ARES_SUCCESS && s != NULL; s = s->next)
          {
            MdDnsRecord *record = md_dns_record_new (type, s->host);

            record->priority = s->priority;
            record->weight = s->weight;
            record->port = s->port;
            g_ptr_array_add (records, record);
          }
        if (srv != NULL)
          ares_free_data (srv);
        g_ptr_array_sort (records, compare_mx);
        break;
      }

    case MD_DNS_TYPE_NS:
      {
        struct hostent *host = NULL;

        status = ares_parse_ns_reply (abuf, alen, &host);
        for (int i = 0; status == ARES_SUCCESS && host->h_aliases[i] != NULL; i++)
          g_ptr_array_add (records, md_dns_record_new (type, host->h_aliases[i]));
        if (host != NULL)
          ares_free_hostent (host);
        break;
      }

    default:
      g_assert_not_reached ();
    }

  if (status == ARES_SUCCESS && records->len == 0)
    status = ARES_ENODATA;

  return status;
}

static void
on_query_done (void          *arg,
               int            status,
               int            timeouts,
               unsigned char *abuf,
               int            alen)
{
  Query *query = arg;
  g_autoptr(GPtrArray) records = NULL;
  GError *error = NULL;

  if (status != ARES_EDESTRUCTION)
    query->self->n_queries--;

  if (query->task == NULL)
    {
      query_free (query);
      return;
    }

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) md_dns_record_free);
  if (status == ARES_SUCCESS)
    status = parse_reply (query->type, abuf, alen, records);

  if (status == ARES_SUCCESS)
    {
      g_task_return_pointer (query->task, g_steal_pointer (&records),
                             (GDestroyNotify) g_ptr_array_unref);
    }
  else
    {
      set_error_from_status (&error, status, query->name, query->type);
      g_task_return_error (query->task, error);
    }

  query_free (query);
}

static gboolean
on_query_cancelled (GCancellable *cancellable,
                    gpointer      user_data)
{
  Query *query = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&query->task);

  /* The query stays in c-ares until it ends; on_query_done() frees it. */
  g_clear_pointer (&query->cancel_source, g_source_unref);
  g_task_return_error_if_cancelled (task);

  return G_SOURCE_REMOVE;
}

/**
 * md_resolver_lookup_async:
 * @self: a #MdResolver
 * @name: the domain name (ASCII, IDNs already converted)
 * @type: the record type
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the answer is there
 * @user_data: data for @callback
 *
 * Starts a DNS query. Many queries may run at the same time.
 */
void
md_resolver_lookup_async (MdResolver          *self,
                          const char          *name,
                          MdDnsType            type,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  g_return_if_fail (MD_IS_RESOLVER (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (type <= MD_DNS_TYPE_NS);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_resolver_lookup_async);
  g_task_set_task_data (task, GINT_TO_POINTER (type), NULL);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!g_str_is_ascii (name) || *name == '\0' || strlen (name) > 253)
    {
      g_task_return_new_error (task, MD_DNS_ERROR, MD_DNS_ERROR_BAD_NAME,
                               _("“%s” is not a valid domain name"), name);
      return;
    }

  query = g_new0 (Query, 1);
  query->self = self;
  query->task = g_steal_pointer (&task);
  query->type = type;
  query->name = g_strdup (name);

  if (cancellable != NULL)
    {
      query->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_static_name (query->cancel_source, "[md-resolver cancel]");
      g_source_set_callback (query->cancel_source, G_SOURCE_FUNC (on_query_cancelled),
                             query, NULL);
      g_source_attach (query->cancel_source, self->context);
    }

  self->n_queries++;
  g_object_ref (self);
  ares_query (self->channel, name, 1 /* C_IN */, dns_type_to_rr (type), on_query_done, query);
  update_timer (self);
  g_object_unref (self);
}

/**
 * md_resolver_lookup_finish:
 * @self: a #MdResolver
 * @result: the result passed to the callback
 * @error: return location for an error: %MD_DNS_ERROR_NOT_FOUND when the
 *   name does not exist, %MD_DNS_ERROR_NO_DATA when it has no record of the
 *   type, %MD_DNS_ERROR_SERVER_FAILURE, %MD_DNS_ERROR_REFUSED,
 *   %MD_DNS_ERROR_TIMEOUT, %MD_DNS_ERROR_BAD_REPLY, or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer container) (element-type MdDnsRecord): the records, never
 *   empty; MX and SRV records sorted by preference
 */
GPtrArray *
md_resolver_lookup_finish (MdResolver    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (MD_IS_RESOLVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_sync_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * md_resolver_lookup_sync:
 * @self: a #MdResolver
 * @name: the domain name
 * @type: the record type
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Runs md_resolver_lookup_async() to its end by iterating the resolver's
 * main context. Only for the thread that owns that context (CLI, tests).
 *
 * Returns: (transfer container) (element-type MdDnsRecord): the records
 */
GPtrArray *
md_resolver_lookup_sync (MdResolver    *self,
                         const char    *name,
                         MdDnsType      type,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (MD_IS_RESOLVER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  md_resolver_lookup_async (self, name, type, cancellable, on_sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (self->context, TRUE);

  return md_resolver_lookup_finish (self, result, error);
}
