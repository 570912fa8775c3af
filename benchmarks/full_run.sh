#!/usr/bin/env bash
# Times whole runs of the default scenario with the optimised build: by thread count, by
# population scale and by horizon. Each figure is the median wall time of REPEATS runs, read
# from the run's manifest.json (which also gives peak memory). Usage:
#   benchmarks/full_run.sh [REPEATS]        (default 5; builds the release preset first)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-5}
cmake --preset release >/dev/null
cmake --build --preset release --target icsim >/dev/null
icsim=build/release/icsim
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# median WALL and max PEAK over $repeats runs of: icsim run baseline ARGS...
measure() {
  local walls=() peak=0
  for ((i = 0; i < repeats; i++)); do
    "$icsim" run scenarios/mse-baseline.json --out "$out/run" --overwrite --quiet "$@"
    read -r wall mem < <(python3 -c "import json;m=json.load(open('$out/run/manifest.json'));print(m['wall_seconds'],m['peak_memory_mb'])")
    walls+=("$wall")
    peak=$(python3 -c "print(max($peak,$mem))")
  done
  python3 -c "import statistics,sys;print(f'{statistics.median(map(float,sys.argv[1:])):.3f}')" "${walls[@]}"
  echo "$peak"
}

printf '%-34s %10s %12s\n' "run (1.2M residents unless said)" "wall (s)" "peak (MB)"
for args in "--threads 1" "--threads 2" \
            "--threads 2 --scale 0.25" "--threads 2 --scale 0.5" "--threads 2 --scale 2" \
            "--threads 2 --years 1" "--threads 2 --years 5" "--threads 2 --years 20"; do
  mapfile -t r < <(measure $args)
  printf '%-34s %10s %12.0f\n' "$args" "${r[0]}" "${r[1]}"
done
