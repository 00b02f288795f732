#ifndef TORG_SERVICES_BULKIMPORT_ROW_IMPORT_H_
#define TORG_SERVICES_BULKIMPORT_ROW_IMPORT_H_

// Importing a förbund's existing participants and cases, a row at a time:
// the application side of ImportService (the gRPC adapter only calls this).
// A row is turned into the very steps a coordinator would record through
// the API — registration, consent, referral, acceptance, case owner,
// assessment, closure — each decided by the domain's own rules
// (services/casefile) on the state the previous one left, and the whole row
// is appended atomically or not at all. No gRPC here.

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "services/casework/case_work.h"
#include "torg/v1/import_service.pb.h"

namespace torg::bulkimport {

// The most rows one request may carry. A row is atomic on its own, so the
// batch size only bounds the size and duration of a call.
inline constexpr int kMaxImportRowsPerRequest = 500;

class RowImporter {
 public:
  // `work` must outlive this object.
  explicit RowImporter(const casework::CaseWork& work);

  // See ImportService.ImportCases in import_service.proto. Rule refusals are
  // answered per row; an error of the call itself is INVALID_ARGUMENT for a
  // malformed request, or the store's error (UNAVAILABLE, DATA_LOSS, ...)
  // that stopped the import: the rows before it are in, and a re-run
  // imports the rest without duplicating them.
  absl::StatusOr<v1::ImportCasesResponse> Import(const v1::ImportCasesRequest& request,
                                                 const std::string& user) const;

 private:
  // The import keys and personnummer lookup hashes of the request's earlier
  // rows: a dry run must refuse a second row for the same person just as
  // the real import's key store would.
  struct SeenInRequest {
    std::set<std::string> import_keys;
    std::set<std::string> lookup_hashes;
  };

  absl::StatusOr<v1::ImportRowResult> ImportOne(const v1::ImportRow& row, bool dry_run,
                                                const std::string& user, SeenInRequest& seen) const;

  const casework::CaseWork& work_;
};

// The idempotency key of a row: a keyed digest of its identity ("pnr:" and
// the normalised number, or "ref:" and the förbund's reference), platform
// and referral date, so that the key, which the store keeps, says nothing
// about the person. Exposed for tests.
std::string ImportKeyOf(const sealing::LookupHasher& hasher, const std::string& identity,
                        const std::string& platform_id, const v1::Date& referral_date);

}  // namespace torg::bulkimport

#endif  // TORG_SERVICES_BULKIMPORT_ROW_IMPORT_H_
