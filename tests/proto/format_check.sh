#!/usr/bin/env bash
# ctest format_check: every C++ source of the project (.h/.cc, tracked or not, minus
# whatever .gitignore ignores: build/, node_modules/, ...) must be formatted as
# .clang-format says. Lists the files that are not, and how to fix them.
# Usage: format_check.sh <repo root> <clang-format executable or empty>
set -euo pipefail
ROOT="$1"
CLANG_FORMAT="${2:-}"
if [[ -z "$CLANG_FORMAT" || "$CLANG_FORMAT" == *NOTFOUND* || ! -x "$CLANG_FORMAT" ]]; then
  CLANG_FORMAT="$(command -v clang-format || true)"
fi
if [[ -z "$CLANG_FORMAT" ]]; then
  echo "FAIL: clang-format is not installed. Install it with: bash deploy/local/install-deps.sh" >&2
  exit 1
fi
cd "$ROOT"
if ! err="$("$CLANG_FORMAT" --style=file --dump-config 2>&1 >/dev/null)"; then
  echo "FAIL: $ROOT/.clang-format is not usable by $CLANG_FORMAT: $err" >&2
  exit 1
fi

files=()
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  while IFS= read -r -d '' f; do
    [[ -f "$f" ]] && files+=("$f")
  done < <(git ls-files -z --cached --others --exclude-standard -- '*.h' '*.cc')
else
  while IFS= read -r -d '' f; do
    files+=("${f#./}")
  done < <(find . \( -name build -o -name 'build-*' -o -name node_modules -o -name .git \) -prune \
             -o -type f \( -name '*.h' -o -name '*.cc' \) -print0)
fi
if ((${#files[@]} == 0)); then
  echo "FAIL: found no .h/.cc files under $ROOT; the check would check nothing." >&2
  exit 1
fi

# One clang-format run over all files (xargs splits only if the list is huge); each
# unformatted place is reported as "FILE:LINE:COL: error: code should be clang-formatted".
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
rc=0
printf '%s\0' "${files[@]}" |
  xargs -0 "$CLANG_FORMAT" --style=file --dry-run --Werror >/dev/null 2>"$report" || rc=$?

echo "$("$CLANG_FORMAT" --version): checked ${#files[@]} files"
if ((rc != 0)); then
  mapfile -t bad < <(sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' \
                       "$report" | sort -u)
  if ((${#bad[@]} == 0)); then
    echo "FAIL: clang-format failed (exit $rc):" >&2
    head -n 40 "$report" >&2
    exit 1
  fi
  echo "FAIL: ${#bad[@]} file(s) are not formatted per .clang-format:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "Fix with: clang-format -i ${bad[*]}" >&2
  exit 1
fi
echo "format_check: all formatted"
