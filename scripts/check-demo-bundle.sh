#!/usr/bin/env bash
# Checks that the committed demo bundle is what scripts/build-demo-bundle.sh produces from this commit: rebuilds it
# (about 4 minutes on 2 cores) into a temporary directory, signed with the committed demo key, and compares the
# entries that the training decides, model.onnx and test-vectors.json, byte for byte. The manifest and its signature
# differ on every build (creation time; ECDSA signs with a fresh nonce), so they are not compared.
#
#   scripts/check-demo-bundle.sh
#
# Training is deterministic on one machine, but a processor with other vector instructions (AVX-512) may round
# differently; DemoModel/README.md records where it last reproduced. Not part of .ci/run for that reason. The entry
# hashes it prints are also in the signed manifest (model.sha256, testVectorsSha256).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
committed="$repo/src/EdgeRuntime/Edge.Gateway/DemoModel"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "name sha256" for each entry of a bundle (docs/bundle-format.md: magic, u16 version, u16 count, then per
# entry a u8 name length, the name, a u32 little-endian data length and the data).
entries() {
  local file="$1" at=12 count name_length name data_length
  [ "$(head -c 8 "$file")" = "EDGEBNDL" ] || { echo "check-demo-bundle: $file is not a bundle" >&2; exit 1; }
  count=$(od -An -tu2 -j 10 -N 2 --endian=little "$file" | tr -d ' ')
  for _ in $(seq "$count"); do
    name_length=$(od -An -tu1 -j "$at" -N 1 "$file" | tr -d ' ')
    name=$(tail -c +"$((at + 2))" "$file" | head -c "$name_length")
    at=$((at + 1 + name_length))
    data_length=$(od -An -tu4 -j "$at" -N 4 --endian=little "$file" | tr -d ' ')
    at=$((at + 4))
    echo "$name $(tail -c +"$((at + 1))" "$file" | head -c "$data_length" | sha256sum | cut -d' ' -f1)"
    at=$((at + data_length))
  done
}

cp "$committed/demo-signing.key" "$committed/demo-signing.pub" "$work/"
"$repo/scripts/build-demo-bundle.sh" "$work"
status=0
for entry in model.onnx test-vectors.json; do
  want=$(entries "$committed/demo.bundle" | awk -v e="$entry" '$1 == e { print $2 }')
  got=$(entries "$work/demo.bundle" | awk -v e="$entry" '$1 == e { print $2 }')
  if [ -n "$want" ] && [ "$want" = "$got" ]; then
    echo "check-demo-bundle: $entry reproduced (sha256 $want)"
  else
    echo "check-demo-bundle: $entry differs: committed ${want:-missing}, rebuilt ${got:-missing}" >&2
    status=1
  fi
done
if ! cmp -s "$committed/demo-households.csv" "$work/demo-households.csv"; then
  echo "check-demo-bundle: demo-households.csv differs" >&2
  status=1
fi
exit $status
