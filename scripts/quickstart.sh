#!/usr/bin/env bash
# The main job: builds prunekit (Release) and runs the default experiment on bundled data.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
scripts/build.sh release >&2
prunekit=build/release/apps/prunekit
# Until the experiment runner lands, the main job describes every bundled dataset.
"$prunekit" datasets
for name in $("$prunekit" datasets | awk 'NR>3 {print $1}'); do
  echo
  echo "=================== $name"
  "$prunekit" inspect "$name"
done
