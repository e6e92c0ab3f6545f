/* fuzz-common.c: set-up shared by the fuzz targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "fuzz-common.h"

/**
 * LLVMFuzzerInitialize:
 *
 * Runs once before the first input. GLib 2.74 hands out GObject instances
 * and many small blocks from its slice allocator, which hides leaks and
 * use-after-free from AddressSanitizer; G_SLICE=always-malloc turns it off,
 * but it must be set before GLib starts, so when it is missing the program
 * runs itself again with it. Critical warnings (a failed precondition inside
 * the core) and warnings abort, so the fuzzer reports them as crashes.
 */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  (void) argc;

  if (getenv ("G_SLICE") == NULL)
    {
      setenv ("G_SLICE", "always-malloc", 1);
      execv ("/proc/self/exe", *argv);
      /* If that failed, carry on with the slice allocator. */
    }

  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  return 0;
}
