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
# Every file the generator writes. mse-baseline.json is written by hand and is not among them.
generated=(mse-world.json data/mse_census2021_population.csv data/mse_imd2019_lsoa.csv
           data/uk_life_table_2017_2019.csv data/mse_qof_registers_2020_21.csv
           data/calibration_targets.csv)
for f in "${generated[@]}"; do
  cmp "$out/$f" "$source_dir/scenarios/$f" || { echo "scenarios/$f differs from a fresh build"; exit 1; }
done
# A file the generator writes but this list misses would go unchecked.
written=$(cd "$out" && find . -type f | sed 's|^\./||' | sort)
listed=$(printf '%s\n' "${generated[@]}" | sort)
[[ $written == "$listed" ]] || { echo "the generator writes files this test does not list:"; diff <(echo "$listed") <(echo "$written"); exit 1; }
echo "the committed world matches a fresh build from $data"
