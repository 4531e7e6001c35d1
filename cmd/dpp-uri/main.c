/*
 * dpp-uri: Wi-Fi Easy Connect (DPP) bootstrapping URIs, keys and QR
 * labels.  main() only dispatches; each verb lives in its own file.
 */
#include "dpp-uri.h"

static const ok_cli_verb verbs[] = {
	{ "gen", cmd_gen,
	    "gen [-j] [-c curve] [-k key | -K keyout] [--force] [--chan list]\n"
	    "    [--mac mac] [--info text] [--dpp-version n] [--host addr]\n"
	    "    [--bands hex] [--pass src] [--pkcs11-module path] [-o file]\n"
	    "    [--label file.png|file.svg]\n"
	    "gen -n count [-c curve] [-d dir | -o file] [--chan list] [--mac first]\n"
	    "    [--info text] [--dpp-version n] [--host addr] [--bands hex]" },
	{ "parse", cmd_parse, "parse [-j] [--lenient] [-u uri | file]\n"
	    "parse -L [--lenient] [file]" },
	{ "hash", cmd_hash,
	    "hash [-j] [--lenient] [-k key [--pass src]] [-u uri | file]" },
	{ "qr", cmd_qr,
	    "qr [-f utf8|png|svg] [-s scale] [-m margin] [-l L|M|Q|H] [--lenient]\n"
	    "    [--force] [-o file] [-u uri | file]" },
	{ "scan", cmd_scan, "scan [-j] [--lenient] image ..." },
	{ "key", cmd_key,
	    "key [-f pem|der|hostapd|esp-idf|pub-pem|pub-der] [--force]\n"
	    "    [--pass src] [--pkcs11-module path] [-o file] [-k key | file]" },
	{ NULL, NULL, NULL }
};

static const ok_cli_tool tool = {
	"dpp-uri",
	"Wi-Fi Easy Connect (DPP) bootstrapping URIs, keys and QR labels",
	verbs
};

int
main(int argc, char **argv)
{
	ok_cli_init("dpp-uri");
	return ok_cli_dispatch(&tool, argc, argv);
}
