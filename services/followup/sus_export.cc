#include "services/followup/sus_export.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/casefile/case_state.h"
#include "services/casefile/personnummer.h"
#include "services/common/csv_line.h"
#include "services/common/status_macros.h"

namespace torg::followup {
namespace {

// The code `rules` gives `value` in the list `entries` of `list_name`, or
// FAILED_PRECONDITION naming what to configure.
template <class Entries, class ValueOf, class Enum>
absl::StatusOr<std::string> SusCodeOf(const Entries& entries, ValueOf value_of, Enum value,
                                      absl::string_view list_name, const std::string& value_name) {
  for (const auto& entry : entries) {
    if (value_of(entry) == value) return entry.code();
  }
  return absl::FailedPreconditionError(absl::StrCat("the förbund configuration's sus_export.",
                                                    list_name, " has no code for ", value_name,
                                                    ": add one before exporting"));
}

absl::StatusOr<std::string> GenderCode(const v1::SusExportRules& rules, v1::Gender gender) {
  return SusCodeOf(
      rules.genders(), [](const v1::SusGenderCode& entry) { return entry.gender(); }, gender,
      "genders", v1::Gender_Name(gender));
}

absl::StatusOr<std::string> EducationCode(const v1::SusExportRules& rules,
                                          v1::EducationLevel level) {
  return SusCodeOf(
      rules.education_levels(),
      [](const v1::SusEducationCode& entry) { return entry.education_level(); }, level,
      "education_levels", v1::EducationLevel_Name(level));
}

absl::StatusOr<std::string> TimeWithoutWorkCode(const v1::SusExportRules& rules,
                                                v1::TimeWithoutWork time) {
  return SusCodeOf(
      rules.times_without_work(),
      [](const v1::SusTimeWithoutWorkCode& entry) { return entry.time_without_work(); }, time,
      "times_without_work", v1::TimeWithoutWork_Name(time));
}

// The codes of `sources`, each once, in the order Torg lists the sources.
absl::StatusOr<std::string> IncomeCodes(const v1::SusExportRules& rules,
                                        const google::protobuf::RepeatedField<int>& sources) {
  std::vector<int> ordered(sources.begin(), sources.end());
  std::sort(ordered.begin(), ordered.end());
  ordered.erase(std::unique(ordered.begin(), ordered.end()), ordered.end());
  std::vector<std::string> codes;
  for (int source : ordered) {
    const auto income = static_cast<v1::IncomeSource>(source);
    TORG_ASSIGN_OR_RETURN(std::string code,
                          SusCodeOf(
                              rules.income_sources(),
                              [](const v1::SusIncomeCode& entry) { return entry.income_source(); },
                              income, "income_sources", v1::IncomeSource_Name(income)));
    codes.push_back(std::move(code));
  }
  return absl::StrJoin(codes, ",");
}

std::string OutcomeGroupText(v1::SusOutcomeGroup group) {
  switch (group) {
    case v1::SUS_OUTCOME_GROUP_EMPLOYMENT:
      return "förvärvsarbete";
    case v1::SUS_OUTCOME_GROUP_STUDIES:
      return "studier";
    case v1::SUS_OUTCOME_GROUP_ACTIVELY_SEEKING_WORK:
      return "aktivt arbetssökande";
    case v1::SUS_OUTCOME_GROUP_OTHER_ENDED:
      return "övriga avslutade";
    default:
      return "";
  }
}

absl::StatusOr<const v1::SusOutcomeCode*> OutcomeEntry(const v1::SusExportRules& rules,
                                                       v1::ClosureOutcome outcome) {
  for (const v1::SusOutcomeCode& entry : rules.outcomes()) {
    if (entry.outcome() == outcome) return &entry;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("the förbund configuration's sus_export.outcomes has no code for ",
                   v1::ClosureOutcome_Name(outcome), ": add one before exporting"));
}

// Whole years on `day` of the person with the 12-digit `personnummer`
// (a samordningsnummer's day is 60 higher); the age at referral when the
// number does not give a date.
int AgeAtStart(const std::string& personnummer, const v1::SusStayVersion& stay,
               absl::CivilDay start) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (personnummer.size() >= 8 &&
      absl::SimpleAtoi(absl::string_view(personnummer).substr(0, 4), &year) &&
      absl::SimpleAtoi(absl::string_view(personnummer).substr(4, 2), &month) &&
      absl::SimpleAtoi(absl::string_view(personnummer).substr(6, 2), &day)) {
    if (day > 60) day -= 60;
    const absl::CivilDay birth(year, month, day);
    if (birth.year() == year && birth.month() == month && birth.day() == day) {
      return casefile::AgeInYears(birth, start);
    }
  }
  return stay.age_at_referral();
}

v1::SusExcludedStay Excluded(const v1::SusStayVersion& stay, v1::SusExclusionReason reason,
                             std::string message) {
  v1::SusExcludedStay excluded;
  excluded.set_reason(reason);
  excluded.set_participant_id(stay.participant().participant_id());
  excluded.set_case_id(stay.case_id());
  excluded.set_stay_id(stay.stay_id());
  excluded.set_message(std::move(message));
  return excluded;
}

// Why the stay's participant cannot be exported with identity, if so.
std::optional<v1::SusExcludedStay> IdentityExclusion(const v1::SusStayVersion& stay) {
  const v1::SusParticipantFacts& facts = stay.participant();
  if (facts.identity_kind() == v1::IDENTITY_KIND_ANONYMOUS || facts.protected_identity()) {
    return Excluded(stay, v1::SUS_EXCLUSION_REASON_ANONYMOUS, "");
  }
  if (facts.erased()) {
    return Excluded(stay, v1::SUS_EXCLUSION_REASON_ERASED,
                    "the participant's personal data was erased: reported as a count only");
  }
  if (facts.sus_consent() == v1::SUS_CONSENT_STATE_WITHDRAWN) {
    return Excluded(stay, v1::SUS_EXCLUSION_REASON_SUS_CONSENT_WITHDRAWN,
                    "the consent to SUS registration was withdrawn: reported as a count only");
  }
  if (facts.sus_consent() != v1::SUS_CONSENT_STATE_GIVEN) {
    return Excluded(stay, v1::SUS_EXCLUSION_REASON_NO_SUS_CONSENT,
                    "no written consent to SUS registration (form 9443) is recorded: record one, "
                    "or the stay is reported as a count only");
  }
  return std::nullopt;
}

absl::StatusOr<SusRow> RowOf(const v1::SusStayVersion& stay, const std::string& personnummer,
                             bool ended_in_period, const v1::SusExportRules& rules) {
  const v1::SusParticipantFacts& facts = stay.participant();
  const absl::CivilDay start = *casefile::ToCivilDay(stay.start_date());
  SusRow row;
  row.stay_id = stay.stay_id();
  row.participant_id = facts.participant_id();
  row.case_id = stay.case_id();
  row.fields.push_back(personnummer);
  TORG_ASSIGN_OR_RETURN(std::string gender, GenderCode(rules, facts.gender()));
  row.fields.push_back(std::move(gender));
  row.fields.push_back(absl::StrCat(facts.birth_year()));
  row.fields.push_back(absl::StrCat(AgeAtStart(personnummer, stay, start)));
  row.fields.push_back(facts.kommun_code());
  TORG_ASSIGN_OR_RETURN(std::string education, EducationCode(rules, facts.education_level()));
  row.fields.push_back(std::move(education));
  TORG_ASSIGN_OR_RETURN(std::string income_before, IncomeCodes(rules, facts.income_at_start()));
  row.fields.push_back(std::move(income_before));
  TORG_ASSIGN_OR_RETURN(std::string time_without_work,
                        TimeWithoutWorkCode(rules, facts.time_without_work()));
  row.fields.push_back(std::move(time_without_work));
  row.fields.push_back(casefile::DateText(stay.start_date()));
  if (ended_in_period) {
    TORG_ASSIGN_OR_RETURN(const v1::SusOutcomeCode* outcome, OutcomeEntry(rules, stay.outcome()));
    row.fields.push_back(casefile::DateText(stay.end_date()));
    row.fields.push_back(outcome->code());
    row.fields.push_back(OutcomeGroupText(outcome->group()));
    TORG_ASSIGN_OR_RETURN(std::string income_after, IncomeCodes(rules, stay.income_at_end()));
    row.fields.push_back(std::move(income_after));
  } else {
    row.fields.insert(row.fields.end(), 4, "");
  }
  row.fields.push_back(stay.stay_id());
  return row;
}

}  // namespace

const std::vector<std::string>& SusColumns() {
  static const std::vector<std::string> columns = {"personnummer",
                                                   "kön",
                                                   "födelseår",
                                                   "ålder",
                                                   "kommun",
                                                   "utbildningsnivå",
                                                   "försörjning_före",
                                                   "tid_utan_arbete",
                                                   "startdatum",
                                                   "slutdatum",
                                                   "avslutsanledning",
                                                   "avslutsgrupp",
                                                   "försörjning_efter",
                                                   "torg_referens"};
  return columns;
}

absl::StatusOr<SusExportContent> BuildSusExport(const std::vector<v1::SusStayVersion>& stays,
                                                const SusPeriod& period,
                                                const v1::SusExportRules* rules,
                                                const PersonnummerOpener& open_personnummer) {
  if (rules == nullptr) {
    return absl::FailedPreconditionError(
        "the förbund configuration has no sus_export: configure the national codes before "
        "exporting (see deploy/config/umearegionen.textproto)");
  }
  SusExportContent content;
  std::map<std::pair<int32_t, int>, uint32_t> anonymous;
  std::vector<std::pair<absl::CivilDay, SusRow>> dated_rows;
  for (const v1::SusStayVersion& stay : stays) {
    const std::optional<absl::CivilDay> start = casefile::ToCivilDay(stay.start_date());
    if (!start.has_value() || *start > period.last_day) continue;
    const std::optional<absl::CivilDay> end = stay.end() == v1::SUS_STAY_END_UNSPECIFIED
                                                  ? std::nullopt
                                                  : casefile::ToCivilDay(stay.end_date());
    if (end.has_value() && *end < period.first_day) continue;
    const bool ended_in_period = end.has_value() && *end <= period.last_day;

    std::optional<v1::SusExcludedStay> excluded = IdentityExclusion(stay);
    std::optional<std::string> personnummer;
    if (!excluded.has_value()) {
      TORG_ASSIGN_OR_RETURN(personnummer, open_personnummer(stay));
      if (!personnummer.has_value() || personnummer->empty()) {
        excluded = Excluded(stay, v1::SUS_EXCLUSION_REASON_ERASED,
                            "the participant's identity can no longer be opened (erased): "
                            "reported as a count only");
      }
    }
    if (excluded.has_value()) {
      anonymous[{static_cast<int32_t>(start->year()), stay.participant().gender()}] += 1;
      // Anonymous and protected participants are never named, not even by id.
      if (excluded->reason() != v1::SUS_EXCLUSION_REASON_ANONYMOUS) {
        *content.validation.add_excluded() = *std::move(excluded);
      }
      continue;
    }
    if (ended_in_period && stay.end() == v1::SUS_STAY_END_MOVED_OUT) {
      *content.validation.add_excluded() =
          Excluded(stay, v1::SUS_EXCLUSION_REASON_MISSING_END_VARIABLES,
                   absl::StrCat("the stay ended on ", casefile::DateText(stay.end_date()),
                                " with a move to another platform, which records no outcome or "
                                "livelihood: enter its utregistrering by hand"));
      continue;
    }
    TORG_ASSIGN_OR_RETURN(SusRow row, RowOf(stay, *personnummer, ended_in_period, *rules));
    dated_rows.emplace_back(*start, std::move(row));
  }
  std::sort(dated_rows.begin(), dated_rows.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.stay_id) < std::tie(b.first, b.second.stay_id);
  });
  for (auto& [start, row] : dated_rows) content.rows.push_back(std::move(row));
  std::sort(content.validation.mutable_excluded()->begin(),
            content.validation.mutable_excluded()->end(),
            [](const v1::SusExcludedStay& a, const v1::SusExcludedStay& b) {
              return a.stay_id() < b.stay_id();
            });
  for (const auto& [key, count] : anonymous) {
    v1::SusAnonymousCount* cell = content.validation.add_anonymous_counts();
    cell->set_registration_year(key.first);
    cell->set_gender(static_cast<v1::Gender>(key.second));
    cell->set_count(count);
  }
  return content;
}

std::string RenderSusCsv(const std::vector<SusRow>& rows) {
  std::string csv = absl::StrCat(common::CsvLine(SusColumns()), "\r\n");
  for (const SusRow& row : rows) absl::StrAppend(&csv, common::CsvLine(row.fields), "\r\n");
  return csv;
}

std::vector<v1::SusRowChange> DiffSusRows(const std::vector<SusRow>& old_rows,
                                          const std::vector<SusRow>& new_rows) {
  std::map<std::string, const SusRow*> old_by_stay;
  std::map<std::string, const SusRow*> new_by_stay;
  for (const SusRow& row : old_rows) old_by_stay[row.stay_id] = &row;
  for (const SusRow& row : new_rows) new_by_stay[row.stay_id] = &row;
  std::map<std::string, v1::SusRowChange> changes;
  for (const auto& [stay_id, old_row] : old_by_stay) {
    auto found = new_by_stay.find(stay_id);
    if (found != new_by_stay.end() && found->second->fields == old_row->fields) continue;
    v1::SusRowChange& change = changes[stay_id];
    change.set_torg_reference(stay_id);
    change.set_old_row(common::CsvLine(old_row->fields));
    if (found == new_by_stay.end()) {
      change.set_kind(v1::SUS_ROW_CHANGE_KIND_WITHDRAWN);
    } else {
      change.set_kind(v1::SUS_ROW_CHANGE_KIND_CHANGED);
      change.set_new_row(common::CsvLine(found->second->fields));
    }
  }
  for (const auto& [stay_id, new_row] : new_by_stay) {
    if (old_by_stay.count(stay_id) > 0) continue;
    v1::SusRowChange& change = changes[stay_id];
    change.set_kind(v1::SUS_ROW_CHANGE_KIND_ADDED);
    change.set_torg_reference(stay_id);
    change.set_new_row(common::CsvLine(new_row->fields));
  }
  std::vector<v1::SusRowChange> ordered;
  for (auto& [stay_id, change] : changes) ordered.push_back(std::move(change));
  return ordered;
}

std::string RenderSusCorrectionCsv(const std::vector<v1::SusRowChange>& changes) {
  std::vector<std::string> header = {"ändring"};
  header.insert(header.end(), SusColumns().begin(), SusColumns().end());
  std::string csv = absl::StrCat(common::CsvLine(header), "\r\n");
  for (const v1::SusRowChange& change : changes) {
    switch (change.kind()) {
      case v1::SUS_ROW_CHANGE_KIND_ADDED:
        absl::StrAppend(&csv, "ny;", change.new_row(), "\r\n");
        break;
      case v1::SUS_ROW_CHANGE_KIND_CHANGED:
        absl::StrAppend(&csv, "ändrad;", change.new_row(), "\r\n");
        break;
      case v1::SUS_ROW_CHANGE_KIND_WITHDRAWN:
        absl::StrAppend(&csv, "återkallad;", change.old_row(), "\r\n");
        break;
      default:
        break;
    }
  }
  return csv;
}

}  // namespace torg::followup
