/* md-spf.c: parsing of SPF records (RFC 7208)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "md-error.h"
#include "md-spf.h"

static void
term_free (MdSpfTerm *term)
{
  g_free (term->text);
  g_free (term->domain);
  g_free (term);
}

/**
 * md_spf_is_record:
 * @txt: the text of a TXT record
 *
 * Returns: whether @txt is an SPF record: "v=spf1" followed by a space or
 *   nothing (RFC 7208, section 4.5), case-insensitively
 */
gboolean
md_spf_is_record (const char *txt)
{
  g_return_val_if_fail (txt != NULL, FALSE);

  return g_ascii_strncasecmp (txt, "v=spf1", 6) == 0 && (txt[6] == '\0' || txt[6] == ' ');
}

static gboolean
is_name_char (char c,
              gboolean first)
{
  if (g_ascii_isalpha (c))
    return TRUE;
  return !first && (g_ascii_isdigit (c) || c == '-' || c == '_' || c == '.');
}

/* domain-spec: macro-string domain-end (RFC 7208, section 7.1). */
static gboolean
check_domain_spec (const char *spec,
                   gboolean   *has_macro)
{
  g_autoptr(GString) literal = g_string_new (NULL);
  const char *p;

  *has_macro = FALSE;
  if (*spec == '\0')
    return FALSE;

  for (p = spec; *p != '\0'; p++)
    {
      if (*p == '%')
        {
          p++;
          if (*p == '%' || *p == '_' || *p == '-')
            continue;
          if (*p != '{')
            return FALSE;
          p++;
          if (strchr ("slodiphcrtvSLODIPHCRTV", *p) == NULL || *p == '\0')
            return FALSE;
          while (*p != '\0' && *p != '}')
            {
              if (!g_ascii_isdigit (*p) && strchr ("r.-+,/_=", *p) == NULL && !g_ascii_isalpha (*p))
                return FALSE;
              p++;
            }
          if (*p != '}')
            return FALSE;
          *has_macro = TRUE;
          continue;
        }
      if ((guchar) *p < 0x21 || (guchar) *p > 0x7e)
        return FALSE;
      g_string_append_c (literal, *p);
    }

  if (*has_macro)
    return TRUE;

  /* Without macros the spec is a domain name with at least two labels. */
  {
    g_auto(GStrv) labels = NULL;
    guint n;
    const char *name = literal->str;
    gsize len = literal->len;

    if (len > 0 && name[len - 1] == '.')
      literal->str[--literal->len] = '\0';
    labels = g_strsplit (literal->str, ".", -1);
    n = g_strv_length (labels);
    if (n < 2)
      return FALSE;
    for (guint i = 0; i < n; i++)
      {
        if (*labels[i] == '\0' || strlen (labels[i]) > 63)
          return FALSE;
      }
  }

  return TRUE;
}

static gboolean
check_cidr (const char *text,
            guint       max)
{
  guint64 value;

  return g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL);
}

/* Splits "domain/cidr4//cidr6" of a and mx; each part optional. */
static gboolean
split_cidr (char      *arg,
            gboolean   allow_dual)
{
  char *slash = strchr (arg, '/');

  if (slash == NULL)
    return TRUE;
  *slash = '\0';
  slash++;
  if (allow_dual && *slash == '/')
    return check_cidr (slash + 1, 128);
  {
    char *dual = strstr (slash, "//");

    if (dual != NULL)
      {
        *dual = '\0';
        if (!allow_dual || !check_cidr (dual + 2, 128))
          return FALSE;
      }
  }
  return check_cidr (slash, 32);
}

static gboolean
check_ip (const char    *arg,
          GSocketFamily  family)
{
  g_autofree char *copy = g_strdup (arg);
  char *slash = strchr (copy, '/');
  g_autoptr(GInetAddress) address = NULL;

  if (slash != NULL)
    {
      *slash = '\0';
      if (!check_cidr (slash + 1, family == G_SOCKET_FAMILY_IPV4 ? 32 : 128))
        return FALSE;
    }
  address = g_inet_address_new_from_string (copy);

  return address != NULL && g_inet_address_get_family (address) == family;
}

static MdSpfTerm *
parse_term (const char  *text,
            GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *arg = NULL;
  MdSpfTerm *term;
  const char *p = text;
  const char *sep;
  gboolean ok = TRUE;
  gboolean modifier = FALSE;

  term = g_new0 (MdSpfTerm, 1);
  term->text = g_strdup (text);
  term->qualifier = '+';

  if (strchr ("+-~?", *p) != NULL)
    term->qualifier = *p++;

  for (sep = p; *sep != '\0' && is_name_char (*sep, sep == p); sep++)
    ;
  name = g_ascii_strdown (p, sep - p);
  if (*sep == '=')
    modifier = TRUE;
  else if (*sep != '\0' && *sep != ':' && *sep != '/')
    ok = FALSE;
  if (*sep == ':' || *sep == '=')
    arg = g_strdup (sep + 1);
  else if (*sep == '/')
    arg = g_strdup (sep);

  if (!ok || *name == '\0')
    ;
  else if (modifier)
    {
      if (p != text)
        ok = FALSE;
      else if (g_str_equal (name, "redirect") || g_str_equal (name, "exp"))
        {
          term->kind = g_str_equal (name, "redirect") ? MD_SPF_REDIRECT : MD_SPF_EXP;
          ok = check_domain_spec (arg, &term->has_macro);
          term->domain = g_strdup (arg);
        }
      else
        term->kind = MD_SPF_UNKNOWN_MODIFIER;
    }
  else if (g_str_equal (name, "all"))
    {
      term->kind = MD_SPF_ALL;
      ok = arg == NULL;
    }
  else if (g_str_equal (name, "include") || g_str_equal (name, "exists"))
    {
      term->kind = g_str_equal (name, "include") ? MD_SPF_INCLUDE : MD_SPF_EXISTS;
      ok = arg != NULL && *sep == ':' && check_domain_spec (arg, &term->has_macro);
      term->domain = g_strdup (arg);
    }
  else if (g_str_equal (name, "a") || g_str_equal (name, "mx") || g_str_equal (name, "ptr"))
    {
      term->kind = g_str_equal (name, "a") ? MD_SPF_A : g_str_equal (name, "mx") ? MD_SPF_MX : MD_SPF_PTR;
      if (arg != NULL)
        {
          ok = split_cidr (arg, term->kind != MD_SPF_PTR);
          if (ok && *arg != '\0')
            {
              ok = *sep == ':' && check_domain_spec (arg, &term->has_macro);
              term->domain = g_strdup (arg);
            }
          else if (ok && *sep == ':')
            ok = FALSE;
          if (term->kind == MD_SPF_PTR && *sep == '/')
            ok = FALSE;
        }
    }
  else if (g_str_equal (name, "ip4") || g_str_equal (name, "ip6"))
    {
      term->kind = g_str_equal (name, "ip4") ? MD_SPF_IP4 : MD_SPF_IP6;
      ok = arg != NULL && *sep == ':' &&
           check_ip (arg, term->kind == MD_SPF_IP4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);
    }
  else
    ok = FALSE;

  if (!ok || *name == '\0')
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The SPF record has an invalid part: “%s”"), text);
      term_free (term);
      return NULL;
    }

  return term;
}

/**
 * md_spf_record_parse:
 * @txt: the text of a TXT record starting with "v=spf1"
 * @error: return location for an error (%MD_DATA_ERROR_INVALID naming the
 *   first invalid term)
 *
 * Returns: (transfer full) (nullable): the record
 */
MdSpfRecord *
md_spf_record_parse (const char  *txt,
                     GError     **error)
{
  g_autoptr(MdSpfRecord) record = NULL;
  g_auto(GStrv) words = NULL;
  gboolean seen_redirect = FALSE;
  gboolean seen_exp = FALSE;

  g_return_val_if_fail (txt != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!md_spf_is_record (txt))
    {
      g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                   _("The text does not start with “v=spf1”"));
      return NULL;
    }

  record = g_new0 (MdSpfRecord, 1);
  record->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);

  words = g_strsplit (txt + 6, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      MdSpfTerm *term;

      if (*words[i] == '\0')
        continue;
      term = parse_term (words[i], error);
      if (term == NULL)
        return NULL;
      g_ptr_array_add (record->terms, term);

      if ((term->kind == MD_SPF_REDIRECT && seen_redirect) || (term->kind == MD_SPF_EXP && seen_exp))
        {
          g_set_error (error, MD_DATA_ERROR, MD_DATA_ERROR_INVALID,
                       _("The SPF record has “%s” more than once"),
                       term->kind == MD_SPF_REDIRECT ? "redirect=" : "exp=");
          return NULL;
        }
      seen_redirect |= term->kind == MD_SPF_REDIRECT;
      seen_exp |= term->kind == MD_SPF_EXP;
    }

  return g_steal_pointer (&record);
}

void
md_spf_record_free (MdSpfRecord *record)
{
  if (record == NULL)
    return;

  g_clear_pointer (&record->terms, g_ptr_array_unref);
  g_free (record);
}

/**
 * md_spf_term_is_lookup:
 * @term: a term
 *
 * Returns: whether evaluating @term costs one of the ten DNS lookups
 *   RFC 7208 (section 4.6.4) allows: include, a, mx, ptr, exists, redirect
 */
gboolean
md_spf_term_is_lookup (MdSpfTerm *term)
{
  g_return_val_if_fail (term != NULL, FALSE);

  switch (term->kind)
    {
    case MD_SPF_INCLUDE:
    case MD_SPF_A:
    case MD_SPF_MX:
    case MD_SPF_PTR:
    case MD_SPF_EXISTS:
    case MD_SPF_REDIRECT:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * md_spf_record_count_lookups:
 * @record: a record
 *
 * Returns: the DNS lookups the record itself costs (not counting those of
 *   the records it includes)
 */
guint
md_spf_record_count_lookups (MdSpfRecord *record)
{
  guint count = 0;

  g_return_val_if_fail (record != NULL, 0);

  for (guint i = 0; i < record->terms->len; i++)
    count += md_spf_term_is_lookup (g_ptr_array_index (record->terms, i)) ? 1 : 0;

  return count;
}
