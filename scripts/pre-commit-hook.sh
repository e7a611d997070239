#!/usr/bin/env bash
# The `authlint` pre-commit hook (language: script, see .pre-commit-hooks.yaml).
# pre-commit keeps this repository's checkout in its cache: the first run builds
# authlint into build-pre-commit/ inside that checkout (grammar fetch + meson),
# later runs reuse it. Then it runs `authlint check` on the files pre-commit
# passes; authlint still resolves names against the whole project root.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build="$repo/build-pre-commit"
binary="$build/authlint"
deb_pkgs="gcc pkg-config meson ninja-build libtree-sitter-dev libjansson-dev python3 nodejs npm"

say() { echo "authlint pre-commit hook: $*" >&2; }

missing_tools() {
  local missing=()
  local tool
  for tool in cc pkg-config meson ninja python3; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if command -v pkg-config >/dev/null 2>&1; then
    pkg-config --exists tree-sitter || missing+=("tree-sitter (pkg-config)")
    pkg-config --exists jansson || missing+=("jansson (pkg-config)")
  fi
  # npm only fetches the grammar once; a checkout that has it needs no npm.
  if [ ! -f "$repo/grammars/tree-sitter-python/src/parser.c" ]; then
    command -v npm >/dev/null 2>&1 || missing+=("npm")
  fi
  echo "${missing[*]:-}"
}

build_authlint() {
  local missing
  missing=$(missing_tools)
  if [ -n "$missing" ]; then
    say "cannot build authlint: missing $missing."
    say "On Debian/Ubuntu: sudo apt-get install $deb_pkgs"
    say "Or install authlint on PATH and use the hook id authlint-system instead."
    exit 2
  fi
  say "building authlint once into $build (about half a minute)"
  bash "$repo/grammars/fetch.sh" >&2
  if [ ! -f "$build/build.ninja" ]; then
    rm -rf "$build"
    mkdir -p "$build"
    # No werror: a user's newer compiler may warn where ours does not.
    meson setup "$build" "$repo" -Dtests=false -Dwerror=false --buildtype=release >"$build/hook-build.log" 2>&1 ||
      { cat "$build/hook-build.log" >&2; say "meson setup failed (log above)"; exit 2; }
  fi
  meson compile -C "$build" >>"$build/hook-build.log" 2>&1 ||
    { cat "$build/hook-build.log" >&2; say "build failed (log above)"; exit 2; }
}

if [ ! -x "$binary" ] || [ ! -f "$build/.complete" ]; then
  # Two pre-commit runs sharing the cache must not build at the same time.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$repo/build-pre-commit.lock"
    flock 9
  fi
  if [ ! -x "$binary" ] || [ ! -f "$build/.complete" ]; then
    build_authlint
    touch "$build/.complete"
  fi
  exec 9>&-
fi

exec "$binary" check "$@"
