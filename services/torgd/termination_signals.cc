#include "services/torgd/termination_signals.h"

#include <pthread.h>

#include "absl/strings/str_cat.h"

namespace torg::torgd {

TerminationSignals TerminationSignals::BlockInThisAndFutureThreads() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return TerminationSignals(signals);
}

std::string TerminationSignals::Await() const {
  int signal_number = 0;
  // sigwait fails only for an invalid set, which ours is not; should it
  // fail anyway, shutting down beats serving on without a way to stop.
  if (sigwait(&signals_, &signal_number) != 0) return "sigwait failure";
  switch (signal_number) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    default:
      return absl::StrCat("signal ", signal_number);
  }
}

}  // namespace torg::torgd
