#!/usr/bin/env bash
# Rebuilds the gateway demo's model bundle (src/EdgeRuntime/Edge.Gateway/DemoModel/) with the Trainer, reproducibly:
# the same synthetic data, split, initial weights and thread count give the same weights, so the same model
# (the signature differs on every run: ECDSA signs with a fresh nonce).
# The signing key in DemoModel/ is a DEMO key, committed on purpose so anyone can rebuild and verify the demo;
# a real gateway must never trust it (firmware-config ships no trust in it).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-src/EdgeRuntime/Edge.Gateway/DemoModel}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

trainer() { dotnet run --project src/Trainer/Edge.Trainer.Cli -c Release --no-launch-profile -- "$@"; }

mkdir -p "$out"
if [ ! -f "$out/demo-signing.key" ]; then
  trainer keygen --out "$out/demo-signing"
fi
trainer synth --customers 6000 --seed 11 --out "$work/demo.csv"
trainer train --data "$work/demo.csv" --model gateway --out "$work/run" --seed 42 --threads 2 --no-baseline
trainer export --run "$work/run"
trainer quantize --run "$work/run"
# The bundle ships the int8 model (the default), with test vectors scored on it by ONNX Runtime.
trainer bundle --run "$work/run" --key "$out/demo-signing.key" --version 1 --model-id demo-gateway --out "$out/demo.bundle"
cp "$work/run/report.json" "$out/report.json"
# The demo's three households: honest customers of another synthetic set (seed 99), none of them in the training data.
trainer synth --customers 300 --seed 99 --out "$work/households.csv"
grep -E '^(CONS_NO|18ECC8D9BD4553A5234D925600000001|5FB4A26FFCD8A76D7591C64600000002|4CB4AB5EE8DDFE3D0A209A7100000004),' \
  "$work/households.csv" > "$out/demo-households.csv"
echo "demo bundle: $out/demo.bundle"
