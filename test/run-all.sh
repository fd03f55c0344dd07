#!/usr/bin/env bash
# `npm test`: everything, in the order that fails fastest. Each step's runner prints its own summary.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"; npx tsc -p . --noEmit
echo "== lint + format"; npx biome check .
echo "== unit + integration (vitest)"; npx vitest run
if [ -f test/keychain/run.sh ]; then echo "== keychain (real secret service)"; bash test/keychain/run.sh; fi
echo "== build"; npm run -s build
echo "== end-to-end (Playwright, Chromium)"; npx playwright test
