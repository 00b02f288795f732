#include "services/auth/certificate_principal.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/auth/jwt_test_signer.h"
#include "tests/support/status_matchers.h"

namespace torg::auth {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::torg::auth::testing::SelfSignedCertificatePem;
using ::torg::auth::testing::TestKey;
using ::torg::testing::IsOkAndHolds;
using ::torg::testing::StatusIs;

class CertificatePrincipalTest : public ::testing::Test {
 protected:
  std::string Certificate(const std::vector<std::pair<std::string, std::string>>& subject) {
    return SelfSignedCertificatePem(key_, subject);
  }

  static CertificateMapping Mapping(const std::string& subject_id, const std::string& user_id,
                                    Role role) {
    CertificateMapping mapping;
    mapping.subject_id = subject_id;
    mapping.principal.user_id = user_id;
    mapping.principal.forbund_id = "umearegionen";
    mapping.principal.roles = {role};
    return mapping;
  }

  const TestKey key_ = TestKey::Ec("P-256");
};

TEST_F(CertificatePrincipalTest, TheSubjectIdIsTheSerialNumberElseTheCommonName) {
  EXPECT_THAT(CertificateSubjectId(Certificate({{"C", "SE"},
                                                {"O", "Region Västerbotten"},
                                                {"serialNumber", "SE2321000016-1003"},
                                                {"CN", "Anna Lindqvist"}})),
              IsOkAndHolds("SE2321000016-1003"));
  EXPECT_THAT(CertificateSubjectId(Certificate({{"O", "Umeå kommun"}, {"CN", "torg-export"}})),
              IsOkAndHolds("torg-export"));
}

TEST_F(CertificatePrincipalTest, RefusesSubjectsWithoutOrWithAmbiguousIds) {
  EXPECT_THAT(CertificateSubjectId(Certificate({{"O", "Umeå kommun"}})),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("has neither a serialNumber nor a CN")));
  EXPECT_THAT(
      CertificateSubjectId(Certificate({{"serialNumber", "SE1-1"}, {"serialNumber", "SE1-2"}})),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("more than one serialNumber")));
  EXPECT_THAT(
      CertificateSubjectId("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
      StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("cannot be parsed")));
  EXPECT_THAT(CertificateSubjectId(""), StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(CertificatePrincipalTest, MapsKnownSubjectsToTheirPrincipals) {
  CertificateMapping anna = Mapping("SE2321000016-1003", "anna.lindqvist", Role::kCoordinator);
  anna.principal.party_id = "region-vasterbotten";
  anna.principal.platform_ids = {"ungdomstorget"};
  anna.principal.authenticated_by = "ignored";
  ASSERT_OK_AND_ASSIGN(
      const CertificatePrincipals principals,
      CertificatePrincipals::Create({anna, Mapping("torg-export", "svc-export", Role::kExporter)}));
  EXPECT_EQ(principals.size(), 2u);

  ASSERT_OK_AND_ASSIGN(const Principal from_serial,
                       principals.PrincipalFor(Certificate(
                           {{"serialNumber", "SE2321000016-1003"}, {"CN", "Anna Lindqvist"}})));
  EXPECT_EQ(from_serial.user_id, "anna.lindqvist");
  EXPECT_EQ(from_serial.forbund_id, "umearegionen");
  EXPECT_EQ(from_serial.party_id, "region-vasterbotten");
  EXPECT_THAT(from_serial.roles, ElementsAre(Role::kCoordinator));
  EXPECT_THAT(from_serial.platform_ids, ElementsAre("ungdomstorget"));
  EXPECT_EQ(from_serial.authenticated_by, "certificate:SE2321000016-1003");

  ASSERT_OK_AND_ASSIGN(const Principal from_cn,
                       principals.PrincipalFor(Certificate({{"CN", "torg-export"}})));
  EXPECT_EQ(from_cn.user_id, "svc-export");
  EXPECT_EQ(from_cn.authenticated_by, "certificate:torg-export");

  // The CN is not consulted when a serialNumber is there, so a certificate
  // cannot borrow another user's id through its CN.
  EXPECT_THAT(principals.PrincipalFor(
                  Certificate({{"serialNumber", "SE2321000016-9999"}, {"CN", "torg-export"}})),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("the client certificate SE2321000016-9999 is not mapped to a "
                                 "user")));
}

TEST_F(CertificatePrincipalTest, RefusesAnUnmappedSubject) {
  ASSERT_OK_AND_ASSIGN(const CertificatePrincipals principals, CertificatePrincipals::Create({}));
  EXPECT_THAT(principals.PrincipalFor(Certificate({{"CN", "mallory"}})),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("the client certificate mallory is not mapped to a user")));
}

TEST_F(CertificatePrincipalTest, RefusesBadMappings) {
  EXPECT_THAT(CertificatePrincipals::Create(
                  {Mapping("a", "u1", Role::kAdmin), Mapping("a", "u2", Role::kAuditor)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("certificate user \"a\" is mapped more than once")));
  CertificateMapping no_roles = Mapping("b", "u", Role::kAdmin);
  no_roles.principal.roles.clear();
  EXPECT_THAT(CertificatePrincipals::Create({no_roles}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("has no role")));
  EXPECT_THAT(CertificatePrincipals::Create({Mapping("", "u", Role::kAdmin)}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no subject id")));
}

}  // namespace
}  // namespace torg::auth
