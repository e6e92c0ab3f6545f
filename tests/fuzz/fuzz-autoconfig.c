/* fuzz-autoconfig.c: fuzz target for the autoconfig XML parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a config-v1.1.xml file as a provider's web server (or the
 * ISP database) sends it, given to md_autoconfig_load_from_data(), the
 * pure part of md_autoconfig_lookup_async(). The found servers are then
 * compared with the user's settings.
 */

#include "config.h"

#include "md-core.h"

#include "fuzz-common.h"

static MdAutoconfig *autoconfig = NULL;

static void
touch_findings (GPtrArray *findings)
{
  g_autofree char *json = NULL;

  if (findings == NULL)
    return;

  json = md_findings_to_json_string (findings, FALSE);
  md_fuzz_touch (json);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *servers;
  gboolean ok;

  /* One object for the whole run: it makes an HTTP client, which is slow,
   * and load_from_data() starts afresh every time. */
  if (autoconfig == NULL)
    autoconfig = md_autoconfig_new (NULL);

  ok = md_autoconfig_load_from_data (autoconfig, (const char *) data, size,
                                     "someone@example.com", "fuzz", &error);
  g_assert_true (ok == (error == NULL));
  if (!ok)
    md_fuzz_check_error (error, data, size);

  md_fuzz_touch (md_autoconfig_get_provider_name (autoconfig));
  md_fuzz_touch (md_autoconfig_get_source (autoconfig));
  touch_findings (md_autoconfig_get_findings (autoconfig));

  if (!ok)
    return 0;

  servers = md_autoconfig_get_outgoing_servers (autoconfig);
  g_assert_nonnull (servers);
  g_assert_cmpuint (servers->len, <=, MD_AUTOCONFIG_MAX_SERVERS);
  for (guint i = 0; i < servers->len; i++)
    {
      MdAutoconfigServer *server = g_ptr_array_index (servers, i);

      md_fuzz_touch (md_autoconfig_server_get_hostname (server));
      md_fuzz_touch (md_autoconfig_server_get_authentication (server));
      md_fuzz_touch (md_autoconfig_server_get_username (server));
      g_assert_cmpuint (md_autoconfig_server_get_port (server), <=, 65535);
      (void) md_autoconfig_server_get_security (server);
    }

  {
    g_autoptr(GPtrArray) comparison = md_autoconfig_compare (autoconfig, "smtp.example.com", 587,
                                                             MD_SMTP_SECURITY_STARTTLS);

    touch_findings (comparison);
  }

  return 0;
}
