#!/usr/bin/env bash
# Runs every test: unit tests, then end-to-end tests against the real stack (LiveKit server,
# agent worker, API, Chromium) inside a loopback-only network namespace.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh --with-tests || exit 1
mkdir -p test-results
# setup --with-tests installed the neural speech engines: their tests must run, not skip.
export PARLEY_REQUIRE_NEURAL_SPEECH=1

echo "=== compose files (docker-compose config) ==="
# Cheap: the files only; building and running the images is `npm run test:compose` (too long for CI).
bash scripts/compose/validate.sh
compose_status=$?

echo "=== unit tests ==="
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/unit.json
unit_status=$?

echo "=== end-to-end tests (real LiveKit, agent, browser; loopback-only namespace) ==="
# NODE_ENV=production keeps @livekit/rtc-node's debug logging out of the test output.
# --test-force-exit: @livekit/rtc-node's native client keeps a test file's process alive after its
# last test, and the runner would wait for it forever. --test-timeout (ms) bounds a hung test file.
NODE_ENV=production bash scripts/run-isolated.sh node --test --test-concurrency=1 --test-force-exit --test-timeout=1200000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=test-results/e2e.tap \
  tests/e2e/dist/*.test.js tests/e2e/dist/cluster/*.test.js
e2e_status=$?

node scripts/summarize-tests.mjs test-results/unit.json test-results/e2e.tap
[ "$compose_status" = 0 ] && [ "$unit_status" = 0 ] && [ "$e2e_status" = 0 ]
