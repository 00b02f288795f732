#ifndef TORG_SERVICES_FLOWS_XLSX_WORKBOOK_H_
#define TORG_SERVICES_FLOWS_XLSX_WORKBOOK_H_

// A libxlsxwriter workbook with a lifetime: created on a temporary file of
// its own, closed exactly once (by Finish, or by the destructor, which
// discards it), the file removed either way, and libxlsxwriter's error codes
// turned into one absl::Status.
//
// libxlsxwriter 1.1.4 (Debian 12) writes only to a file: its in-memory output
// (lxw_workbook_options.output_buffer) came with 1.1.5. So the workbook goes
// to a fresh file "torg-xlsx-XXXXXX" in XlsxTempDirectory(), which Finish
// reads back. libxlsxwriter's own scratch files go to the same directory
// (never the server's working directory), and are unlinked as they are made.
//
// Thread safety: distinct workbooks may be used on distinct threads at once.
// Closing one calls libxlsxwriter's workbook_close, which uses the
// non-reentrant gmtime(); every close in the process is serialised on one
// mutex for that (see xlsx_workbook.cc). One workbook is not to be shared.
//
// Errors are sticky: the first failed call is kept and every later one is
// still made but ignored, so a renderer writes its cells without checking
// each one and asks Finish once. The raw lxw_* pointers it hands out belong
// to the workbook and live until it is closed.
//
// Status codes: UNAVAILABLE when the machine, not the layout, failed — no
// temporary directory, a file that cannot be created, written or read back,
// memory exhausted (a full or unwritable disk is temporary, so the caller
// may retry later); INTERNAL for anything else libxlsxwriter refuses (a sheet
// name, a string too long, a cell out of range: a defect in the layout).

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "xlsxwriter.h"

namespace torg::flows {

// The directory the workbooks' temporary files go to: std::filesystem's
// temp_directory_path, i.e. $TMPDIR (or $TMP, $TEMP, $TEMPDIR) when set,
// else /tmp. UNAVAILABLE when that is not an existing directory.
absl::StatusOr<std::string> XlsxTempDirectory();

// Removes the temporary files that workbooks left in XlsxTempDirectory() when
// a process died before it could remove them: the regular files (not
// symbolic links, not directories) whose names start with "torg-xlsx-" and
// that were last modified more than `older_than` ago. Other files, and fresh
// ones (a workbook being written right now by another server), are left
// alone; a file that disappears meanwhile is no error. Meant to be called
// once at server startup, with `older_than` well above the time one report
// takes (an hour, say). UNAVAILABLE when the directory cannot be listed or a
// stale file cannot be removed (it goes on with the others and reports the
// first failure); INVALID_ARGUMENT for a negative `older_than`.
absl::Status RemoveStaleXlsxFiles(absl::Duration older_than);

// libxlsxwriter's `error` as a status whose message names `what` was being
// done and lxw_strerror's text: UNAVAILABLE for the failures of the machine
// (LXW_ERROR_MEMORY_MALLOC_FAILED, LXW_ERROR_CREATING_XLSX_FILE,
// LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_READING_TMPFILE,
// LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_FILE_ADD, LXW_ERROR_ZIP_CLOSE),
// INTERNAL for every other error; OK for LXW_NO_ERROR.
absl::Status XlsxErrorStatus(lxw_error error, absl::string_view what);

class XlsxWorkbook {
 public:
  // What docProps/core.xml and app.xml say about the workbook.
  struct Properties {
    std::string title;
    std::string author;
    std::string company;
    // Without a set time libxlsxwriter stamps the current time, and the same
    // report would never give the same bytes.
    absl::Time created;
  };

  // A new, empty workbook with `properties`. UNAVAILABLE when there is no
  // temporary directory, no temporary file can be made in it, or
  // libxlsxwriter cannot allocate the workbook; INTERNAL when it refuses the
  // properties.
  static absl::StatusOr<XlsxWorkbook> Create(const Properties& properties);

  // Moving is member-wise: the moved-from workbook holds no file and no
  // workbook, and its destructor does nothing.
  XlsxWorkbook(XlsxWorkbook&&) noexcept = default;
  // Deleted, not defaulted: member-wise assignment would assign file_ first,
  // removing this workbook's file, and then workbook_, whose Closer writes the
  // old workbook to that path again, so the file would be left behind. No
  // caller needs to reassign a workbook.
  XlsxWorkbook& operator=(XlsxWorkbook&&) = delete;
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;
  ~XlsxWorkbook() = default;

  // A new sheet named `name` (at most 31 characters, none of []:*?/\, not
  // used before); nullptr, and an INTERNAL error kept, when libxlsxwriter
  // refuses it.
  lxw_worksheet* AddWorksheet(const std::string& name);
  // A new cell format, owned by the workbook; nullptr, and an UNAVAILABLE
  // error kept, when memory runs out.
  lxw_format* AddFormat();
  // Keeps XlsxErrorStatus(error, what) unless an earlier error is kept.
  void Check(lxw_error error, absl::string_view what);
  // Whether no error is kept yet.
  bool ok() const { return status_.ok(); }

  // Closes the workbook and returns the .xlsx file's bytes; the first kept
  // error instead if there was one, else UNAVAILABLE or INTERNAL as
  // XlsxErrorStatus maps what workbook_close returned, or UNAVAILABLE when
  // the file cannot be read back. The file is removed in every case.
  absl::StatusOr<std::string> Finish() &&;

 private:
  // Removes the file at the path it holds when destroyed.
  class TempFile {
   public:
    explicit TempFile(std::string path) : path_(std::move(path)) {}
    TempFile(TempFile&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
    TempFile& operator=(TempFile&&) = delete;
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile();
    const std::string& path() const { return path_; }

   private:
    std::string path_;
  };

  // Closes (and so writes and frees) a workbook that was never finished.
  struct Closer {
    void operator()(lxw_workbook* workbook) const;
  };

  XlsxWorkbook(TempFile file, lxw_workbook* workbook)
      : file_(std::move(file)), workbook_(workbook) {}

  // Declared before workbook_ so that it is destroyed after it: the
  // workbook is closed onto the file before the file is removed.
  TempFile file_;
  std::unique_ptr<lxw_workbook, Closer> workbook_;
  absl::Status status_;
};

}  // namespace torg::flows

#endif  // TORG_SERVICES_FLOWS_XLSX_WORKBOOK_H_
