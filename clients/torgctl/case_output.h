#ifndef TORG_CLIENTS_TORGCTL_CASE_OUTPUT_H_
#define TORG_CLIENTS_TORGCTL_CASE_OUTPUT_H_

// How torgctl's tables show cases: a case's state, the steps a command
// recorded, a case's timeline, lists of cases. Enum values read as on the
// command line (EnumFlagName: "coordinating", "work-unsubsidised").

#include <string>

#include "google/protobuf/repeated_ptr_field.h"
#include "torg/v1/case_views.pb.h"

namespace torg::torgctl {

// "anna (af)": the owner and their party; "" when unassigned.
std::string OwnerText(const torg::v1::CaseOwnerAssigned& owner);

// The kind of step in kebab case: "referral-submitted", "note-added".
std::string StepKindName(const torg::v1::CaseStep& step);

// The step's main content on one line, e.g. "af: Arbetsträning 4 veckor"
// for a commitment; free text keeps its words, line breaks become " / ".
std::string StepText(const torg::v1::CaseStep& step);

// Every field of a case worth showing, as a two-column table.
std::string RenderCaseSummary(const torg::v1::CaseSummary& summary);

// What a command did: the case's id, status, platform, owner and version,
// the request id, and the steps recorded (or that it was a replay).
std::string RenderCaseChange(const torg::v1::CaseChange& change, const std::string& request_id);

// Steps in order: version, date, who recorded it, kind and text.
std::string RenderTimeline(
    const google::protobuf::RepeatedPtrField<torg::v1::TimelineEntry>& steps);

// One row per case, then the next page token if there is one.
std::string RenderCaseList(const google::protobuf::RepeatedPtrField<torg::v1::CaseSummary>& cases,
                           const std::string& next_page_token);

// The end of a paged list: "No <noun>." when it was empty, and how to get
// the next page when there is one.
std::string RenderListEnd(int count, const std::string& noun, const std::string& next_page_token);

}  // namespace torg::torgctl

#endif  // TORG_CLIENTS_TORGCTL_CASE_OUTPUT_H_
