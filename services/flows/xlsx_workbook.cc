#include "services/flows/xlsx_workbook.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/base/const_init.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace torg::flows {

namespace {

// What every workbook's own temporary file is called, so that
// RemoveStaleXlsxFiles finds the ones a crashed process left and nothing else.
constexpr char kXlsxTempPrefix[] = "torg-xlsx-";

// workbook_close writes docProps/core.xml with gmtime(), which returns a
// pointer to one static struct tm shared by the whole process: two closes at
// once (two FlowService calls on two gRPC threads) could each print the
// other's date. Its scratch files come from tmpfileplus, which reseeds and
// draws from the global rand(). So every workbook_close in the process, the
// finished ones and the discarded ones, holds this mutex. Constant-
// initialised, so it is usable from any static destructor too.
ABSL_CONST_INIT absl::Mutex xlsx_close_mutex(absl::kConstInit);

lxw_error CloseXlsxWorkbook(lxw_workbook* workbook) {
  absl::MutexLock lock(&xlsx_close_mutex);
  return workbook_close(workbook);
}

}  // namespace

absl::StatusOr<std::string> XlsxTempDirectory() {
  std::error_code error;
  const std::filesystem::path directory = std::filesystem::temp_directory_path(error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("no temporary directory for the workbook: ", error.message()));
  }
  return directory.string();
}

absl::Status RemoveStaleXlsxFiles(absl::Duration older_than) {
  if (older_than < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("older_than must not be negative");
  }
  absl::StatusOr<std::string> directory = XlsxTempDirectory();
  if (!directory.ok()) return directory.status();
  const absl::Time cutoff = absl::Now() - older_than;
  std::error_code error;
  std::filesystem::directory_iterator entries(*directory, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot list the temporary directory ", *directory, ": ", error.message()));
  }
  absl::Status result;
  for (; entries != std::filesystem::directory_iterator(); entries.increment(error)) {
    const std::filesystem::path& path = entries->path();
    if (!absl::StartsWith(path.filename().string(), kXlsxTempPrefix)) continue;
    // lstat, not stat: a symbolic link with our prefix is not ours to follow.
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0) continue;  // gone meanwhile
    if (!S_ISREG(info.st_mode)) continue;
    const absl::Time modified = absl::TimeFromTimespec(info.st_mtim);
    if (modified >= cutoff) continue;
    if (std::remove(path.c_str()) != 0 && errno != ENOENT && result.ok()) {
      result = absl::UnavailableError(absl::StrCat("cannot remove the stale workbook ",
                                                   path.string(), ": ", std::strerror(errno)));
    }
  }
  if (error && result.ok()) {
    result = absl::UnavailableError(
        absl::StrCat("cannot list the temporary directory ", *directory, ": ", error.message()));
  }
  return result;
}

absl::Status XlsxErrorStatus(lxw_error error, absl::string_view what) {
  const std::string message =
      absl::StrCat("libxlsxwriter failed ", what, ": ", lxw_strerror(error));
  switch (error) {
    case LXW_NO_ERROR:
      return absl::OkStatus();
    // The machine, not our layout: memory, or the temporary directory (full,
    // unwritable, gone). Temporary, so the caller may try again.
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
    case LXW_ERROR_CREATING_XLSX_FILE:
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
      return absl::UnavailableError(message);
    default:
      // A parameter libxlsxwriter refuses (a sheet name, a string too long, a
      // cell out of range, a zip it cannot make of what it was given): a
      // defect in the layout, which retrying cannot fix.
      return absl::InternalError(message);
  }
}

XlsxWorkbook::TempFile::~TempFile() {
  if (!path_.empty()) std::remove(path_.c_str());
}

void XlsxWorkbook::Closer::operator()(lxw_workbook* workbook) const {
  // Closing is the only way libxlsxwriter frees a workbook; the file it
  // writes is removed with the TempFile right after.
  if (workbook != nullptr) CloseXlsxWorkbook(workbook);
}

absl::StatusOr<XlsxWorkbook> XlsxWorkbook::Create(const Properties& properties) {
  absl::StatusOr<std::string> directory = XlsxTempDirectory();
  if (!directory.ok()) return directory.status();
  const std::string pattern = absl::StrCat(*directory, "/", kXlsxTempPrefix, "XXXXXX");
  std::vector<char> path(pattern.begin(), pattern.end());
  path.push_back('\0');
  // mkstemp makes the name unique and the file the owner's alone (0600);
  // libxlsxwriter then rewrites it in place when the workbook is closed.
  const int fd = mkstemp(path.data());
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot create a temporary file for the workbook in ", pattern, ": ",
                     std::strerror(errno)));
  }
  close(fd);
  TempFile file(path.data());
  // Without a tmpdir libxlsxwriter's tmpfileplus tries $TMPDIR, then /tmp,
  // then "." (the server's working directory). Constant memory off: the
  // sheets are small and are written out of row order; with it on every
  // sheet would also hold a scratch file open from here to the close.
  std::vector<char> tmpdir(directory->begin(), directory->end());
  tmpdir.push_back('\0');
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = tmpdir.data();  // copied by libxlsxwriter
  lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &options);
  if (workbook == nullptr) {
    // workbook_new_opt fails only when malloc does.
    return absl::UnavailableError("libxlsxwriter could not allocate a workbook");
  }
  XlsxWorkbook result(std::move(file), workbook);
  // libxlsxwriter copies the strings; the std::strings outlive the call.
  std::string title = properties.title;
  std::string author = properties.author;
  std::string company = properties.company;
  lxw_doc_properties doc = {};
  doc.title = title.data();
  doc.author = author.data();
  doc.company = company.data();
  doc.created = absl::ToTimeT(properties.created);
  result.Check(workbook_set_properties(workbook, &doc), "setting the document properties");
  if (!result.ok()) return std::move(result).Finish().status();
  return result;
}

lxw_worksheet* XlsxWorkbook::AddWorksheet(const std::string& name) {
  lxw_worksheet* sheet = workbook_add_worksheet(workbook_.get(), name.c_str());
  if (sheet == nullptr && status_.ok()) {
    // Name checks fail far more often than its malloc; the name says which.
    status_ =
        absl::InternalError(absl::StrCat("libxlsxwriter refused the sheet name \"", name, "\""));
  }
  return sheet;
}

lxw_format* XlsxWorkbook::AddFormat() {
  lxw_format* format = workbook_add_format(workbook_.get());
  if (format == nullptr) Check(LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a cell format");
  return format;
}

void XlsxWorkbook::Check(lxw_error error, absl::string_view what) {
  if (error == LXW_NO_ERROR || !status_.ok()) return;
  status_ = XlsxErrorStatus(error, what);
}

absl::StatusOr<std::string> XlsxWorkbook::Finish() && {
  // Closing writes the file and frees the workbook, whatever it returns.
  const lxw_error closed = CloseXlsxWorkbook(workbook_.release());
  if (!status_.ok()) return status_;
  if (closed != LXW_NO_ERROR) return XlsxErrorStatus(closed, "writing the workbook");
  std::ifstream in(file_.path(), std::ios::binary);
  if (!in.is_open()) {
    return absl::UnavailableError(absl::StrCat("cannot open the written workbook ", file_.path()));
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    return absl::UnavailableError(
        absl::StrCat("cannot read back the workbook from ", file_.path()));
  }
  return bytes;
}

}  // namespace torg::flows
