#!/usr/bin/env bash
# Trains every catalogue model on `trainer synth --customers 10000 --seed 7` and prints, per model, the test ROC-AUC,
# the baseline's, seconds per epoch and peak working set (from each run's report.json). Issue 3's target table.
# Usage: bench/train-models.sh [epochs] [models...]   (default: each model's own epochs; all models)
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-}
shift || true
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(gateway wide-deep seed-lstm seed-rnn seed-cnn seed-cnn-lstm)
work=${EDGE_BENCH_DIR:-/tmp/edge-train-models}
mkdir -p "$work"
dotnet build src/Trainer/Edge.Trainer.Cli -c Release -o "$work/bin" >/dev/null
trainer="$work/bin/trainer"
[ -f "$work/synth.csv" ] || "$trainer" synth --customers 10000 --seed 7 --out "$work/synth.csv"
printf '%-14s %8s %8s %10s %8s %10s %12s\n' model rocAuc prAuc baseline epochs s/epoch peakMiB
for m in "${models[@]}"; do
  args=(train --data "$work/synth.csv" --model "$m" --out "$work/$m" --seed 7)
  [ -z "$epochs" ] || args+=(--epochs "$epochs")
  "$trainer" "${args[@]}" >"$work/$m.log" 2>&1 || { echo "$m failed: see $work/$m.log"; continue; }
  python3 - "$work/$m/report.json" "$m" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
b = r.get("baseline") or {}
print(f"{sys.argv[2]:<14} {r['test']['rocAuc']:8.4f} {r['test']['prAuc']:8.4f} {b.get('rocAuc', float('nan')):10.4f} "
      f"{r['epochsRun']:8d} {r['secondsPerEpoch']:10.1f} {r['peakWorkingSetBytes'] / 2**20:12.0f}")
PY
done
