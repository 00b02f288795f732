#include "services/torgd/grpc_log_sink.h"

#include <grpc/support/log.h>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace torg::torgd {
namespace {

log::Level LevelOf(gpr_log_severity severity) {
  switch (severity) {
    case GPR_LOG_SEVERITY_DEBUG:
      return log::Level::kDebug;
    case GPR_LOG_SEVERITY_INFO:
      return log::Level::kInfo;
    case GPR_LOG_SEVERITY_ERROR:
      return log::Level::kError;
  }
  return log::Level::kError;
}

void WriteGrpcLine(gpr_log_func_args* args) {
  log::Write(LevelOf(args->severity), args->message,
             {{"component", "grpc"}, {"source", absl::StrCat(args->file, ":", args->line)}});
}

}  // namespace

void RouteGrpcLogsToTorgLog() { gpr_set_log_function(&WriteGrpcLine); }

}  // namespace torg::torgd
