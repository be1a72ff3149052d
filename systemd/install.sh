#!/usr/bin/env bash
# Installs Hookhouse as a systemd service. Safe to run again: an upgrade replaces the jar and
# the unit, never the config file or the spool and data.
#
#   sudo systemd/install.sh [--jar PATH] [--root DIR]
#
# --root DIR installs into a scratch root (for tests and packaging): files land under DIR, no
# user is created and systemctl is not called.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar="$here/../target/hookhouse.jar"
root=""
while [ $# -gt 0 ]; do
  case $1 in
    --jar) jar=$2; shift 2 ;;
    --root) root=${2%/}; shift 2 ;;
    *) echo "usage: $0 [--jar PATH] [--root DIR]" >&2; exit 2 ;;
  esac
done

if [ ! -f "$jar" ]; then
  echo "install: no jar at $jar; build it first: ./mvnw -DskipTests package" >&2
  exit 1
fi

owner=hookhouse
if [ -z "$root" ]; then
  if ! id -u "$owner" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/hookhouse --no-create-home \
      --shell /usr/sbin/nologin "$owner"
    echo "install: created system user $owner"
  fi
else
  owner=$(id -un)
fi

install -d -m 0755 "$root/opt/hookhouse"
install -m 0644 "$jar" "$root/opt/hookhouse/hookhouse.jar"
install -m 0644 "$here/../README.md" "$root/opt/hookhouse/README.md"

install -d -m 0750 -o "$owner" -g "$owner" "$root/var/lib/hookhouse"
install -d -m 0750 -o "$owner" -g "$owner" "$root/var/lib/hookhouse/spool"
install -d -m 0750 -o "$owner" -g "$owner" "$root/var/lib/hookhouse/data"

install -d -m 0750 -o root -g "$owner" "$root/etc/hookhouse" 2>/dev/null \
  || install -d -m 0750 "$root/etc/hookhouse"
config="$root/etc/hookhouse/hookhouse.properties"
if [ -e "$config" ]; then
  echo "install: keeping existing $config"
else
  install -m 0640 "$here/hookhouse.properties" "$config"
  chgrp "$owner" "$config" 2>/dev/null || true
  echo "install: wrote $config"
fi

install -d -m 0755 "$root/etc/systemd/system"
install -m 0644 "$here/hookhouse.service" "$root/etc/systemd/system/hookhouse.service"

if [ -z "$root" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable hookhouse.service
  echo "install: enabled hookhouse.service; start it with: systemctl start hookhouse"
else
  echo "install: systemd is not running here (or --root was given); unit not enabled"
fi
