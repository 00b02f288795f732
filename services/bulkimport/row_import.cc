#include "services/bulkimport/row_import.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/casefile/case_decider.h"
#include "services/casefile/case_state.h"
#include "services/casefile/participant.h"
#include "services/casefile/personnummer.h"
#include "services/caseindex/case_streams.h"
#include "services/casework/ids.h"
#include "services/casework/participant_view.h"
#include "services/casework/step_codec.h"
#include "services/common/status_macros.h"

namespace torg::bulkimport {
namespace {

// Part of every row's fingerprint, like the method of an API request.
constexpr char kImportRowMethod[] = "torg.v1.ImportService/ImportCases#row";
constexpr size_t kWholeAppend = 1000;

// A rule's refusal, as opposed to a failure of the server (the store, the
// random generator, a bug): only refusals are answered per row.
bool IsRuleRefusal(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kOutOfRange:
      return true;
    default:
      return false;
  }
}

void AddRowError(v1::ImportRowResult& result, absl::string_view field, const absl::Status& status) {
  v1::ImportFieldError* error = result.add_errors();
  error->set_field(std::string(field));
  error->set_message(std::string(status.message()));
  error->set_code(absl::StatusCodeToString(status.code()));
}

v1::ImportRowResult RejectedRow(v1::ImportRowResult result, absl::string_view field,
                                const absl::Status& status) {
  result.set_status(v1::IMPORT_ROW_STATUS_REJECTED);
  AddRowError(result, field, status);
  return result;
}

// The row's field a registration refusal is about: ValidateRegistration's
// messages begin with the field they name.
std::string RegistrationFieldOf(const absl::Status& status) {
  for (absl::string_view field : {"personnummer", "birth_year", "gender", "kommun_code",
                                  "income_at_start", "education_level", "time_without_work"}) {
    if (absl::StartsWith(status.message(), field)) return std::string(field);
  }
  return "row";
}

// The row's field a refusal of the referral is about. The domain's messages
// name the request's fields; the import's columns are named differently.
std::string ReferralFieldOf(const absl::Status& status) {
  const absl::string_view message = status.message();
  if (absl::StrContains(message, "effective_date") || absl::StrContains(message, "registered")) {
    return "referral_date";
  }
  if (absl::StrContains(message, "referrer")) return "referring_party_id";
  if (absl::StrContains(message, "needed_party_ids") || absl::StrContains(message, "parties") ||
      absl::StrContains(message, "consent")) {
    return "needed_party_ids";
  }
  // Not a platform of the förbund, or the person does not fit it: age,
  // kommun, an open case there.
  return "platform_id";
}

// The row's field a refusal of a case step is about: the step's own column,
// or the column of the part of it the domain's message names.
std::string CaseStepFieldOf(const v1::CaseEvent& proposed, const std::string& step_field,
                            const absl::Status& status) {
  const absl::string_view message = status.message();
  if (proposed.has_referral_submitted()) return ReferralFieldOf(status);
  if (proposed.has_case_owner_assigned() && absl::StrContains(message, "owner_user_id")) {
    return "case_owner_user_id";
  }
  if (proposed.has_case_closed() && absl::StrContains(message, "income_at_end")) {
    return "income_at_end";
  }
  if (proposed.has_case_closed() && absl::StrContains(message, "outcome")) {
    return "closure_outcome";
  }
  if (proposed.has_assessment_completed() && absl::StrContains(message, "goal")) {
    return "plan_goals";
  }
  return step_field;
}

// The row's field a refusal of the consent is about.
std::string ConsentFieldOf(const absl::Status& status) {
  const absl::string_view message = status.message();
  // The consent is dated the referral: before the registration, or later
  // than today.
  if (absl::StrContains(message, "effective_date")) return "referral_date";
  if (absl::StrContains(message, "parties") || absl::StrContains(message, "party")) {
    return "needed_party_ids";
  }
  return absl::StrContains(message, "SUS") ? "sus_registration" : "consent_form";
}

// Whether a case in `status` keeps its participant from another case on
// its platform: referred or open, as CaseIndexReader::PlatformsWithOpenCase
// counts.
bool HoldsItsPlatform(casefile::CaseStatus status) {
  switch (status) {
    case casefile::CaseStatus::kReferred:
    case casefile::CaseStatus::kEnrolled:
    case casefile::CaseStatus::kAssessing:
    case casefile::CaseStatus::kCoordinating:
      return true;
    default:
      return false;
  }
}

bool HasDate(const v1::Date& date) {
  return date.year() != 0 || date.month() != 0 || date.day() != 0;
}

casefile::RegistrationRequest RegistrationOfRow(const v1::ImportRow& row) {
  casefile::RegistrationRequest registration;
  registration.personnummer = row.personnummer();
  registration.birth_year = row.birth_year();
  registration.gender = row.gender();
  registration.kommun_code = row.kommun_code();
  registration.education_level = row.education_level();
  for (int source : row.income_at_start()) {
    registration.income_at_start.push_back(static_cast<v1::IncomeSource>(source));
  }
  registration.time_without_work = row.time_without_work();
  registration.protected_identity = row.protected_identity();
  return registration;
}

// A step of the row's case and the column it comes from, for the report.
struct ImportedCaseStep {
  std::string field;
  v1::CaseStep step;
};

// The row's case as the steps a coordinator would have recorded, in order.
std::vector<ImportedCaseStep> CaseStepsOfRow(const v1::ImportRow& row,
                                             const std::string& participant_id) {
  std::vector<ImportedCaseStep> steps;
  auto add = [&steps](std::string field, const v1::Date& date) -> v1::CaseStep& {
    steps.push_back(ImportedCaseStep{std::move(field), v1::CaseStep()});
    *steps.back().step.mutable_effective_date() = date;
    return steps.back().step;
  };
  v1::ReferralStep* referral =
      add("referral_date", row.referral_date()).mutable_referral_submitted();
  referral->set_participant_id(participant_id);
  referral->set_platform_id(row.platform_id());
  if (row.referring_party_id().empty()) {
    referral->mutable_referrer()->set_self_referral(true);
  } else {
    referral->mutable_referrer()->set_party_id(row.referring_party_id());
  }
  *referral->mutable_needed_party_ids() = row.needed_party_ids();
  referral->set_reason(row.referral_reason());
  referral->set_violence_in_close_relationship(row.violence_in_close_relationship());
  referral->set_risk_use_or_abuse(row.risk_use_or_abuse());
  // Without a decision the referral awaits the beredningsgrupp.
  if (!HasDate(row.decision_date())) return steps;
  add("decision_date", row.decision_date()).mutable_referral_accepted();
  if (!row.case_owner_user_id().empty() || !row.case_owner_party_id().empty()) {
    v1::CaseOwnerAssigned* owner =
        add("case_owner_party_id", row.decision_date()).mutable_case_owner_assigned();
    owner->set_owner_user_id(row.case_owner_user_id());
    owner->set_party_id(row.case_owner_party_id());
  }
  if (HasDate(row.assessment_start_date())) {
    add("assessment_start_date", row.assessment_start_date()).mutable_assessment_started();
  }
  if (HasDate(row.assessment_end_date())) {
    *add("assessment_end_date", row.assessment_end_date())
         .mutable_assessment_completed()
         ->mutable_goals() = row.plan_goals();
  }
  if (HasDate(row.closure_date())) {
    v1::CaseClosed* closed = add("closure_date", row.closure_date()).mutable_case_closed();
    closed->set_outcome(row.closure_outcome());
    *closed->mutable_income_at_end() = row.income_at_end();
  }
  return steps;
}

// What a row's columns must say together before any rule runs: the parts
// of a step that the import's columns split apart.
absl::Status CheckRowColumnsAgree(const v1::ImportRow& row, std::string& field) {
  const bool decided_later = !row.case_owner_user_id().empty() ||
                             !row.case_owner_party_id().empty() ||
                             HasDate(row.assessment_start_date()) ||
                             HasDate(row.assessment_end_date()) || HasDate(row.closure_date());
  if (!HasDate(row.decision_date()) && decided_later) {
    field = "decision_date";
    return absl::InvalidArgumentError(
        "decision_date is required with a case owner, an assessment or a closure: the "
        "beredningsgrupp accepted the case first (leave them empty to import a referral that "
        "awaits its decision)");
  }
  if (row.case_owner_user_id().empty() && !row.case_owner_party_id().empty()) {
    field = "case_owner_user_id";
    return absl::InvalidArgumentError("case_owner_user_id is required with case_owner_party_id");
  }
  if (!HasDate(row.assessment_end_date()) && row.plan_goals_size() > 0) {
    field = "assessment_end_date";
    return absl::InvalidArgumentError("plan_goals are given but no assessment_end_date");
  }
  if (!HasDate(row.closure_date()) &&
      (row.closure_outcome() != v1::CLOSURE_OUTCOME_UNSPECIFIED || row.income_at_end_size() > 0)) {
    field = "closure_date";
    return absl::InvalidArgumentError(
        "closure_outcome or income_at_end is given but no closure_date");
  }
  if (row.personnummer().empty() && (!row.given_name().empty() || !row.family_name().empty())) {
    // As RegisterParticipant: a name would identify an anonymous person.
    field = "given_name";
    return absl::InvalidArgumentError(
        "an anonymous participant is registered without a name: leave given_name and "
        "family_name empty, or give the personnummer");
  }
  return absl::OkStatus();
}

// The row's events, decided, ready to append; or the row's refusal.
struct PlannedImport {
  std::string participant_id;
  std::string case_id;
  storage::AppendRequest append;
  // The participant as the append leaves them, for a dry run's later rows.
  PlannedParticipant after;
};

struct ImportPlanInput {
  const v1::ImportRow* row = nullptr;
  std::optional<casefile::Personnummer> number;
  std::string lookup_hash;
  std::string user;
  absl::CivilDay today;
};

// Whom a row's case is for, as the row finds them: registered by the row
// itself, registered before (by the API or an earlier row), or, in a dry
// run, to be registered by an earlier row of the request.
struct RowParticipant {
  PlannedParticipant known;
  // Events already in the participant's stream; 0 when the row registers.
  uint64_t stream_version = 0;
  // The registration, when the row registers the participant.
  std::vector<v1::ParticipantEvent> registration;
  // The new participant's data key, appended with the registration.
  std::optional<storage::KeyWrite> key_write;
  // Seals the row's case steps.
  std::optional<casework::ParticipantSealer> sealer;
};

// The participant the row registers, as RegisterParticipant would, dated
// the referral; and the data key that seals the row's case.
absl::StatusOr<RowParticipant> RegisterRowParticipant(const casework::CaseWork& work,
                                                      const ImportPlanInput& input,
                                                      std::string& field) {
  const v1::ImportRow& row = *input.row;
  absl::StatusOr<casefile::ValidRegistration> valid =
      casefile::ValidateRegistration(RegistrationOfRow(row), input.today, work.config());
  if (!valid.ok()) {
    field = RegistrationFieldOf(valid.status());
    return valid.status();
  }
  field = "row";
  RowParticipant participant;
  participant.known.participant_id = casework::NewId();
  TORG_ASSIGN_OR_RETURN(casework::NewParticipantKey key,
                        work.vault().CreateKey(participant.known.participant_id));
  v1::ParticipantEvent registration;
  *registration.mutable_effective_date() = row.referral_date();
  registration.set_recorded_by(input.user);
  v1::ParticipantRegistered* registered = registration.mutable_participant_registered();
  registered->set_participant_id(participant.known.participant_id);
  registered->set_identity_kind(valid->identity_kind);
  registered->set_birth_year(valid->birth_year);
  registered->set_gender(row.gender());
  registered->set_kommun_code(row.kommun_code());
  registered->set_education_level(row.education_level());
  *registered->mutable_income_at_start() = row.income_at_start();
  registered->set_time_without_work(row.time_without_work());
  registered->set_protected_identity(row.protected_identity());
  v1::ParticipantIdentity identity;
  if (valid->personnummer.has_value()) identity.set_personnummer(valid->personnummer->normalized());
  identity.set_given_name(row.given_name());
  identity.set_family_name(row.family_name());
  TORG_ASSIGN_OR_RETURN(*registered->mutable_sealed_identity(),
                        casework::SealIdentity(identity, key.sealer));
  TORG_RETURN_IF_ERROR(casefile::Apply(participant.known.state, registration));
  participant.registration.push_back(std::move(registration));
  participant.key_write = std::move(key.key_write);
  participant.sealer.emplace(std::move(key.sealer));
  return participant;
}

// A participant registered before: their stream as it is, and the
// platforms where they have a case that is not final.
absl::StatusOr<RowParticipant> RegisteredRowParticipant(const casework::CaseWork& work,
                                                        const std::string& participant_id) {
  TORG_ASSIGN_OR_RETURN(casework::LoadedParticipant loaded, work.LoadParticipant(participant_id));
  RowParticipant participant;
  participant.known.participant_id = participant_id;
  participant.stream_version = loaded.events.size();
  participant.known.state = std::move(loaded.state);
  TORG_ASSIGN_OR_RETURN(participant.known.platforms_with_open_case,
                        work.index().PlatformsWithOpenCase(participant_id));
  TORG_ASSIGN_OR_RETURN(casework::ParticipantSealer sealer, work.vault().SealerFor(participant_id));
  participant.sealer.emplace(std::move(sealer));
  return participant;
}

// In a dry run, a participant an earlier row of the request would have
// registered or given a case. Nothing is written, so a key of its own
// seals the steps to decide them.
absl::StatusOr<RowParticipant> PlannedRowParticipant(const casework::CaseWork& work,
                                                     const PlannedParticipant& planned) {
  RowParticipant participant;
  participant.known = planned;
  TORG_ASSIGN_OR_RETURN(casework::NewParticipantKey key,
                        work.vault().CreateKey(planned.participant_id));
  participant.sealer.emplace(std::move(key.sealer));
  return participant;
}

// Decides the row step by step with the domain's rules, for `participant`.
// On an error, `field` names the column it
// is about as well as can be told; the caller answers a rule's refusal per
// row and fails the call for anything else.
absl::StatusOr<PlannedImport> PlanImportedRow(const casework::CaseWork& work,
                                              const ImportPlanInput& input,
                                              RowParticipant participant, std::string& field) {
  const v1::ImportRow& row = *input.row;
  const v1::ForbundConfig& config = work.config();
  PlannedImport plan;
  plan.participant_id = participant.known.participant_id;
  plan.case_id = casework::NewId();
  casefile::ParticipantState& state = participant.known.state;
  std::vector<v1::ParticipantEvent> participant_events = std::move(participant.registration);

  // The consent, as RecordConsent decides it: for the parties the case needs.
  field = "row";
  v1::ParticipantEvent consent;
  *consent.mutable_effective_date() = row.referral_date();
  consent.set_recorded_by(input.user);
  consent.mutable_consent_recorded()->set_consent_id(casework::NewId());
  *consent.mutable_consent_recorded()->mutable_party_ids() = row.needed_party_ids();
  consent.mutable_consent_recorded()->set_sus_registration(row.sus_registration());
  consent.mutable_consent_recorded()->set_form(row.consent_form());
  absl::StatusOr<std::vector<v1::ParticipantEvent>> consented =
      casefile::DecideConsent(state, consent, input.today, config);
  if (!consented.ok()) {
    field = ConsentFieldOf(consented.status());
    return consented.status();
  }
  for (const v1::ParticipantEvent& event : *consented) {
    TORG_RETURN_IF_ERROR(casefile::Apply(state, event));
    participant_events.push_back(event);
  }

  // The case, each step decided on the state the one before left.
  casefile::DecisionContext context;
  context.today = input.today;
  context.config = &config;
  context.consented_party_ids = casefile::ConsentedParties(state);
  casefile::ParticipantFacts facts;
  facts.kommun_code = state.kommun_code;
  facts.registered_on = state.registered_on;
  facts.platforms_with_open_case = participant.known.platforms_with_open_case;
  const std::optional<absl::CivilDay> referral_day = casefile::ToCivilDay(row.referral_date());
  facts.age_on_step_date = casefile::AgeOn(state, input.number, referral_day.value_or(input.today));
  context.participant_facts = facts;
  casefile::CaseState case_state;
  std::vector<v1::CaseEvent> case_events;
  for (ImportedCaseStep& imported : CaseStepsOfRow(row, plan.participant_id)) {
    imported.step.set_recorded_by(input.user);
    field = imported.field;
    TORG_ASSIGN_OR_RETURN(v1::CaseEvent proposed,
                          casework::SealStep(imported.step, *participant.sealer));
    if (proposed.has_referral_submitted()) {
      proposed.mutable_referral_submitted()->set_case_id(plan.case_id);
    }
    absl::StatusOr<std::vector<v1::CaseEvent>> decided =
        casefile::Decide(case_state, proposed, context);
    if (!decided.ok()) {
      field = CaseStepFieldOf(proposed, imported.field, decided.status());
      return decided.status();
    }
    for (v1::CaseEvent& event : *decided) {
      TORG_RETURN_IF_ERROR(casefile::Apply(case_state, event));
      case_events.push_back(std::move(event));
    }
  }

  // One append: the participant's stream, the case's, and for a new
  // participant the data key and the lookup entry, all or nothing.
  storage::StreamWrite participant_write;
  participant_write.stream = caseindex::ParticipantStream(plan.participant_id);
  participant_write.expected_version = participant.stream_version;
  for (const v1::ParticipantEvent& event : participant_events) {
    participant_write.events.push_back(storage::NewEvent{
        std::string(caseindex::kParticipantEventType), event.SerializeAsString(), ""});
  }
  storage::StreamWrite case_write;
  case_write.stream = caseindex::CaseStream(plan.case_id);
  case_write.expected_version = 0;
  for (const v1::CaseEvent& event : case_events) {
    case_write.events.push_back(
        storage::NewEvent{std::string(caseindex::kCaseEventType), event.SerializeAsString(), ""});
  }
  plan.append.writes.push_back(std::move(participant_write));
  plan.append.writes.push_back(std::move(case_write));
  if (participant.key_write.has_value()) {
    plan.append.key_writes.push_back(*std::move(participant.key_write));
    if (!input.lookup_hash.empty()) {
      plan.append.key_writes.push_back(
          casework::ParticipantVault::LookupEntry(input.lookup_hash, plan.participant_id));
    }
  }
  plan.after = std::move(participant.known);
  if (HoldsItsPlatform(case_state.status)) {
    plan.after.platforms_with_open_case.insert(case_state.platform_id);
  }
  return plan;
}

// The participant and case an import's append wrote.
absl::Status FillIdsOfImportAppend(const casework::CaseWork& work,
                                   const storage::AppendResult& appended,
                                   v1::ImportRowResult& result) {
  TORG_ASSIGN_OR_RETURN(
      std::vector<storage::RecordedEvent> events,
      work.store().ReadAll(
          appended.first_position,
          std::min<uint64_t>(appended.last_position - appended.first_position + 1, kWholeAppend)));
  const std::string participant_prefix = caseindex::ParticipantStream("");
  const std::string case_prefix = caseindex::CaseStream("");
  for (const storage::RecordedEvent& event : events) {
    if (absl::StartsWith(event.stream, participant_prefix)) {
      result.set_participant_id(event.stream.substr(participant_prefix.size()));
    } else if (absl::StartsWith(event.stream, case_prefix)) {
      result.set_case_id(event.stream.substr(case_prefix.size()));
    }
  }
  if (result.participant_id().empty() || result.case_id().empty()) {
    return absl::InternalError("the earlier import of this row wrote no participant and case");
  }
  return absl::OkStatus();
}

}  // namespace

std::string ImportKeyOf(const sealing::LookupHasher& hasher, const std::string& identity,
                        const std::string& platform_id, const v1::Date& referral_date) {
  // The unit separator cannot occur in any of the parts.
  return absl::StrCat(
      "import-", hasher.Hash(absl::StrCat("torg-import\x1f", identity, "\x1f", platform_id, "\x1f",
                                          referral_date.year(), "-", referral_date.month(), "-",
                                          referral_date.day())));
}

RowImporter::RowImporter(const casework::CaseWork& work) : work_(work) {}

absl::StatusOr<v1::ImportCasesResponse> RowImporter::Import(const v1::ImportCasesRequest& request,
                                                            const std::string& user) const {
  if (request.rows_size() == 0 || request.rows_size() > kMaxImportRowsPerRequest) {
    return absl::InvalidArgumentError(
        absl::StrCat("a request carries 1 to ", kMaxImportRowsPerRequest, " rows, not ",
                     request.rows_size(), ": send a larger file in batches"));
  }
  v1::ImportCasesResponse response;
  response.set_dry_run(request.dry_run());
  SeenInRequest seen;
  for (const v1::ImportRow& row : request.rows()) {
    TORG_ASSIGN_OR_RETURN(v1::ImportRowResult result,
                          ImportOne(row, request.dry_run(), user, seen));
    switch (result.status()) {
      case v1::IMPORT_ROW_STATUS_IMPORTED:
        response.set_imported_count(response.imported_count() + 1);
        break;
      case v1::IMPORT_ROW_STATUS_VALID:
        response.set_valid_count(response.valid_count() + 1);
        break;
      case v1::IMPORT_ROW_STATUS_ALREADY_IMPORTED:
        response.set_already_imported_count(response.already_imported_count() + 1);
        break;
      case v1::IMPORT_ROW_STATUS_CHANGED:
        response.set_changed_count(response.changed_count() + 1);
        break;
      default:
        response.set_rejected_count(response.rejected_count() + 1);
        break;
    }
    *response.add_results() = std::move(result);
  }
  return response;
}

absl::StatusOr<v1::ImportRowResult> RowImporter::ImportOne(const v1::ImportRow& row, bool dry_run,
                                                           const std::string& user,
                                                           SeenInRequest& seen) const {
  v1::ImportRowResult result;
  result.set_row_number(row.row_number());
  const absl::CivilDay today = work_.Today();

  // The row's identity, platform and referral date make its import key.
  ImportPlanInput input;
  input.row = &row;
  input.user = user;
  input.today = today;
  std::string identity;
  if (!row.personnummer().empty()) {
    absl::StatusOr<casefile::Personnummer> number =
        casefile::Personnummer::Parse(row.personnummer(), today);
    if (!number.ok()) {
      return RejectedRow(
          std::move(result), "personnummer",
          absl::InvalidArgumentError(absl::StrCat("personnummer: ", number.status().message())));
    }
    identity = absl::StrCat("pnr:", number->normalized());
    input.lookup_hash = work_.hasher().Hash(number->normalized());
    input.number = *std::move(number);
  } else if (row.external_reference().empty()) {
    return RejectedRow(std::move(result), "external_reference",
                       absl::InvalidArgumentError(
                           "external_reference is required for an anonymous participant: "
                           "without a personnummer it is what recognises the row on a re-run"));
  } else {
    identity = absl::StrCat("ref:", row.external_reference());
  }
  if (row.platform_id().empty()) {
    return RejectedRow(std::move(result), "platform_id",
                       absl::InvalidArgumentError("platform_id is required"));
  }
  if (!casefile::ToCivilDay(row.referral_date()).has_value()) {
    return RejectedRow(std::move(result), "referral_date",
                       absl::InvalidArgumentError("referral_date is required: a calendar date"));
  }
  v1::ImportRow content = row;
  content.clear_row_number();
  const casework::CommandEnvelope envelope{
      kImportRowMethod, &content,
      ImportKeyOf(work_.hasher(), identity, row.platform_id(), row.referral_date()), std::nullopt,
      user};

  // An earlier import of the row: the same content is done, other content is
  // a change the import does not make.
  absl::StatusOr<std::optional<storage::AppendResult>> earlier = work_.FindEarlierAttempt(envelope);
  if (absl::IsInvalidArgument(earlier.status())) {
    result.set_status(v1::IMPORT_ROW_STATUS_CHANGED);
    if (!input.lookup_hash.empty()) {
      TORG_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                            work_.vault().FindByLookupHash(input.lookup_hash));
      if (existing.has_value()) result.set_participant_id(*existing);
    }
    AddRowError(result, "row",
                absl::FailedPreconditionError(
                    "this participant's case on this platform with this referral date was "
                    "imported before with other content; nothing was changed: record the "
                    "changes through the case-flow API"));
    return result;
  }
  TORG_RETURN_IF_ERROR(earlier.status());
  if (earlier->has_value()) {
    TORG_RETURN_IF_ERROR(FillIdsOfImportAppend(work_, **earlier, result));
    result.set_status(v1::IMPORT_ROW_STATUS_ALREADY_IMPORTED);
    return result;
  }
  if (!seen.import_keys.insert(envelope.request_id).second) {
    return RejectedRow(std::move(result), "row",
                       absl::AlreadyExistsError("an earlier row of this request has the same "
                                                "identity, platform and referral date"));
  }
  // The person: as an earlier row of this dry run left them, registered
  // before (this is a later case of theirs), or registered by this row.
  std::string field = "row";
  if (absl::Status agree = CheckRowColumnsAgree(row, field); !agree.ok()) {
    return RejectedRow(std::move(result), field, agree);
  }
  std::optional<std::string> registered;
  if (!input.lookup_hash.empty()) {
    TORG_ASSIGN_OR_RETURN(registered, work_.vault().FindByLookupHash(input.lookup_hash));
  }
  const auto planned = dry_run ? seen.planned.find(input.lookup_hash) : seen.planned.end();
  absl::StatusOr<RowParticipant> participant =
      planned != seen.planned.end() ? PlannedRowParticipant(work_, planned->second)
      : registered.has_value()      ? RegisteredRowParticipant(work_, *registered)
                                    : RegisterRowParticipant(work_, input, field);
  absl::StatusOr<PlannedImport> plan =
      participant.ok() ? PlanImportedRow(work_, input, *std::move(participant), field)
                       : absl::StatusOr<PlannedImport>(participant.status());
  if (!plan.ok()) {
    if (!IsRuleRefusal(plan.status())) return plan.status();
    return RejectedRow(std::move(result), field, plan.status());
  }
  if (dry_run) {
    if (!input.lookup_hash.empty()) seen.planned[input.lookup_hash] = std::move(plan->after);
    result.set_status(v1::IMPORT_ROW_STATUS_VALID);
    return result;
  }
  plan->append.request_id = envelope.request_id;
  plan->append.request_fingerprint = work_.Fingerprint(envelope);
  absl::StatusOr<storage::AppendResult> appended = work_.store().Append(plan->append);
  if (!input.lookup_hash.empty() &&
      (absl::IsAlreadyExists(appended.status()) || absl::IsAborted(appended.status()))) {
    // Registered, or given another step, by someone else since it was read.
    return RejectedRow(std::move(result), "personnummer",
                       absl::AbortedError("this participant was registered or changed by another "
                                          "call during the import: import the file again"));
  }
  TORG_RETURN_IF_ERROR(appended.status());
  if (appended->replayed) {
    // A concurrent import of the same row won.
    TORG_RETURN_IF_ERROR(FillIdsOfImportAppend(work_, *appended, result));
    result.set_status(v1::IMPORT_ROW_STATUS_ALREADY_IMPORTED);
    return result;
  }
  result.set_status(v1::IMPORT_ROW_STATUS_IMPORTED);
  result.set_participant_id(plan->participant_id);
  result.set_case_id(plan->case_id);
  return result;
}

}  // namespace torg::bulkimport
