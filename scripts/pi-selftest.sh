#!/usr/bin/env bash
# The Raspberry Pi check (docs/pi-build.md): publishes the gateway with NativeAOT for linux-x64 and linux-arm64, runs
# `edge selftest` natively, the arm64 build under qemu-aarch64 (qemu-user) and the JIT build (`dotnet run`), and fails
# unless all pass and agree line by line (ONNX Runtime scores within the bundle's tolerance, everything else, the
# feature hashes included, exactly).
#
#   scripts/pi-selftest.sh [--out DIR] [--no-publish]
#
# ONNX Runtime reads /proc/cpuinfo to pick its kernels and crashes on the host's x86 text under qemu-user, so the
# arm64 run happens in a private mount namespace (unshare -m) with scripts/pi4/cpuinfo, a Raspberry Pi 4's
# (4 x Cortex-A72, CPU part 0xd08), bind-mounted over /proc/cpuinfo. Nothing outside that namespace sees it.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="/tmp/edge-pi-build"
publish=true
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --no-publish) publish=false; shift ;;
    *) echo "pi-selftest: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

"$repo/scripts/ensure-packages.sh" qemu-user
if $publish; then
  "$repo/scripts/publish-gateway.sh" linux-x64 --out "$out"
  "$repo/scripts/publish-gateway.sh" linux-arm64 --out "$out"
fi
for rid in linux-x64 linux-arm64; do
  [ -x "$out/$rid/edge" ] || { echo "pi-selftest: no $out/$rid/edge (publish first, or drop --no-publish)" >&2; exit 1; }
done

# .NET checks the bundle's ECDSA signature through the system OpenSSL, and the cross prefix holds no arm64 libssl. Debian's
# libssl3:arm64 is unpacked into a private folder (installing it through multiarch puts an arm64 libc under /lib, after
# which every arm64 program hangs under qemu-user here) and given to the arm64 loader only.
libssl="$out/arm64-libssl"
if [ ! -f "$libssl/usr/lib/aarch64-linux-gnu/libssl.so.3" ]; then
  dpkg --print-foreign-architectures | grep -qx arm64 || { dpkg --add-architecture arm64 && apt-get update -qq; }
  mkdir -p "$libssl"
  (cd "$libssl" && apt-get download -qq libssl3:arm64 2>/dev/null) \
    || { apt-get update -qq && (cd "$libssl" && apt-get download -qq libssl3:arm64 2>/dev/null); }
  dpkg -x "$libssl"/libssl3_*_arm64.deb "$libssl"
fi

# Root can make a mount namespace directly; anyone else needs a user namespace mapped to root for it.
namespace=(unshare -m)
[ "$(id -u)" -eq 0 ] || namespace=(unshare -r -m)

echo "== edge selftest, linux-arm64 under qemu-aarch64 with a Raspberry Pi 4 /proc/cpuinfo"
arm64_output="$out/selftest-linux-arm64.txt"
set +e
"${namespace[@]}" sh -c 'mount --bind "$1" /proc/cpuinfo && exec qemu-aarch64 -L /usr/aarch64-linux-gnu -E "LD_LIBRARY_PATH=$3" "$2" selftest' \
  pi-selftest "$repo/scripts/pi4/cpuinfo" "$out/linux-arm64/edge" "$libssl/usr/lib/aarch64-linux-gnu" >"$arm64_output"
arm64_status=$?
set -e
cat "$arm64_output"
if [ "$arm64_status" -ne 0 ]; then
  echo "pi-selftest: edge selftest failed on linux-arm64 under qemu (exit $arm64_status)" >&2
  exit 1
fi

# Runs `CMD... selftest --compare-with` the arm64 output, prints it, and fails on a failed check or a difference.
compare_with_arm64() {
  local name=$1 output=$2
  shift 2
  echo "== edge selftest, $name, compared with linux-arm64"
  set +e
  "$@" selftest --compare-with "$arm64_output" >"$output"
  local status=$?
  set -e
  cat "$output"
  if [ "$status" -ne 0 ]; then
    echo "pi-selftest: $name selftest failed or differs from linux-arm64 (exit $status)" >&2
    exit 1
  fi
}

compare_with_arm64 linux-x64 "$out/selftest-linux-x64.txt" "$out/linux-x64/edge"
# The JIT, as the Trainer runs: on an AVX2 host its vectors are twice as wide as NativeAOT's (x86-64-v2) and NEON's,
# so its features must come out the same floats from different instructions.
compare_with_arm64 "the JIT (dotnet run)" "$out/selftest-jit.txt" \
  dotnet run -c Release --project "$repo/src/EdgeRuntime/Edge.Gateway" --

checks=$(sed -n 's/^result checks=\([0-9]*\) failed=0$/\1/p' "$arm64_output")
echo "pi-selftest: ok: linux-arm64 (qemu, Raspberry Pi 4 cpuinfo), linux-x64 and the JIT pass all ${checks} checks and agree"
