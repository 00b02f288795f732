#ifndef TORG_CLIENTS_LOADGEN_ACKNOWLEDGED_LOG_H_
#define TORG_CLIENTS_LOADGEN_ACKNOWLEDGED_LOG_H_

// What the server acknowledged during a load: every case step it answered
// OK (the timeline entries it said it recorded), every case and participant
// it named, every consent it gave an id. The load generator reads all of it
// back afterwards: an acknowledged command that cannot be read is lost.

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "torg/v1/case_views.pb.h"

namespace torg::loadgen {

class AcknowledgedLog {
 public:
  // Takes what `response`, the OK answer of any torg.v1 call, says was
  // recorded: each top-level CaseChange (its recorded steps, also of a
  // replay: the retry of an attempt whose answer was lost is the only word
  // the client has of that attempt's steps), CaseSummary (the case is at
  // least at its version) and Participant field, and a consent_id.
  // Thread-safe.
  void Record(const google::protobuf::Message& response);

  // What was acknowledged of one case.
  struct AcknowledgedCase {
    // The steps, by version (a step acknowledged twice, by an answer and a
    // replay of it, once).
    std::map<uint64_t, v1::TimelineEntry> steps;
    // The highest version any answer showed the case at.
    uint64_t min_version = 0;
  };
  // Every case acknowledged, by case id.
  std::map<std::string, AcknowledgedCase> Cases() const;
  // How many acknowledged changes were replays.
  uint64_t replayed() const;
  // The consents acknowledged for each participant, by participant id (a
  // participant named without a consent has an empty set).
  std::map<std::string, std::set<std::string>> ParticipantConsents() const;

 private:
  void RecordSummary(const v1::CaseSummary& summary);

  mutable std::mutex mutex_;
  std::map<std::string, AcknowledgedCase> cases_;
  uint64_t replayed_ = 0;
  std::map<std::string, std::set<std::string>> participant_consents_;
};

}  // namespace torg::loadgen

#endif  // TORG_CLIENTS_LOADGEN_ACKNOWLEDGED_LOG_H_
