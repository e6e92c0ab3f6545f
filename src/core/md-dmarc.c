/* md-dmarc.c: parsing of DMARC records (RFC 7489)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "md-dmarc.h"
#include "md-error.h"

/**
 * md_dmarc_is_record:
 * @txt: the text of a TXT record
 *
 * Returns: whether @txt claims to be a DMARC record (starts with "v=DMARC1")
 */
gboolean
md_dmarc_is_record (const char *txt)
{
  const char *p;

  g_return_val_if_fail (txt != NULL, FALSE);

  p = txt;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != 'v')
    return FALSE;
  p++;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != '=')
    return FALSE;
  p++;
  while (*p == ' ' || *p == '\t')
    p++;

  return strncmp (p, "DMARC1", 6) == 0 && (p[6] == '\0' || p[6] == ';' || p[6] == ' ' || p[6] == '\t');
}

static gboolean
is_policy (const char *value)
{
  return g_ascii_strcasecmp (value, "none") == 0 ||
         g_ascii_strcasecmp (value, "quarantine") == 0 ||
         g_ascii_strcasecmp (value, "reject") == 0;
}

/**
 * md_dmarc_record_parse:
 * @txt: the text of a TXT record at _dmarc.DOMAIN
 * @error: return location for an error (%MD_DATA_ERROR_INVALID)
 *
 * A record without "p=" but with "rua=" counts as "p=none" (RFC 7489,
 * section 6.6.3).
 *
 * Returns: (transfer full) (nullable): the record
 */
MdDmarcRecord *
md_dmarc_record_parse (const char  *txt,
                       GError     **error)
{
  g_autoptr(MdDmarcRecord) record = NULL;
  g_auto(GStrv) tags = NULL;

  g_return_val_if_fail (txt != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!md_dmarc_is_record (txt))
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The text does not start with “v=DMARC1”"));
      return NULL;
    }

  record = g_new0 (MdDmarcRecord, 1);
  record->percent = 100;

  tags = g_strsplit (txt, ";", -1);
  for (guint i = 1; tags[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      char *equals;
      char *value;

      g_strstrip (tags[i]);
      if (*tags[i] == '\0')
        continue;
      equals = strchr (tags[i], '=');
      if (equals == NULL)
        {
          g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                       _("The DMARC record has an invalid part: “%s”"), tags[i]);
          return NULL;
        }
      *equals = '\0';
      name = g_ascii_strdown (g_strstrip (tags[i]), -1);
      value = g_strstrip (equals + 1);

      if (g_str_equal (name, "p") || g_str_equal (name, "sp"))
        {
          if (!is_policy (value))
            {
              g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                           _("The DMARC record has an unknown policy: “%s=%s”"), name, value);
              return NULL;
            }
          if (g_str_equal (name, "p") && record->policy == NULL)
            record->policy = g_ascii_strdown (value, -1);
          else if (g_str_equal (name, "sp") && record->subdomain_policy == NULL)
            record->subdomain_policy = g_ascii_strdown (value, -1);
        }
      else if (g_str_equal (name, "pct"))
        {
          guint64 pct;

          if (!g_ascii_string_to_unsigned (value, 10, 0, 100, &pct, NULL))
            {
              g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                           _("The DMARC record has an invalid percentage: “pct=%s”"), value);
              return NULL;
            }
          record->percent = (guint) pct;
        }
      else if (g_str_equal (name, "rua") && record->rua == NULL)
        record->rua = g_strdup (value);
    }

  if (record->policy == NULL)
    {
      if (record->rua == NULL)
        {
          g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                       _("The DMARC record has no policy (“p=”)"));
          return NULL;
        }
      record->policy = g_strdup ("none");
    }

  return g_steal_pointer (&record);
}

void
md_dmarc_record_free (MdDmarcRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->policy);
  g_free (record->subdomain_policy);
  g_free (record->rua);
  g_free (record);
}
