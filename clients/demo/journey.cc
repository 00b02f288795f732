#include "clients/demo/journey.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/status_macros.h"

namespace torg::demo {
namespace {

const char* const kReasons[] = {
    "Långvarig sjukskrivning och behov av stöd tillbaka mot arbete",
    "Har varit hemma i flera år och behöver samordnat stöd för att komma vidare",
    "Aktivitetsersättning, vill prova arbetsträning med stöd",
    "Ekonomiskt bistånd sedan länge, oklar arbetsförmåga",
    "Avbrutna studier, psykisk ohälsa, behöver kartläggning",
    "Arbetslös sedan länge, behöver stöd från flera parter samtidigt"};
const char* const kFindings[] = {"Behöver anpassat tempo och tydlig struktur",
                                 "Klarar fyra timmar per dag i nuläget",
                                 "Bostadssituationen är stabil",
                                 "Skulder som behöver ses över med budget- och skuldrådgivning",
                                 "Saknar gymnasiebetyg i två ämnen",
                                 "Pågående behandling i primärvården"};
const char* const kGoals[] = {"Arbetsträning 50 % inom tre månader", "Slutföra gymnasiebehörighet",
                              "Stabil hälsa och dygnsrytm", "Anställning med lönestöd",
                              "Klarlagd arbetsförmåga"};
const char* const kDecisions[] = {
    "Arbetsträning startar hos ASF, uppföljning om fyra veckor",
    "FK utreder arbetsförmågan, AF söker praktikplats",
    "Regionen fortsätter behandlingen, kommunen stöttar med boendefrågan",
    "Deltagaren vill pröva studier på Komvux nästa termin"};
const char* const kNotes[] = {"Telefonkontakt, mår bättre sedan förra veckan",
                              "Missade mötet, ny tid bokad", "Har börjat på praktikplatsen",
                              "Behöver påminnelse inför möten"};

constexpr v1::ActivityKind kActivities[] = {
    v1::ACTIVITY_KIND_WORK_TRAINING,     v1::ACTIVITY_KIND_INTERNSHIP,
    v1::ACTIVITY_KIND_STUDIES,           v1::ACTIVITY_KIND_TREATMENT,
    v1::ACTIVITY_KIND_SOCIAL_ENTERPRISE, v1::ACTIVITY_KIND_EMPLOYER_CONTACT,
    v1::ACTIVITY_KIND_INVESTIGATION};
constexpr v1::AssessmentDomain kDomains[] = {
    v1::ASSESSMENT_DOMAIN_HEALTH,           v1::ASSESSMENT_DOMAIN_WORK_CAPACITY,
    v1::ASSESSMENT_DOMAIN_SOCIAL_SITUATION, v1::ASSESSMENT_DOMAIN_EDUCATION,
    v1::ASSESSMENT_DOMAIN_FINANCES,         v1::ASSESSMENT_DOMAIN_HOUSING};
constexpr v1::IncomeSource kIncomes[] = {v1::INCOME_SOURCE_SICKNESS_BENEFIT,
                                         v1::INCOME_SOURCE_ACTIVITY_COMPENSATION,
                                         v1::INCOME_SOURCE_SICKNESS_COMPENSATION,
                                         v1::INCOME_SOURCE_UNEMPLOYMENT_BENEFIT,
                                         v1::INCOME_SOURCE_ESTABLISHMENT_BENEFIT,
                                         v1::INCOME_SOURCE_SOCIAL_ASSISTANCE,
                                         v1::INCOME_SOURCE_NONE};
constexpr v1::ClosureOutcome kOutcomes[] = {v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED,
                                            v1::CLOSURE_OUTCOME_WORK_SUBSIDISED,
                                            v1::CLOSURE_OUTCOME_WORK_SUBSIDISED,
                                            v1::CLOSURE_OUTCOME_WORK_OWN_BUSINESS,
                                            v1::CLOSURE_OUTCOME_STUDIES,
                                            v1::CLOSURE_OUTCOME_STUDIES,
                                            v1::CLOSURE_OUTCOME_NEED_ADAPTED_CARE,
                                            v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER_AUTHORITY,
                                            v1::CLOSURE_OUTCOME_NEED_ADAPTED_SICKNESS_COMPENSATION,
                                            v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER,
                                            v1::CLOSURE_OUTCOME_OTHER_MOVED,
                                            v1::CLOSURE_OUTCOME_OTHER_DECLINED,
                                            v1::CLOSURE_OUTCOME_OTHER_NO_CONTACT,
                                            v1::CLOSURE_OUTCOME_OTHER_REASON};
constexpr v1::DeclineReason kDeclineReasons[] = {
    v1::DECLINE_REASON_SINGLE_PARTY_NEED, v1::DECLINE_REASON_OUTSIDE_TARGET_GROUP,
    v1::DECLINE_REASON_DECLINED_BY_PERSON, v1::DECLINE_REASON_ORDINARY_SERVICES_SUFFICE};

v1::IncomeSource IncomeAtEnd(v1::ClosureOutcome outcome) {
  switch (outcome) {
    case v1::CLOSURE_OUTCOME_WORK_UNSUBSIDISED:
    case v1::CLOSURE_OUTCOME_WORK_SUBSIDISED:
    case v1::CLOSURE_OUTCOME_WORK_OWN_BUSINESS:
      return v1::INCOME_SOURCE_SALARY;
    case v1::CLOSURE_OUTCOME_STUDIES:
      return v1::INCOME_SOURCE_STUDENT_FINANCE;
    case v1::CLOSURE_OUTCOME_NEED_ADAPTED_SICKNESS_COMPENSATION:
      return v1::INCOME_SOURCE_SICKNESS_COMPENSATION;
    default:
      return v1::INCOME_SOURCE_SOCIAL_ASSISTANCE;
  }
}

}  // namespace

Journey::Journey(Client& client, const Forbund& forbund, const DemoOptions& options, int index,
                 DemoSummary& summary)
    : client_(client),
      forbund_(forbund),
      options_(options),
      index_(index),
      summary_(summary),
      random_(options.seed * 1000003 + static_cast<uint64_t>(index)),
      // The last day in the ids: a run on the same day replays, a run on
      // another day (whose dates all differ) is a load of its own.
      request_prefix_(absl::StrFormat("demo-%d-%04d%02d%02d-%d-", options.seed,
                                      options.last_day.year(), options.last_day.month(),
                                      options.last_day.day(), index)),
      person_salt_(options.seed +
                   static_cast<uint64_t>(options.last_day - absl::CivilDay(1970, 1, 1))) {}

bool Journey::Advance(int days) {
  if (day_ + days > options_.last_day) return false;
  day_ += days;
  return true;
}

std::string Journey::NextRequestId() { return absl::StrCat(request_prefix_, request_counter_++); }

std::string Journey::Label(const std::string& step) const {
  return absl::StrCat("demo participant ", index_, ", ", step);
}

void Journey::Count(bool replayed) {
  if (replayed) ++summary_.replayed;
}

absl::Status Journey::Run() {
  // Where the person is referred and how old they are then.
  const int roll = Between(0, 99, random_);
  const v1::Platform* platform = nullptr;
  bool ages_out_soon = false;
  if (roll < 40) {
    platform = &forbund_.youth[static_cast<size_t>(index_) % forbund_.youth.size()];
    age_ = Between(18, 28, random_);
    ages_out_soon = Between(0, 9, random_) == 0;
  } else if (roll < 75 || (forbund_.local.empty() && forbund_.primary_care.empty())) {
    platform = &forbund_.adult[static_cast<size_t>(index_) % forbund_.adult.size()];
    age_ = Between(26, 63, random_);
  } else if (roll < 90 && !forbund_.local.empty()) {
    platform = &forbund_.local[static_cast<size_t>(index_) % forbund_.local.size()];
    age_ = Between(20, 63, random_);
  } else {
    const auto& primary = forbund_.primary_care.empty() ? forbund_.adult : forbund_.primary_care;
    platform = &primary[static_cast<size_t>(index_) % primary.size()];
    age_ = Between(26, 63, random_);
  }
  platform_id_ = platform->id();

  // Referred during the last year and a half: the year shown has people
  // arriving, people in the middle of their case and people leaving.
  const absl::CivilDay referral_day = options_.last_day - Between(25, 540, random_);
  // MakePerson moves the birth date by up to kBirthDateShift days either way
  // (so that every personnummer is unique): in the end it lies age_ * 365
  // plus 30 to 329 days before the referral day, so the person is age_ on
  // that day, leap days and all.
  absl::CivilDay born_about =
      referral_day - (age_ * 365 + Between(30 + kBirthDateShift, 330 - kBirthDateShift, random_));
  if (ages_out_soon) {
    // Turns 30 within the coming months (5 to 204 days after the last day):
    // the youth platform must hand over. Still under 30 on the referral day.
    born_about = absl::CivilDay(options_.last_day.year() - 30, options_.last_day.month(),
                                options_.last_day.day()) +
                 (5 + kBirthDateShift);
  }
  std::string kommun = forbund_.kommun_parties.front().first;
  if (platform->kind() == v1::PLATFORM_KIND_LOCAL && platform->kommun_codes_size() > 0) {
    kommun = platform->kommun_codes(0);
  } else if (Chance(0.2, random_)) {
    kommun = forbund_
                 .kommun_parties[static_cast<size_t>(
                     Between(0, static_cast<int>(forbund_.kommun_parties.size()) - 1, random_))]
                 .first;
  }

  // The parties whose support the person needs: two or three.
  needed_parties_ = {forbund_.af, forbund_.fk, forbund_.region, forbund_.KommunParty(kommun)};
  needed_parties_.erase(std::remove(needed_parties_.begin(), needed_parties_.end(), ""),
                        needed_parties_.end());
  std::shuffle(needed_parties_.begin(), needed_parties_.end(), random_);
  needed_parties_.resize(std::min<size_t>(needed_parties_.size(), Between(2, 3, random_)));

  day_ = referral_day - Between(0, 5, random_);
  // Someone about to turn 30 is never anonymous: an anonymous person's age
  // counts by birth year alone (the year of the step minus the birth year),
  // which would make many of them 30 already on the referral day.
  TORG_RETURN_IF_ERROR(Register(MakePerson(born_about, index_, person_salt_, random_), kommun,
                                /*may_be_anonymous=*/!ages_out_soon));
  TORG_RETURN_IF_ERROR(Consent());
  day_ = std::max(day_, referral_day);
  TORG_RETURN_IF_ERROR(Refer(platform_id_));
  return DecideAndWork();
}

absl::Status Journey::Register(const SyntheticPerson& person, const std::string& kommun,
                               bool may_be_anonymous) {
  v1::RegisterParticipantRequest request;
  request.set_request_id(NextRequestId());
  *request.mutable_effective_date() = ToDate(day_);
  const bool anonymous = may_be_anonymous && Chance(0.03, random_);
  if (anonymous) {
    request.set_birth_year(static_cast<int32_t>(person.birth_date.year()));
  } else {
    request.set_personnummer(person.personnummer);
    request.set_given_name(person.given_name);
    request.set_family_name(person.family_name);
    request.set_phone(person.phone);
    request.set_email(person.email);
    request.set_address(person.address);
  }
  request.set_gender(person.gender);
  request.set_kommun_code(kommun);
  request.set_education_level(static_cast<v1::EducationLevel>(Between(1, 7, random_)));
  request.add_income_at_start(Pick(kIncomes, random_));
  if (Chance(0.2, random_)) request.add_income_at_start(v1::INCOME_SOURCE_SOCIAL_ASSISTANCE);
  request.set_time_without_work(static_cast<v1::TimeWithoutWork>(Between(1, 6, random_)));
  request.set_protected_identity(!anonymous && Chance(0.01, random_));
  v1::RegisterParticipantResponse response;
  TORG_RETURN_IF_ERROR(client_.Call(*client_.intake, &v1::IntakeService::Stub::RegisterParticipant,
                                    request, response, Label("registration")));
  participant_id_ = response.participant().participant_id();
  ++summary_.participants;
  Count(response.replayed());
  return absl::OkStatus();
}

absl::Status Journey::Consent() {
  v1::RecordConsentRequest request;
  request.set_request_id(NextRequestId());
  request.set_participant_id(participant_id_);
  *request.mutable_effective_date() = ToDate(day_);
  for (const std::string& party : needed_parties_) request.add_party_ids(party);
  // Often the consent covers every member, so later handovers need no new one.
  for (const std::string& party : {forbund_.af, forbund_.fk, forbund_.region}) {
    if (std::find(needed_parties_.begin(), needed_parties_.end(), party) == needed_parties_.end()) {
      request.add_party_ids(party);
    }
  }
  request.set_form(v1::CONSENT_FORM_WRITTEN);
  request.set_sus_registration(Chance(0.7, random_));
  v1::RecordConsentResponse response;
  TORG_RETURN_IF_ERROR(client_.Call(*client_.intake, &v1::IntakeService::Stub::RecordConsent,
                                    request, response, Label("consent")));
  Count(response.replayed());
  return absl::OkStatus();
}

absl::Status Journey::Refer(const std::string& platform_id) {
  v1::SubmitReferralRequest request;
  request.set_request_id(NextRequestId());
  *request.mutable_effective_date() = ToDate(day_);
  v1::ReferralStep* referral = request.mutable_referral();
  referral->set_participant_id(participant_id_);
  referral->set_platform_id(platform_id);
  if (Chance(0.1, random_)) {
    referral->mutable_referrer()->set_self_referral(true);
  } else {
    referral->mutable_referrer()->set_party_id(needed_parties_.front());
  }
  for (const std::string& party : needed_parties_) referral->add_needed_party_ids(party);
  referral->set_reason(Pick(kReasons, random_));
  referral->set_violence_in_close_relationship(Chance(0.08, random_));
  referral->set_risk_use_or_abuse(Chance(0.12, random_));
  v1::SubmitReferralResponse response;
  TORG_RETURN_IF_ERROR(client_.Call(*client_.intake, &v1::IntakeService::Stub::SubmitReferral,
                                    request, response, Label("referral")));
  current_case_ = response.change().case_summary().case_id();
  ++summary_.cases;
  Count(response.change().replayed());
  return absl::OkStatus();
}

absl::Status Journey::DecideAndWork() {
  if (!Advance(Between(5, 21, random_))) return absl::OkStatus();  // Waits for the group.
  v1::DecideReferralRequest request;
  request.set_request_id(NextRequestId());
  request.set_case_id(current_case_);
  *request.mutable_effective_date() = ToDate(day_);
  const int roll = Between(0, 99, random_);
  const bool direct = roll < 8 && age_ >= 26 && platform_id_ != forbund_.adult.front().id();
  if (direct) {
    request.mutable_direct()->set_target_platform_id(forbund_.adult.front().id());
  } else if (roll < 15) {
    request.mutable_decline()->set_reason(Pick(kDeclineReasons, random_));
    request.mutable_decline()->set_motivation(
        "Beredningsgruppen bedömer att behovet möts bäst på annat sätt");
  } else {
    request.mutable_accept();
  }
  v1::DecideReferralResponse response;
  TORG_RETURN_IF_ERROR(client_.Call(*client_.intake, &v1::IntakeService::Stub::DecideReferral,
                                    request, response, Label("decision")));
  Count(response.change().replayed());
  if (request.has_decline()) {
    ++summary_.declined;
    return absl::OkStatus();
  }
  if (direct) {
    ++summary_.directed;
    ++summary_.cases;
    current_case_ = response.directed_case().case_id();
    platform_id_ = forbund_.adult.front().id();
    return DecideAndWork();
  }
  ++summary_.enrolled;
  return Work(current_case_);
}

absl::Status Journey::Work(const std::string& case_id) {
  v1::AssignCaseOwnerRequest owner;
  owner.set_request_id(NextRequestId());
  owner.set_case_id(case_id);
  *owner.mutable_effective_date() = ToDate(day_);
  owner_party_ = needed_parties_.front();
  owner.set_owner_user_id(absl::StrCat("koordinator-", platform_id_, "-", index_ % 4 + 1));
  owner.set_party_id(owner_party_);
  v1::AssignCaseOwnerResponse assigned;
  TORG_RETURN_IF_ERROR(client_.Call(*client_.coordination,
                                    &v1::CoordinationService::Stub::AssignCaseOwner, owner,
                                    assigned, Label("case owner")));
  Count(assigned.change().replayed());

  if (!Advance(Between(3, 14, random_))) return absl::OkStatus();
  TORG_RETURN_IF_ERROR(Assess(case_id));
  TORG_RETURN_IF_ERROR(Coordinate(case_id, Between(1, 4, random_)));
  if (day_ >= options_.last_day) return absl::OkStatus();
  if (Chance(0.2, random_)) TORG_RETURN_IF_ERROR(HandOver(case_id));
  if (day_ >= options_.last_day) return absl::OkStatus();
  const int roll = Between(0, 99, random_);
  if (roll < 10) return Close(case_id, /*via_ordinary_services=*/true);
  if (roll < 75) return Close(case_id, /*via_ordinary_services=*/false);
  return absl::OkStatus();  // Still being coordinated at the end of the year.
}

absl::Status Journey::Assess(const std::string& case_id) {
  v1::StartAssessmentRequest start;
  start.set_request_id(NextRequestId());
  start.set_case_id(case_id);
  *start.mutable_effective_date() = ToDate(day_);
  v1::StartAssessmentResponse started;
  TORG_RETURN_IF_ERROR(client_.Call(*client_.assessment,
                                    &v1::AssessmentService::Stub::StartAssessment, start, started,
                                    Label("assessment start")));
  Count(started.change().replayed());
  for (const std::string& party : needed_parties_) {
    if (!Advance(Between(1, 7, random_))) return absl::OkStatus();
    v1::RecordFindingRequest finding;
    finding.set_request_id(NextRequestId());
    finding.set_case_id(case_id);
    *finding.mutable_effective_date() = ToDate(day_);
    finding.mutable_finding()->set_domain(Pick(kDomains, random_));
    finding.mutable_finding()->set_party_id(party);
    finding.mutable_finding()->set_finding(Pick(kFindings, random_));
    v1::RecordFindingResponse recorded;
    TORG_RETURN_IF_ERROR(client_.Call(*client_.assessment,
                                      &v1::AssessmentService::Stub::RecordFinding, finding,
                                      recorded, Label("finding")));
    Count(recorded.change().replayed());
  }
  if (!Advance(Between(7, 30, random_))) return absl::OkStatus();
  v1::CompleteAssessmentRequest complete;
  complete.set_request_id(NextRequestId());
  complete.set_case_id(case_id);
  *complete.mutable_effective_date() = ToDate(day_);
  complete.mutable_plan()->add_goals(Pick(kGoals, random_));
  if (Chance(0.5, random_)) complete.mutable_plan()->add_goals(Pick(kGoals, random_));
  for (const std::string& party : needed_parties_) {
    v1::PlanCommitmentStep* commitment = complete.mutable_plan()->add_commitments();
    commitment->set_party_id(party);
    commitment->set_description(Pick(kDecisions, random_));
  }
  v1::CompleteAssessmentResponse completed;
  TORG_RETURN_IF_ERROR(client_.Call(*client_.assessment,
                                    &v1::AssessmentService::Stub::CompleteAssessment, complete,
                                    completed, Label("joint plan")));
  Count(completed.change().replayed());
  return absl::OkStatus();
}

absl::Status Journey::Coordinate(const std::string& case_id, int meetings) {
  std::vector<std::string> open_commitments;
  for (int m = 0; m < meetings; ++m) {
    if (!Advance(Between(14, 40, random_))) return absl::OkStatus();
    v1::RecordMeetingRequest meeting;
    meeting.set_request_id(NextRequestId());
    meeting.set_case_id(case_id);
    *meeting.mutable_effective_date() = ToDate(day_);
    for (const std::string& party : needed_parties_) {
      meeting.mutable_meeting()->add_present_party_ids(party);
    }
    meeting.mutable_meeting()->set_participant_present(Chance(0.85, random_));
    meeting.mutable_meeting()->set_decisions(Pick(kDecisions, random_));
    v1::RecordMeetingResponse met;
    TORG_RETURN_IF_ERROR(client_.Call(*client_.coordination,
                                      &v1::CoordinationService::Stub::RecordMeeting, meeting, met,
                                      Label("meeting")));
    Count(met.change().replayed());

    v1::AddCommitmentRequest add;
    add.set_request_id(NextRequestId());
    add.set_case_id(case_id);
    *add.mutable_effective_date() = ToDate(day_);
    v1::CommitmentStep* commitment = add.mutable_commitment();
    commitment->set_kind(Pick(kActivities, random_));
    commitment->set_party_id(needed_parties_[static_cast<size_t>(m) % needed_parties_.size()]);
    if (commitment->kind() == v1::ACTIVITY_KIND_SOCIAL_ENTERPRISE) {
      commitment->set_provider("Arbetsintegrerande socialt företag i Umeå");
    }
    *commitment->mutable_start_date() = ToDate(day_);
    *commitment->mutable_end_date() = ToDate(day_ + 90);
    commitment->set_description(Pick(kGoals, random_));
    v1::AddCommitmentResponse added;
    TORG_RETURN_IF_ERROR(client_.Call(*client_.coordination,
                                      &v1::CoordinationService::Stub::AddCommitment, add, added,
                                      Label("commitment")));
    Count(added.change().replayed());
    for (const v1::TimelineEntry& entry : added.change().recorded()) {
      if (entry.step().has_commitment_added()) {
        open_commitments.push_back(entry.step().commitment_added().commitment_id());
      }
    }
    if (Chance(0.3, random_)) {
      v1::AddNoteRequest note;
      note.set_request_id(NextRequestId());
      note.set_case_id(case_id);
      *note.mutable_effective_date() = ToDate(day_);
      note.mutable_note()->set_text(Pick(kNotes, random_));
      v1::AddNoteResponse noted;
      TORG_RETURN_IF_ERROR(client_.Call(*client_.coordination,
                                        &v1::CoordinationService::Stub::AddNote, note, noted,
                                        Label("note")));
      Count(noted.change().replayed());
    }
  }
  // Earlier commitments are carried out, or now and then given up.
  for (size_t i = 0; i + 1 < open_commitments.size(); ++i) {
    if (!Advance(Between(0, 5, random_))) return absl::OkStatus();
    if (Chance(0.8, random_)) {
      v1::CompleteCommitmentRequest done;
      done.set_request_id(NextRequestId());
      done.set_case_id(case_id);
      *done.mutable_effective_date() = ToDate(day_);
      done.set_commitment_id(open_commitments[i]);
      v1::CompleteCommitmentResponse completed;
      TORG_RETURN_IF_ERROR(client_.Call(*client_.coordination,
                                        &v1::CoordinationService::Stub::CompleteCommitment, done,
                                        completed, Label("commitment done")));
      Count(completed.change().replayed());
    } else {
      v1::CancelCommitmentRequest cancel;
      cancel.set_request_id(NextRequestId());
      cancel.set_case_id(case_id);
      *cancel.mutable_effective_date() = ToDate(day_);
      cancel.mutable_cancellation()->set_commitment_id(open_commitments[i]);
      cancel.mutable_cancellation()->set_reason("Deltagaren orkade inte fortsätta just nu");
      v1::CancelCommitmentResponse cancelled;
      TORG_RETURN_IF_ERROR(client_.Call(*client_.coordination,
                                        &v1::CoordinationService::Stub::CancelCommitment, cancel,
                                        cancelled, Label("commitment cancelled")));
      Count(cancelled.change().replayed());
    }
  }
  return absl::OkStatus();
}

absl::Status Journey::HandOver(const std::string& case_id) {
  v1::ProposeHandoverRequest propose;
  propose.set_request_id(NextRequestId());
  propose.set_case_id(case_id);
  *propose.mutable_effective_date() = ToDate(day_);
  v1::HandoverProposalStep* handover = propose.mutable_handover();
  const bool to_adult = platform_id_ != forbund_.adult.front().id() && age_ >= 25;
  std::string new_party = owner_party_;
  if (to_adult) {
    handover->set_kind(v1::HANDOVER_KIND_PLATFORM);
    handover->set_target_platform_id(forbund_.adult.front().id());
    handover->set_motivation("Överlämning till Vuxentorget inför 30-årsdagen");
  } else {
    handover->set_kind(v1::HANDOVER_KIND_CASE_OWNER);
    new_party = needed_parties_.back();
    handover->set_target_party_id(new_party);
    handover->set_motivation("Ärendet passar bättre med ärendebärare hos en annan part");
  }
  v1::ProposeHandoverResponse proposed;
  TORG_RETURN_IF_ERROR(client_.Call(*client_.handover, &v1::HandoverService::Stub::ProposeHandover,
                                    propose, proposed, Label("handover proposal")));
  Count(proposed.change().replayed());
  // From the recorded step, not the case summary: on a replayed run the
  // summary is the case as it is now, long after this handover.
  const std::string handover_id =
      proposed.change().recorded(0).step().handover_proposed().handover_id();
  if (!Advance(Between(2, 20, random_))) return absl::OkStatus();  // Still waiting: the glapp.
  // Who answers: the coordinators of the receiving platform, or an officer
  // of the receiving party (CallAsParty; "" is no party).
  const std::string receiving_party = to_adult ? "" : new_party;

  if (Chance(0.75, random_)) {
    v1::AcceptHandoverRequest accept;
    accept.set_request_id(NextRequestId());
    accept.set_case_id(case_id);
    *accept.mutable_effective_date() = ToDate(day_);
    accept.mutable_acceptance()->set_handover_id(handover_id);
    accept.mutable_acceptance()->set_new_owner_user_id(
        absl::StrCat("koordinator-", to_adult ? forbund_.adult.front().id() : new_party, "-1"));
    accept.mutable_acceptance()->set_new_owner_party_id(new_party);
    v1::AcceptHandoverResponse accepted;
    TORG_RETURN_IF_ERROR(client_.CallAsParty(receiving_party, *client_.handover,
                                             &v1::HandoverService::Stub::AcceptHandover, accept,
                                             accepted, Label("handover accepted")));
    Count(accepted.change().replayed());
    ++summary_.handovers_accepted;
    if (to_adult) platform_id_ = forbund_.adult.front().id();
    owner_party_ = new_party;
    return absl::OkStatus();
  }

  v1::RejectHandoverRequest reject;
  reject.set_request_id(NextRequestId());
  reject.set_case_id(case_id);
  *reject.mutable_effective_date() = ToDate(day_);
  reject.mutable_rejection()->set_handover_id(handover_id);
  reject.mutable_rejection()->set_reason("Mottagande part har inte kapacitet just nu");
  v1::RejectHandoverResponse rejected;
  TORG_RETURN_IF_ERROR(client_.CallAsParty(receiving_party, *client_.handover,
                                           &v1::HandoverService::Stub::RejectHandover, reject,
                                           rejected, Label("handover rejected")));
  Count(rejected.change().replayed());
  ++summary_.handovers_rejected;
  if (!Chance(0.6, random_) || !Advance(Between(3, 15, random_))) return absl::OkStatus();
  v1::ResolveDeviationRequest resolve;
  resolve.set_request_id(NextRequestId());
  resolve.set_case_id(case_id);
  *resolve.mutable_effective_date() = ToDate(day_);
  resolve.mutable_resolution()->set_deviation_id(
      rejected.change().recorded(0).step().handover_rejected().deviation_id());
  resolve.mutable_resolution()->set_resolution("Löst vid överlämningsmöte med båda parter");
  v1::ResolveDeviationResponse resolved;
  TORG_RETURN_IF_ERROR(client_.Call(*client_.handover, &v1::HandoverService::Stub::ResolveDeviation,
                                    resolve, resolved, Label("deviation resolved")));
  Count(resolved.change().replayed());
  ++summary_.deviations_resolved;
  return absl::OkStatus();
}

absl::Status Journey::Close(const std::string& case_id, bool via_ordinary_services) {
  if (!Advance(Between(20, 120, random_))) return absl::OkStatus();
  if (via_ordinary_services) {
    v1::ProposeHandoverRequest propose;
    propose.set_request_id(NextRequestId());
    propose.set_case_id(case_id);
    *propose.mutable_effective_date() = ToDate(day_);
    propose.mutable_handover()->set_kind(v1::HANDOVER_KIND_ORDINARY_SERVICES);
    propose.mutable_handover()->set_target_party_id(needed_parties_.front());
    propose.mutable_handover()->set_motivation("Fortsatt stöd inom ordinarie verksamhet");
    v1::ProposeHandoverResponse proposed;
    TORG_RETURN_IF_ERROR(client_.Call(*client_.handover,
                                      &v1::HandoverService::Stub::ProposeHandover, propose,
                                      proposed, Label("handover to ordinary services")));
    Count(proposed.change().replayed());
    if (!Advance(Between(1, 10, random_))) return absl::OkStatus();
    v1::AcceptHandoverRequest accept;
    accept.set_request_id(NextRequestId());
    accept.set_case_id(case_id);
    *accept.mutable_effective_date() = ToDate(day_);
    accept.mutable_acceptance()->set_handover_id(
        proposed.change().recorded(0).step().handover_proposed().handover_id());
    v1::AcceptHandoverResponse accepted;
    // The receiving party accepts a handover to its ordinary services.
    TORG_RETURN_IF_ERROR(client_.CallAsParty(needed_parties_.front(), *client_.handover,
                                             &v1::HandoverService::Stub::AcceptHandover, accept,
                                             accepted, Label("ordinary services accepted")));
    Count(accepted.change().replayed());
    ++summary_.handovers_accepted;
  }
  v1::CloseCaseRequest close;
  close.set_request_id(NextRequestId());
  close.set_case_id(case_id);
  *close.mutable_effective_date() = ToDate(day_);
  const v1::ClosureOutcome outcome = via_ordinary_services
                                         ? v1::CLOSURE_OUTCOME_NEED_ADAPTED_OTHER_AUTHORITY
                                         : Pick(kOutcomes, random_);
  close.mutable_closure()->set_outcome(outcome);
  close.mutable_closure()->add_income_at_end(IncomeAtEnd(outcome));
  v1::CloseCaseResponse closed;
  TORG_RETURN_IF_ERROR(client_.Call(*client_.closure, &v1::ClosureService::Stub::CloseCase, close,
                                    closed, Label("closure")));
  Count(closed.change().replayed());
  ++summary_.closed;
  return FollowUp(case_id, day_);
}

absl::Status Journey::FollowUp(const std::string& case_id, absl::CivilDay closed_on) {
  constexpr std::pair<v1::FollowUpPoint, int> kPoints[] = {{v1::FOLLOW_UP_POINT_3_MONTHS, 3},
                                                           {v1::FOLLOW_UP_POINT_6_MONTHS, 6},
                                                           {v1::FOLLOW_UP_POINT_12_MONTHS, 12}};
  for (const auto& [point, months] : kPoints) {
    // A few days past the due date (which is at most 31 days after this).
    const absl::CivilDay due = absl::CivilDay(absl::CivilMonth(closed_on) + months) + 27;
    const absl::CivilDay on = due + Between(4, 20, random_);
    if (on > options_.last_day || Chance(0.15, random_)) return absl::OkStatus();  // Still due.
    day_ = on;
    v1::RecordFollowUpRequest request;
    request.set_request_id(NextRequestId());
    request.set_case_id(case_id);
    *request.mutable_effective_date() = ToDate(day_);
    request.mutable_follow_up()->set_point(point);
    const bool reached = Chance(0.8, random_);
    request.mutable_follow_up()->set_reached(reached);
    if (reached) request.mutable_follow_up()->add_income(Pick(kIncomes, random_));
    v1::RecordFollowUpResponse recorded;
    TORG_RETURN_IF_ERROR(client_.Call(*client_.closure, &v1::ClosureService::Stub::RecordFollowUp,
                                      request, recorded, Label("follow-up")));
    Count(recorded.change().replayed());
    ++summary_.follow_ups;
  }
  return absl::OkStatus();
}

}  // namespace torg::demo
