#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite: once on the normal
# build, once under AddressSanitizer + UndefinedBehaviorSanitizer, then a
# short fuzz run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
meson test -C build --print-errorlogs
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  meson test -C build-asan --print-errorlogs
# A short libFuzzer run (15 s per target, ASan+UBSan); longer runs: docs/reliability.md.
bash tests/fuzz/run.sh 60
echo "test.sh: all suites passed (normal and sanitizer builds, 60 s of fuzzing)"
