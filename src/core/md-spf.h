/* md-spf.h: parsing of SPF records (RFC 7208)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions over strings: the input comes from DNS, anyone's.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MdSpfTermKind:
 * @MD_SPF_ALL: the "all" mechanism
 * @MD_SPF_INCLUDE: "include:" (one DNS lookup)
 * @MD_SPF_A: "a" (one DNS lookup)
 * @MD_SPF_MX: "mx" (one DNS lookup)
 * @MD_SPF_PTR: "ptr" (one DNS lookup; deprecated)
 * @MD_SPF_IP4: "ip4:"
 * @MD_SPF_IP6: "ip6:"
 * @MD_SPF_EXISTS: "exists:" (one DNS lookup)
 * @MD_SPF_REDIRECT: the "redirect=" modifier (one DNS lookup)
 * @MD_SPF_EXP: the "exp=" modifier
 * @MD_SPF_UNKNOWN_MODIFIER: another modifier, ignored by receivers
 *
 * The kinds of terms of an SPF record.
 */
typedef enum
{
  MD_SPF_ALL,
  MD_SPF_INCLUDE,
  MD_SPF_A,
  MD_SPF_MX,
  MD_SPF_PTR,
  MD_SPF_IP4,
  MD_SPF_IP6,
  MD_SPF_EXISTS,
  MD_SPF_REDIRECT,
  MD_SPF_EXP,
  MD_SPF_UNKNOWN_MODIFIER,
} MdSpfTermKind;

/**
 * MdSpfTerm:
 * @kind: the kind of term
 * @qualifier: '+', '-', '~' or '?' (mechanisms; '+' when not written)
 * @text: the term as written
 * @domain: (nullable): the domain-spec the term names, %NULL when the
 *   mechanism applies to the record's own domain (a, mx, ptr without ":")
 * @has_macro: whether @domain contains macros (it is then not looked up)
 */
typedef struct
{
  MdSpfTermKind  kind;
  char           qualifier;
  char          *text;
  char          *domain;
  gboolean       has_macro;
} MdSpfTerm;

/**
 * MdSpfRecord:
 * @terms: (element-type MdSpfTerm): the terms in order
 */
typedef struct
{
  GPtrArray *terms;
} MdSpfRecord;

gboolean     md_spf_is_record            (const char   *txt);
MdSpfRecord *md_spf_record_parse         (const char   *txt,
                                          GError      **error);
void         md_spf_record_free          (MdSpfRecord  *record);
guint        md_spf_record_count_lookups (MdSpfRecord  *record);
gboolean     md_spf_term_is_lookup       (MdSpfTerm    *term);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdSpfRecord, md_spf_record_free)

G_END_DECLS
