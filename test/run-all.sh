#!/usr/bin/env bash
# `npm test`: everything CI runs, in the order that fails fastest. Ends with one line
# "Tests: N passed, N failed, N skipped" summed over every runner.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
rm -f .tmp/vitest.json .tmp/vitest-keychain.json .tmp/playwright.json
echo "== typecheck (web, node, whole tree)"; npm run -s typecheck
echo "== lint (biome, import cycles, unused files/exports)"; npm run -s lint
echo "== electronegativity (findings must be in test/electronegativity/allowlist.json)"
npx tsx test/electronegativity/run.ts
echo "== unit + integration (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json
if [ -f test/keychain/run.sh ]; then echo "== keychain (real secret service)"; bash test/keychain/run.sh; fi
echo "== build"; npm run -s build
echo "== end-to-end (Playwright, Chromium)"; npx playwright test
npx tsx test/summarize.ts
