#!/usr/bin/env bash
# Installs everything (build dependencies and the real peer clients), builds, and runs
# the whole test suite: unit, integration, interop and ui (offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --peers
ctest --preset default -j2 --output-on-failure "$@"
