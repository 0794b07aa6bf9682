#!/usr/bin/env bash
# NativeAOT publish of the gateway executable for one runtime identifier (docs/pi-build.md).
#
#   scripts/publish-gateway.sh linux-arm64|linux-x64 [--out DIR] [--project CSPROJ]
#
# linux-arm64 is cross-compiled on an x64 host with clang + lld and Debian's gcc-aarch64-linux-gnu and
# libc6-dev-arm64-cross (installed with apt-get when missing). No --sysroot: the cross libc's linker scripts name
# absolute paths under /usr/aarch64-linux-gnu, which a sysroot prefix would break.
# Fails when the publish fails or when any trim (IL...) or AOT warning appears in its log.
# Prints "size:" lines: the executable alone, libonnxruntime.so, both, and everything shipped (all native libraries).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

rid="${1:-}"
shift || true
out="/tmp/edge-publish"
project="$repo/src/EdgeRuntime/Edge.Gateway/Edge.Gateway.csproj"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --project) project="$2"; shift 2 ;;
    *) echo "publish-gateway: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

case "$rid" in
  linux-x64)
    toolchain=()
    ;;
  linux-arm64)
    "$repo/scripts/ensure-packages.sh" clang lld gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross
    toolchain=(-p:CppCompilerAndLinker=clang -p:LinkerFlavor=lld)
    ;;
  *)
    echo "publish-gateway: first argument must be linux-x64 or linux-arm64, got '${rid}'" >&2
    exit 2
    ;;
esac

dest="$out/$rid"
log="$out/publish-$rid.log"
mkdir -p "$out"
rm -rf "$dest"
name="$(basename "$project" .csproj)"

echo "== publish $name for $rid (NativeAOT) -> $dest"
start=$(date +%s)
set +e
dotnet publish "$project" -c Release -r "$rid" -p:PublishAot=true "${toolchain[@]}" \
  --artifacts-path "$out/artifacts" -o "$dest" -nologo >"$log" 2>&1
status=$?
set -e
elapsed=$(( $(date +%s) - start ))

# Trim analysis warnings are ILxxxx, NativeAOT's own are ILxxxx too (IL3050...) plus the "AOT analysis" ones.
warnings=$(grep -E 'warning (IL[0-9]{4}|AOT[0-9]*)' "$log" | sort -u || true)
if [ "$status" -ne 0 ]; then
  tail -n 40 "$log" >&2
  echo "publish-gateway: dotnet publish for $rid failed (exit $status); full log: $log" >&2
  exit 1
fi
if [ -n "$warnings" ]; then
  echo "$warnings" >&2
  echo "publish-gateway: $(echo "$warnings" | wc -l) trim/AOT warning(s) for $rid; the gateway must publish clean" >&2
  exit 1
fi

# The ORT package copies its Windows onnxruntime.dll into every publish output; a Linux gateway never loads it.
rm -f "$dest/onnxruntime.dll" "$dest/onnxruntime.pdb"

exe="$dest/$(sed -n 's:.*<AssemblyName>\(.*\)</AssemblyName>.*:\1:p' "$project" | head -n 1)"
[ -f "$exe" ] || exe="$dest/$name"
[ -x "$exe" ] || { echo "publish-gateway: no executable at $exe" >&2; exit 1; }
exe_bytes=$(stat -c %s "$exe")
ort_bytes=0
[ -f "$dest/libonnxruntime.so" ] && ort_bytes=$(stat -c %s "$dest/libonnxruntime.so")
# Everything a device needs: the executable and every native library next to it (install.sh copies the same set).
shipped_bytes=$(find "$dest" -maxdepth 1 -type f \( -name "$(basename "$exe")" -o -name '*.so' \) -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
echo "size: $rid $(basename "$exe") ${exe_bytes} bytes ($(mib "$exe_bytes")) without libonnxruntime.so"
echo "size: $rid libonnxruntime.so ${ort_bytes} bytes ($(mib "$ort_bytes"))"
echo "size: $rid $(basename "$exe") + libonnxruntime.so $((exe_bytes + ort_bytes)) bytes ($(mib $((exe_bytes + ort_bytes))))"
echo "size: $rid shipped (executable + $(cd "$dest" && ls *.so | tr '\n' ' ')) ${shipped_bytes} bytes ($(mib "$shipped_bytes"))"
echo "publish-gateway: $rid ok in ${elapsed} s, 0 trim/AOT warnings ($(file -b "$exe" | cut -d, -f1-2))"
