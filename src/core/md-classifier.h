/* md-classifier.h: decides why a bounce happened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "md-bounce.h"

G_BEGIN_DECLS

#define MD_TYPE_CLASSIFIER (md_classifier_get_type ())

G_DECLARE_FINAL_TYPE (MdClassifier, md_classifier, MD, CLASSIFIER, GObject)

MdClassifier *md_classifier_new                 (void);
MdClassifier *md_classifier_get_default         (void);
void          md_classifier_classify_bounce     (MdClassifier      *self,
                                                 MdBounce          *bounce);
void          md_classifier_classify_recipient  (MdClassifier      *self,
                                                 MdBounceRecipient *recipient,
                                                 MdBounceKind       kind,
                                                 const char        *mta,
                                                 const char        *text);
guint         md_classifier_get_n_rules         (MdClassifier      *self);

gboolean      md_classifier_is_hardbounce       (const char        *reason,
                                                 const char        *status,
                                                 const char        *reply_code);

G_END_DECLS
