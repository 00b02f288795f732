#include "services/edge/unary_call.h"

#include <algorithm>

namespace torg::edge {

std::string CallingUser(const grpc::CallbackServerContext& context) {
  constexpr size_t kMaxUserLength = 200;
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(kUserMetadataKey);
  if (found == metadata.end() || found->second.empty()) return "unidentified";
  return std::string(found->second.data(), std::min(found->second.size(), kMaxUserLength));
}

}  // namespace torg::edge
