/* md-core.h: the whole core library in one include
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-address.h"
#include "md-autoconfig.h"
#include "md-bounce.h"
#include "md-bounce-recipient.h"
#include "md-classifier.h"
#include "md-core-enums.h"
#include "md-dmarc.h"
#include "md-domain-check.h"
#include "md-error.h"
#include "md-examples.h"
#include "md-finding.h"
#include "md-http-client.h"
#include "md-history.h"
#include "md-i18n.h"
#include "md-incident.h"
#include "md-mta-sts.h"
#include "md-reason.h"
#include "md-report.h"
#include "md-resolver.h"
#include "md-smtp-probe.h"
#include "md-smtp-reply.h"
#include "md-smtp-transcript.h"
#include "md-spf.h"
#include "md-step.h"
