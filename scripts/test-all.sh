#!/usr/bin/env bash
# The whole suite: type check, unit tests, catalog server tests (PGlite), build, end-to-end in
# real Chromium, the real-page suite, then the Firefox build, its web-ext lint and the smoke test in Debian's Firefox
# ESR. Ends with one plain line "N passed, N failed" summing every runner, including the server
# suite on PostgreSQL when server/ci-postgres.sh ran before (CI does).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/.artifacts
rm -f tests/.artifacts/unit.json tests/.artifacts/server.json tests/.artifacts/e2e.json tests/.artifacts/reference.json tests/.artifacts/firefox.json

status=0
echo "== typecheck"; npx tsc --noEmit || status=1
echo "== unit"; npx vitest run --reporter=default --reporter=json --outputFile.json=tests/.artifacts/unit.json || status=1
echo "== server (PGlite)"; env -u DATABASE_URL npx vitest run -c tests/server/vitest.config.ts --reporter=default --reporter=json --outputFile.json=tests/.artifacts/server.json || status=1
echo "== build"; npx wxt build || status=1
echo "== e2e"; npx playwright test || status=1
# The real saved pages of ../shared/reference-pages (REFERENCE_PAGES elsewhere); skipped, with one
# message, on a machine that does not have them.
echo "== real pages"; npx playwright test -c tests/reference || status=1
echo "== build (Firefox)"; npx wxt build -b firefox || status=1
# Mozilla's linter: an error or a warning not known to be library code fails the run.
echo "== web-ext lint (Firefox)"; node scripts/lint-firefox.mjs || status=1
echo "== Firefox smoke"; npx vitest run -c tests/firefox/vitest.config.ts --reporter=default --reporter=json --outputFile.json=tests/.artifacts/firefox.json || status=1

node scripts/summarize-tests.mjs tests/.artifacts/unit.json tests/.artifacts/server.json tests/.artifacts/e2e.json tests/.artifacts/reference.json tests/.artifacts/firefox.json '?tests/.artifacts/server-postgres.json' || status=1
exit $status
