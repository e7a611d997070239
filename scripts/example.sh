#!/usr/bin/env bash
# Sets everything up, then runs authlint on the bundled example project.
# Exits like authlint: 1 because the example has violations to show.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "\$ authlint check examples/openedx-demo"
cd examples/openedx-demo
exec ../../build/authlint check --no-cache .
