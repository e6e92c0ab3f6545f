/* md-page-util.c: small helpers shared by the step pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "md-page-util.h"

MdPageCall *
md_page_call_new (gpointer      page,
                  GCancellable *cancellable)
{
  MdPageCall *call;

  g_return_val_if_fail (G_IS_OBJECT (page), NULL);
  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  call = g_new0 (MdPageCall, 1);
  g_weak_ref_init (&call->self, page);
  call->cancellable = g_object_ref (cancellable);

  return call;
}

void
md_page_call_free (MdPageCall *call)
{
  if (call == NULL)
    return;

  g_weak_ref_clear (&call->self);
  g_clear_object (&call->cancellable);
  g_free (call);
}
