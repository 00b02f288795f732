#ifndef TORG_SERVICES_CASEWORK_IDS_H_
#define TORG_SERVICES_CASEWORK_IDS_H_

// Ids the server makes for participants, cases, meetings, commitments,
// handovers and deviations.

#include <string>

namespace torg::casework {

// Twelve characters of Crockford's base32 (digits and capitals without I, L,
// O, U), 60 random bits: short enough to read out on the phone, and with
// well under one chance in a million of a collision among a million ids.
// Collisions are still caught: a stream created twice is refused by the store.
std::string NewId();

}  // namespace torg::casework

#endif  // TORG_SERVICES_CASEWORK_IDS_H_
