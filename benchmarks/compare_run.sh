#!/usr/bin/env bash
# Times the strategy team's question end to end: a paired comparison of the full default world
# with a what-if that funds programmes, N replications of each (default 20), on every core.
# Also times one run of the baseline and of the what-if alone, in alternation, to give the
# programmes' own cost as a ratio. Wall time and peak memory come from the manifests. Usage:
#   benchmarks/compare_run.sh [REPLICATIONS] [SCENARIO]   (default 20, scenarios/locality-first.json)
set -euo pipefail
cd "$(dirname "$0")/.."
replications=${1:-20}
scenario=${2:-scenarios/locality-first.json}
cmake --preset release >/dev/null
cmake --build --preset release --target icsim >/dev/null
icsim=build/release/icsim
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

field() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

base=() what=()
for ((i = 0; i < 3; i++)); do
  "$icsim" run scenarios/mse-baseline.json --out "$out/base" --overwrite --quiet
  base+=("$(field "$out/base/manifest.json" wall_seconds)")
  "$icsim" run "$scenario" --out "$out/what" --overwrite --quiet
  what+=("$(field "$out/what/manifest.json" wall_seconds)")
done
median() { python3 -c "import statistics,sys;print(f'{statistics.median(map(float,sys.argv[1:])):.2f}')" "$@"; }
printf 'one run, 2 threads (median of 3): baseline %s s, %s %s s\n' "$(median "${base[@]}")" "$(basename "$scenario" .json)" \
  "$(median "${what[@]}")"

"$icsim" compare scenarios/mse-baseline.json "$scenario" --replications "$replications" --out "$out/cmp" --overwrite --quiet \
  >/dev/null
wall=$(field "$out/cmp/manifest.json" wall_seconds)
printf 'compare, %s replications of each: %.1f s wall (%.2f s per replication of both), peak %s MB, pairing narrows by %.2fx\n' \
  "$replications" "$wall" "$(python3 -c "print($wall/$replications)")" "$(field "$out/cmp/manifest.json" peak_memory_mb)" \
  "$(field "$out/cmp/manifest.json" median_interval_narrowing_by_pairing)"
