#ifndef TORG_CLIENTS_LOADGEN_READ_BACK_H_
#define TORG_CLIENTS_LOADGEN_READ_BACK_H_

// Reads back everything a load had acknowledged, through the public read
// API (CaseFileService), and says what is missing or differs: the load
// generator's check that no acknowledged command was lost.

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "clients/loadgen/acknowledged_log.h"

namespace torg::loadgen {

struct ReadBackOptions {
  // A token that may read every case and participant of the load: a
  // coordinator on every platform.
  std::string token;
  // Reads in flight at once.
  int concurrency = 8;
  double timeout_seconds = 30;
};

struct ReadBackResult {
  uint64_t cases = 0;
  uint64_t steps = 0;
  uint64_t participants = 0;
  uint64_t consents = 0;
  // How many acknowledged records were not read back as acknowledged.
  uint64_t problem_count = 0;
  // A line for each of them (a missing case, step or consent, a step that
  // differs, a failed read), the first 50.
  std::vector<std::string> problems;
};

// Reads every case of `log` (GetCase) and checks that each acknowledged
// step is in its timeline, equal to what the server answered then; reads
// every participant (GetParticipant) and checks their acknowledged consents.
ReadBackResult ReadBack(const std::shared_ptr<grpc::Channel>& channel, const AcknowledgedLog& log,
                        const ReadBackOptions& options);

}  // namespace torg::loadgen

#endif  // TORG_CLIENTS_LOADGEN_READ_BACK_H_
