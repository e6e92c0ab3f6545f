/* md-cli.h: the subcommands of mail-doctor-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "md-finding.h"

G_BEGIN_DECLS

/* Exit statuses of the CLI contract (docs/ARCHITECTURE.md). */
enum
{
  MD_CLI_EXIT_OK = 0,         /* done, whatever was found */
  MD_CLI_EXIT_USAGE = 1,      /* bad usage or unreadable input */
  MD_CLI_EXIT_INTERNAL = 2,   /* internal error */
};

typedef int (*MdCliCommandFunc) (int    argc,
                                 char **argv);

/* Each subcommand lives in its own md-cli-<name>.c file. argv[0] is the
 * subcommand name; the function parses its own options. */
int  md_cli_classify      (int argc, char **argv);
int  md_cli_check_domain  (int argc, char **argv);
int  md_cli_check_smtp    (int argc, char **argv);
int  md_cli_report        (int argc, char **argv);

gboolean md_cli_parse_options (GOptionContext  *context,
                               int             *argc,
                               char          ***argv);
void     md_cli_print_finding (MdFinding       *finding);

G_END_DECLS
