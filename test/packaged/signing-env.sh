#!/usr/bin/env bash
# Turns the repository's signing secrets (passed in as SECRET_* variables) into what
# electron-builder reads, in $GITHUB_ENV, for this runner's OS; without them the build is
# unsigned and says so with a workflow notice (docs/releasing.md lists the secrets).
set -euo pipefail
note() { echo "::notice title=$1::$2"; }
signed=0
case "${RUNNER_OS:?}" in
  macOS)
    if [ -n "${SECRET_CSC_LINK:-}" ]; then
      { echo "CSC_LINK=$SECRET_CSC_LINK"; echo "CSC_KEY_PASSWORD=${SECRET_CSC_KEY_PASSWORD:-}"; } >>"$GITHUB_ENV"
      signed=1
    else
      note "Unsigned macOS build" "No CSC_LINK secret: the app is not signed (and cannot update itself on macOS)."
      echo "CSC_IDENTITY_AUTO_DISCOVERY=false" >>"$GITHUB_ENV"
    fi
    if [ "$signed" = 1 ] && [ -n "${SECRET_APPLE_API_KEY:-}" ]; then
      key="$RUNNER_TEMP/AuthKey_${SECRET_APPLE_API_KEY_ID:?APPLE_API_KEY_ID secret missing}.p8"
      printf '%s\n' "$SECRET_APPLE_API_KEY" >"$key"
      { echo "APPLE_API_KEY=$key"; echo "APPLE_API_KEY_ID=$SECRET_APPLE_API_KEY_ID"; echo "APPLE_API_ISSUER=${SECRET_APPLE_API_ISSUER:?APPLE_API_ISSUER secret missing}"; } >>"$GITHUB_ENV"
    else
      note "Not notarized" "No APPLE_API_KEY secret (or no signing certificate): notarization is skipped."
    fi
    ;;
  Windows)
    if [ -n "${SECRET_WIN_CSC_LINK:-}" ]; then
      { echo "WIN_CSC_LINK=$SECRET_WIN_CSC_LINK"; echo "WIN_CSC_KEY_PASSWORD=${SECRET_WIN_CSC_KEY_PASSWORD:-}"; } >>"$GITHUB_ENV"
      signed=1
    else
      note "Unsigned Windows build" "No WIN_CSC_LINK secret: the installer is not signed (SmartScreen warns, updates are not verified against a publisher)."
    fi
    ;;
  Linux)
    note "Linux build" "AppImage and deb are not signed (nothing to sign)."
    ;;
esac
# A signed build must not quietly fall back to unsigned: forceCodeSigning makes that an error.
echo "SIGNED=$signed" >>"$GITHUB_ENV"
