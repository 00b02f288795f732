#!/usr/bin/env bash
# Installs what Torg needs that is missing, and nothing else:
#   - the Debian packages in deploy/debian-packages.txt (checked one by one with
#     dpkg-query; `apt-get update` and `apt-get install` run only when one is missing;
#     sudo is used when not root);
#   - the pinned buf CLI from npm (`npm ci` in proto/, only when it is not already
#     installed at the version proto/package.json pins).
# Safe to run any number of times. Used by deploy/local/start.sh and tests/run-all.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PKG_LIST="$ROOT/deploy/debian-packages.txt"

say() { printf '[torg install] %s\n' "$*"; }
die() { printf '[torg install] ERROR: %s\n' "$*" >&2; exit 1; }

# --- Debian packages ---------------------------------------------------------
[[ -r "$PKG_LIST" ]] || die "missing $PKG_LIST"
mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$PKG_LIST" | grep -v '^$')

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == "installed" ]]
}

missing=()
for pkg in "${wanted[@]}"; do
  case "$pkg" in
    nodejs | npm)
      # A Node.js installed outside Debian's packages (NodeSource, nvm, ...) provides
      # node and npm without Debian's nodejs/npm packages; installing Debian's npm on
      # top of it would conflict. Use what is there.
      if command -v "${pkg/nodejs/node}" >/dev/null 2>&1; then continue; fi
      ;;
  esac
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} > 0)); then
  SUDO=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "not root and no sudo: install as root: apt-get install ${missing[*]}"
    SUDO=(sudo)
  fi
  say "installing missing Debian packages: ${missing[*]}"
  # A source that cannot be reached only warns here; the install below says clearly
  # if a package really cannot be had.
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
    say "warning: apt-get update failed; trying the install with the package lists there are"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  say "Debian packages: all ${#wanted[@]} present"
fi

# --- buf (npm) -----------------------------------------------------------------
command -v node >/dev/null 2>&1 || die "node not found after installing packages"
command -v npm >/dev/null 2>&1 || die "npm not found after installing packages"

cd "$ROOT/proto"
pinned="$(node -p "require('./package.json').devDependencies['@bufbuild/buf']")"
have=""
if [[ -x node_modules/.bin/buf ]]; then
  have="$(node_modules/.bin/buf --version 2>/dev/null || true)"
fi
if [[ "$have" == "$pinned" ]]; then
  say "buf $have present (proto/node_modules)"
else
  say "installing buf $pinned with npm ci (proto/node_modules)"
  npm ci --include=dev --no-audit --no-fund --loglevel=error
  have="$(node_modules/.bin/buf --version)"
  [[ "$have" == "$pinned" ]] || die "buf reports version '$have', expected $pinned"
  say "buf $have installed"
fi
