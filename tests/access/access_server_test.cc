// The access rules held to account on a real server without insecure-dev:
// every RPC by every role, tenant isolation, consent-bound sharing, the
// audit of personal-data reads, and errors that leak nothing.

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <future>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/time_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/access/access_table.h"
#include "services/auth/principal.h"
#include "services/auth/token_minter.h"
#include "tests/caseflow/caseflow_fixture.h"
#include "tests/support/status_matchers.h"
#include "torg/v1/access_service.grpc.pb.h"
#include "torg/v1/audit_service.grpc.pb.h"

namespace torg::access_test {
namespace {

namespace v1 = ::torg::v1;
using auth::Principal;
using auth::Role;
using caseflow_test::TestCase;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Every service torgd serves, so the walk covers methods the table forgot.
const std::vector<std::string>& ServedServices() {
  static const std::vector<std::string> services = {
      "torg.v1.ConfigService",       "torg.v1.IntakeService",   "torg.v1.AssessmentService",
      "torg.v1.CoordinationService", "torg.v1.HandoverService", "torg.v1.ClosureService",
      "torg.v1.CaseFileService",     "torg.v1.AccessService",   "torg.v1.AuditService",
      "torg.v1.ErasureService",      "torg.v1.FlowService",     "torg.v1.ImportService",
      "torg.v1.ExportService"};
  return services;
}

// The policy stated a second time, by hand, as the issue words it: which
// roles may call each method at all (on a record they may see).
const std::map<std::string, std::set<std::string>>& ExpectedCallers() {
  static const std::map<std::string, std::set<std::string>> expected = [] {
    const std::set<std::string> everyone = {"coordinator", "party_officer", "steering",
                                            "exporter",    "auditor",       "admin"};
    const std::set<std::string> coordinator = {"coordinator"};
    const std::set<std::string> case_workers = {"coordinator", "party_officer"};
    std::map<std::string, std::set<std::string>> rows = {
        {"/torg.v1.ConfigService/GetConfig", everyone},
        {"/torg.v1.AccessService/WhoAmI", everyone},
        {"/torg.v1.AccessService/IssueToken", {"admin"}},
        {"/torg.v1.ErasureService/EraseParticipant", {"admin"}},
        {"/torg.v1.ErasureService/ApplyRetention", {"admin"}},
        {"/torg.v1.ImportService/ImportCases", {"admin"}},
        {"/torg.v1.AuditService/QueryAuditLog", {"auditor"}},
        {"/torg.v1.AuditService/VerifyAuditLog", {"auditor"}},
        {"/torg.v1.FlowService/GetPeriodReport", {"coordinator", "steering", "admin"}},
        {"/torg.v1.FlowService/GetTrend", {"coordinator", "steering", "admin"}},
        {"/torg.v1.FlowService/GetLeadTimes", {"coordinator", "steering", "admin"}},
        {"/torg.v1.FlowService/GetHandoverFlows", {"coordinator", "steering", "admin"}},
        {"/torg.v1.FlowService/GetFlowGraph", {"coordinator", "steering", "admin"}},
        {"/torg.v1.FlowService/GetBoardReport", {"coordinator", "steering", "admin"}},
        {"/torg.v1.FlowService/RecordBoardRating", {"steering", "admin"}},
        {"/torg.v1.FlowService/ListBoardRatings", {"coordinator", "steering", "admin"}},
        {"/torg.v1.ExportService/ExportSus", {"exporter"}},
        {"/torg.v1.ExportService/RegenerateSubmission", {"exporter"}},
        {"/torg.v1.ExportService/DiffSubmissions", {"exporter"}},
        {"/torg.v1.ExportService/ListSubmissions", {"exporter"}},
        {"/torg.v1.AssessmentService/RecordFinding", case_workers},
        {"/torg.v1.CoordinationService/CompleteCommitment", case_workers},
        {"/torg.v1.CoordinationService/CancelCommitment", case_workers},
        {"/torg.v1.CoordinationService/AddNote", case_workers},
        {"/torg.v1.CoordinationService/SetCaseFlags", case_workers},
        {"/torg.v1.HandoverService/ListHandovers", case_workers},
        {"/torg.v1.CaseFileService/GetParticipant", case_workers},
        {"/torg.v1.CaseFileService/GetCase", case_workers},
        {"/torg.v1.CaseFileService/ListCases", case_workers},
        // The case's handover goes to a platform, so only its coordinator
        // answers it; an officer answers handovers to their party.
        {"/torg.v1.HandoverService/AcceptHandover", coordinator},
        {"/torg.v1.HandoverService/RejectHandover", coordinator},
    };
    for (const char* method : {"RegisterParticipant", "FindParticipant", "RecordConsent",
                               "WithdrawConsent", "SubmitReferral", "DecideReferral"}) {
      rows[absl::StrCat("/torg.v1.IntakeService/", method)] = coordinator;
    }
    for (const char* method : {"StartAssessment", "CompleteAssessment"}) {
      rows[absl::StrCat("/torg.v1.AssessmentService/", method)] = coordinator;
    }
    for (const char* method : {"AssignCaseOwner", "RecordMeeting", "AddCommitment"}) {
      rows[absl::StrCat("/torg.v1.CoordinationService/", method)] = coordinator;
    }
    for (const char* method :
         {"ProposeHandover", "ResolveDeviation", "ListDeviations", "ListAgingOut"}) {
      rows[absl::StrCat("/torg.v1.HandoverService/", method)] = coordinator;
    }
    for (const char* method : {"CloseCase", "RecordFollowUp", "ListFollowUpsDue"}) {
      rows[absl::StrCat("/torg.v1.ClosureService/", method)] = coordinator;
    }
    return rows;
  }();
  return expected;
}

class AccessTest : public caseflow_test::CaseFlowTest {
 protected:
  AccessTest() { insecure_dev_ = false; }

  void SetUp() override {
    caseflow_test::CaseFlowTest::SetUp();
    if (HasFatalFailure()) return;
    set_token(TokenFor(Coordinator({"ungdomstorget", "vuxentorget"}, "koordinator-anna")));
    // A 28-year-old on Ungdomstorget, handed over to Vuxentorget, sharing
    // with af and fk.
    ASSERT_OK_AND_ASSIGN(
        case_, NewCase(v1::CASE_STATUS_COORDINATING, "ungdomstorget", absl::CivilDay(1998, 1, 20)));
    v1::ProposeHandoverRequest proposal;
    proposal.set_request_id(NewRequestId());
    proposal.set_case_id(case_.case_id);
    proposal.mutable_handover()->set_kind(v1::HANDOVER_KIND_PLATFORM);
    proposal.mutable_handover()->set_target_platform_id("vuxentorget");
    proposal.mutable_handover()->set_motivation("Fyller 30 i höst");
    ASSERT_OK(ProposeHandover(proposal).status());
  }

  static Principal Coordinator(std::vector<std::string> platforms, std::string user) {
    Principal principal;
    principal.user_id = std::move(user);
    principal.forbund_id = "umearegionen";
    principal.roles = {Role::kCoordinator};
    principal.platform_ids = std::move(platforms);
    return principal;
  }

  static Principal OfRole(Role role) {
    Principal principal;
    principal.user_id = absl::StrCat("user-", auth::RoleName(role));
    principal.forbund_id = "umearegionen";
    principal.roles = {role};
    if (role == Role::kCoordinator) principal.platform_ids = {"ungdomstorget", "vuxentorget"};
    if (role == Role::kPartyOfficer) principal.party_id = "af";
    return principal;
  }

  // Calls `method` with a request whose case_id, participant_id and
  // platform_id name the fixture's records, and whose expected_version no
  // case has, so an allowed command is refused by the case and changes
  // nothing.
  grpc::Status CallGeneric(const std::string& method, const std::string& token,
                           const std::string& forbund_purpose = "test") {
    const google::protobuf::MethodDescriptor* descriptor = MethodNamed(method);
    EXPECT_NE(descriptor, nullptr) << method;
    if (descriptor == nullptr) return grpc::Status(grpc::StatusCode::INTERNAL, "no method");
    google::protobuf::DynamicMessageFactory factory;
    std::unique_ptr<google::protobuf::Message> request(
        factory.GetPrototype(descriptor->input_type())->New());
    SetIfPresent(*request, "case_id", case_.case_id);
    SetIfPresent(*request, "participant_id", case_.participant_id);
    SetIfPresent(*request, "platform_id", "ungdomstorget");
    SetIfPresent(*request, "request_id", absl::StrCat("walk-", ++walk_calls_));
    if (const auto* field = request->GetDescriptor()->FindFieldByName("expected_version")) {
      request->GetReflection()->SetUInt64(request.get(), field, 999'999);
    }
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    context.AddMetadata("x-torg-purpose", forbund_purpose);
    std::string bytes = request->SerializeAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request_buffer(&slice, 1);
    grpc::ByteBuffer response_buffer;
    grpc::GenericStub stub(channel());
    std::promise<grpc::Status> done;
    stub.UnaryCall(&context, method, grpc::StubOptions(), &request_buffer, &response_buffer,
                   [&done](grpc::Status status) { done.set_value(std::move(status)); });
    return done.get_future().get();
  }

  static const google::protobuf::MethodDescriptor* MethodNamed(const std::string& path) {
    const size_t slash = path.rfind('/');
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            path.substr(1, slash - 1));
    return service == nullptr ? nullptr : service->FindMethodByName(path.substr(slash + 1));
  }

  static void SetIfPresent(google::protobuf::Message& message, const std::string& name,
                           const std::string& value) {
    const google::protobuf::FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
    if (field != nullptr && !field->is_repeated() &&
        field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
      message.GetReflection()->SetString(&message, field, value);
    }
  }

  static std::vector<std::string> AllMethods() {
    std::vector<std::string> methods;
    for (const std::string& name : ServedServices()) {
      const google::protobuf::ServiceDescriptor* service =
          google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
      EXPECT_NE(service, nullptr) << name;
      if (service == nullptr) continue;
      for (int i = 0; i < service->method_count(); ++i) {
        methods.push_back(absl::StrCat("/", name, "/", service->method(i)->name()));
      }
    }
    return methods;
  }

  absl::StatusOr<v1::QueryAuditLogResponse> QueryAudit(const v1::QueryAuditLogRequest& request) {
    auto stub = v1::AuditService::NewStub(channel());
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + TokenFor(OfRole(Role::kAuditor)));
    context.AddMetadata("x-torg-purpose", "granskning");
    v1::QueryAuditLogResponse response;
    const grpc::Status status = stub->QueryAuditLog(&context, request, &response);
    if (!status.ok())
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          status.error_message());
    return response;
  }

  TestCase case_;
  int walk_calls_ = 0;
};

TEST_F(AccessTest, EveryMethodHasExactlyOneRowAndEveryRowAMethod) {
  std::set<std::string> served;
  for (const std::string& method : AllMethods()) {
    served.insert(method);
    EXPECT_NE(access::FindMethodRule(method), nullptr) << method << " has no row";
    EXPECT_EQ(ExpectedCallers().count(method), 1u) << method << " is not in the test's policy";
  }
  for (const access::MethodRule& rule : access::AccessTable()) {
    EXPECT_EQ(served.count(std::string(rule.method)), 1u) << rule.method << " is not served";
  }
}

TEST_F(AccessTest, EveryRpcByEveryRoleIsAllowedOrDeniedAsThePolicySays) {
  for (Role role : auth::kAllRoles) {
    const std::string token = TokenFor(OfRole(role));
    const std::string role_name(auth::RoleName(role));
    for (const std::string& method : AllMethods()) {
      const grpc::Status status = CallGeneric(method, token);
      const auto expected = ExpectedCallers().find(method);
      ASSERT_NE(expected, ExpectedCallers().end()) << method;
      if (expected->second.count(role_name) > 0) {
        EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << role_name << " must be let into " << method << ": " << status.error_message();
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << role_name << " must be kept out of " << method << ": " << status.error_message();
      }
    }
  }
}

TEST_F(AccessTest, WithoutCredentialsEveryRpcIsUnauthenticatedButHealth) {
  for (const std::string& method : AllMethods()) {
    EXPECT_EQ(CallGeneric(method, "").error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
  }
  auto health = grpc::health::v1::Health::NewStub(channel());
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&context, {}, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(AccessTest, BadTokensAreUnauthenticated) {
  Principal expired_for = OfRole(Role::kCoordinator);
  const std::string expired =
      server().token_minter().Mint(expired_for, Now() - absl::Hours(3), absl::Hours(1)).value();
  const auth::TokenMinter stranger("torgd-local", "torg", std::string(32, 'x'));
  const std::string forged = stranger.Mint(expired_for, Now(), absl::Hours(1)).value();
  for (const std::string& token : {std::string("not-a-token"), expired, forged}) {
    const grpc::Status status = CallGeneric("/torg.v1.CaseFileService/GetCase", token);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  }
}

TEST_F(AccessTest, APrincipalOfAnotherForbundIsDeniedByEveryRpc) {
  Principal outsider;
  outsider.user_id = "gavle-admin";
  outsider.forbund_id = "gavleborg";
  outsider.roles.assign(std::begin(auth::kAllRoles), std::end(auth::kAllRoles));
  outsider.platform_ids = {"ungdomstorget", "vuxentorget"};
  outsider.party_id = "af";
  const std::string token = TokenFor(outsider);
  for (const std::string& method : AllMethods()) {
    EXPECT_EQ(CallGeneric(method, token).error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << method;
  }
}

TEST_F(AccessTest, ADeniedReadSaysTheSameWhetherTheCaseExistsOrNot) {
  set_token(TokenFor(Coordinator({"lokalt-vannas"}, "koordinator-vannas")));
  v1::GetCaseRequest existing;
  existing.set_case_id(case_.case_id);
  v1::GetCaseRequest missing;
  missing.set_case_id("ZZZZZZZZZZZZ");
  const absl::Status denied = GetCase(existing).status();
  const absl::Status absent = GetCase(missing).status();
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(absent.code(), absl::StatusCode::kPermissionDenied);
  std::string denied_text(denied.message());
  denied_text.replace(denied_text.find(case_.case_id), case_.case_id.size(), "ZZZZZZZZZZZZ");
  EXPECT_EQ(denied_text, absent.message());
}

TEST_F(AccessTest, TheReceivingCoordinatorSeesTheHandoverButNotOtherCases) {
  set_token(TokenFor(Coordinator({"vuxentorget"}, "koordinator-vux")));
  v1::GetCaseRequest request;
  request.set_case_id(case_.case_id);
  EXPECT_OK(GetCase(request).status());
  v1::ListHandoversRequest inbox;
  inbox.set_direction(v1::HANDOVER_DIRECTION_INCOMING);
  inbox.set_platform_id("vuxentorget");
  ASSERT_OK_AND_ASSIGN(v1::ListHandoversResponse listed, ListHandovers(inbox));
  ASSERT_EQ(listed.handovers_size(), 1);
  // Ungdomstorget's list shows the case only to its own coordinators.
  v1::ListCasesRequest youth;
  youth.set_platform_id("ungdomstorget");
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse cases, ListCases(youth));
  for (const v1::CaseSummary& summary : cases.cases()) {
    EXPECT_EQ(summary.case_id(), case_.case_id) << "only the handed-over case may show";
  }
}

TEST_F(AccessTest, WithdrawnConsentHidesTheCaseFromThePartyAtOnce) {
  // The fixture's consent covers af; find its id.
  ASSERT_OK_AND_ASSIGN(std::string extra_consent,
                       GiveConsent(case_.participant_id, {"region-vasterbotten"}));
  (void)extra_consent;
  v1::GetParticipantRequest participant_request;
  participant_request.set_participant_id(case_.participant_id);
  ASSERT_OK_AND_ASSIGN(v1::GetParticipantResponse participant, GetParticipant(participant_request));

  set_token(TokenFor(OfRole(Role::kPartyOfficer)));
  v1::GetCaseRequest get;
  get.set_case_id(case_.case_id);
  EXPECT_OK(GetCase(get).status());
  v1::ListCasesRequest list;
  list.set_platform_id("ungdomstorget");
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse before, ListCases(list));
  EXPECT_EQ(before.cases_size(), 1);

  // The coordinator records the withdrawal of every consent covering af.
  set_token(TokenFor(Coordinator({"ungdomstorget", "vuxentorget"}, "koordinator-anna")));
  for (const v1::ConsentView& consent : participant.participant().consents()) {
    if (consent.withdrawn()) continue;
    v1::WithdrawConsentRequest withdraw;
    withdraw.set_request_id(NewRequestId());
    withdraw.set_participant_id(case_.participant_id);
    withdraw.set_consent_id(consent.consent_id());
    ASSERT_OK(WithdrawConsent(withdraw).status());
  }

  set_token(TokenFor(OfRole(Role::kPartyOfficer)));
  EXPECT_THAT(GetCase(get).status(), testing::StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_OK_AND_ASSIGN(v1::ListCasesResponse after, ListCases(list));
  EXPECT_THAT(after.cases(), IsEmpty());
}

TEST_F(AccessTest, ReadsAreAuditedWithWhoWhatWhenAndWhy) {
  set_token(TokenFor(OfRole(Role::kPartyOfficer)));
  set_purpose("uppf%C3%B6ljning%20av%20insats");
  v1::GetCaseRequest get;
  get.set_case_id(case_.case_id);
  ASSERT_OK(GetCase(get).status());
  // A read the officer may not do is recorded as denied.
  set_token(TokenFor(Coordinator({"lokalt-vannas"}, "koordinator-vannas")));
  EXPECT_FALSE(GetCase(get).ok());
  // No purpose, no read.
  set_purpose("");
  set_token(TokenFor(OfRole(Role::kPartyOfficer)));
  EXPECT_THAT(GetCase(get).status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("x-torg-purpose")));

  v1::QueryAuditLogRequest by_user;
  by_user.set_user_id("user-party_officer");
  ASSERT_OK_AND_ASSIGN(v1::QueryAuditLogResponse officer, QueryAudit(by_user));
  ASSERT_EQ(officer.entries_size(), 1);
  const v1::AuditRecord& read = officer.entries(0).record();
  EXPECT_EQ(read.method(), "/torg.v1.CaseFileService/GetCase");
  EXPECT_EQ(read.purpose(), "uppföljning av insats");
  EXPECT_EQ(read.outcome(), v1::AUDIT_OUTCOME_ALLOWED);
  EXPECT_THAT(read.roles(), ::testing::ElementsAre("party_officer"));
  EXPECT_EQ(read.party_id(), "af");
  EXPECT_THAT(read.case_ids(), ::testing::ElementsAre(case_.case_id));
  EXPECT_THAT(read.participant_ids(), ::testing::ElementsAre(case_.participant_id));

  v1::QueryAuditLogRequest by_participant;
  by_participant.set_participant_id(case_.participant_id);
  ASSERT_OK_AND_ASSIGN(v1::QueryAuditLogResponse about, QueryAudit(by_participant));
  bool saw_denial = false;
  for (const v1::AuditEntry& entry : about.entries()) {
    if (entry.record().user_id() == "koordinator-vannas") {
      saw_denial = entry.record().outcome() == v1::AUDIT_OUTCOME_DENIED;
    }
  }
  // The denied read named the case only; query it by case.
  v1::QueryAuditLogRequest by_case;
  by_case.set_case_id(case_.case_id);
  ASSERT_OK_AND_ASSIGN(v1::QueryAuditLogResponse on_case, QueryAudit(by_case));
  for (const v1::AuditEntry& entry : on_case.entries()) {
    if (entry.record().user_id() == "koordinator-vannas") {
      saw_denial = entry.record().outcome() == v1::AUDIT_OUTCOME_DENIED;
    }
  }
  EXPECT_TRUE(saw_denial);

  v1::QueryAuditLogRequest later;
  *later.mutable_from_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(Now()) + 3600);
  ASSERT_OK_AND_ASSIGN(v1::QueryAuditLogResponse none, QueryAudit(later));
  EXPECT_THAT(none.entries(), IsEmpty());
}

TEST_F(AccessTest, WhoAmIAndIssuedTokensCarryThePrincipal) {
  auto access = v1::AccessService::NewStub(channel());
  v1::IssueTokenRequest issue;
  issue.mutable_principal()->set_user_id("fk-handlaggare");
  issue.mutable_principal()->add_roles("party_officer");
  issue.mutable_principal()->set_party_id("fk");
  v1::IssueTokenResponse issued;
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + TokenFor(OfRole(Role::kAdmin)));
    ASSERT_TRUE(access->IssueToken(&context, issue, &issued).ok());
  }
  v1::WhoAmIResponse me;
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + issued.token());
  ASSERT_TRUE(access->WhoAmI(&context, {}, &me).ok());
  EXPECT_EQ(me.principal().user_id(), "fk-handlaggare");
  EXPECT_EQ(me.principal().party_id(), "fk");
  EXPECT_EQ(me.principal().forbund_id(), "umearegionen");
  EXPECT_THAT(me.principal().roles(), ::testing::ElementsAre("party_officer"));
  EXPECT_EQ(me.principal().authenticated_by(), "jwt:torgd-local");

  issue.mutable_principal()->set_party_id("");
  grpc::ClientContext refused;
  refused.AddMetadata("authorization", "Bearer " + TokenFor(OfRole(Role::kAdmin)));
  EXPECT_EQ(access->IssueToken(&refused, issue, &issued).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace torg::access_test
