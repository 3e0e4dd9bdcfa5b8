#!/usr/bin/env bash
# The main job: builds the prunekit CLI (Release, portable, no test suite) and runs the default
# experiment on bundled data: decision trees and a small network on three datasets, 5-fold
# cross-validation, every method compared with the unpruned model. Ends with the summary table
# and the report's path. The CLI is then build/release/apps/prunekit.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
scripts/build.sh release prunekit_cli >&2
jobs=$(nproc)
[ "$jobs" -gt 2 ] && jobs=2
# --force: the main job starts over each time (a previous run's folder is replaced).
build/release/apps/prunekit run configs/quickstart.json --jobs "$jobs" --force "$@"
