#!/usr/bin/env bash
# Installs the edge gateway on a Raspberry Pi (Raspberry Pi OS / Debian, arm64), as root:
#
#   firmware-config/install.sh --from DIR [--trusted-key FILE]... [--dry-run]
#
#   --from DIR          the publish output: DIR/edge, DIR/libonnxruntime.so and the other native libraries next to
#                       them (scripts/publish-gateway.sh linux-arm64)
#   --trusted-key FILE  a bundle signing public key (PEM) to trust; copied to /etc/edge/trusted-keys/
#   --dry-run           print every action, change nothing
#
# Every action is printed as one line "action: ..." before it runs, so --dry-run lists exactly what a real run does.
# An existing /etc/edge/gateway.json is kept (it holds the site's meters); the example goes next to it instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

from=""
dry_run=false
keys=()
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="${2:?--from needs a directory}"; shift 2 ;;
    --trusted-key) keys+=("${2:?--trusted-key needs a file}"); shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "install: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

fail() { echo "install: $*" >&2; exit 1; }
[ -n "$from" ] || fail "--from DIR is required (the folder holding edge and libonnxruntime.so)"
[ -x "$from/edge" ] || fail "$from/edge: missing or not executable"
[ -f "$from/libonnxruntime.so" ] || fail "$from/libonnxruntime.so: missing (the gateway scores through ONNX Runtime)"
for key in "${keys[@]}"; do
  grep -q "BEGIN PUBLIC KEY" "$key" 2>/dev/null || fail "$key: not a PEM public key"
done
for file in gateway.example.json edge-gateway.service 99-edge-meters.rules config.txt.fragment; do
  [ -f "$here/$file" ] || fail "$here/$file: missing from firmware-config"
done
if ! $dry_run && [ "$(id -u)" -ne 0 ]; then
  fail "run as root (or with --dry-run)"
fi

user=edge-gateway
opt="/opt/edge"
etc="/etc/edge"
data="/var/lib/edge"
unit="/etc/systemd/system/edge-gateway.service"
rules="/etc/udev/rules.d/99-edge-meters.rules"
boot_config="/boot/firmware/config.txt"
[ -f "$boot_config" ] || [ ! -f /boot/config.txt ] || boot_config=/boot/config.txt  # before Bookworm

# Prints the action, then runs it unless this is a dry run.
act() {
  echo "action: $*"
  $dry_run || "$@"
}

# 1. A dedicated system user without a shell or home, in the groups that own serial ports and GPIO chips.
if ! getent passwd "$user" >/dev/null; then
  for group in gpio dialout; do
    getent group "$group" >/dev/null || act groupadd --system "$group"
  done
  act useradd --system --user-group --no-create-home --home-dir /var/lib/edge --shell /usr/sbin/nologin \
    --groups gpio,dialout "$user"
else
  echo "skip: user $user exists"
fi

# 2. The binary with ONNX Runtime and the other native libraries it loads (SQLite, serial ports) side by side
#    (the unit sets LD_LIBRARY_PATH=/opt/edge).
act install -d -m 0755 "$opt"
act install -m 0755 "$from/edge" "$opt/edge"
for library in "$from"/*.so; do
  act install -m 0644 "$library" "$opt/$(basename "$library")"
done

# 3. Configuration, readable by the service user only; a site's existing config is never overwritten.
act install -d -m 0750 -o root -g "$user" "$etc" "$etc/trusted-keys"
if [ -f "$etc/gateway.json" ]; then
  echo "skip: $etc/gateway.json exists (kept; the example is installed as gateway.example.json)"
  act install -m 0640 -o root -g "$user" "$here/gateway.example.json" "$etc/gateway.example.json"
else
  act install -m 0640 -o root -g "$user" "$here/gateway.example.json" "$etc/gateway.json"
fi
for key in "${keys[@]}"; do
  act install -m 0644 "$key" "$etc/trusted-keys/$(basename "$key")"
done

# 4. The data directory: the only place the service may write (ReadWritePaths in the unit).
act install -d -m 0750 -o "$user" -g "$user" "$data"

# 5. Stable meter device names.
act install -m 0644 "$here/99-edge-meters.rules" "$rules"

# 6. Free the PL011 UART for the P1 port: append the lines config.txt does not have yet (takes effect after a reboot).
reboot_needed=false
while IFS= read -r line; do
  case "$line" in ''|'#'*|'['*) continue ;; esac
  if ! grep -qxF "$line" "$boot_config" 2>/dev/null; then
    echo "action: append '$line' to $boot_config"
    $dry_run || printf '%s\n' "$line" >>"$boot_config"
    reboot_needed=true
  fi
done <"$here/config.txt.fragment"

# 7. The unit, enabled and started.
act install -m 0644 "$here/edge-gateway.service" "$unit"
act udevadm control --reload
act udevadm trigger --subsystem-match=tty
act systemctl daemon-reload
act systemctl enable --now edge-gateway.service

if $reboot_needed; then
  echo "note: config.txt changed; reboot for the UART settings to take effect"
fi
if $dry_run; then
  echo "install: dry run, nothing was changed"
else
  echo "install: done; check with: systemctl status edge-gateway"
fi
