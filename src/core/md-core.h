/* md-core.h: the whole core library in one include
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "md-core-enums.h"
#include "md-error.h"
#include "md-finding.h"
#include "md-reason.h"
#include "md-step.h"
