#ifndef TORG_SERVICES_TORGD_TERMINATION_SIGNALS_H_
#define TORG_SERVICES_TORGD_TERMINATION_SIGNALS_H_

// SIGTERM and SIGINT as ordinary events: blocked in every thread and taken
// with sigwait by the one thread that shuts the server down, so no handler
// ever runs at an arbitrary point inside gRPC or RocksDB.

#include <csignal>
#include <string>

namespace torg::torgd {

class TerminationSignals {
 public:
  // Blocks SIGTERM and SIGINT in the calling thread. Threads inherit the
  // mask, so call this before any thread is started (gRPC's, the store's);
  // a thread started earlier could still be handed the signal and end the
  // process without a shutdown.
  static TerminationSignals BlockInThisAndFutureThreads();

  // Waits until SIGTERM or SIGINT is sent to the process and returns its
  // name, e.g. "SIGTERM". A signal that arrived before the call is returned
  // at once. Returns "sigwait failure" if waiting itself fails.
  std::string Await() const;

 private:
  explicit TerminationSignals(sigset_t signals) : signals_(signals) {}

  sigset_t signals_;
};

}  // namespace torg::torgd

#endif  // TORG_SERVICES_TORGD_TERMINATION_SIGNALS_H_
