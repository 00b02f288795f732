#ifndef TORG_CLIENTS_LOADGEN_ACKNOWLEDGED_LOG_H_
#define TORG_CLIENTS_LOADGEN_ACKNOWLEDGED_LOG_H_

// What the server acknowledged during a load: every case step it answered
// OK (the timeline entries it said it recorded), every case and participant
// it named, every consent it gave an id. The load generator reads all of it
// back afterwards: an acknowledged command that cannot be read is lost.

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
  // recorded: each top-level CaseChange (its recorded steps, unless it is a
  // replay), CaseSummary and Participant field, and a consent_id. Thread-safe.
  void Record(const google::protobuf::Message& response);

  // The steps acknowledged on each case, by case id (a case named without a
  // step has an empty list).
  std::map<std::string, std::vector<v1::TimelineEntry>> CaseSteps() const;
  // The consents acknowledged for each participant, by participant id (a
  // participant named without a consent has an empty set).
  std::map<std::string, std::set<std::string>> ParticipantConsents() const;

 private:
  void RecordChange(const v1::CaseChange& change);

  mutable std::mutex mutex_;
  std::map<std::string, std::vector<v1::TimelineEntry>> case_steps_;
  std::map<std::string, std::set<std::string>> participant_consents_;
};

}  // namespace torg::loadgen

#endif  // TORG_CLIENTS_LOADGEN_ACKNOWLEDGED_LOG_H_
