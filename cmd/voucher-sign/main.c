/*
 * voucher-sign: make, sign, verify and inspect BRSKI and SZTP vouchers
 * (RFC 8366, RFC 8366bis, RFC 8995, RFC 8572) in CMS, JWS and COSE form.
 * main() only dispatches; each verb lives in its own file.
 */
#include "voucher-sign.h"

static const ok_cli_verb verbs[] = {
	{ "create", cmd_create,
	    "create [-r|--request] [-T|--template FILE] [--LEAF VALUE ...]\n"
	    "    [--idevid CERT] [--relax RULE]... [-o FILE]" },
	{ "sign", cmd_sign,
	    "sign [-f cms|jws|cose] -k KEY -c CERT [--chain FILE]\n"
	    "    [--include chain|no-anchor|signer|none]\n"
	    "    [--econtent-type voucher|data] [--signing-time TIME]\n"
	    "    [--relax RULE]... [--pass SRC] [--pkcs11-module PATH]\n"
	    "    [-A|--armor] [-o FILE] [FILE]\n"
	    "sign --batch [-r] [same signing options] [-o FILE | -d DIR] [FILE]" },
	{ "verify", cmd_verify,
	    "verify -t ANCHOR [-t ANCHOR]... [--certs FILE] [--partial-chain]\n"
	    "    [--at TIME] [--serial TEXT] [--nonce TEXT] [--tls-cert FILE]\n"
	    "    [--registrar-request] [--pledge-anchor FILE]\n"
	    "    [--expect voucher|request] [-j] [-q] [-o FILE] [FILE]" },
	{ "show", cmd_show, "show [-j] [FILE]" },
	{ "sztp", cmd_sztp,
	    "sztp bundle --conveyed FILE [--xml] [-k OWNERKEY -c OWNERCERT\n"
	    "    [--chain FILE] --voucher OV] [--signing-time TIME] [-o FILE]\n"
	    "sztp verify -t ANCHOR... [--at TIME] [--serial TEXT]\n"
	    "    [--trusted-source] [-j] [-q] [-o FILE] [FILE]" },
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
