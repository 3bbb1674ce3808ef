/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smgw-lmn: decode telegrams of the local metrological network.
 *
 *   smgw-lmn dlms [--key-enc HEX --key-auth HEX] [--json] HEX|FILE
 *   smgw-lmn wmbus [--key HEX] [--strict] [--json] HEX|FILE...
 *
 * Each subcommand lives in its own file cmd-<name>.c as
 * `int smgw_lmn_cmd_<name>(int argc, char **argv)` (argv[1] is the
 * subcommand's name) and is dispatched below with one line.
 */
#include <stdio.h>
#include <string.h>

int smgw_lmn_cmd_dlms(int argc, char **argv); /* cmd-dlms.c */
int smgw_lmn_cmd_wmbus(int argc, char **argv); /* cmd-wmbus.c */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: smgw-lmn COMMAND [OPTIONS] HEX|FILE\n"
		"\n"
		"Decodes telegrams of the local metrological network to text or JSON.\n"
		"Commands:\n"
		"  dlms    DLMS/COSEM APDUs (HDLC frames, wired M-Bus frames, LLC PDU,\n"
		"          UDP wrapper or bare APDU; plain or ciphered)\n"
		"  wmbus   wireless M-Bus/OMS telegrams (formats A and B, with or\n"
		"          without DLL CRCs; ELL, AFL, security modes 5 and 7; compact\n"
		"          frames after their full frame) and\n"
		"          wired M-Bus long frames\n"
		"Run 'smgw-lmn COMMAND --help' for the options of a command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "dlms") == 0)
		return smgw_lmn_cmd_dlms(argc, argv);
	if (strcmp(argv[1], "wmbus") == 0)
		return smgw_lmn_cmd_wmbus(argc, argv);
	fprintf(stderr, "smgw-lmn: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
