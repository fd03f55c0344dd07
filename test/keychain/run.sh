#!/usr/bin/env bash
# The real-keychain test inside a fresh, headless, unlocked gnome-keyring on its own session
# bus (see shared toolchain notes): a new keyring directory every run, or it starts locked.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p -m700 "$tmp/run" "$tmp/data"
# vitest's include already covers test/**/*.test.ts; naming the folder keeps the run to it.
XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" KLING_REAL_KEYCHAIN=1 dbus-run-session -- bash -c \
  'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && npx vitest run test/keychain --reporter=default --reporter=json --outputFile.json=.tmp/vitest-keychain.json'
