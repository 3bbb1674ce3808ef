/* SPDX-License-Identifier: Apache-2.0 */
/* smgw-pki: subcommand table and helpers shared by the source files of
 * the program. Certificate commands live in smgw-pki.c; the security-module
 * commands, when built, in cmd-secmod.c (SMGW_PKI_CLI_SECMOD). */
#ifndef SMGW_PKI_CLI_H
#define SMGW_PKI_CLI_H

#include <stdio.h>

#include <smgw/pki.h>

/** One subcommand: name, one-line summary, entry point (argv[0] is the subcommand). */
struct smgw_pki_cli_cmd {
	const char *name;
	const char *summary;
	int (*run)(smgw_pki *pki, int argc, char **argv);
};

/** Exit codes of every subcommand. */
enum { CLI_OK = 0, CLI_INVALID = 1, CLI_USAGE = 2 };

#ifdef SMGW_PKI_CLI_SECMOD
/** Security-module subcommands (cmd-secmod.c), terminated by a NULL name. */
extern const struct smgw_pki_cli_cmd smgw_pki_cli_secmod_cmds[];
#endif

#endif
