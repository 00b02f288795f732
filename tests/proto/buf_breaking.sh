#!/usr/bin/env bash
# ctest proto_buf_breaking: `buf breaking` of proto/ against the protos of the previous
# commit, with the rules of proto/buf.yaml (FILE: wire-, JSON- and source-compatible).
#   - Working tree protos (proto/**/*.proto, proto/buf.yaml) equal HEAD's: compare with
#     HEAD~1, i.e. check the last commit.
#   - Working tree protos differ from HEAD: compare with HEAD, i.e. check the pending change.
# Exits 77 (ctest SKIP_RETURN_CODE) only when there is nothing to compare with: no git
# history, no such commit, or that commit has no proto/ directory. Fails, never skips,
# when buf is not installed.
# Usage: buf_breaking.sh <repo root> <scratch dir>
set -euo pipefail
ROOT="$1"
SCRATCH="$2"
SKIP=77
BUF="$ROOT/proto/node_modules/.bin/buf"
if [[ ! -x "$BUF" ]]; then
  echo "FAIL: buf is not installed ($BUF is missing)." >&2
  echo "Install it with: bash deploy/local/install-deps.sh   (or: cd proto && npm ci)" >&2
  exit 1
fi
command -v git >/dev/null 2>&1 || { echo "FAIL: git is not installed" >&2; exit 1; }

cd "$ROOT"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "SKIPPED: $ROOT is not a git work tree, so there is no previous commit to compare with."
  exit $SKIP
fi
if ! git rev-parse --verify --quiet HEAD >/dev/null; then
  echo "SKIPPED: no commit yet, so there is no previous proto/ to compare with."
  exit $SKIP
fi

# Untracked files count as changes too; ignored ones (node_modules) do not.
changes="$(git status --porcelain --untracked-files=all -- 'proto/*.proto' proto/buf.yaml)"
if [[ -n "$changes" ]]; then
  ref=HEAD
  why="the working tree's protos differ from HEAD"
else
  ref=HEAD~1
  why="the working tree's protos equal HEAD"
fi
if ! sha="$(git rev-parse --verify --quiet "$ref^{commit}")"; then
  if [[ "$(git rev-parse --is-shallow-repository)" == true ]]; then
    echo "SKIPPED: $ref is not in this shallow clone; nothing to compare with."
  else
    echo "SKIPPED: $why and there is no $ref; nothing to compare with."
  fi
  exit $SKIP
fi
if ! git cat-file -e "$sha:proto" 2>/dev/null; then
  echo "SKIPPED: $ref ($sha) has no proto/ directory; nothing to compare with."
  exit $SKIP
fi

# The old protos, from git's object store into a scratch directory: no network, no
# clone, works in any checkout.
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
git archive --format=tar "$sha" proto | tar -x -C "$SCRATCH"
# Only the .proto files of the old tree matter; drop its buf.yaml so an older config
# (e.g. one with different excludes) cannot change what is compared.
rm -f "$SCRATCH/proto/buf.yaml" "$SCRATCH/proto/buf.lock"

echo "buf $("$BUF" --version) breaking: $why, so comparing with $ref ($(git log -1 --format='%h %s' "$sha"))"
cd "$ROOT/proto"
if "$BUF" breaking --error-format=text --against "$SCRATCH/proto"; then
  echo "buf breaking: no breaking changes against $ref"
else
  rc=$?
  echo "FAIL: buf breaking found changes above that break compatibility with $ref (exit $rc)." >&2
  echo "Fields and enum values are never renumbered, renamed or reused; add new ones instead." >&2
  exit 1
fi
