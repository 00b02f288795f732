#include "services/access_service/access_service.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/status_macros.h"
#include "services/edge/gated_call.h"

namespace torg::access {
namespace {

constexpr absl::Duration kDefaultLifetime = absl::Hours(8);
constexpr absl::Duration kMinLifetime = absl::Minutes(1);
constexpr absl::Duration kMaxLifetime = absl::Hours(24 * 400);

template <class Items>
bool HasId(const Items& items, const std::string& id) {
  return std::any_of(items.begin(), items.end(), [&](const auto& item) { return item.id() == id; });
}

}  // namespace

v1::PrincipalView ViewOf(const auth::Principal& principal) {
  v1::PrincipalView view;
  view.set_user_id(principal.user_id);
  view.set_forbund_id(principal.forbund_id);
  view.set_party_id(principal.party_id);
  for (auth::Role role : principal.roles) view.add_roles(std::string(auth::RoleName(role)));
  for (const std::string& platform : principal.platform_ids) view.add_platform_ids(platform);
  view.set_authenticated_by(principal.authenticated_by);
  return view;
}

AccessService::AccessService(const edge::CallGate& gate, const auth::TokenMinter& minter,
                             const v1::ForbundConfig& config, std::function<absl::Time()> now)
    : gate_(gate), minter_(minter), config_(config), now_(std::move(now)) {}

grpc::ServerUnaryReactor* AccessService::WhoAmI(grpc::CallbackServerContext* context,
                                                const v1::WhoAmIRequest* request,
                                                v1::WhoAmIResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.AccessService/WhoAmI", *request, response,
                     [=](const edge::AdmittedCall& call) {
                       v1::WhoAmIResponse answer;
                       *answer.mutable_principal() = ViewOf(call.principal);
                       return absl::StatusOr<v1::WhoAmIResponse>(std::move(answer));
                     });
}

grpc::ServerUnaryReactor* AccessService::IssueToken(grpc::CallbackServerContext* context,
                                                    const v1::IssueTokenRequest* request,
                                                    v1::IssueTokenResponse* response) {
  return edge::Serve(context, gate_, "/torg.v1.AccessService/IssueToken", *request, response,
                     [=](const edge::AdmittedCall&) { return Issue(*request); });
}

absl::StatusOr<auth::Principal> AccessService::PrincipalOf(const v1::PrincipalView& view) const {
  auth::Principal principal;
  principal.user_id = view.user_id();
  if (principal.user_id.empty() || principal.user_id.size() > 200) {
    return absl::InvalidArgumentError("principal.user_id is required (at most 200 bytes)");
  }
  principal.forbund_id = view.forbund_id().empty() ? config_.id() : view.forbund_id();
  if (principal.forbund_id != config_.id()) {
    return absl::InvalidArgumentError(
        absl::StrCat("this server issues tokens for its own förbund \"", config_.id(), "\" only"));
  }
  if (view.roles().empty()) return absl::InvalidArgumentError("principal.roles needs a role");
  for (const std::string& name : view.roles()) {
    TORG_ASSIGN_OR_RETURN(auth::Role role, auth::ParseRole(name));
    principal.roles.push_back(role);
  }
  for (const std::string& platform : view.platform_ids()) {
    if (!HasId(config_.platforms(), platform)) {
      return absl::InvalidArgumentError(absl::StrCat("there is no platform \"", platform, "\""));
    }
    principal.platform_ids.push_back(platform);
  }
  if (!view.party_id().empty() && !HasId(config_.parties(), view.party_id())) {
    return absl::InvalidArgumentError(absl::StrCat("there is no party \"", view.party_id(), "\""));
  }
  principal.party_id = view.party_id();
  if (principal.HasRole(auth::Role::kPartyOfficer) && principal.party_id.empty()) {
    return absl::InvalidArgumentError("a party officer needs principal.party_id");
  }
  return principal;
}

absl::StatusOr<v1::IssueTokenResponse> AccessService::Issue(
    const v1::IssueTokenRequest& request) const {
  TORG_ASSIGN_OR_RETURN(auth::Principal principal, PrincipalOf(request.principal()));
  const absl::Duration lifetime = request.lifetime_seconds() == 0
                                      ? kDefaultLifetime
                                      : absl::Seconds(request.lifetime_seconds());
  if (lifetime < kMinLifetime || lifetime > kMaxLifetime) {
    return absl::InvalidArgumentError(
        "lifetime_seconds must be from 60 (a minute) to 34560000 (400 days); 0 means 8 hours");
  }
  const absl::Time now = now_();
  v1::IssueTokenResponse response;
  TORG_ASSIGN_OR_RETURN(*response.mutable_token(), minter_.Mint(principal, now, lifetime));
  *response.mutable_expires_at() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(now + lifetime));
  return response;
}

}  // namespace torg::access
