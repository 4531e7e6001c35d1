/*
 * voucher-sign: make, sign, verify and inspect BRSKI and SZTP vouchers
 * (RFC 8366, RFC 8366bis, RFC 8995, RFC 8572) in CMS, JWS and COSE form.
 * main() only dispatches; each verb lives in its own file.
 */
#include "voucher-sign.h"

/* Each usage lists exactly the options the verb's getopt table accepts,
 * and man/voucher-sign.1's SYNOPSIS says the same (a test compares). */
static const ok_cli_verb verbs[] = {
	{ "create", cmd_create,
	    "create [-r] [-T template] [--leaf value ...] [--idevid cert]\n"
	    "    [--relax rule ...] [--force] [-o file]" },
	{ "sign", cmd_sign,
	    "sign [-f cms|jws|cose] -k key -c cert [--chain file]\n"
	    "    [--include chain|no-anchor|signer|none]\n"
	    "    [--econtent-type voucher|data|oid] [--signing-time time]\n"
	    "    [--relax rule ...] [--pass src] [--pkcs11-module path]\n"
	    "    [-A] [--force] [-o file] [file]\n"
	    "sign --batch [-r] [-f cms|jws|cose] -k key -c cert\n"
	    "    [--chain file] [--include which] [--econtent-type type]\n"
	    "    [--signing-time time] [--relax rule ...] [--pass src]\n"
	    "    [--pkcs11-module path] [[--force] -o file | [-A] -d dir]\n"
	    "    [file]" },
	{ "verify", cmd_verify,
	    "verify -t anchor ... [--certs file] [--partial-chain]\n"
	    "    [--at time] [--serial text] [--nonce text] [--tls-cert file]\n"
	    "    [--registrar-request] [--pledge-anchor file]\n"
	    "    [--expect voucher|request] [-j | -q] [--force] [-o file]\n"
	    "    [file]" },
	{ "show", cmd_show, "show [-j] [file]" },
	{ "sztp", cmd_sztp,
	    "sztp bundle --conveyed file [--xml] [-k ownerkey\n"
	    "    -c ownercert [--chain file] --voucher ov [--pass src]\n"
	    "    [--pkcs11-module path]] [--signing-time time] [--force]\n"
	    "    [-o file]\n"
	    "sztp verify -t anchor ... [--at time] [--serial text]\n"
	    "    [--trusted-source] [-j | -q] [--force] [-o file] [file]" },
	{ NULL, NULL, NULL }
};

static const ok_cli_tool tool = {
	"voucher-sign",
	"make, sign, verify and inspect BRSKI and SZTP vouchers",
	verbs
};

int
main(int argc, char **argv)
{
	ok_cli_init("voucher-sign");
	return ok_cli_dispatch(&tool, argc, argv);
}
