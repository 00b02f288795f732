// Erasure leaves nothing behind: after a participant is erased, no file of the
// data directory (table files, WAL, MANIFEST, RocksDB's LOG, anything) holds
// their personnummer, names, contact details or the free text of their
// cases, nor the wrapped data key that sealed them, nor the keyed lookup
// hash of their number; while their case's non-identifying facts are still
// read back whole. A participant who is not erased is the control: the same
// scan finds their wrapped key.

#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/casefile/personnummer.h"
#include "services/config/example_config.h"
#include "services/sealing/key_file.h"
#include "services/sealing/lookup_hasher.h"
#include "services/torgd/server.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "torg/v1/case_file_service.grpc.pb.h"
#include "torg/v1/closure_service.grpc.pb.h"
#include "torg/v1/coordination_service.grpc.pb.h"
#include "torg/v1/erasure_service.grpc.pb.h"
#include "torg/v1/intake_service.grpc.pb.h"

namespace torg {
namespace {

using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

std::string ValidPersonnummer(int year, int month, int day, int serial) {
  const std::string nine = absl::StrFormat("%02d%02d%02d%03d", year % 100, month, day, serial);
  return absl::StrCat(year, nine.substr(2), casefile::LuhnCheckDigit(nine));
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every needle found in any file under `directory`, as "needle #i in file".
std::vector<std::string> FindInFiles(const std::string& directory,
                                     const std::vector<std::string>& needles) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = ReadFile(entry.path());
    for (size_t i = 0; i < needles.size(); ++i) {
      if (bytes.find(needles[i]) != std::string::npos) {
        found.push_back(absl::StrCat("needle #", i, " in ", entry.path().filename().string()));
      }
    }
  }
  return found;
}

// What identifies one participant, and their case.
struct Person {
  std::string personnummer;
  std::vector<std::string> texts;
  std::string participant_id;
  std::string case_id;
  std::string wrapped_key;
  std::string lookup_hash;
};

class ErasureScanTest : public ::testing::Test {
 protected:
  void StartServer() {
    torgd::ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.data_directory = dir_.Sub("data");
    options.keys_directory = dir_.Sub("keys");
    options.config = config::LoadExampleForbundConfig().value();
    // No minimum time after closure: the case closes and is erased today.
    options.config.mutable_retention()->set_keep_months_after_closure(0);
    // What reaches the disk, not access: every call acts as a developer.
    options.access.insecure_dev = true;
    ASSERT_OK_AND_ASSIGN(server_, torgd::TorgServer::Start(std::move(options)));
    auto channel =
        grpc::CreateChannel(server_->listen_address(), grpc::InsecureChannelCredentials());
    intake_ = v1::IntakeService::NewStub(channel);
    coordination_ = v1::CoordinationService::NewStub(channel);
    closure_ = v1::ClosureService::NewStub(channel);
    case_file_ = v1::CaseFileService::NewStub(channel);
    erasure_ = v1::ErasureService::NewStub(channel);
  }

  void StopServer() {
    server_->Shutdown();
    server_.reset();
  }

  template <class Call>
  void Ok(Call call) {
    grpc::ClientContext context;
    context.AddMetadata("x-torg-user", "admin-erik");
    context.AddMetadata("x-torg-purpose", "handl%C3%A4ggning");
    const grpc::Status status = call(context);
    ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
  }

  // Registers person `n` with distinctive personal data and takes a case of
  // theirs from referral to closure with free text at every step.
  void LoadPerson(int n, Person& person) {
    person.personnummer = ValidPersonnummer(1979 + n, 4, 11 + n, 700 + n);
    const std::string given = absl::StrCat("Raderingsdottir", n, "Qv");
    const std::string family = absl::StrCat("Glommasson", n, "Jx");
    const std::string email = absl::StrCat("radera", n, "@hemlig.example");
    const std::string phone = absl::StrCat("070-99", 31000 + n);
    const std::string address = absl::StrCat("Glömskevägen ", 40 + n, ", Umeå");
    const std::string reason = absl::StrCat("Skäl till aktualisering ", n, " mycket privat");
    const std::string note = absl::StrCat("Anteckning ", n, " om hälsa och familj");
    const std::string decisions = absl::StrCat("Beslut ", n, " vid flerpartssamtal i förtroende");
    person.texts = {given, family, email, phone, address, reason, note, decisions};

    v1::RegisterParticipantRequest registration;
    registration.set_request_id(absl::StrCat("register-", n));
    registration.set_personnummer(person.personnummer);
    registration.set_gender(v1::GENDER_MAN);
    registration.set_kommun_code("2480");
    registration.add_income_at_start(v1::INCOME_SOURCE_SICKNESS_BENEFIT);
    registration.set_given_name(given);
    registration.set_family_name(family);
    registration.set_email(email);
    registration.set_phone(phone);
    registration.set_address(address);
    v1::RegisterParticipantResponse registered;
    Ok([&](grpc::ClientContext& c) {
      return intake_->RegisterParticipant(&c, registration, &registered);
    });
    person.participant_id = registered.participant().participant_id();

    v1::RecordConsentRequest consent;
    consent.set_request_id(absl::StrCat("consent-", n));
    consent.set_participant_id(person.participant_id);
    consent.add_party_ids("af");
    consent.add_party_ids("fk");
    consent.set_form(v1::CONSENT_FORM_WRITTEN);
    v1::RecordConsentResponse consented;
    Ok([&](grpc::ClientContext& c) { return intake_->RecordConsent(&c, consent, &consented); });

    v1::SubmitReferralRequest referral;
    referral.set_request_id(absl::StrCat("referral-", n));
    referral.mutable_referral()->set_participant_id(person.participant_id);
    referral.mutable_referral()->set_platform_id("vuxentorget");
    referral.mutable_referral()->mutable_referrer()->set_party_id("fk");
    referral.mutable_referral()->add_needed_party_ids("af");
    referral.mutable_referral()->add_needed_party_ids("fk");
    referral.mutable_referral()->set_reason(reason);
    referral.mutable_referral()->set_risk_use_or_abuse(true);
    v1::SubmitReferralResponse referred;
    Ok([&](grpc::ClientContext& c) { return intake_->SubmitReferral(&c, referral, &referred); });
    person.case_id = referred.change().case_summary().case_id();

    v1::DecideReferralRequest decision;
    decision.set_request_id(absl::StrCat("decide-", n));
    decision.set_case_id(person.case_id);
    decision.mutable_accept();
    v1::DecideReferralResponse decided;
    Ok([&](grpc::ClientContext& c) { return intake_->DecideReferral(&c, decision, &decided); });

    v1::AddNoteRequest add_note;
    add_note.set_request_id(absl::StrCat("note-", n));
    add_note.set_case_id(person.case_id);
    add_note.mutable_note()->set_text(note);
    v1::AddNoteResponse noted;
    Ok([&](grpc::ClientContext& c) { return coordination_->AddNote(&c, add_note, &noted); });

    v1::RecordMeetingRequest meeting;
    meeting.set_request_id(absl::StrCat("meeting-", n));
    meeting.set_case_id(person.case_id);
    meeting.mutable_meeting()->add_present_party_ids("af");
    meeting.mutable_meeting()->add_present_party_ids("fk");
    meeting.mutable_meeting()->set_decisions(decisions);
    v1::RecordMeetingResponse met;
    Ok([&](grpc::ClientContext& c) { return coordination_->RecordMeeting(&c, meeting, &met); });

    v1::CloseCaseRequest close;
    close.set_request_id(absl::StrCat("close-", n));
    close.set_case_id(person.case_id);
    close.mutable_closure()->set_outcome(v1::CLOSURE_OUTCOME_STUDIES);
    close.mutable_closure()->add_income_at_end(v1::INCOME_SOURCE_STUDENT_FINANCE);
    v1::CloseCaseResponse closed;
    Ok([&](grpc::ClientContext& c) { return closure_->CloseCase(&c, close, &closed); });
  }

  // Reads what erasure must destroy, as the store holds it now.
  void CaptureKeys(Person& person) {
    ASSERT_OK_AND_ASSIGN(
        std::optional<std::string> wrapped,
        server_->store().ReadKey(absl::StrCat("participant-", person.participant_id)));
    ASSERT_TRUE(wrapped.has_value());
    person.wrapped_key = *wrapped;
    ASSERT_OK_AND_ASSIGN(sealing::SecretKey secret,
                         sealing::LoadKeyFile(dir_.Sub("keys") + "/lookup.key"));
    person.lookup_hash = sealing::LookupHasher(std::move(secret)).Hash(person.personnummer);
    ASSERT_OK_AND_ASSIGN(std::optional<std::string> entry,
                         server_->store().ReadKey(absl::StrCat("lookup-", person.lookup_hash)));
    ASSERT_EQ(entry, person.participant_id);
  }

  // What identifies the person, the key that sealed the rest, and the keyed
  // hash of the number, which a table file or the MANIFEST could hold as a
  // key id.
  static std::vector<std::string> Needles(const Person& person) {
    const std::string& pnr = person.personnummer;
    std::vector<std::string> needles = {
        pnr,
        pnr.substr(2),
        absl::StrCat(pnr.substr(2, 6), "-", pnr.substr(8)),
        absl::StrCat(pnr.substr(0, 8), "-", pnr.substr(8)),
        person.wrapped_key,
        person.lookup_hash,
    };
    for (const std::string& text : person.texts) needles.push_back(text);
    return needles;
  }

  torg::testing::TempDir dir_;
  std::unique_ptr<torgd::TorgServer> server_;
  std::unique_ptr<v1::IntakeService::Stub> intake_;
  std::unique_ptr<v1::CoordinationService::Stub> coordination_;
  std::unique_ptr<v1::ClosureService::Stub> closure_;
  std::unique_ptr<v1::CaseFileService::Stub> case_file_;
  std::unique_ptr<v1::ErasureService::Stub> erasure_;
};

TEST_F(ErasureScanTest, NothingOfAnErasedParticipantIsLeftInAnyFile) {
  Person erased;
  Person kept;
  ASSERT_NO_FATAL_FAILURE(StartServer());
  ASSERT_NO_FATAL_FAILURE(LoadPerson(1, erased));
  ASSERT_NO_FATAL_FAILURE(LoadPerson(2, kept));
  ASSERT_NO_FATAL_FAILURE(CaptureKeys(erased));
  ASSERT_NO_FATAL_FAILURE(CaptureKeys(kept));
  // A restart flushes everything, the keys too, into table files: erasure
  // must reach them there, not only in the WAL and memtables.
  ASSERT_NO_FATAL_FAILURE(StopServer());
  const std::string data = dir_.Sub("data");
  ASSERT_THAT(FindInFiles(data, {erased.wrapped_key}), Not(IsEmpty()))
      << "the wrapped key never reached a file: the scan below proves little";
  ASSERT_THAT(FindInFiles(data, {erased.lookup_hash}), Not(IsEmpty()))
      << "the lookup entry never reached a file: the scan below proves little";
  ASSERT_NO_FATAL_FAILURE(StartServer());

  v1::EraseParticipantRequest erase;
  erase.set_request_id("erase-1");
  erase.set_participant_id(erased.participant_id);
  v1::EraseParticipantResponse erasure;
  ASSERT_NO_FATAL_FAILURE(
      Ok([&](grpc::ClientContext& c) { return erasure_->EraseParticipant(&c, erase, &erasure); }));
  EXPECT_TRUE(erasure.participant().erased());

  // While the server runs: erasure compacted the keys away already.
  EXPECT_THAT(FindInFiles(data, Needles(erased)), IsEmpty());

  // The case's facts are still read back whole, and the participant's.
  v1::GetCaseRequest get_case;
  get_case.set_case_id(erased.case_id);
  v1::GetCaseResponse found;
  ASSERT_NO_FATAL_FAILURE(
      Ok([&](grpc::ClientContext& c) { return case_file_->GetCase(&c, get_case, &found); }));
  EXPECT_EQ(found.case_summary().status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(found.case_summary().outcome(), v1::CLOSURE_OUTCOME_STUDIES);
  EXPECT_EQ(found.case_summary().platform_id(), "vuxentorget");
  EXPECT_THAT(found.timeline(), SizeIs(5));
  v1::GetParticipantRequest get_participant;
  get_participant.set_participant_id(erased.participant_id);
  v1::GetParticipantResponse participant;
  ASSERT_NO_FATAL_FAILURE(Ok([&](grpc::ClientContext& c) {
    return case_file_->GetParticipant(&c, get_participant, &participant);
  }));
  EXPECT_EQ(participant.participant().gender(), v1::GENDER_MAN);
  EXPECT_EQ(participant.participant().birth_year(), 1980);
  EXPECT_EQ(participant.participant().kommun_code(), "2480");
  EXPECT_EQ(participant.participant().given_name(), "");

  // After a clean stop as well, and the control is still there.
  ASSERT_NO_FATAL_FAILURE(StopServer());
  EXPECT_THAT(FindInFiles(data, Needles(erased)), IsEmpty());
  EXPECT_THAT(FindInFiles(data, {kept.wrapped_key}), Not(IsEmpty()));
  EXPECT_THAT(FindInFiles(data, {kept.lookup_hash}), Not(IsEmpty()));
}

}  // namespace
}  // namespace torg
