#include "services/edge/call_gate.h"

#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"

namespace torg::edge {
namespace {

using access::RecordRule;

// The request field a rule reads its record id from.
absl::string_view RecordField(RecordRule rule) {
  switch (rule) {
    case RecordRule::kWorkedCase:
    case RecordRule::kVisibleCase:
    case RecordRule::kHandoverReceiver:
      return "case_id";
    case RecordRule::kParticipant:
      return "participant_id";
    case RecordRule::kOwnPlatform:
      return "platform_id";
    case RecordRule::kNone:
    case RecordRule::kListedCases:
      return "";
  }
  return "";
}

absl::StatusOr<std::string> RecordIdOf(const google::protobuf::Message& request,
                                       absl::string_view field_path) {
  const google::protobuf::Message* message = &request;
  std::vector<absl::string_view> names = absl::StrSplit(field_path, '.');
  for (size_t i = 0; i < names.size(); ++i) {
    const google::protobuf::FieldDescriptor* field =
        message->GetDescriptor()->FindFieldByName(std::string(names[i]));
    const bool last = i + 1 == names.size();
    const auto wanted = last ? google::protobuf::FieldDescriptor::CPPTYPE_STRING
                             : google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE;
    if (field == nullptr || field->is_repeated() || field->cpp_type() != wanted) {
      // The access table names a field the request does not have: a bug
      // that must deny, not allow.
      log::Error(
          "access table names a missing field",
          {{"message", request.GetDescriptor()->full_name()}, {"field", std::string(field_path)}});
      return absl::PermissionDeniedError("this method cannot be authorised");
    }
    if (!last) {
      message = &message->GetReflection()->GetMessage(*message, field);
      continue;
    }
    std::string id = message->GetReflection()->GetString(*message, field);
    if (id.empty()) return absl::InvalidArgumentError(absl::StrCat(field_path, " is required"));
    return id;
  }
  return absl::PermissionDeniedError("this method cannot be authorised");
}

std::string RoleNames(const auth::Principal& principal) {
  std::vector<std::string> names;
  for (auth::Role role : principal.roles) names.emplace_back(auth::RoleName(role));
  return names.empty() ? "no role" : absl::StrJoin(names, ", ");
}

bool MayCall(const auth::Principal& principal, const access::MethodRule& rule) {
  for (auth::Role role : rule.roles) {
    if (principal.HasRole(role)) return true;
  }
  return false;
}

// Protobuf strings must be UTF-8: an audit record with anything else would
// not parse back. Overlong forms and surrogates are refused too.
bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    uint32_t code_point = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2;
      code_point = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      code_point = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      code_point = byte & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < smallest[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

// gRPC metadata is printable ASCII, so a purpose in Swedish comes
// percent-encoded as UTF-8 ("handl%C3%A4ggning"); nullopt for a broken
// escape or bytes that are not UTF-8.
std::optional<std::string> PercentDecoded(absl::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size() || !absl::ascii_isxdigit(text[i + 1]) ||
        !absl::ascii_isxdigit(text[i + 2])) {
      return std::nullopt;
    }
    decoded += absl::HexStringToBytes(text.substr(i + 1, 2));
    i += 2;
  }
  if (!IsValidUtf8(decoded)) return std::nullopt;
  return decoded;
}

absl::StatusOr<std::string> PurposeOf(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(kPurposeMetadataKey);
  if (found == metadata.end() || found->second.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("this reads personal data: state why in the ", kPurposeMetadataKey,
                     " metadata (e.g. \"handläggning\"); it is recorded in the audit log"));
  }
  std::optional<std::string> purpose =
      PercentDecoded(absl::string_view(found->second.data(), found->second.size()));
  if (!purpose.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the ", kPurposeMetadataKey, " metadata is not valid percent-encoded UTF-8"));
  }
  if (purpose->size() > kMaxPurposeBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the purpose is longer than ", kMaxPurposeBytes, " bytes"));
  }
  return *std::move(purpose);
}

v1::AuditRecord RecordOf(const AdmittedCall& call) {
  v1::AuditRecord record;
  record.set_user_id(call.principal.user_id);
  for (auth::Role role : call.principal.roles) record.add_roles(std::string(auth::RoleName(role)));
  record.set_party_id(call.principal.party_id);
  record.set_forbund_id(call.principal.forbund_id);
  record.set_authenticated_by(call.principal.authenticated_by);
  record.set_method(std::string(call.rule->method));
  record.set_purpose(call.purpose);
  return record;
}

}  // namespace

CallGate::CallGate(const Authenticator& authenticator, std::string forbund_id,
                   const access::RecordFactsSource& facts, const audit::AuditTrail& audit,
                   std::function<absl::Time()> now)
    : authenticator_(authenticator),
      forbund_id_(std::move(forbund_id)),
      facts_(facts),
      audit_(audit),
      now_(std::move(now)) {}

absl::StatusOr<AdmittedCall> CallGate::Admit(const grpc::CallbackServerContext& context,
                                             absl::string_view method,
                                             const google::protobuf::Message& request) const {
  const access::MethodRule* rule = access::FindMethodRule(method);
  if (rule == nullptr) {
    log::Error("a method has no row in the access table", {{"method", std::string(method)}});
    return absl::PermissionDeniedError("this method cannot be authorised");
  }
  return Check(context, *rule, request);
}

absl::StatusOr<AdmittedCall> CallGate::Check(const grpc::CallbackServerContext& context,
                                             const access::MethodRule& rule,
                                             const google::protobuf::Message& request) const {
  AdmittedCall call;
  call.rule = &rule;
  TORG_ASSIGN_OR_RETURN(call.principal, authenticator_.Authenticate(context, now_()));
  if (call.principal.forbund_id != forbund_id_) {
    return absl::PermissionDeniedError(absl::StrCat("you are signed in to the förbund \"",
                                                    call.principal.forbund_id,
                                                    "\"; this server serves another"));
  }
  if (!MayCall(call.principal, rule)) {
    return absl::PermissionDeniedError(
        absl::StrCat("your roles (", RoleNames(call.principal), ") may not call ", rule.method));
  }
  if (rule.reads_personal_data) {
    TORG_ASSIGN_OR_RETURN(call.purpose, PurposeOf(context));
  }
  const absl::string_view field =
      rule.record_field.empty() ? RecordField(rule.record) : rule.record_field;
  if (field.empty()) return call;
  TORG_ASSIGN_OR_RETURN(const std::string record_id, RecordIdOf(request, field));
  absl::StatusOr<access::AccessedRecord> record =
      access::CheckRecord(call.principal, rule.record, record_id, facts_);
  if (absl::IsPermissionDenied(record.status()) && !rule.reads_personal_data) {
    TORG_ASSIGN_OR_RETURN(const bool retry,
                          facts_.IsRetryOfOwnCommand(rule.method, request, call.principal.user_id));
    if (retry) return call;
  }
  if (absl::IsPermissionDenied(record.status())) {
    RecordDenial(call, record_id, record.status()).IgnoreError();
    return record.status();
  }
  if (!record.ok()) return record.status();
  call.record = *std::move(record);
  return call;
}

absl::StatusOr<bool> CallGate::SeesCase(const AdmittedCall& call, absl::string_view case_id) const {
  TORG_ASSIGN_OR_RETURN(std::optional<access::CaseAccessFacts> facts, facts_.CaseFacts(case_id));
  return facts.has_value() && access::SeesCase(call.principal, *facts);
}

absl::Status CallGate::RecordRead(const AdmittedCall& call, const Disclosed& disclosed) const {
  if (!call.rule->reads_personal_data) return absl::OkStatus();
  v1::AuditRecord record = RecordOf(call);
  record.set_outcome(v1::AUDIT_OUTCOME_ALLOWED);
  if (!call.record.participant_id.empty()) record.add_participant_ids(call.record.participant_id);
  if (!call.record.case_id.empty()) record.add_case_ids(call.record.case_id);
  for (const std::string& id : disclosed.participant_ids) {
    if (id != call.record.participant_id) record.add_participant_ids(id);
  }
  for (const std::string& id : disclosed.case_ids) {
    if (id != call.record.case_id) record.add_case_ids(id);
  }
  record.set_detail(disclosed.detail);
  absl::Status recorded = audit_.Record(std::move(record));
  if (!recorded.ok()) {
    log::Error("a read could not be recorded in the audit log; it was refused",
               {{"method", std::string(call.rule->method)}, {"error", recorded.ToString()}});
    return absl::UnavailableError(
        "the read could not be recorded in the audit log, so it was not done; try again");
  }
  return absl::OkStatus();
}

absl::Status CallGate::RecordDenial(const AdmittedCall& call, absl::string_view record_id,
                                    const absl::Status& denial) const {
  v1::AuditRecord record = RecordOf(call);
  record.set_outcome(v1::AUDIT_OUTCOME_DENIED);
  if (call.rule->record == RecordRule::kParticipant) {
    record.add_participant_ids(std::string(record_id));
  } else if (call.rule->record != RecordRule::kOwnPlatform) {
    record.add_case_ids(std::string(record_id));
  }
  record.set_detail(std::string(denial.message()));
  absl::Status recorded = audit_.Record(std::move(record));
  if (!recorded.ok()) {
    log::Error("a denied access could not be recorded in the audit log",
               {{"method", std::string(call.rule->method)}, {"error", recorded.ToString()}});
  }
  return recorded;
}

absl::Status CallGate::Dispatch(std::function<void()> job) const {
  if (pool_ == nullptr) {
    job();
    return absl::OkStatus();
  }
  if (!pool_->TrySchedule(std::move(job))) {
    return absl::ResourceExhaustedError(
        "torgd has more calls waiting than it takes; retry shortly");
  }
  return absl::OkStatus();
}

}  // namespace torg::edge
