/* md-domain-check.c: can a domain receive email? (checklist step 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libpsl.h>

#include "md-dmarc.h"
#include "md-domain-check.h"
#include "md-domain-check-private.h"
#include "md-error.h"
#include "md-finding.h"
#include "md-mta-sts.h"
#include "md-spf.h"

#define MAX_MX_HOSTS          10
#define MAX_SPF_LOOKUPS       10   /* RFC 7208, section 4.6.4 */
#define MAX_SPF_VOID_LOOKUPS  2
#define SPF_LOOKUP_CAP        30   /* we stop following a runaway SPF tree here */
#define MTA_STS_MAX_SIZE      65536

/**
 * MdDomainCheck:
 *
 * Diagnoses whether a domain can receive email: it exists, it has mail
 * servers (MX, RFC 7505 null MX, RFC 5321 implicit MX) that have addresses,
 * and how its SPF, DMARC, MTA-STS and TLS-RPT records look.
 *
 * Every query that does not depend on another runs at once; the dependent
 * ones (addresses of each mail server, SPF includes, the MTA-STS policy)
 * start as soon as their input arrives, so a diagnosis takes about as long
 * as its longest chain of dependent queries.
 *
 * Finding codes (stable, for tests and reports):
 * - the domain and its mail servers (step 3): "dns.nxdomain", "dns.servfail"
 *   (also for REFUSED), "dns.timeout", "dns.bad-reply", "dns.failed",
 *   "mx.ok", "mx.null" (RFC 7505), "mx.none-a-fallback" (RFC 5321 implicit
 *   MX), "mx.none", "mx.cname", "mx.ip-literal", "mx.no-address",
 *   "mx.partly-reachable";
 * - sender authentication (step 2): "spf.none", "spf.multiple",
 *   "spf.syntax", "spf.too-many-lookups", "spf.void-lookups",
 *   "spf.include-broken", "spf.ok", "dmarc.none", "dmarc.multiple",
 *   "dmarc.syntax", "dmarc.p-none", "dmarc.quarantine", "dmarc.reject",
 *   "dmarc.org-domain";
 * - encrypted delivery (step 3): "mta-sts.none", "mta-sts.bad-record",
 *   "mta-sts.policy-fetch-failed", "mta-sts.policy-timeout",
 *   "mta-sts.bad-certificate", "mta-sts.bad-content-type",
 *   "mta-sts.bad-policy", "mta-sts.mx-mismatch", "mta-sts.enforce-ok",
 *   "mta-sts.testing", "mta-sts.mode-none", "tls-rpt.none",
 *   "tls-rpt.bad-record", "tls-rpt.ok".
 *
 * When the domain does not exist or DNS fails, only that one finding is
 * given. A domain with a null MX gets no MTA-STS or TLS-RPT findings.
 */
struct _MdDomainCheck
{
  GObject       parent_instance;

  MdResolver   *resolver;
  MdHttpClient *http_client;
  GPtrArray    *last_queries;
};

G_DEFINE_FINAL_TYPE (MdDomainCheck, md_domain_check, G_TYPE_OBJECT)

typedef struct
{
  GPtrArray *records;   /* MdDnsRecord, NULL on error */
  GError    *error;
  gboolean   done;
} Answer;

typedef struct
{
  char     *host;
  guint16   preference;
  gboolean  ip_literal;
  Answer    a;
  Answer    aaaa;
  Answer    cname;
} MxHost;

typedef struct _SpfNode SpfNode;

struct _SpfNode
{
  char    *domain;
  char    *via;          /* the term that led here, NULL at the top */
  SpfNode *parent;       /* NULL at the top */
  guint    depth;
  Answer   txt;
};

typedef struct
{
  char   *name;
  Answer  answer;
} SpfProbe;

typedef struct
{
  MdDomainCheck *self;
  char          *domain;        /* ASCII */
  char          *display;       /* as the user wrote it */
  char          *org_domain;    /* NULL when the domain is its own */
  guint          pending;

  Answer         mx;
  Answer         a;
  Answer         aaaa;
  Answer         txt;
  Answer         dmarc;
  Answer         dmarc_org;
  Answer         sts;
  Answer         tlsrpt;
  GPtrArray     *mx_hosts;      /* MxHost */

  GPtrArray     *spf_nodes;     /* SpfNode */
  GPtrArray     *spf_probes;    /* SpfProbe: a, mx and exists targets */
  guint          spf_lookups;
  guint          spf_void;
  GPtrArray     *spf_problems;  /* char*, evidence lines */
  GPtrArray     *spf_void_names;

  gboolean       sts_fetched;
  char          *sts_url;
  GBytes        *sts_body;
  char          *sts_content_type;
  GError        *sts_error;

  GPtrArray     *queries;       /* "TYPE name", for the benchmark */
  GPtrArray     *findings;
} Run;

typedef void (*AnswerFunc) (GTask   *task,
                            Answer  *answer,
                            gpointer data);

typedef struct
{
  GTask      *task;
  Answer     *answer;
  AnswerFunc  then;
  gpointer    data;
} Lookup;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->records, g_ptr_array_unref);
  g_clear_error (&answer->error);
}

static void
mx_host_free (MxHost *host)
{
  g_free (host->host);
  answer_clear (&host->a);
  answer_clear (&host->aaaa);
  answer_clear (&host->cname);
  g_free (host);
}

static void
spf_node_free (SpfNode *node)
{
  g_free (node->domain);
  g_free (node->via);
  answer_clear (&node->txt);
  g_free (node);
}

static void
spf_probe_free (SpfProbe *probe)
{
  g_free (probe->name);
  answer_clear (&probe->answer);
  g_free (probe);
}

static void
run_free (Run *run)
{
  g_clear_object (&run->self);
  g_free (run->domain);
  g_free (run->display);
  g_free (run->org_domain);
  answer_clear (&run->mx);
  answer_clear (&run->a);
  answer_clear (&run->aaaa);
  answer_clear (&run->txt);
  answer_clear (&run->dmarc);
  answer_clear (&run->dmarc_org);
  answer_clear (&run->sts);
  answer_clear (&run->tlsrpt);
  g_clear_pointer (&run->mx_hosts, g_ptr_array_unref);
  g_clear_pointer (&run->spf_nodes, g_ptr_array_unref);
  g_clear_pointer (&run->spf_probes, g_ptr_array_unref);
  g_clear_pointer (&run->spf_problems, g_ptr_array_unref);
  g_clear_pointer (&run->spf_void_names, g_ptr_array_unref);
  g_free (run->sts_url);
  g_clear_pointer (&run->sts_body, g_bytes_unref);
  g_free (run->sts_content_type);
  g_clear_error (&run->sts_error);
  g_clear_pointer (&run->queries, g_ptr_array_unref);
  g_clear_pointer (&run->findings, g_ptr_array_unref);
  g_free (run);
}

static void
md_domain_check_finalize (GObject *object)
{
  MdDomainCheck *self = (MdDomainCheck *)object;

  g_clear_object (&self->resolver);
  g_clear_object (&self->http_client);
  g_clear_pointer (&self->last_queries, g_ptr_array_unref);

  G_OBJECT_CLASS (md_domain_check_parent_class)->finalize (object);
}

static void
md_domain_check_class_init (MdDomainCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = md_domain_check_finalize;
}

static void
md_domain_check_init (MdDomainCheck *self)
{
}

/**
 * md_domain_check_new:
 * @resolver: (nullable): the resolver to use, or %NULL for one that asks
 *   the system's DNS servers
 * @http_client: (nullable): the HTTP client for MTA-STS policies, or %NULL
 *   for a new one
 *
 * Returns: (transfer full) (nullable): a new check, or %NULL if no resolver
 *   could be made
 */
MdDomainCheck *
md_domain_check_new (MdResolver   *resolver,
                     MdHttpClient *http_client)
{
  MdDomainCheck *self;

  g_return_val_if_fail (resolver == NULL || MD_IS_RESOLVER (resolver), NULL);
  g_return_val_if_fail (http_client == NULL || MD_IS_HTTP_CLIENT (http_client), NULL);

  self = g_object_new (MD_TYPE_DOMAIN_CHECK, NULL);
  self->resolver = resolver != NULL ? g_object_ref (resolver) : md_resolver_new ();
  self->http_client = http_client != NULL ? g_object_ref (http_client) : md_http_client_new ();
  if (self->resolver == NULL)
    g_clear_object (&self);

  return self;
}

MdResolver *
md_domain_check_get_resolver (MdDomainCheck *self)
{
  g_return_val_if_fail (MD_IS_DOMAIN_CHECK (self), NULL);
  return self->resolver;
}

MdHttpClient *
md_domain_check_get_http_client (MdDomainCheck *self)
{
  g_return_val_if_fail (MD_IS_DOMAIN_CHECK (self), NULL);
  return self->http_client;
}

/* Private: the queries of the last run, for the benchmark. */
GPtrArray *
md_domain_check_get_last_queries (MdDomainCheck *self)
{
  g_return_val_if_fail (MD_IS_DOMAIN_CHECK (self), NULL);
  return self->last_queries;
}

/**
 * md_domain_to_ascii:
 * @domain: a domain name, possibly internationalised ("bücher.example")
 * @error: return location for an error (%MD_DNS_ERROR_BAD_NAME)
 *
 * Returns: (transfer full) (nullable): the lower-case ASCII form of @domain
 *   without a final dot ("xn--bcher-kva.example")
 */
char *
md_domain_to_ascii (const char  *domain,
                    GError     **error)
{
  g_autofree char *ascii = NULL;
  g_autofree char *lower = NULL;
  g_auto(GStrv) labels = NULL;
  gsize len;

  g_return_val_if_fail (domain != NULL, NULL);

  if (g_utf8_validate (domain, -1, NULL) && strchr (domain, '@') == NULL && *domain != '\0')
    ascii = g_hostname_to_ascii (domain);
  if (ascii != NULL)
    {
      lower = g_ascii_strdown (ascii, -1);
      len = strlen (lower);
      if (len > 0 && lower[len - 1] == '.')
        lower[--len] = '\0';
    }

  if (lower == NULL || *lower == '\0' || strlen (lower) > 253)
    goto invalid;

  labels = g_strsplit (lower, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      gsize label_len = strlen (labels[i]);

      if (label_len == 0 || label_len > 63 || labels[i][0] == '-' || labels[i][label_len - 1] == '-')
        goto invalid;
      for (const char *p = labels[i]; *p != '\0'; p++)
        {
          if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
            goto invalid;
        }
    }

  return g_steal_pointer (&lower);

invalid:
  g_set_error (error, MD_DNS_ERROR, MD_DNS_ERROR_BAD_NAME,
               _("“%s” is not a valid domain name"), domain);
  return NULL;
}

/* -------------------------------------------------------------------------
 * Gathering: queries and their dependent queries
 * ---------------------------------------------------------------------- */

static void analyse (GTask *task);

static void
maybe_finish (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->pending > 0)
    return;

  g_clear_pointer (&run->self->last_queries, g_ptr_array_unref);
  run->self->last_queries = g_ptr_array_ref (run->queries);

  if (g_task_return_error_if_cancelled (task))
    return;

  analyse (task);
  g_task_return_pointer (task, g_steal_pointer (&run->findings), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_lookup_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GTask) task = lookup->task;
  Run *run = g_task_get_task_data (task);

  lookup->answer->records = md_resolver_lookup_finish (MD_RESOLVER (object), result,
                                                       &lookup->answer->error);
  lookup->answer->done = TRUE;

  if (lookup->then != NULL && !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    lookup->then (task, lookup->answer, lookup->data);

  g_free (lookup);
  run->pending--;
  maybe_finish (task);
}

static void
start_lookup (GTask      *task,
              const char *name,
              MdDnsType   type,
              Answer     *answer,
              AnswerFunc  then,
              gpointer    data)
{
  Run *run = g_task_get_task_data (task);
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->task = g_object_ref (task);
  lookup->answer = answer;
  lookup->then = then;
  lookup->data = data;
  run->pending++;
  g_ptr_array_add (run->queries, g_strdup_printf ("%s %s", md_dns_type_to_string (type), name));

  md_resolver_lookup_async (run->self->resolver, name, type, g_task_get_cancellable (task),
                            on_lookup_done, lookup);
}

static gboolean
answer_is_empty (Answer *answer)
{
  return g_error_matches (answer->error, MD_DNS_ERROR, MD_DNS_ERROR_NOT_FOUND) ||
         g_error_matches (answer->error, MD_DNS_ERROR, MD_DNS_ERROR_NO_DATA);
}

static void
on_mx (GTask   *task,
       Answer  *answer,
       gpointer data)
{
  Run *run = g_task_get_task_data (task);

  if (answer->records == NULL)
    return;

  for (guint i = 0; i < answer->records->len && i < MAX_MX_HOSTS; i++)
    {
      MdDnsRecord *record = g_ptr_array_index (answer->records, i);
      MxHost *host;

      if (*record->value == '\0')
        continue;   /* null MX */

      host = g_new0 (MxHost, 1);
      host->host = g_strdup (record->value);
      host->preference = record->priority;
      host->ip_literal = g_hostname_is_ip_address (record->value);
      g_ptr_array_add (run->mx_hosts, host);

      if (host->ip_literal)
        continue;
      start_lookup (task, host->host, MD_DNS_TYPE_A, &host->a, NULL, NULL);
      start_lookup (task, host->host, MD_DNS_TYPE_AAAA, &host->aaaa, NULL, NULL);
      start_lookup (task, host->host, MD_DNS_TYPE_CNAME, &host->cname, NULL, NULL);
    }
}

/* SPF: follow include and redirect, count lookups and void lookups. */

static void spf_follow (GTask      *task,
                        const char *domain,
                        const char *via,
                        SpfNode    *parent);

static void
on_spf_void_probe (GTask   *task,
                   Answer  *answer,
                   gpointer data)
{
  Run *run = g_task_get_task_data (task);
  char *name = data;

  if (answer_is_empty (answer))
    {
      run->spf_void++;
      g_ptr_array_add (run->spf_void_names, g_strdup (name));
    }
}

static GPtrArray *
find_records (Answer     *answer,
              gboolean  (*is_record) (const char *))
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; answer->records != NULL && i < answer->records->len; i++)
    {
      MdDnsRecord *record = g_ptr_array_index (answer->records, i);

      if (is_record (record->value))
        g_ptr_array_add (found, record->value);
    }

  return found;
}

static void
on_spf_txt (GTask   *task,
            Answer  *answer,
            gpointer data)
{
  Run *run = g_task_get_task_data (task);
  SpfNode *node = data;
  g_autoptr(GPtrArray) spf = find_records (answer, md_spf_is_record);
  g_autoptr(MdSpfRecord) record = NULL;
  gboolean has_all = FALSE;

  if (node->depth > 0)
    {
      if (answer_is_empty (answer))
        {
          run->spf_void++;
          g_ptr_array_add (run->spf_void_names, g_strdup (node->domain));
        }
      if (g_error_matches (answer->error, MD_DNS_ERROR, MD_DNS_ERROR_NOT_FOUND))
        g_ptr_array_add (run->spf_problems,
                         g_strdup_printf (_("%s: “%s” does not exist"), node->via, node->domain));
      else if (answer->error != NULL && !answer_is_empty (answer))
        g_ptr_array_add (run->spf_problems,
                         g_strdup_printf (_("%s: “%s” could not be looked up"), node->via, node->domain));
      else if (spf->len == 0)
        g_ptr_array_add (run->spf_problems,
                         g_strdup_printf (_("%s: “%s” has no SPF record"), node->via, node->domain));
      else if (spf->len > 1)
        g_ptr_array_add (run->spf_problems,
                         g_strdup_printf (_("%s: “%s” has more than one SPF record"), node->via, node->domain));
    }

  /* The top record's own problems are reported by analyse_spf(). */
  if (spf->len != 1)
    return;
  record = md_spf_record_parse (g_ptr_array_index (spf, 0), NULL);
  if (record == NULL)
    {
      if (node->depth > 0)
        g_ptr_array_add (run->spf_problems,
                         g_strdup_printf (_("%s: the SPF record of “%s” is invalid"), node->via, node->domain));
      return;
    }

  for (guint i = 0; i < record->terms->len; i++)
    has_all |= ((MdSpfTerm *) g_ptr_array_index (record->terms, i))->kind == MD_SPF_ALL;

  for (guint i = 0; i < record->terms->len; i++)
    {
      MdSpfTerm *term = g_ptr_array_index (record->terms, i);
      const char *target = term->domain != NULL ? term->domain : node->domain;

      /* Receivers ignore redirect= when there is an "all". */
      if (!md_spf_term_is_lookup (term) || (term->kind == MD_SPF_REDIRECT && has_all))
        continue;

      run->spf_lookups++;
      if (term->has_macro || run->spf_lookups > SPF_LOOKUP_CAP)
        continue;

      switch (term->kind)
        {
        case MD_SPF_INCLUDE:
        case MD_SPF_REDIRECT:
          spf_follow (task, target, term->text, node);
          break;
        case MD_SPF_A:
        case MD_SPF_EXISTS:
        case MD_SPF_MX:
          {
            SpfProbe *probe = g_new0 (SpfProbe, 1);

            probe->name = g_strdup (target);
            g_ptr_array_add (run->spf_probes, probe);
            start_lookup (task, target, term->kind == MD_SPF_MX ? MD_DNS_TYPE_MX : MD_DNS_TYPE_A,
                          &probe->answer, on_spf_void_probe, probe->name);
            break;
          }
        default:
          break;
        }
    }
}

static void
spf_follow (GTask      *task,
            const char *domain,
            const char *via,
            SpfNode    *parent)
{
  Run *run = g_task_get_task_data (task);
  SpfNode *node;

  /* A loop is an error; the same domain in two branches is not, and a
   * receiver then evaluates (and counts) it twice, as we do. */
  for (SpfNode *ancestor = parent; ancestor != NULL; ancestor = ancestor->parent)
    {
      if (g_ascii_strcasecmp (ancestor->domain, domain) == 0)
        {
          g_ptr_array_add (run->spf_problems,
                           g_strdup_printf (_("%s: “%s” includes itself"), via, domain));
          return;
        }
    }

  node = g_new0 (SpfNode, 1);
  node->domain = g_strdup (domain);
  node->via = g_strdup (via);
  node->parent = parent;
  node->depth = parent != NULL ? parent->depth + 1 : 0;
  g_ptr_array_add (run->spf_nodes, node);

  if (parent == NULL)
    return;   /* the top record comes with the domain's TXT query */

  start_lookup (task, domain, MD_DNS_TYPE_TXT, &node->txt, on_spf_txt, node);
}

static void
on_domain_txt (GTask   *task,
               Answer  *answer,
               gpointer data)
{
  Run *run = g_task_get_task_data (task);
  SpfNode *top = g_ptr_array_index (run->spf_nodes, 0);

  on_spf_txt (task, answer, top);
}

static void
on_sts_policy (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);

  run->sts_body = md_http_client_get_finish (MD_HTTP_CLIENT (object), result,
                                             &run->sts_content_type, &run->sts_error);
  run->sts_fetched = TRUE;
  run->pending--;
  maybe_finish (task);
}

static void
on_sts_txt (GTask   *task,
            Answer  *answer,
            gpointer data)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) records = find_records (answer, md_mta_sts_is_record);
  g_autofree char *id = NULL;

  if (records->len != 1)
    return;
  id = md_mta_sts_record_parse (g_ptr_array_index (records, 0), NULL);
  if (id == NULL)
    return;

  run->sts_url = g_strdup_printf ("https://mta-sts.%s/.well-known/mta-sts.txt", run->domain);
  run->pending++;
  md_http_client_get_async (run->self->http_client, run->sts_url, MD_HTTP_GET_NO_REDIRECT,
                            MTA_STS_MAX_SIZE, g_task_get_cancellable (task),
                            on_sts_policy, g_object_ref (task));
}

static const psl_ctx_t *
get_psl (void)
{
  static gsize initialized = 0;
  static const psl_ctx_t *psl = NULL;

  if (g_once_init_enter (&initialized))
    {
      /* The system's list when there is one, else the one built into libpsl. */
      psl = psl_latest (NULL);
      if (psl == NULL)
        psl = psl_builtin ();
      g_once_init_leave (&initialized, 1);
    }

  return psl;
}

static char *
find_org_domain (const char *domain)
{
  const psl_ctx_t *psl = get_psl ();
  const char *registrable;

  if (psl == NULL)
    return NULL;

  registrable = psl_registrable_domain (psl, domain);
  if (registrable == NULL || g_ascii_strcasecmp (registrable, domain) == 0)
    return NULL;

  return g_strdup (registrable);
}

/**
 * md_domain_check_run_async:
 * @self: a #MdDomainCheck
 * @domain: the domain, possibly internationalised
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the findings
 * @user_data: data for @callback
 *
 * Diagnoses @domain. DNS failures become findings, not errors.
 */
void
md_domain_check_run_async (MdDomainCheck       *self,
                           const char          *domain,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *name = NULL;
  Run *run;

  g_return_if_fail (MD_IS_DOMAIN_CHECK (self));
  g_return_if_fail (domain != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, md_domain_check_run_async);

  ascii = md_domain_to_ascii (domain, &error);
  if (ascii == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->domain = g_steal_pointer (&ascii);
  run->display = g_hostname_is_ascii_encoded (domain) ? g_hostname_to_unicode (domain) : g_strdup (domain);
  if (run->display == NULL)
    run->display = g_strdup (domain);
  run->org_domain = find_org_domain (run->domain);
  run->mx_hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) mx_host_free);
  run->spf_nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) spf_node_free);
  run->spf_probes = g_ptr_array_new_with_free_func ((GDestroyNotify) spf_probe_free);
  run->spf_problems = g_ptr_array_new_with_free_func (g_free);
  run->spf_void_names = g_ptr_array_new_with_free_func (g_free);
  run->queries = g_ptr_array_new_with_free_func (g_free);
  run->findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  /* The pending count must not reach zero before everything has started. */
  run->pending++;

  spf_follow (task, run->domain, NULL, NULL);
  start_lookup (task, run->domain, MD_DNS_TYPE_MX, &run->mx, on_mx, NULL);
  start_lookup (task, run->domain, MD_DNS_TYPE_A, &run->a, NULL, NULL);
  start_lookup (task, run->domain, MD_DNS_TYPE_AAAA, &run->aaaa, NULL, NULL);
  start_lookup (task, run->domain, MD_DNS_TYPE_TXT, &run->txt, on_domain_txt, NULL);

  name = g_strconcat ("_dmarc.", run->domain, NULL);
  start_lookup (task, name, MD_DNS_TYPE_TXT, &run->dmarc, NULL, NULL);
  g_clear_pointer (&name, g_free);
  if (run->org_domain != NULL)
    {
      /* Asked at once, though it is only needed when the domain has none. */
      name = g_strconcat ("_dmarc.", run->org_domain, NULL);
      start_lookup (task, name, MD_DNS_TYPE_TXT, &run->dmarc_org, NULL, NULL);
      g_clear_pointer (&name, g_free);
    }

  name = g_strconcat ("_mta-sts.", run->domain, NULL);
  start_lookup (task, name, MD_DNS_TYPE_TXT, &run->sts, on_sts_txt, NULL);
  g_clear_pointer (&name, g_free);

  name = g_strconcat ("_smtp._tls.", run->domain, NULL);
  start_lookup (task, name, MD_DNS_TYPE_TXT, &run->tlsrpt, NULL, NULL);

  run->pending--;
  maybe_finish (task);
}

/**
 * md_domain_check_run_finish:
 * @self: a #MdDomainCheck
 * @result: the result passed to the callback
 * @error: return location for an error: %MD_DNS_ERROR_BAD_NAME when the
 *   domain is not a valid name, or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer container) (element-type MdFinding): the findings, in
 *   a stable order (domain and mail servers, SPF, DMARC, MTA-STS, TLS-RPT)
 */
GPtrArray *
md_domain_check_run_finish (MdDomainCheck  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (MD_IS_DOMAIN_CHECK (self), NULL);
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
 * md_domain_check_run_sync:
 * @self: a #MdDomainCheck
 * @domain: the domain
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Runs md_domain_check_run_async() to its end by iterating the thread-default
 * main context, which must be the one the resolver was created in (CLI, tests).
 *
 * Returns: (transfer container) (element-type MdFinding): the findings
 */
GPtrArray *
md_domain_check_run_sync (MdDomainCheck  *self,
                          const char     *domain,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GMainContext) context = NULL;

  g_return_val_if_fail (MD_IS_DOMAIN_CHECK (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  context = g_main_context_ref_thread_default ();
  md_domain_check_run_async (self, domain, cancellable, on_sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);

  return md_domain_check_run_finish (self, result, error);
}

/**
 * md_domain_findings_accept_mail:
 * @findings: (element-type MdFinding): findings of a domain check
 * @accepts: (out): whether the domain accepts mail
 *
 * Returns: %TRUE if the findings tell (they do not when DNS failed)
 */
gboolean
md_domain_findings_accept_mail (GPtrArray *findings,
                                gboolean  *accepts)
{
  g_return_val_if_fail (findings != NULL, FALSE);
  g_return_val_if_fail (accepts != NULL, FALSE);

  for (guint i = 0; i < findings->len; i++)
    {
      const char *code = md_finding_get_code (g_ptr_array_index (findings, i));

      if (g_str_equal (code, "mx.ok") || g_str_equal (code, "mx.none-a-fallback") ||
          g_str_equal (code, "mx.cname") || g_str_equal (code, "mx.partly-reachable"))
        {
          *accepts = TRUE;
          return TRUE;
        }
      if (g_str_equal (code, "dns.nxdomain") || g_str_equal (code, "mx.null") ||
          g_str_equal (code, "mx.none") || g_str_equal (code, "mx.no-address") ||
          g_str_equal (code, "mx.ip-literal"))
        {
          *accepts = FALSE;
          return TRUE;
        }
    }

  return FALSE;
}

/* -------------------------------------------------------------------------
 * Analysis: from answers to findings
 * ---------------------------------------------------------------------- */

/* Takes ownership of the strings. */
static MdFinding *
add (Run        *run,
     MdSeverity  severity,
     MdStep      step,
     const char *code,
     char       *title,
     char       *detail,
     char       *advice,
     char       *evidence)
{
  MdFinding *finding = md_finding_new (severity, step, code, title, detail, advice);

  md_finding_set_evidence (finding, evidence);
  g_ptr_array_add (run->findings, finding);

  g_free (title);
  g_free (detail);
  g_free (advice);
  g_free (evidence);

  return finding;
}

static void
append_records (GString    *evidence,
                const char *name,
                Answer     *answer)
{
  if (answer->records != NULL)
    {
      for (guint i = 0; i < answer->records->len; i++)
        {
          g_autofree char *text = md_dns_record_to_string (g_ptr_array_index (answer->records, i));

          g_string_append_printf (evidence, "%s. %s\n", name, text);
        }
    }
  else if (answer->error != NULL)
    {
      g_string_append_printf (evidence, "%s: %s\n", name, answer->error->message);
    }
}

static char *
finish_evidence (GString *evidence)
{
  if (evidence->len > 0 && evidence->str[evidence->len - 1] == '\n')
    g_string_truncate (evidence, evidence->len - 1);
  return g_string_free (evidence, FALSE);
}

/* A failure of DNS itself (not an answer about the domain). */
static gboolean
analyse_dns_failure (Run *run)
{
  GError *error = run->mx.error;
  GString *evidence;

  if (error == NULL || answer_is_empty (&run->mx))
    return FALSE;

  evidence = g_string_new (NULL);
  append_records (evidence, run->domain, &run->mx);

  if (g_error_matches (error, MD_DNS_ERROR, MD_DNS_ERROR_TIMEOUT))
    add (run, MD_SEVERITY_PROBLEM, MD_STEP_VERIFY_ADDRESS, "dns.timeout",
         g_strdup_printf (_("No answer about “%s” from DNS"), run->display),
         g_strdup_printf (_("DNS, the Internet’s directory of names, did not answer in time when asked where mail for “%s” goes. This is often a temporary network problem, either on your side or at the domain’s name servers. It says nothing yet about whether the address is right."),
                          run->display),
         g_strdup (_("Check that you are connected to the Internet and try again in a few minutes. If it keeps happening for this domain only, the recipient’s domain has a DNS problem that their provider has to fix.")),
         finish_evidence (evidence));
  else if (g_error_matches (error, MD_DNS_ERROR, MD_DNS_ERROR_SERVER_FAILURE) ||
           g_error_matches (error, MD_DNS_ERROR, MD_DNS_ERROR_REFUSED))
    add (run, MD_SEVERITY_PROBLEM, MD_STEP_VERIFY_ADDRESS, "dns.servfail",
         g_strdup_printf (_("DNS is failing for “%s” right now"), run->display),
         g_strdup_printf (_("DNS, the Internet’s directory of names, could not say where mail for “%s” goes: the name servers reported a failure instead of an answer. Until this is fixed, mail to this domain is delayed and may bounce. The address itself may well be right."),
                          run->display),
         g_strdup (_("Try again later. If the problem lasts for hours, tell the recipient another way (phone, another address) that their domain’s DNS is broken.")),
         finish_evidence (evidence));
  else if (g_error_matches (error, MD_DNS_ERROR, MD_DNS_ERROR_BAD_REPLY))
    add (run, MD_SEVERITY_PROBLEM, MD_STEP_VERIFY_ADDRESS, "dns.bad-reply",
         g_strdup_printf (_("A broken DNS answer about “%s”"), run->display),
         g_strdup_printf (_("The DNS server sent an answer about “%s” that cannot be read. This is a fault of the DNS server or of something on the network between you and it."),
                          run->display),
         g_strdup (_("Try again later, or from another network. If it lasts, the recipient’s provider has to fix their DNS.")),
         finish_evidence (evidence));
  else
    add (run, MD_SEVERITY_PROBLEM, MD_STEP_VERIFY_ADDRESS, "dns.failed",
         g_strdup_printf (_("Could not look up “%s”"), run->display),
         g_strdup_printf (_("Asking DNS, the Internet’s directory of names, about “%s” failed: %s"),
                          run->display, error->message),
         g_strdup (_("Check your Internet connection and try again.")),
         finish_evidence (evidence));

  return TRUE;
}

static gboolean
analyse_nxdomain (Run *run)
{
  GString *evidence;

  if (!g_error_matches (run->mx.error, MD_DNS_ERROR, MD_DNS_ERROR_NOT_FOUND))
    return FALSE;

  evidence = g_string_new (NULL);
  append_records (evidence, run->domain, &run->mx);
  add (run, MD_SEVERITY_PROBLEM, MD_STEP_VERIFY_ADDRESS, "dns.nxdomain",
       g_strdup_printf (_("The domain “%s” does not exist"), run->display),
       g_strdup_printf (_("There is no domain called “%s” on the Internet, so no mail can be delivered to any address there. Most often the domain part of the address (after the @) is misspelled; sometimes the domain has expired."),
                        run->display),
       g_strdup (_("Check the spelling of the address, letter by letter, with the recipient or an earlier email from them. If it is right, the recipient’s domain may have expired: tell them another way.")),
       finish_evidence (evidence));

  return TRUE;
}

static gboolean
mx_host_has_address (MxHost *host)
{
  return (host->a.records != NULL && host->a.records->len > 0) ||
         (host->aaaa.records != NULL && host->aaaa.records->len > 0);
}

static void
append_mx_host (GString *evidence,
                MxHost  *host)
{
  if (host->ip_literal)
    return;
  if (host->cname.records != NULL)
    append_records (evidence, host->host, &host->cname);
  if (host->a.records != NULL || host->aaaa.records != NULL)
    {
      /* Only what exists: "no AAAA record" is no news. */
      if (host->a.records != NULL)
        append_records (evidence, host->host, &host->a);
      if (host->aaaa.records != NULL)
        append_records (evidence, host->host, &host->aaaa);
    }
  else
    append_records (evidence, host->host, &host->a);
}

static void
analyse_mx (Run *run)
{
  GPtrArray *mx = run->mx.records;
  GString *evidence = g_string_new (NULL);
  g_autoptr(GString) hosts = g_string_new (NULL);
  guint n_reachable = 0;
  guint n_cname = 0;
  guint n_literal = 0;
  guint n_failed = 0;

  append_records (evidence, run->domain, &run->mx);

  /* RFC 7505: a single "MX 0 ." says the domain accepts no mail at all. */
  if (mx != NULL && mx->len == 1 && *((MdDnsRecord *) g_ptr_array_index (mx, 0))->value == '\0')
    {
      add (run, MD_SEVERITY_PROBLEM, MD_STEP_VERIFY_ADDRESS, "mx.null",
           g_strdup_printf (_("“%s” does not accept email"), run->display),
           g_strdup_printf (_("The domain “%s” exists, but it publishes a “null MX” record: a formal statement that it receives no email at all. Every message sent to an address there bounces; this is deliberate, not a fault."),
                            run->display),
           g_strdup (_("Ask the recipient for an address that receives email, or reach them another way.")),
           finish_evidence (evidence));
      return;
    }

  if (mx == NULL)
    {
      gboolean has_a = run->a.records != NULL || run->aaaa.records != NULL;

      append_records (evidence, run->domain, &run->a);
      append_records (evidence, run->domain, &run->aaaa);
      if (has_a)
        add (run, MD_SEVERITY_WARNING, MD_STEP_VERIFY_ADDRESS, "mx.none-a-fallback",
             g_strdup_printf (_("“%s” has no mail server record, but may still receive email"), run->display),
             g_strdup_printf (_("Domains name their mail servers in “MX” records; “%s” has none. Sending servers then try the domain’s own address instead, so mail may still arrive, but this setup is unusual and often means the domain is not meant to receive email."),
                              run->display),
             g_strdup (_("Check the address with the recipient. If mail to it keeps bouncing, the recipient’s provider has to add MX records.")),
             finish_evidence (evidence));
      else
        add (run, MD_SEVERITY_PROBLEM, MD_STEP_VERIFY_ADDRESS, "mx.none",
             g_strdup_printf (_("“%s” cannot receive email"), run->display),
             g_strdup_printf (_("The domain “%s” exists, but it names no mail server (no “MX” record) and has no address a sending server could fall back to. Mail to addresses there cannot be delivered."),
                              run->display),
             g_strdup (_("Check the spelling of the address. If it is right, tell the recipient another way that their domain is not set up for email.")),
             finish_evidence (evidence));
      return;
    }

  for (guint i = 0; i < run->mx_hosts->len; i++)
    {
      MxHost *host = g_ptr_array_index (run->mx_hosts, i);

      append_mx_host (evidence, host);
      if (host->ip_literal)
        n_literal++;
      else if (host->cname.records != NULL)
        n_cname++;
      if (!host->ip_literal && mx_host_has_address (host))
        n_reachable++;
      else if (!host->ip_literal && !answer_is_empty (&host->a) && host->a.error != NULL)
        n_failed++;
      g_string_append_printf (hosts, "%s%s", hosts->len > 0 ? ", " : "", host->host);
    }

  if (n_literal > 0)
    add (run, n_reachable > 0 ? MD_SEVERITY_WARNING : MD_SEVERITY_PROBLEM,
         MD_STEP_VERIFY_ADDRESS, "mx.ip-literal",
         g_strdup_printf (_("A mail server of “%s” is written as a number"), run->display),
         g_strdup_printf (_("An MX record of “%s” gives an IP address where a server name must be. Sending servers look that number up as a name, find nothing, and cannot deliver through it."),
                          run->display),
         g_strdup (_("The recipient’s provider has to correct the MX record. Until then, reach the recipient another way if mail bounces.")),
         NULL);

  if (n_cname > 0)
    add (run, MD_SEVERITY_WARNING, MD_STEP_VERIFY_ADDRESS, "mx.cname",
         g_strdup_printf (_("A mail server name of “%s” is an alias"), run->display),
         g_strdup_printf (_("An MX record of “%s” points to an alias (a “CNAME”) instead of a real server name. The rules of email forbid this; most sending servers cope, some refuse to deliver."),
                          run->display),
         g_strdup (_("Usually no action is needed on your side. If mail bounces, tell the recipient’s provider that their MX record points to an alias.")),
         NULL);

  if (n_reachable == 0 && n_failed > 0 && n_literal == 0)
    {
      add (run, MD_SEVERITY_PROBLEM, MD_STEP_VERIFY_ADDRESS, "dns.servfail",
           g_strdup_printf (_("Could not find the addresses of the mail servers of “%s”"), run->display),
           g_strdup_printf (_("The domain names its mail servers (%s), but DNS failed when asked for their addresses. Mail is delayed until this works again."),
                            hosts->str),
           g_strdup (_("Try again later.")),
           finish_evidence (evidence));
      return;
    }

  if (n_reachable == 0)
    {
      add (run, MD_SEVERITY_PROBLEM, MD_STEP_VERIFY_ADDRESS, "mx.no-address",
           g_strdup_printf (_("The mail servers of “%s” cannot be found"), run->display),
           g_strdup_printf (_("The domain names its mail servers (%s), but none of these names has an Internet address. Sending servers cannot connect to them, so mail to this domain bounces or is delayed."),
                            hosts->str),
           g_strdup (_("This is a fault of the recipient’s provider. Tell the recipient another way (phone, another address); they need to have their DNS fixed.")),
           finish_evidence (evidence));
      return;
    }

  if (n_reachable < run->mx_hosts->len)
    {
      add (run, MD_SEVERITY_WARNING, MD_STEP_VERIFY_ADDRESS, "mx.partly-reachable",
           g_strdup_printf (_("Some mail servers of “%s” cannot be found"), run->display),
           g_strdup_printf (_("The domain has %u working mail servers out of %u. Mail still arrives through the working ones, but delivery may be slower."),
                            n_reachable, run->mx_hosts->len),
           g_strdup (_("No action is needed unless mail to this domain bounces.")),
           finish_evidence (evidence));
      return;
    }

  add (run, MD_SEVERITY_OK, MD_STEP_VERIFY_ADDRESS, "mx.ok",
       g_strdup_printf (_("“%s” can receive email"), run->display),
       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                     "The domain names %u mail server (%s) and it can be reached by name. If mail to an address there bounced, the reason is the address itself or the recipient’s mailbox, not the domain.",
                                     "The domain names %u mail servers (%s) and they can be reached by name. If mail to an address there bounced, the reason is the address itself or the recipient’s mailbox, not the domain.",
                                     run->mx_hosts->len),
                        run->mx_hosts->len, hosts->str),
       NULL,
       finish_evidence (evidence));
}

static void
analyse_spf (Run *run)
{
  g_autoptr(GPtrArray) spf = find_records (&run->txt, md_spf_is_record);
  g_autoptr(MdSpfRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  GString *evidence = g_string_new (NULL);

  for (guint i = 0; i < run->spf_nodes->len; i++)
    {
      SpfNode *node = g_ptr_array_index (run->spf_nodes, i);
      Answer *txt = node->depth == 0 ? &run->txt : &node->txt;
      g_autoptr(GPtrArray) node_spf = find_records (txt, md_spf_is_record);

      if (node_spf->len == 0 && node->depth == 0)
        continue;
      for (guint j = 0; j < node_spf->len; j++)
        g_string_append_printf (evidence, "%s. TXT \"%s\"\n", node->domain, (char *) g_ptr_array_index (node_spf, j));
      if (node_spf->len == 0)
        append_records (evidence, node->domain, txt);
    }

  if (spf->len == 0)
    {
      add (run, MD_SEVERITY_INFO, MD_STEP_UNDERSTAND, "spf.none",
           g_strdup_printf (_("“%s” does not say which servers send its mail (no SPF)"), run->display),
           g_strdup_printf (_("SPF is a DNS record in which a domain lists the servers allowed to send its email, so that others can spot forgeries. “%s” has none. This does not stop mail from reaching it; it only matters for mail sent from addresses at this domain, which some receivers then treat as suspicious."),
                            run->display),
           g_strdup (_("If this is your own domain and your mail is rejected or lands in spam, ask your provider for the SPF record to publish.")),
           finish_evidence (evidence));
      return;
    }

  if (spf->len > 1)
    {
      add (run, MD_SEVERITY_WARNING, MD_STEP_UNDERSTAND, "spf.multiple",
           g_strdup_printf (_("“%s” has two SPF records instead of one"), run->display),
           g_strdup_printf (_("SPF is a DNS record in which a domain lists the servers allowed to send its email. A domain must have exactly one; “%s” has %u, so receiving servers treat its SPF as broken and may reject or distrust mail from it."),
                            run->display, spf->len),
           g_strdup (_("If this is your domain, merge the records into one. Otherwise, this can explain why mail from this domain is rejected; it does not affect mail sent to it.")),
           finish_evidence (evidence));
      return;
    }

  record = md_spf_record_parse (g_ptr_array_index (spf, 0), &error);
  if (record == NULL)
    {
      add (run, MD_SEVERITY_WARNING, MD_STEP_UNDERSTAND, "spf.syntax",
           g_strdup_printf (_("The SPF record of “%s” has a mistake"), run->display),
           g_strdup_printf (_("SPF is a DNS record in which a domain lists the servers allowed to send its email. The one of “%s” cannot be understood (%s), so receiving servers treat it as broken and may reject mail from this domain."),
                            run->display, error->message),
           g_strdup (_("If this is your domain, correct the record (your provider documents the right one). It does not affect mail sent to this domain.")),
           finish_evidence (evidence));
      return;
    }

  if (run->spf_lookups > MAX_SPF_LOOKUPS)
    {
      add (run, MD_SEVERITY_WARNING, MD_STEP_UNDERSTAND, "spf.too-many-lookups",
           g_strdup_printf (_("The SPF record of “%s” is too complicated"), run->display),
           g_strdup_printf (_("SPF is a DNS record in which a domain lists the servers allowed to send its email. Checking the one of “%s” takes %u DNS lookups (through “include” and similar parts); the limit is %u. Receiving servers give up and treat the record as broken, which can get mail from this domain rejected."),
                            run->display, run->spf_lookups, MAX_SPF_LOOKUPS),
           g_strdup (_("If this is your domain, remove services you no longer use from the SPF record, or replace “include” parts with the addresses they stand for.")),
           finish_evidence (evidence));
      return;
    }

  if (run->spf_void > MAX_SPF_VOID_LOOKUPS)
    {
      for (guint i = 0; i < run->spf_void_names->len; i++)
        g_string_append_printf (evidence, "%s: %s\n", (char *) g_ptr_array_index (run->spf_void_names, i),
                                _("nothing found"));
      add (run, MD_SEVERITY_WARNING, MD_STEP_UNDERSTAND, "spf.void-lookups",
           g_strdup_printf (_("The SPF record of “%s” names things that do not exist"), run->display),
           g_strdup_printf (_("SPF is a DNS record in which a domain lists the servers allowed to send its email. The one of “%s” refers to %u names that do not exist or have no address; more than %u make receiving servers treat the record as broken."),
                            run->display, run->spf_void, MAX_SPF_VOID_LOOKUPS),
           g_strdup (_("If this is your domain, remove the parts that name servers or services you no longer have.")),
           finish_evidence (evidence));
      return;
    }

  if (run->spf_problems->len > 0)
    {
      for (guint i = 0; i < run->spf_problems->len; i++)
        g_string_append_printf (evidence, "%s\n", (char *) g_ptr_array_index (run->spf_problems, i));
      add (run, MD_SEVERITY_WARNING, MD_STEP_UNDERSTAND, "spf.include-broken",
           g_strdup_printf (_("The SPF record of “%s” refers to a broken record"), run->display),
           g_strdup_printf (_("SPF is a DNS record in which a domain lists the servers allowed to send its email. The one of “%s” includes the list of another domain that is missing or broken, so receiving servers may treat it as broken."),
                            run->display),
           g_strdup (_("If this is your domain, check the “include” parts of the record with your provider.")),
           finish_evidence (evidence));
      return;
    }

  add (run, MD_SEVERITY_OK, MD_STEP_UNDERSTAND, "spf.ok",
       g_strdup_printf (_("“%s” lists the servers that send its mail (SPF)"), run->display),
       g_strdup_printf (_("SPF is a DNS record in which a domain lists the servers allowed to send its email. The one of “%s” is valid and needs %u of the 10 DNS lookups allowed."),
                        run->display, run->spf_lookups),
       NULL,
       finish_evidence (evidence));
}

static void
analyse_dmarc (Run *run)
{
  g_autoptr(GPtrArray) records = find_records (&run->dmarc, md_dmarc_is_record);
  g_autoptr(MdDmarcRecord) dmarc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strconcat ("_dmarc.", run->domain, NULL);
  GString *evidence = g_string_new (NULL);
  const char *policy_of = run->display;
  const char *policy;

  append_records (evidence, name, &run->dmarc);

  if (records->len == 0 && run->org_domain != NULL)
    {
      g_autoptr(GPtrArray) org = find_records (&run->dmarc_org, md_dmarc_is_record);
      g_autofree char *org_name = g_strconcat ("_dmarc.", run->org_domain, NULL);

      append_records (evidence, org_name, &run->dmarc_org);
      if (org->len > 0)
        {
          g_ptr_array_extend (records, org, NULL, NULL);
          policy_of = run->org_domain;
          add (run, MD_SEVERITY_INFO, MD_STEP_UNDERSTAND, "dmarc.org-domain",
               g_strdup_printf (_("“%s” follows the DMARC policy of “%s”"), run->display, run->org_domain),
               g_strdup_printf (_("DMARC is a DNS record telling receivers what to do with mail that falsely claims to come from a domain. “%s” has none of its own, so the record of its parent domain “%s” applies."),
                                run->display, run->org_domain),
               NULL, NULL);
        }
    }

  if (records->len == 0)
    {
      add (run, MD_SEVERITY_INFO, MD_STEP_UNDERSTAND, "dmarc.none",
           g_strdup_printf (_("“%s” has no DMARC policy"), run->display),
           g_strdup_printf (_("DMARC is a DNS record telling receivers what to do with mail that falsely claims to come from a domain. “%s” has none. This does not affect mail sent to it; mail from it may be treated with more suspicion by large providers."),
                            run->display),
           g_strdup (_("If this is your own domain and big providers reject your mail, ask your provider how to publish a DMARC record.")),
           finish_evidence (evidence));
      return;
    }

  if (records->len > 1)
    {
      add (run, MD_SEVERITY_WARNING, MD_STEP_UNDERSTAND, "dmarc.multiple",
           g_strdup_printf (_("“%s” has more than one DMARC record"), policy_of),
           g_strdup (_("DMARC is a DNS record telling receivers what to do with mail that falsely claims to come from a domain. There must be only one; with several, receivers ignore them all.")),
           g_strdup (_("If this is your domain, keep one DMARC record and delete the others.")),
           finish_evidence (evidence));
      return;
    }

  dmarc = md_dmarc_record_parse (g_ptr_array_index (records, 0), &error);
  if (dmarc == NULL)
    {
      add (run, MD_SEVERITY_WARNING, MD_STEP_UNDERSTAND, "dmarc.syntax",
           g_strdup_printf (_("The DMARC record of “%s” has a mistake"), policy_of),
           g_strdup_printf (_("DMARC is a DNS record telling receivers what to do with mail that falsely claims to come from a domain. This one cannot be understood (%s), so receivers ignore it."),
                            error->message),
           g_strdup (_("If this is your domain, correct the record.")),
           finish_evidence (evidence));
      return;
    }

  policy = dmarc->policy;
  if (policy_of != run->display && dmarc->subdomain_policy != NULL)
    policy = dmarc->subdomain_policy;

  if (g_str_equal (policy, "reject"))
    add (run, MD_SEVERITY_OK, MD_STEP_UNDERSTAND, "dmarc.reject",
         g_strdup_printf (_("Forged mail from “%s” is rejected (DMARC)"), run->display),
         g_strdup (_("DMARC is a DNS record telling receivers what to do with mail that falsely claims to come from a domain. This domain asks them to refuse such mail. Note: genuine mail sent from an address at this domain through an unusual route (a forwarding service, a mailing list, a website’s contact form) can be refused too.")),
         NULL, finish_evidence (evidence));
  else if (g_str_equal (policy, "quarantine"))
    add (run, MD_SEVERITY_OK, MD_STEP_UNDERSTAND, "dmarc.quarantine",
         g_strdup_printf (_("Forged mail from “%s” goes to spam (DMARC)"), run->display),
         g_strdup (_("DMARC is a DNS record telling receivers what to do with mail that falsely claims to come from a domain. This domain asks them to put such mail in the spam folder. Genuine mail sent through an unusual route (forwarding, mailing lists) may land there too.")),
         NULL, finish_evidence (evidence));
  else
    add (run, MD_SEVERITY_INFO, MD_STEP_UNDERSTAND, "dmarc.p-none",
         g_strdup_printf (_("“%s” only monitors forged mail (DMARC “none”)"), run->display),
         g_strdup (_("DMARC is a DNS record telling receivers what to do with mail that falsely claims to come from a domain. This domain publishes one but asks receivers to take no action, only to send reports. Its mail is not protected against forgery yet.")),
         NULL, finish_evidence (evidence));
}

static void
analyse_mta_sts (Run *run)
{
  g_autoptr(GPtrArray) records = find_records (&run->sts, md_mta_sts_is_record);
  g_autoptr(MdMtaStsPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strconcat ("_mta-sts.", run->domain, NULL);
  GString *evidence = g_string_new (NULL);
  const char *body;
  gsize body_len = 0;

  append_records (evidence, name, &run->sts);

  if (records->len == 0)
    {
      g_string_free (evidence, TRUE);
      add (run, MD_SEVERITY_INFO, MD_STEP_VERIFY_ADDRESS, "mta-sts.none",
           g_strdup_printf (_("“%s” does not require encrypted delivery (no MTA-STS)"), run->display),
           g_strdup (_("MTA-STS lets a domain require that mail sent to it travels encrypted, to servers with valid certificates. This domain does not use it; that is common and does not stop mail from arriving.")),
           NULL, NULL);
      return;
    }

  if (records->len > 1 || run->sts_url == NULL)
    {
      add (run, MD_SEVERITY_WARNING, MD_STEP_VERIFY_ADDRESS, "mta-sts.bad-record",
           g_strdup_printf (_("The MTA-STS record of “%s” is broken"), run->display),
           g_strdup (_("MTA-STS lets a domain require that mail sent to it travels encrypted. The record announcing it (there must be exactly one, with an “id”) is broken, so sending servers ignore it. Mail still arrives.")),
           g_strdup (_("If this is your domain, correct the _mta-sts record.")),
           finish_evidence (evidence));
      return;
    }

  g_string_append_printf (evidence, "GET %s\n", run->sts_url);

  if (run->sts_error != NULL)
    {
      g_string_append_printf (evidence, "%s\n", run->sts_error->message);
      if (g_error_matches (run->sts_error, MD_HTTP_ERROR, MD_HTTP_ERROR_TLS))
        add (run, MD_SEVERITY_WARNING, MD_STEP_VERIFY_ADDRESS, "mta-sts.bad-certificate",
             g_strdup_printf (_("The MTA-STS policy of “%s” is on a server with a bad certificate"), run->display),
             g_strdup (_("MTA-STS lets a domain require that mail sent to it travels encrypted. Its policy must be published on a web server with a valid certificate; this one is not valid, so sending servers cannot use the policy and deliver as if there were none.")),
             g_strdup (_("If this is your domain, renew or fix the certificate of the mta-sts web server.")),
             finish_evidence (evidence));
      else if (g_error_matches (run->sts_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        add (run, MD_SEVERITY_WARNING, MD_STEP_VERIFY_ADDRESS, "mta-sts.policy-timeout",
             g_strdup_printf (_("The MTA-STS policy of “%s” could not be fetched in time"), run->display),
             g_strdup (_("MTA-STS lets a domain require that mail sent to it travels encrypted. The web server holding its policy did not answer in time. Sending servers then deliver as if there were no policy, or keep using a copy they fetched earlier.")),
             g_strdup (_("Try again later. If this is your domain, check the mta-sts web server.")),
             finish_evidence (evidence));
      else
        add (run, MD_SEVERITY_WARNING, MD_STEP_VERIFY_ADDRESS, "mta-sts.policy-fetch-failed",
             g_strdup_printf (_("The MTA-STS policy of “%s” could not be fetched"), run->display),
             g_strdup (_("MTA-STS lets a domain require that mail sent to it travels encrypted. The domain announces a policy, but its web server did not deliver it. Sending servers then deliver as if there were no policy, or keep using a copy they fetched earlier.")),
             g_strdup (_("If this is your domain, publish the policy file at the address shown, or remove the _mta-sts record.")),
             finish_evidence (evidence));
      return;
    }

  if (g_strcmp0 (run->sts_content_type, "text/plain") != 0)
    {
      g_string_append_printf (evidence, "Content-Type: %s\n",
                              run->sts_content_type != NULL ? run->sts_content_type : "(none)");
      add (run, MD_SEVERITY_WARNING, MD_STEP_VERIFY_ADDRESS, "mta-sts.bad-content-type",
           g_strdup_printf (_("The MTA-STS policy of “%s” is served with the wrong type"), run->display),
           g_strdup (_("MTA-STS lets a domain require that mail sent to it travels encrypted. Its policy file must be sent as plain text (“text/plain”); this web server labels it differently, so sending servers ignore the policy.")),
           g_strdup (_("If this is your domain, configure the web server to send the policy file as text/plain.")),
           finish_evidence (evidence));
      return;
    }

  body = g_bytes_get_data (run->sts_body, &body_len);
  g_string_append_len (evidence, body != NULL ? body : "", MIN (body_len, 2048));
  policy = md_mta_sts_policy_parse (body, body_len, &error);
  if (policy == NULL)
    {
      add (run, MD_SEVERITY_WARNING, MD_STEP_VERIFY_ADDRESS, "mta-sts.bad-policy",
           g_strdup_printf (_("The MTA-STS policy of “%s” has a mistake"), run->display),
           g_strdup_printf (_("MTA-STS lets a domain require that mail sent to it travels encrypted. Its policy file cannot be understood (%s), so sending servers ignore it."),
                            error->message),
           g_strdup (_("If this is your domain, correct the policy file.")),
           finish_evidence (evidence));
      return;
    }

  if (!g_str_equal (policy->mode, "none") && run->mx_hosts->len > 0)
    {
      g_autoptr(GString) unmatched = g_string_new (NULL);

      for (guint i = 0; i < run->mx_hosts->len; i++)
        {
          MxHost *host = g_ptr_array_index (run->mx_hosts, i);

          if (!md_mta_sts_policy_matches (policy, host->host))
            g_string_append_printf (unmatched, "%s%s", unmatched->len > 0 ? ", " : "", host->host);
        }

      if (unmatched->len > 0)
        {
          gboolean enforce = g_str_equal (policy->mode, "enforce");

          add (run, enforce ? MD_SEVERITY_PROBLEM : MD_SEVERITY_WARNING, MD_STEP_VERIFY_ADDRESS,
               "mta-sts.mx-mismatch",
               g_strdup_printf (_("The MTA-STS policy of “%s” does not match its mail servers"), run->display),
               enforce
               ? g_strdup_printf (_("MTA-STS lets a domain require that mail sent to it travels encrypted, and only to the mail servers its policy names. The policy does not name %s, which the domain’s MX records use, and it is enforced: careful sending servers (Gmail, Microsoft and others) refuse to deliver there, so mail to this domain can bounce or be delayed."),
                                  unmatched->str)
               : g_strdup_printf (_("MTA-STS lets a domain require that mail sent to it travels encrypted, and only to the mail servers its policy names. The policy does not name %s, which the domain’s MX records use. It is only in testing mode, so mail still arrives, but the domain receives failure reports."),
                                  unmatched->str),
               g_strdup (_("This is for the recipient’s provider to fix: the “mx:” lines of the MTA-STS policy must cover every MX host. Tell the recipient another way if your mail bounced.")),
               finish_evidence (evidence));
          return;
        }
    }

  if (g_str_equal (policy->mode, "enforce"))
    add (run, MD_SEVERITY_OK, MD_STEP_VERIFY_ADDRESS, "mta-sts.enforce-ok",
         g_strdup_printf (_("Mail to “%s” must travel encrypted (MTA-STS)"), run->display),
         g_strdup (_("MTA-STS lets a domain require that mail sent to it travels encrypted, to servers with valid certificates. This domain does so, and its policy matches its mail servers.")),
         NULL, finish_evidence (evidence));
  else
    add (run, MD_SEVERITY_INFO, MD_STEP_VERIFY_ADDRESS,
         g_str_equal (policy->mode, "testing") ? "mta-sts.testing" : "mta-sts.mode-none",
         g_strdup_printf (_("“%s” tests encrypted delivery without requiring it (MTA-STS)"), run->display),
         g_strdup (_("MTA-STS lets a domain require that mail sent to it travels encrypted. This domain publishes a policy but does not enforce it, so mail arrives even where encryption fails.")),
         NULL, finish_evidence (evidence));
}

static void
analyse_tls_rpt (Run *run)
{
  g_autoptr(GPtrArray) records = find_records (&run->tlsrpt, md_tls_rpt_is_record);
  g_autofree char *name = g_strconcat ("_smtp._tls.", run->domain, NULL);
  g_autofree char *rua = NULL;
  g_autoptr(GError) error = NULL;
  GString *evidence;

  if (records->len == 0)
    {
      add (run, MD_SEVERITY_INFO, MD_STEP_VERIFY_ADDRESS, "tls-rpt.none",
           g_strdup_printf (_("“%s” does not ask for delivery reports (no TLS-RPT)"), run->display),
           g_strdup (_("TLS-RPT is a DNS record asking sending servers to report problems with encrypted delivery. This domain has none; that is common and does not affect delivery.")),
           NULL, NULL);
      return;
    }

  evidence = g_string_new (NULL);
  append_records (evidence, name, &run->tlsrpt);
  if (records->len == 1)
    rua = md_tls_rpt_record_parse (g_ptr_array_index (records, 0), &error);

  if (rua == NULL)
    add (run, MD_SEVERITY_WARNING, MD_STEP_VERIFY_ADDRESS, "tls-rpt.bad-record",
         g_strdup_printf (_("The TLS-RPT record of “%s” is broken"), run->display),
         g_strdup (_("TLS-RPT is a DNS record asking sending servers to report problems with encrypted delivery. There must be one record saying where reports go (“rua=”); this one is broken, so no reports are sent. Delivery is not affected.")),
         g_strdup (_("If this is your domain, correct the _smtp._tls record.")),
         finish_evidence (evidence));
  else
    add (run, MD_SEVERITY_OK, MD_STEP_VERIFY_ADDRESS, "tls-rpt.ok",
         g_strdup_printf (_("“%s” receives reports about encrypted delivery (TLS-RPT)"), run->display),
         g_strdup_printf (_("TLS-RPT is a DNS record asking sending servers to report problems with encrypted delivery. This domain asks for reports at %s, so its provider hears about such problems."),
                          rua),
         NULL, finish_evidence (evidence));
}

static void
analyse (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (analyse_nxdomain (run) || analyse_dns_failure (run))
    return;

  analyse_mx (run);
  analyse_spf (run);
  analyse_dmarc (run);

  /* How mail reaches a domain that takes none does not matter. */
  if (run->mx_hosts->len == 0 && run->mx.records != NULL)
    return;
  analyse_mta_sts (run);
  analyse_tls_rpt (run);
}
