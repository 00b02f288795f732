#include "clients/loadgen/acknowledged_log.h"

#include <algorithm>

#include "google/protobuf/descriptor.h"

namespace torg::loadgen {

using google::protobuf::FieldDescriptor;

void AcknowledgedLog::Record(const google::protobuf::Message& response) {
  const google::protobuf::Descriptor& type = *response.GetDescriptor();
  const google::protobuf::Reflection& reflection = *response.GetReflection();
  std::string participant_id;
  std::string consent_id;
  std::lock_guard<std::mutex> lock(mutex_);
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (field.is_repeated()) continue;
    if (field.type() == FieldDescriptor::TYPE_STRING && field.name() == "consent_id") {
      consent_id = reflection.GetString(response, &field);
      continue;
    }
    if (field.type() != FieldDescriptor::TYPE_MESSAGE || !reflection.HasField(response, &field)) {
      continue;
    }
    const google::protobuf::Message& value = reflection.GetMessage(response, &field);
    const std::string& name = field.message_type()->full_name();
    if (name == v1::CaseChange::descriptor()->full_name()) {
      const auto& change = static_cast<const v1::CaseChange&>(value);
      RecordSummary(change.case_summary());
      AcknowledgedCase& acknowledged = cases_[change.case_summary().case_id()];
      for (const v1::TimelineEntry& step : change.recorded()) {
        acknowledged.steps[step.version()] = step;
      }
      if (change.replayed()) ++replayed_;
    } else if (name == v1::CaseSummary::descriptor()->full_name()) {
      RecordSummary(static_cast<const v1::CaseSummary&>(value));
    } else if (name == v1::Participant::descriptor()->full_name()) {
      participant_id = static_cast<const v1::Participant&>(value).participant_id();
    }
  }
  if (participant_id.empty()) return;
  std::set<std::string>& consents = participant_consents_[participant_id];
  if (!consent_id.empty()) consents.insert(consent_id);
}

void AcknowledgedLog::RecordSummary(const v1::CaseSummary& summary) {
  AcknowledgedCase& acknowledged = cases_[summary.case_id()];
  acknowledged.min_version = std::max(acknowledged.min_version, summary.version());
}

std::map<std::string, AcknowledgedLog::AcknowledgedCase> AcknowledgedLog::Cases() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cases_;
}

uint64_t AcknowledgedLog::replayed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return replayed_;
}

std::map<std::string, std::set<std::string>> AcknowledgedLog::ParticipantConsents() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return participant_consents_;
}

}  // namespace torg::loadgen
