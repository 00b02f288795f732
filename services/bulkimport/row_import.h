#ifndef TORG_SERVICES_BULKIMPORT_ROW_IMPORT_H_
#define TORG_SERVICES_BULKIMPORT_ROW_IMPORT_H_

// Importing a förbund's existing participants and cases, a row at a time:
// the application side of ImportService (the gRPC adapter only calls this).
// A row is turned into the very steps a coordinator would record through
// the API — registration, consent, referral, acceptance, case owner,
// assessment, closure — each decided by the domain's own rules
// (services/casefile) on the state the previous one left, and the whole row
// is appended atomically or not at all. No gRPC here.

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "services/casefile/participant.h"
#include "services/casework/case_work.h"
#include "torg/v1/import_service.pb.h"

namespace torg::bulkimport {

// The most rows one request may carry. A row is atomic on its own, so the
// batch size only bounds the size and duration of a call.
inline constexpr int kMaxImportRowsPerRequest = 500;

// A participant as an imported row leaves them: what a later row of the
// same person is decided on.
struct PlannedParticipant {
  std::string participant_id;
  casefile::ParticipantState state;
  // Platforms where they have a case that is not final (referred or open).
  std::set<std::string> platforms_with_open_case;
};

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
  // What the request's earlier rows did, so that a dry run answers a row
  // as the real import would: their import keys (a row given twice), and
  // the people they would have registered.
  struct SeenInRequest {
    std::set<std::string> import_keys;
    // In a dry run, nothing is written: the people earlier rows would have
    // registered, by personnummer lookup hash, as those rows leave them.
    std::map<std::string, PlannedParticipant> planned;
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
