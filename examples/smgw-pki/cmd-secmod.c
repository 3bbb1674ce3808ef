/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smgw-pki security-module commands (docs/secmod.md): generate a key pair
 * in a slot of a PKCS#11 token or of the software key directory, print its
 * public key, sign a file, show the module's capabilities, delete a key,
 * fetch random bytes. The PIN comes from --pin-env VARIABLE (or --pin,
 * which other users of the machine can see in the process list).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include "cli.h"

static const char *prog = "smgw-pki";

struct sm_opts {
	const char *pkcs11;
	const char *token;
	const char *pin;
	const char *soft;
	const char *slot;
	const char *curve;
	const char *usage;
	const char *md;
	const char *in;
	const char *out;
	const char *subject;
	int replace;
};

#define SM_OPTS_HELP \
	"Module (one of):\n" \
	"  --pkcs11 MODULE.so   PKCS#11 module, with --token LABEL and --pin-env VAR or --pin PIN\n" \
	"  --soft DIR           software key directory (development only, NOT FOR PRODUCTION)\n"

enum { O_PKCS11 = 256, O_TOKEN, O_PIN, O_PIN_ENV, O_SOFT, O_SLOT, O_CURVE, O_USAGE, O_MD, O_IN, O_OUT, O_REPLACE,
       O_SUBJECT };

static const struct option sm_long[] = {
	{ "pkcs11", required_argument, NULL, O_PKCS11 },
	{ "token", required_argument, NULL, O_TOKEN },
	{ "pin", required_argument, NULL, O_PIN },
	{ "pin-env", required_argument, NULL, O_PIN_ENV },
	{ "soft", required_argument, NULL, O_SOFT },
	{ "slot", required_argument, NULL, O_SLOT },
	{ "curve", required_argument, NULL, O_CURVE },
	{ "usage", required_argument, NULL, O_USAGE },
	{ "md", required_argument, NULL, O_MD },
	{ "in", required_argument, NULL, O_IN },
	{ "out", required_argument, NULL, O_OUT },
	{ "replace", no_argument, NULL, O_REPLACE },
	{ "subject", required_argument, NULL, O_SUBJECT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Parses the options; returns -1 for --help, CLI_USAGE for bad usage, 0 otherwise. */
static int sm_parse(int argc, char **argv, struct sm_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", sm_long, NULL)) != -1) {
		switch (c) {
		case O_PKCS11: o->pkcs11 = optarg; break;
		case O_TOKEN: o->token = optarg; break;
		case O_PIN: o->pin = optarg; break;
		case O_PIN_ENV:
			o->pin = getenv(optarg);
			if (!o->pin) {
				fprintf(stderr, "%s %s: environment variable %s is not set\n", prog, argv[0], optarg);
				return CLI_USAGE;
			}
			break;
		case O_SOFT: o->soft = optarg; break;
		case O_SLOT: o->slot = optarg; break;
		case O_CURVE: o->curve = optarg; break;
		case O_USAGE: o->usage = optarg; break;
		case O_MD: o->md = optarg; break;
		case O_IN: o->in = optarg; break;
		case O_OUT: o->out = optarg; break;
		case O_REPLACE: o->replace = 1; break;
		case O_SUBJECT: o->subject = optarg; break;
		case 'h': return -1;
		default: return CLI_USAGE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s %s: unexpected argument '%s'\n", prog, argv[0], argv[optind]);
		return CLI_USAGE;
	}
	if (!o->pkcs11 == !o->soft) {
		fprintf(stderr, "%s %s: give exactly one of --pkcs11 MODULE and --soft DIR\n", prog, argv[0]);
		return CLI_USAGE;
	}
	return 0;
}

static int sm_open(smgw_pki *pki, const struct sm_opts *o, const char *cmd, smgw_secmod **ret)
{
	struct smgw_diag d = SMGW_DIAG_INIT;
	int rc;

	if (o->soft) {
		rc = smgw_secmod_soft_open(smgw_pki_ctx(pki), o->soft, ret, &d);
	} else {
		struct smgw_secmod_pkcs11_params p;

		memset(&p, 0, sizeof(p));
		p.struct_size = sizeof(p);
		p.module = o->pkcs11;
		p.token_label = o->token;
		p.pin = o->pin;
		p.pin_len = o->pin ? strlen(o->pin) : 0;
		rc = smgw_secmod_pkcs11_open(smgw_pki_ctx(pki), &p, ret, &d);
	}
	if (rc) {
		fprintf(stderr, "%s %s: cannot open the security module: %s (%s)\n", prog, cmd,
			d.message[0] ? d.message : smgw_strerror(rc), smgw_strerror_name(rc));
		return CLI_INVALID;
	}
	return 0;
}

static int need_slot(const struct sm_opts *o, const char *cmd)
{
	if (!o->slot) {
		fprintf(stderr, "%s %s: --slot NAME is required\n", prog, cmd);
		return CLI_USAGE;
	}
	return 0;
}

/* Writes the SubjectPublicKeyInfo of a key as PEM. */
static int write_pubkey(smgw_pki *pki, smgw_secmod_key *key, const char *out, const char *cmd)
{
	uint8_t spki[SMGW_SECMOD_SPKI_MAX];
	size_t n = sizeof(spki);
	const unsigned char *p = spki;
	EVP_PKEY *pk;
	FILE *f;
	int ok;

	if (smgw_secmod_key_spki(key, spki, &n) != 0)
		return CLI_INVALID;
	pk = d2i_PUBKEY_ex(NULL, &p, (long)n, smgw_pki_libctx(pki), NULL);
	if (!pk)
		return CLI_INVALID;
	f = out ? fopen(out, "w") : stdout;
	if (!f) {
		fprintf(stderr, "%s %s: %s: %s\n", prog, cmd, out, strerror(errno));
		EVP_PKEY_free(pk);
		return CLI_INVALID;
	}
	ok = PEM_write_PUBKEY(f, pk) == 1;
	if (out && fclose(f) != 0)
		ok = 0;
	EVP_PKEY_free(pk);
	return ok ? CLI_OK : CLI_INVALID;
}

static int cmd_keygen(smgw_pki *pki, int argc, char **argv)
{
	struct sm_opts o;
	enum smgw_secmod_curve curve;
	uint32_t flags = 0;
	smgw_secmod *sm;
	smgw_secmod_key *key;
	int rc = sm_parse(argc, argv, &o);

	if (rc < 0) {
		printf("Usage: %s keygen MODULE --slot NAME --curve CURVE [--usage sign|derive|both] [--replace] [--out PUB.pem]\n"
		       "Generates a key pair in a slot of the security module and prints its public key (PEM).\n"
		       "CURVE: brainpoolP256r1, brainpoolP384r1, brainpoolP512r1.\n" SM_OPTS_HELP, prog);
		return CLI_OK;
	}
	if (rc || (rc = need_slot(&o, argv[0])))
		return rc;
	curve = smgw_secmod_curve_from_name(o.curve ? o.curve : "");
	if (curve == SMGW_SECMOD_CURVE_NONE) {
		fprintf(stderr, "%s keygen: unknown or missing --curve '%s'\n", prog, o.curve ? o.curve : "");
		return CLI_USAGE;
	}
	if (!o.usage || strcmp(o.usage, "both") == 0)
		flags = SMGW_SECMOD_GEN_SIGN | SMGW_SECMOD_GEN_DERIVE;
	else if (strcmp(o.usage, "sign") == 0)
		flags = SMGW_SECMOD_GEN_SIGN;
	else if (strcmp(o.usage, "derive") == 0)
		flags = SMGW_SECMOD_GEN_DERIVE;
	else {
		fprintf(stderr, "%s keygen: --usage must be sign, derive or both\n", prog);
		return CLI_USAGE;
	}
	if (o.replace)
		flags |= SMGW_SECMOD_GEN_REPLACE;
	if ((rc = sm_open(pki, &o, argv[0], &sm)))
		return rc;
	rc = smgw_secmod_generate(sm, o.slot, curve, flags, &key);
	if (rc) {
		fprintf(stderr, "%s keygen: slot %s: %s (%s)%s\n", prog, o.slot, smgw_strerror(rc), smgw_strerror_name(rc),
			rc == SMGW_E_UNSUPPORTED && curve >= SMGW_SECMOD_CURVE_NIST_P256
				? "; NIST curves are for ephemeral keys only, use a brainpool curve"
				: "");
		smgw_secmod_free(sm);
		return rc == SMGW_E_INVAL ? CLI_USAGE : CLI_INVALID;
	}
	rc = write_pubkey(pki, key, o.out, argv[0]);
	smgw_secmod_key_free(key);
	smgw_secmod_free(sm);
	return rc;
}

static int cmd_pubkey(smgw_pki *pki, int argc, char **argv)
{
	struct sm_opts o;
	smgw_secmod *sm;
	smgw_secmod_key *key;
	int rc = sm_parse(argc, argv, &o);

	if (rc < 0) {
		printf("Usage: %s pubkey MODULE --slot NAME [--out PUB.pem]\n"
		       "Prints the public key of a slot (PEM SubjectPublicKeyInfo).\n" SM_OPTS_HELP, prog);
		return CLI_OK;
	}
	if (rc || (rc = need_slot(&o, argv[0])) || (rc = sm_open(pki, &o, argv[0], &sm)))
		return rc;
	rc = smgw_secmod_key_open(sm, o.slot, &key);
	if (rc) {
		fprintf(stderr, "%s pubkey: slot %s: %s\n", prog, o.slot, smgw_strerror(rc));
		smgw_secmod_free(sm);
		return rc == SMGW_E_INVAL ? CLI_USAGE : CLI_INVALID;
	}
	rc = write_pubkey(pki, key, o.out, argv[0]);
	smgw_secmod_key_free(key);
	smgw_secmod_free(sm);
	return rc;
}

/* Hashes a file with md. */
static int hash_file(const char *path, const EVP_MD *md, uint8_t *dg, unsigned int *dn)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	uint8_t buf[8192];
	size_t n;
	int ok;

	if (!f) {
		fprintf(stderr, "%s sign: %s: %s\n", prog, path, strerror(errno));
		EVP_MD_CTX_free(c);
		return -1;
	}
	ok = c && EVP_DigestInit_ex2(c, md, NULL) == 1;
	while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		ok = EVP_DigestUpdate(c, buf, n) == 1;
	if (ferror(f)) {
		fprintf(stderr, "%s sign: %s: read error\n", prog, path);
		ok = 0;
	}
	ok = ok && EVP_DigestFinal_ex(c, dg, dn) == 1;
	if (f != stdin)
		fclose(f);
	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

static int cmd_sign(smgw_pki *pki, int argc, char **argv)
{
	struct sm_opts o;
	smgw_secmod *sm;
	smgw_secmod_key *key;
	EVP_MD *md;
	uint8_t dg[EVP_MAX_MD_SIZE], sig[SMGW_SECMOD_SIG_DER_MAX];
	unsigned int dn = 0;
	size_t sn = sizeof(sig);
	FILE *f;
	int rc = sm_parse(argc, argv, &o);

	if (rc < 0) {
		printf("Usage: %s sign MODULE --slot NAME --in FILE [--md sha256|sha384|sha512] --out SIG.der\n"
		       "Hashes FILE on the host and signs the digest in the module (DER ECDSA signature,\n"
		       "as checked by 'openssl dgst -sha256 -verify PUB.pem -signature SIG.der FILE').\n" SM_OPTS_HELP,
		       prog);
		return CLI_OK;
	}
	if (rc || (rc = need_slot(&o, argv[0])))
		return rc;
	if (!o.in || !o.out) {
		fprintf(stderr, "%s sign: --in FILE and --out SIG.der are required\n", prog);
		return CLI_USAGE;
	}
	if (o.md && strcmp(o.md, "sha256") && strcmp(o.md, "sha384") && strcmp(o.md, "sha512")) {
		fprintf(stderr, "%s sign: --md must be sha256, sha384 or sha512\n", prog);
		return CLI_USAGE;
	}
	md = EVP_MD_fetch(smgw_pki_libctx(pki), o.md ? o.md : "sha256", smgw_pki_propq(pki));
	if (!md || hash_file(o.in, md, dg, &dn) != 0) {
		EVP_MD_free(md);
		return CLI_USAGE;
	}
	EVP_MD_free(md);
	if ((rc = sm_open(pki, &o, argv[0], &sm)))
		return rc;
	rc = smgw_secmod_key_open(sm, o.slot, &key);
	if (rc == 0) {
		rc = smgw_secmod_sign_digest(key, dg, dn, SMGW_SECMOD_SIG_DER, sig, &sn);
		smgw_secmod_key_free(key);
	}
	smgw_secmod_free(sm);
	if (rc) {
		fprintf(stderr, "%s sign: slot %s: %s (%s)\n", prog, o.slot, smgw_strerror(rc), smgw_strerror_name(rc));
		return CLI_INVALID;
	}
	f = fopen(o.out, "wb");
	if (!f || fwrite(sig, 1, sn, f) != sn || fclose(f) != 0) {
		fprintf(stderr, "%s sign: %s: %s\n", prog, o.out, strerror(errno));
		return CLI_INVALID;
	}
	return CLI_OK;
}

static int cmd_delete(smgw_pki *pki, int argc, char **argv)
{
	struct sm_opts o;
	smgw_secmod *sm;
	int rc = sm_parse(argc, argv, &o);

	if (rc < 0) {
		printf("Usage: %s keydel MODULE --slot NAME\nDeletes the key pair of a slot.\n" SM_OPTS_HELP, prog);
		return CLI_OK;
	}
	if (rc || (rc = need_slot(&o, argv[0])) || (rc = sm_open(pki, &o, argv[0], &sm)))
		return rc;
	rc = smgw_secmod_key_delete(sm, o.slot);
	smgw_secmod_free(sm);
	if (rc) {
		fprintf(stderr, "%s keydel: slot %s: %s\n", prog, o.slot, smgw_strerror(rc));
		return rc == SMGW_E_INVAL ? CLI_USAGE : CLI_INVALID;
	}
	return CLI_OK;
}

static int cmd_modinfo(smgw_pki *pki, int argc, char **argv)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ SMGW_SECMOD_CAP_KEYGEN, "keygen" },
		{ SMGW_SECMOD_CAP_SIGN, "sign" },
		{ SMGW_SECMOD_CAP_ECDH, "ecdh" },
		{ SMGW_SECMOD_CAP_RANDOM, "random" },
		{ SMGW_SECMOD_CAP_CERTS, "certificates" },
		{ SMGW_SECMOD_CAP_DELETE, "delete" },
		{ SMGW_SECMOD_CAP_HASH_IN_MODULE, "hash-in-module" },
		{ SMGW_SECMOD_CAP_KDF_IN_MODULE, "kdf-in-module" },
		{ SMGW_SECMOD_CAP_NONEXTRACTABLE, "non-extractable" },
		{ SMGW_SECMOD_CAP_NOT_FOR_PRODUCTION, "NOT-FOR-PRODUCTION" },
	};
	struct sm_opts o;
	smgw_secmod *sm;
	uint32_t caps = 0;
	size_t i;
	int rc = sm_parse(argc, argv, &o);

	if (rc < 0) {
		printf("Usage: %s modinfo MODULE\nPrints the backend and its capabilities.\n" SM_OPTS_HELP, prog);
		return CLI_OK;
	}
	if (rc || (rc = sm_open(pki, &o, argv[0], &sm)))
		return rc;
	rc = smgw_secmod_capabilities(sm, &caps);
	if (rc == 0) {
		printf("backend: %s\ncapabilities:", smgw_secmod_name(sm));
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (caps & names[i].bit)
				printf(" %s", names[i].name);
		printf("\n");
	}
	smgw_secmod_free(sm);
	return rc ? CLI_INVALID : CLI_OK;
}

static int cmd_random(smgw_pki *pki, int argc, char **argv)
{
	struct sm_opts o;
	smgw_secmod *sm;
	uint8_t buf[256];
	char *end = NULL;
	unsigned long n;
	size_t i;
	int rc = sm_parse(argc, argv, &o);

	if (rc < 0) {
		printf("Usage: %s random MODULE --in N\nPrints N (1 to 256) random bytes of the module in hex.\n" SM_OPTS_HELP,
		       prog);
		return CLI_OK;
	}
	if (rc)
		return rc;
	n = o.in ? strtoul(o.in, &end, 10) : 0;
	if (!o.in || *end || n == 0 || n > sizeof(buf)) {
		fprintf(stderr, "%s random: --in N must be 1 to %zu\n", prog, sizeof(buf));
		return CLI_USAGE;
	}
	if ((rc = sm_open(pki, &o, argv[0], &sm)))
		return rc;
	rc = smgw_secmod_random(sm, buf, n);
	smgw_secmod_free(sm);
	if (rc) {
		fprintf(stderr, "%s random: %s\n", prog, smgw_strerror(rc));
		return CLI_INVALID;
	}
	for (i = 0; i < n; i++)
		printf("%02x", buf[i]);
	printf("\n");
	OPENSSL_cleanse(buf, sizeof(buf));
	return CLI_OK;
}

/* "/O=SM-Test-PKI-DE/CN=ETEST0000000001.SMGW" (no escapes) as an X509_NAME. */
static X509_NAME *parse_subject(const char *text)
{
	X509_NAME *nm = X509_NAME_new();
	char buf[512], *p, *next, *eq;

	if (!nm || text[0] != '/' || strlen(text) >= sizeof(buf))
		goto bad;
	memcpy(buf, text + 1, strlen(text));
	for (p = buf; p && *p; p = next) {
		next = strchr(p, '/');
		if (next)
			*next++ = '\0';
		eq = strchr(p, '=');
		if (!eq || eq == p || !eq[1])
			goto bad;
		*eq = '\0';
		if (X509_NAME_add_entry_by_txt(nm, p, MBSTRING_UTF8, (const unsigned char *)eq + 1, -1, -1, 0) != 1)
			goto bad;
	}
	if (X509_NAME_entry_count(nm) > 0)
		return nm;
bad:
	X509_NAME_free(nm);
	return NULL;
}

static int cmd_csr(smgw_pki *pki, int argc, char **argv)
{
	struct sm_opts o;
	smgw_secmod *sm = NULL;
	smgw_secmod_key *key = NULL;
	OSSL_PROVIDER *prov = NULL;
	EVP_PKEY *pkey = NULL, *pub = NULL;
	X509_REQ *req = NULL;
	X509_NAME *nm = NULL;
	uint8_t spki[SMGW_SECMOD_SPKI_MAX];
	size_t n = sizeof(spki);
	const unsigned char *q = spki;
	FILE *f = NULL;
	int rc = sm_parse(argc, argv, &o);

	if (rc < 0) {
		printf("Usage: %s csr MODULE --slot NAME --subject /O=.../CN=... [--md sha256|sha384|sha512] [--out REQ.pem]\n"
		       "Writes a PKCS#10 certificate request for the key of a slot, signed in the module\n"
		       "through the OpenSSL provider ('openssl req -verify' checks it).\n" SM_OPTS_HELP, prog);
		return CLI_OK;
	}
	if (rc || (rc = need_slot(&o, argv[0])))
		return rc;
	if (!o.subject || !(nm = parse_subject(o.subject))) {
		fprintf(stderr, "%s csr: --subject /KEY=VALUE/... is missing or malformed\n", prog);
		return CLI_USAGE;
	}
	if (o.md && strcmp(o.md, "sha256") && strcmp(o.md, "sha384") && strcmp(o.md, "sha512")) {
		fprintf(stderr, "%s csr: --md must be sha256, sha384 or sha512\n", prog);
		X509_NAME_free(nm);
		return CLI_USAGE;
	}
	if ((rc = sm_open(pki, &o, argv[0], &sm))) {
		X509_NAME_free(nm);
		return rc;
	}
	rc = CLI_INVALID;
	if (smgw_secmod_key_open(sm, o.slot, &key) != 0) {
		fprintf(stderr, "%s csr: slot %s has no key\n", prog, o.slot);
		goto out;
	}
	if (smgw_secmod_provider_load(smgw_pki_libctx(pki), smgw_pki_propq(pki), &prov) != 0 ||
	    smgw_secmod_key_pkey(key, smgw_pki_libctx(pki), &pkey) != 0 || smgw_secmod_key_spki(key, spki, &n) != 0 ||
	    !(pub = d2i_PUBKEY_ex(NULL, &q, (long)n, smgw_pki_libctx(pki), smgw_pki_propq(pki)))) {
		fprintf(stderr, "%s csr: cannot use the key through OpenSSL\n", prog);
		goto out;
	}
	req = X509_REQ_new_ex(smgw_pki_libctx(pki), smgw_pki_propq(pki));
	if (!req || X509_REQ_set_version(req, 0) != 1 || X509_REQ_set_subject_name(req, nm) != 1 ||
	    X509_REQ_set_pubkey(req, pub) != 1 ||
	    X509_REQ_sign(req, pkey, EVP_get_digestbyname(o.md ? o.md : "sha256")) <= 0) {
		fprintf(stderr, "%s csr: signing in the module failed (OpenSSL error %lx)\n", prog, ERR_peek_last_error());
		goto out;
	}
	f = o.out ? fopen(o.out, "w") : stdout;
	if (!f) {
		fprintf(stderr, "%s csr: %s: %s\n", prog, o.out, strerror(errno));
		goto out;
	}
	if (PEM_write_X509_REQ(f, req) == 1)
		rc = CLI_OK;
	if (o.out && fclose(f) != 0)
		rc = CLI_INVALID;
out:
	X509_REQ_free(req);
	X509_NAME_free(nm);
	EVP_PKEY_free(pub);
	EVP_PKEY_free(pkey);
	smgw_secmod_key_free(key);
	smgw_secmod_free(sm);
	OSSL_PROVIDER_unload(prov);
	return rc;
}

static int cmd_certstore(smgw_pki *pki, int argc, char **argv)
{
	struct sm_opts o;
	smgw_secmod *sm;
	X509 *x = NULL;
	unsigned char *der = NULL;
	FILE *f;
	int n, rc = sm_parse(argc, argv, &o);

	if (rc < 0) {
		printf("Usage: %s certstore MODULE --slot NAME --in CERT.pem|CERT.der\n"
		       "Stores a certificate in a slot of the security module.\n" SM_OPTS_HELP, prog);
		return CLI_OK;
	}
	if (rc || (rc = need_slot(&o, argv[0])))
		return rc;
	if (!o.in) {
		fprintf(stderr, "%s certstore: --in CERT is required\n", prog);
		return CLI_USAGE;
	}
	f = fopen(o.in, "rb");
	if (!f) {
		fprintf(stderr, "%s certstore: %s: %s\n", prog, o.in, strerror(errno));
		return CLI_USAGE;
	}
	x = PEM_read_X509(f, NULL, NULL, NULL);
	if (!x) {
		rewind(f);
		x = d2i_X509_fp(f, NULL);
	}
	fclose(f);
	n = x ? i2d_X509(x, &der) : -1;
	X509_free(x);
	if (n <= 0) {
		fprintf(stderr, "%s certstore: %s: not a certificate (PEM or DER)\n", prog, o.in);
		return CLI_USAGE;
	}
	if ((rc = sm_open(pki, &o, argv[0], &sm))) {
		OPENSSL_free(der);
		return rc;
	}
	rc = smgw_secmod_cert_store(sm, o.slot, der, (size_t)n);
	smgw_secmod_free(sm);
	OPENSSL_free(der);
	if (rc) {
		fprintf(stderr, "%s certstore: slot %s: %s\n", prog, o.slot, smgw_strerror(rc));
		return CLI_INVALID;
	}
	return CLI_OK;
}

static int cmd_certload(smgw_pki *pki, int argc, char **argv)
{
	struct sm_opts o;
	smgw_secmod *sm;
	uint8_t *der = NULL;
	size_t n = 0;
	const unsigned char *q;
	X509 *x;
	FILE *f;
	int rc = sm_parse(argc, argv, &o);

	if (rc < 0) {
		printf("Usage: %s certload MODULE --slot NAME [--out CERT.pem]\n"
		       "Prints the certificate of a slot (PEM).\n" SM_OPTS_HELP, prog);
		return CLI_OK;
	}
	if (rc || (rc = need_slot(&o, argv[0])) || (rc = sm_open(pki, &o, argv[0], &sm)))
		return rc;
	rc = smgw_secmod_cert_load(sm, o.slot, NULL, &n);
	if (rc == SMGW_E_BUFSIZE && (der = malloc(n)) != NULL)
		rc = smgw_secmod_cert_load(sm, o.slot, der, &n);
	smgw_secmod_free(sm);
	if (rc) {
		fprintf(stderr, "%s certload: slot %s: %s\n", prog, o.slot, smgw_strerror(rc));
		free(der);
		return CLI_INVALID;
	}
	q = der;
	x = d2i_X509(NULL, &q, (long)n);
	free(der);
	if (!x) {
		fprintf(stderr, "%s certload: slot %s holds no valid certificate\n", prog, o.slot);
		return CLI_INVALID;
	}
	f = o.out ? fopen(o.out, "w") : stdout;
	rc = f && PEM_write_X509(f, x) == 1 ? CLI_OK : CLI_INVALID;
	if (o.out && f && fclose(f) != 0)
		rc = CLI_INVALID;
	if (!f)
		fprintf(stderr, "%s certload: %s: %s\n", prog, o.out, strerror(errno));
	X509_free(x);
	return rc;
}

const struct smgw_pki_cli_cmd smgw_pki_cli_secmod_cmds[] = {
	{ "keygen", "generate a key pair in a security-module slot", cmd_keygen },
	{ "pubkey", "print the public key of a security-module slot", cmd_pubkey },
	{ "sign", "sign a file with a security-module key", cmd_sign },
	{ "csr", "certificate request for a security-module key, signed in the module", cmd_csr },
	{ "keydel", "delete the key pair of a security-module slot", cmd_delete },
	{ "certstore", "store a certificate in a security-module slot", cmd_certstore },
	{ "certload", "print the certificate of a security-module slot", cmd_certload },
	{ "modinfo", "show the security module's backend and capabilities", cmd_modinfo },
	{ "random", "random bytes from the security module", cmd_random },
	{ NULL, NULL, NULL },
};
