/*
 * opclass.h: private to lib/dpp.  IEEE 802.11 global operating classes
 * (Annex E, Table E-4) as the strict parser and the formatter check them,
 * and the looser table hostapd 2.10 uses, which the lenient parser must
 * follow to count channels the way hostapd does.
 */
#ifndef OK_DPP_OPCLASS_H
#define OK_DPP_OPCLASS_H

#include <stdbool.h>

/* True when op_class is a global operating class the strict rules know. */
bool ok_dpp_opclass_known(unsigned op_class);

/*
 * The frequency hostapd 2.10 gives a class/channel pair (its
 * ieee80211_chan_to_freq() without a country), or 0 where hostapd
 * reports the pair as unknown.  Both numbers are the 8-bit values hostapd
 * passes: callers truncate first.
 */
unsigned ok_dpp_hostapd210_freq(unsigned op_class, unsigned channel);

#endif
