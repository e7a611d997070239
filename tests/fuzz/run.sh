#!/usr/bin/env bash
# Fuzzes authlint with libFuzzer (see docs/reliability.md).
#
#   tests/fuzz/run.sh [SECONDS]     configure and build the fuzz build (clang,
#                                   ASan+UBSan), then run each of the four
#                                   targets for SECONDS/4 (default total 60 s)
#   tests/fuzz/run.sh --target EXE CORPUS SECONDS
#                                   run one built target over a copy of its
#                                   seed corpus (what `meson test --suite fuzz`
#                                   calls)
#
# Exits non-zero when any target crashes, leaks, times out on one input or
# runs out of memory; the reproducer is kept and its path printed.
# Environment: AUTHLINT_FUZZ_BUILD (build directory, default build-fuzz in the
# repository), AUTHLINT_FUZZ_ARGS (extra libFuzzer flags, e.g. -jobs=2).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"

run_target() {
  local exe="$1" corpus="$2" seconds="$3"
  local name work dict=()
  name="$(basename "$exe")"
  work="$(mktemp -d "${TMPDIR:-/tmp}/authlint-${name}-XXXXXX")"
  mkdir -p "$work/corpus" "$work/artifacts"
  # libFuzzer adds new inputs to the first corpus directory: use a copy so the
  # checked-in seeds stay small and unchanged.
  cp -R "$corpus"/. "$work/corpus/"
  case "${name#fuzz_}" in
    extract|model) dict=("-dict=$here/python.dict") ;;
    config) dict=("-dict=$here/config.dict") ;;
    directive) dict=("-dict=$here/directive.dict") ;;
  esac
  echo "== $name: ${seconds}s over $(ls "$work/corpus" | wc -l) seeds"
  local rc=0
  # detect_leaks: the targets free everything, so a leak is a bug.
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}" \
    "$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=25 -max_len=20000 \
      -print_final_stats=1 -artifact_prefix="$work/artifacts/" "${dict[@]}" \
      ${AUTHLINT_FUZZ_ARGS:-} "$work/corpus" >"$work/log" 2>&1 || rc=$?
  grep -E '^Done [0-9]+ runs|^#[0-9]+ +(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss_mb' "$work/log" || true
  if [ $rc -ne 0 ] || [ -n "$(ls -A "$work/artifacts")" ]; then
    tail -n 60 "$work/log"
    echo "FAIL $name (exit $rc); reproducers in $work/artifacts:" >&2
    ls -l "$work/artifacts" >&2
    return 1
  fi
  rm -rf "$work"
  echo "ok $name"
}

if [ "${1:-}" = "--target" ]; then
  [ $# -eq 4 ] || { echo "usage: $0 --target EXE CORPUS SECONDS" >&2; exit 2; }
  run_target "$2" "$3" "$4"
  exit
fi

total="${1:-60}"
case "$total" in ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac
each=$(( total / 4 ))
[ "$each" -ge 1 ] || each=1
cd "$here/../.."
build="${AUTHLINT_FUZZ_BUILD:-build-fuzz}"
if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" -Dtests=true -Dfuzz=true \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
meson compile -C "$build" tests/fuzz/fuzz_extract tests/fuzz/fuzz_model \
  tests/fuzz/fuzz_config tests/fuzz/fuzz_directive >/dev/null
failed=0
for t in extract model config directive; do
  run_target "$build/tests/fuzz/fuzz_$t" "$here/corpus/$t" "$each" || failed=1
done
[ $failed -eq 0 ] && echo "run.sh: no crash in 4 targets (${each}s each)"
exit $failed
