/* md-mta-sts.c: parsing of MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "md-error.h"
#include "md-mta-sts.h"

#define MAX_AGE_LIMIT 31557600

static gboolean
has_version (const char *txt,
             const char *version)
{
  gsize len = strlen (version);

  return strncmp (txt, version, len) == 0 &&
         (txt[len] == '\0' || txt[len] == ';' || txt[len] == ' ' || txt[len] == '\t');
}

/**
 * md_mta_sts_is_record:
 * @txt: the text of a TXT record at _mta-sts.DOMAIN
 *
 * Returns: whether @txt starts with "v=STSv1"
 */
gboolean
md_mta_sts_is_record (const char *txt)
{
  g_return_val_if_fail (txt != NULL, FALSE);
  return has_version (txt, "v=STSv1");
}

/* Returns the value of @name among "name=value;" fields, or NULL. */
static char *
find_field (const char *txt,
            const char *name)
{
  g_auto(GStrv) fields = g_strsplit (txt, ";", -1);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      char *equals = strchr (fields[i], '=');

      if (equals == NULL)
        continue;
      *equals = '\0';
      if (g_str_equal (g_strstrip (fields[i]), name))
        return g_strdup (g_strstrip (equals + 1));
    }

  return NULL;
}

/**
 * md_mta_sts_record_parse:
 * @txt: the text of a TXT record at _mta-sts.DOMAIN
 * @error: return location for an error (%MD_DATA_ERROR_INVALID)
 *
 * Returns: (transfer full) (nullable): the policy id of the record
 */
char *
md_mta_sts_record_parse (const char  *txt,
                         GError     **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (txt != NULL, NULL);

  if (!md_mta_sts_is_record (txt))
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The text does not start with “v=STSv1”"));
      return NULL;
    }

  id = find_field (txt, "id");
  if (id == NULL || *id == '\0' || strlen (id) > 32)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The MTA-STS record has no valid “id=”"));
      return NULL;
    }
  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                       _("The MTA-STS record has no valid “id=”"));
          return NULL;
        }
    }

  return g_steal_pointer (&id);
}

/**
 * md_mta_sts_policy_parse:
 * @text: the policy file, not necessarily nul-terminated
 * @length: its length in bytes
 * @error: return location for an error (%MD_DATA_ERROR_INVALID)
 *
 * Returns: (transfer full) (nullable): the policy
 */
MdMtaStsPolicy *
md_mta_sts_policy_parse (const char  *text,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(MdMtaStsPolicy) policy = NULL;
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean version_ok = FALSE;
  gboolean have_max_age = FALSE;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (!g_utf8_validate_len (text, length, NULL) || memchr (text, '\0', length) != NULL)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The MTA-STS policy is not text"));
      return NULL;
    }

  copy = g_strndup (text, length);
  policy = g_new0 (MdMtaStsPolicy, 1);
  policy->mx = g_ptr_array_new_with_free_func (g_free);

  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon;
      const char *key;
      const char *value;

      colon = strchr (lines[i], ':');
      if (colon == NULL)
        {
          if (*g_strstrip (lines[i]) != '\0')
            {
              g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                           _("The MTA-STS policy has an invalid line: “%s”"), lines[i]);
              return NULL;
            }
          continue;
        }
      *colon = '\0';
      key = g_strstrip (lines[i]);
      value = g_strstrip (colon + 1);

      if (g_str_equal (key, "version"))
        version_ok = g_str_equal (value, "STSv1");
      else if (g_str_equal (key, "mode") && policy->mode == NULL)
        {
          if (!g_str_equal (value, "enforce") && !g_str_equal (value, "testing") &&
              !g_str_equal (value, "none"))
            {
              g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                           _("The MTA-STS policy has an unknown mode: “%s”"), value);
              return NULL;
            }
          policy->mode = g_strdup (value);
        }
      else if (g_str_equal (key, "max_age") && !have_max_age)
        {
          if (!g_ascii_string_to_unsigned (value, 10, 0, MAX_AGE_LIMIT, &policy->max_age, NULL))
            {
              g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                           _("The MTA-STS policy has an invalid max_age: “%s”"), value);
              return NULL;
            }
          have_max_age = TRUE;
        }
      else if (g_str_equal (key, "mx") && *value != '\0')
        g_ptr_array_add (policy->mx, g_ascii_strdown (value, -1));
    }

  if (!version_ok)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The MTA-STS policy does not say “version: STSv1”"));
      return NULL;
    }
  if (policy->mode == NULL || !have_max_age)
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The MTA-STS policy lacks its mode or max_age"));
      return NULL;
    }
  if (policy->mx->len == 0 && !g_str_equal (policy->mode, "none"))
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The MTA-STS policy names no mail servers (“mx:”)"));
      return NULL;
    }

  return g_steal_pointer (&policy);
}

void
md_mta_sts_policy_free (MdMtaStsPolicy *policy)
{
  if (policy == NULL)
    return;

  g_free (policy->mode);
  g_clear_pointer (&policy->mx, g_ptr_array_unref);
  g_free (policy);
}

static char *
normalize_host (const char *host)
{
  char *copy = g_ascii_strdown (host, -1);
  gsize len = strlen (copy);

  if (len > 0 && copy[len - 1] == '.')
    copy[len - 1] = '\0';

  return copy;
}

/**
 * md_mta_sts_mx_matches:
 * @pattern: an "mx:" pattern of a policy
 * @host: an MX host name
 *
 * A pattern "*.example.net" matches exactly one more label on the left
 * (RFC 8461, section 4.1), so "mx.example.net" but neither "example.net"
 * nor "a.b.example.net". Case and a final dot do not matter.
 *
 * Returns: whether @host matches @pattern
 */
gboolean
md_mta_sts_mx_matches (const char *pattern,
                       const char *host)
{
  g_autofree char *p = NULL;
  g_autofree char *h = NULL;
  const char *dot;

  g_return_val_if_fail (pattern != NULL, FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  p = normalize_host (pattern);
  h = normalize_host (host);

  if (!g_str_has_prefix (p, "*."))
    return g_str_equal (p, h);

  dot = strchr (h, '.');
  return dot != NULL && dot != h && g_str_equal (dot + 1, p + 2);
}

/**
 * md_mta_sts_policy_matches:
 * @policy: a policy
 * @host: an MX host name
 *
 * Returns: whether one of the policy's patterns matches @host
 */
gboolean
md_mta_sts_policy_matches (MdMtaStsPolicy *policy,
                           const char     *host)
{
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  for (guint i = 0; i < policy->mx->len; i++)
    {
      if (md_mta_sts_mx_matches (g_ptr_array_index (policy->mx, i), host))
        return TRUE;
    }

  return FALSE;
}

/**
 * md_tls_rpt_is_record:
 * @txt: the text of a TXT record at _smtp._tls.DOMAIN
 *
 * Returns: whether @txt starts with "v=TLSRPTv1"
 */
gboolean
md_tls_rpt_is_record (const char *txt)
{
  g_return_val_if_fail (txt != NULL, FALSE);
  return has_version (txt, "v=TLSRPTv1");
}

/**
 * md_tls_rpt_record_parse:
 * @txt: the text of a TXT record at _smtp._tls.DOMAIN
 * @error: return location for an error (%MD_DATA_ERROR_INVALID)
 *
 * Returns: (transfer full) (nullable): where the reports go ("rua=")
 */
char *
md_tls_rpt_record_parse (const char  *txt,
                         GError     **error)
{
  g_autofree char *rua = NULL;

  g_return_val_if_fail (txt != NULL, NULL);

  if (md_tls_rpt_is_record (txt))
    rua = find_field (txt, "rua");
  if (rua == NULL || (!g_str_has_prefix (rua, "mailto:") && !g_str_has_prefix (rua, "https:")))
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The TLS reporting record does not say where reports go"));
      return NULL;
    }

  return g_steal_pointer (&rua);
}
