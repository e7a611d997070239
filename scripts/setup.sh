#!/usr/bin/env bash
# Sets up a fresh Debian machine to build authlint (and, with --test, to run
# every test): installs what is missing from Debian's packages, fetches the
# pinned grammar, configures and builds build/ (and build-asan/ with --test).
# Safe to run again: it only does what is not done yet.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

build_pkgs=(gcc pkg-config meson ninja-build libtree-sitter-dev libjansson-dev libcmocka-dev
            python3 nodejs npm ca-certificates git)
test_pkgs=(python3-djangorestframework pre-commit chromium valgrind clang libclang-rt-14-dev)

pkgs=("${build_pkgs[@]}")
[ $want_tests = 1 ] && pkgs+=("${test_pkgs[@]}")
missing=()
for p in "${pkgs[@]}"; do
  # node and npm may come from elsewhere than Debian's packages: a working
  # command is enough.
  case "$p" in nodejs|npm) command -v "${p%js}" >/dev/null 2>&1 && continue ;; esac
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" != 0 ] && sudo="sudo"
  apt="$sudo apt-get -o DPkg::Lock::Timeout=600 -qq"
  $apt update
  DEBIAN_FRONTEND=noninteractive $apt install -y --no-install-recommends "${missing[@]}" >/dev/null
fi

bash grammars/fetch.sh

if [ ! -f build/build.ninja ]; then
  meson setup build -Dtests=true >/dev/null
fi
meson compile -C build >/dev/null

if [ $want_tests = 1 ]; then
  if [ ! -f build-asan/build.ninja ]; then
    # clang: GCC 12 reports false -Wformat-truncation errors under UBSan.
    CC=clang meson setup build-asan -Dtests=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
  fi
  meson compile -C build-asan >/dev/null
  # The SARIF validator (npm package, pinned by tests/tools/package-lock.json).
  if [ -f tests/tools/package.json ] && [ ! -d tests/tools/node_modules ]; then
    (cd tests/tools && npm ci --silent --no-audit --no-fund >/dev/null)
  fi
fi
