#!/usr/bin/env bash
# Removes the Hookhouse service and its program files. The spool, the data and the config stay
# unless --purge is given: they hold requests that were acknowledged to senders.
#
#   sudo systemd/uninstall.sh [--purge] [--root DIR]
set -euo pipefail

root="" purge=false
while [ $# -gt 0 ]; do
  case $1 in
    --purge) purge=true; shift ;;
    --root) root=${2%/}; shift 2 ;;
    *) echo "usage: $0 [--purge] [--root DIR]" >&2; exit 2 ;;
  esac
done

if [ -z "$root" ] && [ -d /run/systemd/system ]; then
  systemctl disable --now hookhouse.service 2>/dev/null || true
fi

rm -f "$root/etc/systemd/system/hookhouse.service"
rm -rf "$root/opt/hookhouse"
if [ -z "$root" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
fi

if [ "$purge" = true ]; then
  rm -rf "$root/var/lib/hookhouse" "$root/etc/hookhouse"
  if [ -z "$root" ] && id -u hookhouse >/dev/null 2>&1; then
    userdel hookhouse
  fi
  echo "uninstall: removed program, unit, config, spool and data"
else
  echo "uninstall: removed program and unit; kept /var/lib/hookhouse and /etc/hookhouse"
fi
