#!/usr/bin/env bash
# Times the full default run (1.2M residents, 10 years, 2 threads) with this tree's release build
# and with another binary (an earlier commit's, built beside it), taken in alternation so that
# both meet the same machine noise; prints both medians and the median of the per-pair ratios.
# Wall time is the run's own (manifest.json wall_seconds). Usage:
#   [SCENARIO=FILE] benchmarks/against.sh OTHER_ICSIM [REPEATS] [-- RUN OPTIONS]   (default 9 pairs)
# SCENARIO defaults to scenarios/mse-baseline.json.
# For example, to build main's binary beside this one:
#   git worktree add /tmp/icsim-main main && (cd /tmp/icsim-main && cmake --preset release &&
#   cmake --build --preset release --target icsim); benchmarks/against.sh /tmp/icsim-main/build/release/icsim
set -euo pipefail
cd "$(dirname "$0")/.."
other=$(realpath "$1"); shift
repeats=9
if [[ $# -gt 0 && $1 != -- ]]; then repeats=$1; shift; fi
[[ ${1:-} == -- ]] && shift
options=("$@")
scenario=${SCENARIO:-scenarios/mse-baseline.json}
cmake --preset release >/dev/null
cmake --build --preset release --target icsim >/dev/null
this=build/release/icsim
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

wall() {
  "$1" run "$scenario" --out "$out/run" --overwrite --quiet --threads 2 "${options[@]}" >/dev/null
  python3 -c "import json;print(json.load(open('$out/run/manifest.json'))['wall_seconds'])"
}
median() { python3 -c "import statistics,sys;print(f'{statistics.median(map(float,sys.argv[1:])):.3f}')" "$@"; }

mine=() theirs=() ratios=()
for ((i = 0; i < repeats; i++)); do
  # Alternate which goes first, so neither always runs on a warmer machine.
  if ((i % 2 == 0)); then a=$(wall "$this"); b=$(wall "$other"); else b=$(wall "$other"); a=$(wall "$this"); fi
  mine+=("$a"); theirs+=("$b"); ratios+=("$(python3 -c "print($a/$b)")")
done
printf '%-28s %s s (median of %d)\n' "this tree" "$(median "${mine[@]}")" "$repeats"
printf '%-28s %s s\n' "$other" "$(median "${theirs[@]}")"
printf '%-28s %s\n' "ratio, this / other" "$(median "${ratios[@]}")"
