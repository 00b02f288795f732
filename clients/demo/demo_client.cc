#include "clients/demo/demo_client.h"

namespace torg::demo {

v1::Date ToDate(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

std::string Forbund::KommunParty(const std::string& code) const {
  for (const auto& [kommun, party] : kommun_parties) {
    if (kommun == code) return party;
  }
  return "";
}

absl::StatusOr<Forbund> ReadForbund(const v1::ForbundConfig& config) {
  Forbund forbund;
  for (const v1::Platform& platform : config.platforms()) {
    switch (platform.kind()) {
      case v1::PLATFORM_KIND_YOUTH:
        forbund.youth.push_back(platform);
        break;
      case v1::PLATFORM_KIND_ADULT:
        forbund.adult.push_back(platform);
        break;
      case v1::PLATFORM_KIND_LOCAL:
        forbund.local.push_back(platform);
        break;
      case v1::PLATFORM_KIND_PRIMARY_CARE:
        forbund.primary_care.push_back(platform);
        break;
      default:
        break;
    }
  }
  for (const v1::Party& party : config.parties()) {
    switch (party.kind()) {
      case v1::PARTY_KIND_ARBETSFORMEDLINGEN:
        forbund.af = party.id();
        break;
      case v1::PARTY_KIND_FORSAKRINGSKASSAN:
        forbund.fk = party.id();
        break;
      case v1::PARTY_KIND_REGION:
        forbund.region = party.id();
        break;
      case v1::PARTY_KIND_KOMMUN:
        forbund.kommun_parties.emplace_back(party.kommun_code(), party.id());
        break;
      default:
        break;
    }
  }
  if (forbund.youth.empty() || forbund.adult.empty() || forbund.af.empty() || forbund.fk.empty() ||
      forbund.region.empty() || forbund.kommun_parties.empty()) {
    return absl::FailedPreconditionError(
        "the demo needs a förbund with a youth and an adult platform, AF, FK, a region and a "
        "kommun among its parties");
  }
  return forbund;
}

Client::Client(const std::shared_ptr<grpc::Channel>& channel, const DemoOptions& options)
    : intake(v1::IntakeService::NewStub(channel)),
      assessment(v1::AssessmentService::NewStub(channel)),
      coordination(v1::CoordinationService::NewStub(channel)),
      handover(v1::HandoverService::NewStub(channel)),
      closure(v1::ClosureService::NewStub(channel)),
      config(v1::ConfigService::NewStub(channel)),
      access(v1::AccessService::NewStub(channel)),
      channel_(channel),
      options_(options),
      token_(options.token) {}

void Client::Prepare(grpc::ClientContext& context, const std::string& token) const {
  context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(static_cast<int64_t>(options_.timeout_seconds * 1000)));
  context.AddMetadata("x-torg-user", options_.user);
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  if (!options_.purpose.empty()) context.AddMetadata("x-torg-purpose", options_.purpose);
}

bool Client::IsTransient(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
         // torgd's handler queue was full: it asks to retry shortly.
         status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

absl::Status Client::FromGrpc(const grpc::Status& status, const std::string& what) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

}  // namespace torg::demo
