/* fuzz-common.h: what every fuzz target shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/* The libFuzzer entry points (tests/fuzz/fuzz-common.c defines the first). */
int   LLVMFuzzerInitialize   (int            *argc,
                              char         ***argv);
int   LLVMFuzzerTestOneInput (const uint8_t  *data,
                              size_t          size);

/* A nul-terminated copy of the input, for parsers that take C strings
 * (DNS TXT records, addresses). The copy is exactly size + 1 bytes so
 * AddressSanitizer still sees reads past the end. */
static inline char *
md_fuzz_strndup (const uint8_t *data,
                 size_t         size)
{
  char *str = g_malloc (size + 1);

  if (size > 0)
    memcpy (str, data, size);
  str[size] = '\0';

  return str;
}

/* Reads every byte of a string the parser returned, so that a dangling or
 * unterminated result shows up under AddressSanitizer. */
static inline gsize
md_fuzz_touch (const char *str)
{
  return str != NULL ? strlen (str) : 0;
}

/* A parser that refuses an input says why in a message people read: it
 * must be valid UTF-8 whenever the input was (callers make DNS text and
 * pasted text valid UTF-8 before parsing it). */
static inline void
md_fuzz_check_error (const GError  *error,
                     const uint8_t *data,
                     size_t         size)
{
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  if (g_utf8_validate_len ((const char *) data, size, NULL))
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

G_END_DECLS
