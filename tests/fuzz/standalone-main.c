/* standalone-main.c: runs a fuzz target over saved inputs, without libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In the normal build every tests/fuzz/fuzz-<thing>.c is linked with this
 * file and runs as the test fuzz-regress-<thing>: each argument is a file or
 * a directory of files (the seed corpus and the reproducers of bugs found by
 * fuzzing), and each file is fed to LLVMFuzzerTestOneInput() once. A crash,
 * a sanitizer report or a critical warning fails the test.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fuzz-common.h"

static guint n_run = 0;

static gboolean
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree uint8_t *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  /* An exactly sized copy, as libFuzzer passes it: reads past the end of
   * the input are then caught by AddressSanitizer. */
  data = g_malloc (MAX (length, 1));
  memcpy (data, contents, length);
  LLVMFuzzerTestOneInput (data, length);
  n_run++;
  printf ("ran %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
run_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return run_file (path);

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    {
      /* A missing reproducers/ directory simply means no bug was found. */
      return TRUE;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!run_file (file))
        return FALSE;
    }

  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    if (!run_path (argv[i]))
      return EXIT_FAILURE;

  if (n_run == 0)
    {
      g_printerr ("No input found in the given paths\n");
      return EXIT_FAILURE;
    }

  printf ("%u inputs ran without a problem\n", n_run);
  return EXIT_SUCCESS;
}
