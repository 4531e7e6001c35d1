/*
 * opclass.c: global operating classes (IEEE Std 802.11-2020 Annex E,
 * Table E-4) for the C: token of a DPP URI.
 *
 * A DPP channel list names the channels a device listens on as global
 * operating class and channel pairs.  The strict table below keeps the
 * bands a Wi-Fi device can use for DPP: 2.4 GHz (81-84), 5 GHz (115-130),
 * 6 GHz (131-137) and 60 GHz DMG (180).  The licensed 3.65 GHz and 4.9 GHz
 * public-safety classes (94-113) and the 60 GHz EDMG bonding classes
 * (181-184) are left out: hostapd does not map the former at all and no
 * DPP peer listens on the latter.  For the 80, 160, 80+80 and 320 MHz
 * classes the "channel" is the channel centre frequency index, as in the
 * standard.
 */
#include "opclass.h"

#include <stddef.h>
#include <stdint.h>

#include "uri.h"

typedef struct opclass_row {
	uint8_t op_class;
	unsigned start_mhz;   /* channel starting frequency */
	unsigned spacing_mhz; /* frequency per channel number */
	/* The channel set: first..last in steps, or an explicit list. */
	uint8_t first, last, step;
	const uint8_t *list;
	size_t list_len;
} opclass_row;

/* Centre frequency indices of the 80 MHz (128, 130) and 160 MHz (129)
 * 5 GHz channels: not an arithmetic progression. */
static const uint8_t centre_80mhz[] = { 42, 58, 106, 122, 138, 155, 171 };
static const uint8_t centre_160mhz[] = { 50, 114, 163 };

static const opclass_row annex_e[] = {
	{ 81, 2407, 5, 1, 13, 1, NULL, 0 },
	{ 82, 2414, 5, 14, 14, 1, NULL, 0 },
	{ 83, 2407, 5, 1, 9, 1, NULL, 0 },
	{ 84, 2407, 5, 5, 13, 1, NULL, 0 },
	{ 115, 5000, 5, 36, 48, 4, NULL, 0 },
	{ 116, 5000, 5, 36, 44, 8, NULL, 0 },
	{ 117, 5000, 5, 40, 48, 8, NULL, 0 },
	{ 118, 5000, 5, 52, 64, 4, NULL, 0 },
	{ 119, 5000, 5, 52, 60, 8, NULL, 0 },
	{ 120, 5000, 5, 56, 64, 8, NULL, 0 },
	{ 121, 5000, 5, 100, 144, 4, NULL, 0 },
	{ 122, 5000, 5, 100, 140, 8, NULL, 0 },
	{ 123, 5000, 5, 104, 144, 8, NULL, 0 },
	{ 124, 5000, 5, 149, 161, 4, NULL, 0 },
	{ 125, 5000, 5, 149, 177, 4, NULL, 0 },
	{ 126, 5000, 5, 149, 173, 8, NULL, 0 },
	{ 127, 5000, 5, 153, 177, 8, NULL, 0 },
	{ 128, 5000, 5, 0, 0, 0, centre_80mhz, sizeof(centre_80mhz) },
	{ 129, 5000, 5, 0, 0, 0, centre_160mhz, sizeof(centre_160mhz) },
	{ 130, 5000, 5, 0, 0, 0, centre_80mhz, sizeof(centre_80mhz) },
	{ 131, 5950, 5, 1, 233, 4, NULL, 0 },
	{ 132, 5950, 5, 3, 227, 8, NULL, 0 },
	{ 133, 5950, 5, 7, 215, 16, NULL, 0 },
	{ 134, 5950, 5, 15, 207, 32, NULL, 0 },
	{ 135, 5950, 5, 7, 215, 16, NULL, 0 },
	{ 136, 5925, 5, 2, 2, 1, NULL, 0 },
	{ 137, 5950, 5, 31, 191, 32, NULL, 0 },
	{ 180, 56160, 2160, 1, 6, 1, NULL, 0 },
};

static const opclass_row *
annex_e_row(unsigned op_class)
{
	size_t i;

	for (i = 0; i < sizeof(annex_e) / sizeof(annex_e[0]); i++)
		if (annex_e[i].op_class == op_class)
			return &annex_e[i];
	return NULL;
}

static bool
row_has_channel(const opclass_row *row, unsigned channel)
{
	size_t i;

	if (row->list != NULL) {
		for (i = 0; i < row->list_len; i++)
			if (row->list[i] == channel)
				return true;
		return false;
	}
	return channel >= row->first && channel <= row->last &&
	    (channel - row->first) % row->step == 0;
}

bool
ok_dpp_opclass_known(unsigned op_class)
{
	return annex_e_row(op_class) != NULL;
}

unsigned
ok_dpp_channel_freq(unsigned op_class, unsigned channel)
{
	const opclass_row *row = annex_e_row(op_class);

	if (row == NULL || !row_has_channel(row, channel))
		return 0;
	return row->start_mhz + row->spacing_mhz * channel;
}

/*
 * hostapd 2.10 checks only a range per class (so 115/37 maps to 5185
 * MHz) and knows the EDMG classes, whose channel numbers restart at each
 * class; it does not know class 137.  offset is subtracted from the
 * channel before scaling.
 */
typedef struct hostapd_row {
	uint8_t op_class;
	uint8_t lowest, highest;
	unsigned start_mhz, spacing_mhz;
	uint8_t offset;
} hostapd_row;

static const hostapd_row hostapd210[] = {
	{ 81, 1, 13, 2407, 5, 0 },
	{ 82, 14, 14, 2414, 5, 0 },
	{ 83, 1, 13, 2407, 5, 0 },
	{ 84, 1, 13, 2407, 5, 0 },
	{ 115, 36, 64, 5000, 5, 0 },
	{ 116, 36, 64, 5000, 5, 0 },
	{ 117, 36, 64, 5000, 5, 0 },
	{ 118, 36, 64, 5000, 5, 0 },
	{ 119, 36, 64, 5000, 5, 0 },
	{ 120, 36, 64, 5000, 5, 0 },
	{ 121, 100, 140, 5000, 5, 0 },
	{ 122, 100, 140, 5000, 5, 0 },
	{ 123, 100, 140, 5000, 5, 0 },
	{ 124, 149, 161, 5000, 5, 0 },
	{ 125, 149, 177, 5000, 5, 0 },
	{ 126, 149, 177, 5000, 5, 0 },
	{ 127, 149, 177, 5000, 5, 0 },
	{ 128, 36, 177, 5000, 5, 0 },
	{ 129, 36, 177, 5000, 5, 0 },
	{ 130, 36, 177, 5000, 5, 0 },
	{ 131, 1, 233, 5950, 5, 0 },
	{ 132, 1, 233, 5950, 5, 0 },
	{ 133, 1, 233, 5950, 5, 0 },
	{ 134, 1, 233, 5950, 5, 0 },
	{ 135, 1, 233, 5950, 5, 0 },
	{ 136, 2, 2, 5925, 5, 0 },
	{ 180, 1, 8, 56160, 2160, 0 },
	{ 181, 9, 15, 56160, 2160, 8 },
	{ 182, 17, 22, 56160, 2160, 16 },
	{ 183, 25, 29, 56160, 2160, 24 },
};

unsigned
ok_dpp_hostapd210_freq(unsigned op_class, unsigned channel)
{
	const hostapd_row *row;
	size_t i;

	for (i = 0; i < sizeof(hostapd210) / sizeof(hostapd210[0]); i++) {
		row = &hostapd210[i];
		if (row->op_class != op_class)
			continue;
		if (channel < row->lowest || channel > row->highest)
			return 0;
		return row->start_mhz + row->spacing_mhz *
		    (channel - row->offset);
	}
	return 0;
}
