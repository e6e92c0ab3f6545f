/* md-smtp-page.h: step 5, where the user's outgoing server settings are tested
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MD_TYPE_SMTP_PAGE (md_smtp_page_get_type ())

G_DECLARE_FINAL_TYPE (MdSmtpPage, md_smtp_page, MD, SMTP_PAGE, AdwBin)

GtkWidget  *md_smtp_page_new            (void);
void        md_smtp_page_set_email      (MdSmtpPage *self,
                                         const char *email);
void        md_smtp_page_test           (MdSmtpPage *self);
void        md_smtp_page_cancel         (MdSmtpPage *self);
gboolean    md_smtp_page_get_running    (MdSmtpPage *self);
GPtrArray  *md_smtp_page_dup_findings   (MdSmtpPage *self);
char       *md_smtp_page_dup_transcript (MdSmtpPage *self);

G_END_DECLS
