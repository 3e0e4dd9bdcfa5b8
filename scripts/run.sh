#!/usr/bin/env bash
# Runs any experiment config the way scripts/quickstart.sh runs the main one: builds the CLI
# (Release, portable), installs the Debian packages its datasets come from (fashion_mnist:
# dataset-fashion-mnist), then `prunekit run CONFIG --jobs 2 [more arguments]`.
# Usage: scripts/run.sh configs/lenet5_fashion.json [--resume | --force | --out DIR ...]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: scripts/run.sh CONFIG [prunekit run arguments]" >&2; exit 2; }
config=$1
shift
[ -f "$config" ] || { echo "scripts/run.sh: $config: no such file" >&2; exit 2; }

extra=()
grep -q '"fashion_mnist"' "$config" && extra+=(dataset-fashion-mnist)
scripts/deps.sh "${extra[@]}"
scripts/build.sh release prunekit_cli >&2
jobs=$(nproc)
[ "$jobs" -gt 2 ] && jobs=2
build/release/apps/prunekit run "$config" --jobs "$jobs" "$@"
