#!/usr/bin/env bash
# The committed MSE world is exactly what tools/make_mse_world.py builds from the shared source
# data. Skipped (exit 77) where the source data is not beside the repository.
set -euo pipefail
source_dir=$1
data="$source_dir/../shared/data"
[[ -d $data ]] || { echo "no source data at $data: skipped"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 "$source_dir/tools/make_mse_world.py" --out "$out"
for f in mse-baseline.json data/mse_census2021_population.csv data/mse_imd2019_lsoa.csv data/uk_life_table_2017_2019.csv; do
  cmp "$out/$f" "$source_dir/scenarios/$f" || { echo "scenarios/$f differs from a fresh build"; exit 1; }
done
echo "the committed world matches a fresh build from $data"
