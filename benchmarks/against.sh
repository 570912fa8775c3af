#!/usr/bin/env bash
# Times the full default run (1.2M residents, 10 years, 2 threads) with this tree's release build
# and with another binary (an earlier commit's, built beside it), taken in alternation so that
# both meet the same machine noise; prints both medians and the median of the per-pair ratios.
# Wall time is the run's own (manifest.json wall_seconds). Usage:
#   [SCENARIO=FILE] benchmarks/against.sh OTHER_ICSIM [REPEATS] [-- RUN OPTIONS]   (default 9 pairs)
# SCENARIO defaults to scenarios/mse-baseline.json. Each binary runs in the source tree it was
# built from (the checkout above its build/ folder), so that it reads the scenario and world data
# of its own version; a run that fails stops the script. A run writes about 360 MB: with
# TMPDIR=/dev/shm the outputs go to memory, so disk noise stays out of the ratio.
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
this=$(realpath build/release/icsim)
tree_of() { (cd "$(dirname "$1")" && git rev-parse --show-toplevel); }
this_tree=$(tree_of "$this") other_tree=$(tree_of "$other")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

wall() {  # BINARY TREE
  rm -rf "$out/run"
  if ! (cd "$2" && "$1" run "$scenario" --out "$out/run" --overwrite --quiet --threads 2 "${options[@]}" >/dev/null); then
    echo "against.sh: $1 run $scenario failed in $2" >&2
    return 1
  fi
  python3 -c "import json;print(json.load(open('$out/run/manifest.json'))['wall_seconds'])"
}
median() { python3 -c "import statistics,sys;print(f'{statistics.median(map(float,sys.argv[1:])):.3f}')" "$@"; }

mine=() theirs=() ratios=()
for ((i = 0; i < repeats; i++)); do
  # Alternate which goes first, so neither always runs on a warmer machine.
  if ((i % 2 == 0)); then
    a=$(wall "$this" "$this_tree") && b=$(wall "$other" "$other_tree") || exit 1
  else
    b=$(wall "$other" "$other_tree") && a=$(wall "$this" "$this_tree") || exit 1
  fi
  mine+=("$a"); theirs+=("$b"); ratios+=("$(python3 -c "print($a/$b)")")
done
printf '%-28s %s s (median of %d)\n' "this tree" "$(median "${mine[@]}")" "$repeats"
printf '%-28s %s s\n' "$other" "$(median "${theirs[@]}")"
printf '%-28s %s\n' "ratio, this / other" "$(median "${ratios[@]}")"
