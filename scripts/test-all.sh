#!/usr/bin/env bash
# The whole suite: type check, unit tests, build, end-to-end in real Chromium.
# Ends with one plain line "N passed, N failed" summing both runners.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/.artifacts
rm -f tests/.artifacts/unit.json tests/.artifacts/e2e.json

status=0
echo "== typecheck"; npx tsc --noEmit || status=1
echo "== unit"; npx vitest run --reporter=default --reporter=json --outputFile.json=tests/.artifacts/unit.json || status=1
echo "== build"; npx wxt build || status=1
echo "== e2e"; npx playwright test || status=1

node scripts/summarize-tests.mjs tests/.artifacts/unit.json tests/.artifacts/e2e.json || status=1
exit $status
