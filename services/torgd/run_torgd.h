#ifndef TORG_SERVICES_TORGD_RUN_TORGD_H_
#define TORG_SERVICES_TORGD_RUN_TORGD_H_

// torgd from start to stop, for main.

#include "services/torgd/torgd_flags.h"

namespace torg::torgd {

// Blocks SIGTERM and SIGINT (so call it before any thread is started), loads
// the configuration, starts the server and serves until SIGTERM or SIGINT,
// then shuts down gracefully. Logs each step on stderr. Returns the exit
// code: kExitOk after a clean shutdown, kExitUsage for an invalid
// configuration, kExitFailure when the server cannot start.
int RunTorgd(const TorgdFlags& flags);

}  // namespace torg::torgd

#endif  // TORG_SERVICES_TORGD_RUN_TORGD_H_
