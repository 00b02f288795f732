#ifndef TORG_SERVICES_TORGD_GRPC_LOG_SINK_H_
#define TORG_SERVICES_TORGD_GRPC_LOG_SINK_H_

// gRPC writes its own diagnostics (e.g. why a port could not be bound) in
// its own format; torgd's stderr is logfmt only, so they are rewritten.

namespace torg::torgd {

// From now on, every line gRPC logs becomes one torg::log line with
// component=grpc and gRPC's source location. Process-wide; call it once,
// early in main.
void RouteGrpcLogsToTorgLog();

}  // namespace torg::torgd

#endif  // TORG_SERVICES_TORGD_GRPC_LOG_SINK_H_
