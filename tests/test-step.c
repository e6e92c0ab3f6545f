/* test-step.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-core.h"

static void
test_step_texts (void)
{
  for (MdStep step = MD_STEP_IDENTIFY; step <= MD_STEP_DOCUMENT; step++)
    {
      const char *id = md_step_get_id (step);

      g_assert_nonnull (id);
      g_assert_cmpint (md_step_from_id (id), ==, step);
      g_assert_cmpuint (strlen (md_step_get_title (step)), >, 5);
      g_assert_cmpuint (strlen (md_step_get_summary (step)), >, 10);
      /* The explanation says what to do and why: more than a sentence. */
      g_assert_cmpuint (strlen (md_step_get_explanation (step)), >, 120);
      g_assert_nonnull (md_step_get_icon_name (step));
    }

  g_assert_cmpstr (md_step_get_title (MD_STEP_IDENTIFY), ==, "Identify the failure");
  g_assert_cmpstr (md_step_get_title (MD_STEP_DOCUMENT), ==, "Document and learn");
  g_assert_cmpint (md_step_from_id ("no-such-step"), ==, MD_STEP_NONE);
}

static void
test_step_state_labels (void)
{
  g_assert_cmpstr (md_step_state_get_label (MD_STEP_STATE_NOT_STARTED), ==, "Not started");
  g_assert_cmpstr (md_step_state_get_label (MD_STEP_STATE_DONE), ==, "Done");
  g_assert_cmpstr (md_step_state_get_label (MD_STEP_STATE_NEEDS_ATTENTION), ==, "Needs attention");
  g_assert_cmpstr (md_step_state_get_label (MD_STEP_STATE_SKIPPED), ==, "Skipped");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/step/texts", test_step_texts);
  g_test_add_func ("/step/state-labels", test_step_state_labels);

  return g_test_run ();
}
