#!/usr/bin/env bash
# SGCC CSV loading benchmark for docs/benchmarks.md ("Trainer: SGCC CSV loading").
# Generates a full-size SGCC-layout file (42,372 customers x 1,034 days, like the real data set) with `trainer synth`,
# then loads it with `trainer inspect` under /usr/bin/time -v: the command prints the in-process load time and peak
# working set; time -v prints the whole process's wall time and maximum resident set size.
#   bench/sgcc-load.sh [work dir]     (default /tmp/sgcc-bench; the CSV is kept there and reused)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/sgcc-bench}
mkdir -p "$work"
art="$work/artifacts"

dotnet build src/Trainer/Edge.Trainer.Cli -c Release --artifacts-path "$art" -v quiet -nologo
trainer="$art/bin/Edge.Trainer.Cli/release/trainer"
csv="$work/sgcc-synth-42372x1034.csv"

if [ ! -f "$csv" ]; then
  /usr/bin/time -f 'synth: %e s wall, %U s user, %S s sys, %M KiB max RSS' "$trainer" synth --customers 42372 --days 1034 --seed 42 --out "$csv"
fi
ls -l "$csv"

for run in 1 2 3; do
  echo "== load run $run"
  /usr/bin/time -f 'process: %e s wall, %U s user, %S s sys, %M KiB max RSS' "$trainer" inspect "$csv"
done
