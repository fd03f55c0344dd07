#!/usr/bin/env bash
# Runs a command inside a throwaway, unlocked gnome-keyring on its own session bus (Linux CI
# has no keychain): what keytar and the app's keychain check talk to. Same recipe as
# test/keychain/run.sh. Usage: bash test/packaged/with-keyring.sh <command> [args…]
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p -m700 "$tmp/run" "$tmp/data"
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
exec dbus-run-session -- bash -c \
  'echo -n ci | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' \
  keyring "$@"
