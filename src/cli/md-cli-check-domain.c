/* md-cli-check-domain.c: mail-doctor-cli check-domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "md-address.h"
#include "md-domain-check.h"
#include "md-error.h"
#include "md-finding.h"
#include "md-cli.h"

static void
print_json (const char *input,
            const char *domain,
            GPtrArray  *findings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "input");
  json_builder_add_string_value (builder, input);
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, domain);
  json_builder_set_member_name (builder, "worst");
  json_builder_add_string_value (builder, md_severity_to_string (md_findings_get_worst (findings)));
  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    json_builder_add_value (builder, md_finding_to_json (g_ptr_array_index (findings, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

int
md_cli_check_domain (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(MdResolver) resolver = NULL;
  g_autoptr(MdHttpClient) http_client = NULL;
  g_autoptr(MdDomainCheck) check = NULL;
  g_autoptr(MdAddress) address = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) domain_findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dns_server = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *summary = NULL;
  gboolean json = FALSE;
  int timeout = 10;
  const char *input;
  const char *domain;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the findings as JSON"), NULL },
    { "dns-server", 0, 0, G_OPTION_ARG_STRING, &dns_server,
      N_("Ask this DNS server instead of the system’s"), N_("IP[:PORT]") },
    { "https-base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("Fetch web documents from this server instead (for tests)"), N_("URL") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust only the certificate authorities in this file"), N_("PEM") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Give up on a server after this many seconds (default: 10)"), N_("SECONDS") },
    { NULL }
  };

  /* Translators: the argument of “mail-doctor-cli check-domain” */
  context = g_option_context_new (_("DOMAIN|ADDRESS"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  summary = g_strdup_printf ("%s", _("Check that a domain can receive email: that it exists, its mail servers (MX), and its SPF, DMARC, MTA-STS and TLS-RPT records. With an address, the address itself is checked too."));
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context,
                                    _("With --json, prints one JSON object: {\"input\": …, \"domain\": …, \"worst\": severity, \"findings\": [ {\"code\", \"severity\", \"step\", \"title\", \"detail\", \"advice\", \"evidence\"}, … ]}.\n"
                                      "Exit status: 0 when the check ran (whatever it found), 1 on bad usage, 2 on an internal error."));

  if (!md_cli_parse_options (context, &argc, &argv))
    return MD_CLI_EXIT_USAGE;

  if (argc != 2)
    {
      g_printerr ("%s\n", _("Give exactly one domain or address."));
      g_printerr ("%s\n", _("Run with --help to see the options."));
      return MD_CLI_EXIT_USAGE;
    }
  if (timeout < 1 || timeout > 600)
    {
      g_printerr ("%s\n", _("The timeout must be between 1 and 600 seconds."));
      return MD_CLI_EXIT_USAGE;
    }

  input = argv[1];
  domain = input;
  findings = g_ptr_array_new_with_free_func (g_object_unref);

  if (strchr (input, '@') != NULL)
    {
      GPtrArray *address_findings;

      address = md_address_parse (input);
      if (!md_address_is_valid (address) || md_address_is_domain_literal (address) ||
          md_address_get_ascii_domain (address) == NULL)
        {
          address_findings = md_address_get_findings (address);
          for (guint i = 0; i < address_findings->len; i++)
            g_ptr_array_add (findings, g_object_ref (g_ptr_array_index (address_findings, i)));
          domain = md_address_get_domain (address);
          goto output;
        }
      domain = md_address_get_ascii_domain (address);
    }

  ascii = md_domain_to_ascii (domain, &error);
  if (ascii == NULL)
    {
      g_printerr ("%s\n", error->message);
      return MD_CLI_EXIT_USAGE;
    }

  /* c-ares doubles the timeout for its second try: 1/3 + 2/3 = the whole. */
  resolver = md_resolver_new_full (dns_server, MAX (100, timeout * 1000 / 3), 2, &error);
  if (resolver == NULL)
    {
      g_printerr ("%s\n", error->message);
      return dns_server != NULL ? MD_CLI_EXIT_USAGE : MD_CLI_EXIT_INTERNAL;
    }

  http_client = md_http_client_new ();
  md_http_client_set_timeout (http_client, (guint) timeout);
  md_http_client_set_base_url (http_client, base_url);
  if (!md_http_client_set_ca_file (http_client, ca_file, &error))
    {
      g_printerr ("%s\n", error->message);
      return MD_CLI_EXIT_USAGE;
    }

  check = md_domain_check_new (resolver, http_client);
  domain_findings = md_domain_check_run_sync (check, ascii, NULL, &error);
  if (domain_findings == NULL)
    {
      g_printerr ("%s\n", error->message);
      return g_error_matches (error, MD_DNS_ERROR, MD_DNS_ERROR_BAD_NAME)
             ? MD_CLI_EXIT_USAGE : MD_CLI_EXIT_INTERNAL;
    }

  if (address != NULL)
    {
      GPtrArray *address_findings;
      gboolean accepts;

      if (md_domain_findings_accept_mail (domain_findings, &accepts))
        md_address_set_domain_accepts_mail (address, accepts);
      address_findings = md_address_get_findings (address);
      for (guint i = 0; i < address_findings->len; i++)
        g_ptr_array_add (findings, g_object_ref (g_ptr_array_index (address_findings, i)));
    }
  for (guint i = 0; i < domain_findings->len; i++)
    g_ptr_array_add (findings, g_object_ref (g_ptr_array_index (domain_findings, i)));

output:
  if (json)
    print_json (input, ascii != NULL ? ascii : domain, findings);
  else
    for (guint i = 0; i < findings->len; i++)
      /* Translators: before the DNS records etc. a finding is based on */
      md_cli_print_finding (g_ptr_array_index (findings, i));

  return MD_CLI_EXIT_OK;
}
