#!/usr/bin/env bash
# Times whole runs of the default scenario with the optimised build: the speed-up from 1 to 2
# threads, then cost by population scale and by horizon. Wall time and peak memory are read
# from each run's manifest.json; each figure is the median of REPEATS runs. The machine is
# shared and noisy, so the speed-up is the median of ratios of 1- and 2-thread runs taken in
# alternation, not a ratio of medians taken minutes apart. Usage:
#   benchmarks/full_run.sh [REPEATS]        (default 7; builds the release preset first)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-7}
cmake --preset release >/dev/null
cmake --build --preset release --target icsim >/dev/null
icsim=build/release/icsim
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Prints "wall_seconds peak_memory_mb" of one run of the baseline with the given options.
one_run() {
  "$icsim" run scenarios/mse-baseline.json --out "$out/run" --overwrite --quiet "$@"
  python3 -c "import json;m=json.load(open('$out/run/manifest.json'));print(m['wall_seconds'],m['peak_memory_mb'])"
}

median() { python3 -c "import statistics,sys;print(f'{statistics.median(map(float,sys.argv[1:])):.3f}')" "$@"; }

one=() two=() ratios=() peak1=0 peak2=0
for ((i = 0; i < repeats; i++)); do
  read -r w1 m1 < <(one_run --threads 1)
  read -r w2 m2 < <(one_run --threads 2)
  one+=("$w1"); two+=("$w2")
  ratios+=("$(python3 -c "print($w1/$w2)")")
  peak1=$(python3 -c "print(max($peak1,$m1))"); peak2=$(python3 -c "print(max($peak2,$m2))")
done
printf '%-34s %10s %12s\n' "run (1.2M residents, 10 years)" "wall (s)" "peak (MB)"
printf '%-34s %10s %12.0f\n' "--threads 1" "$(median "${one[@]}")" "$peak1"
printf '%-34s %10s %12.0f\n' "--threads 2" "$(median "${two[@]}")" "$peak2"
printf '%-34s %10s\n' "speed-up, 2 threads over 1" "$(median "${ratios[@]}")x"
echo
printf '%-34s %10s %12s\n' "2 threads, varying" "wall (s)" "peak (MB)"
for args in "--scale 0.25" "--scale 0.5" "--scale 1" "--scale 2" "--years 1" "--years 5" "--years 10" "--years 20"; do
  walls=() peak=0
  for ((i = 0; i < repeats; i++)); do
    read -r w m < <(one_run --threads 2 $args)
    walls+=("$w")
    peak=$(python3 -c "print(max($peak,$m))")
  done
  printf '%-34s %10s %12.0f\n' "$args" "$(median "${walls[@]}")" "$peak"
done
