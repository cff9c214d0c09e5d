#!/usr/bin/env bash
# Brings the whole system up on this machine: installs what is missing, then starts LiveKit,
# the agent worker and the API server (which serves the web page), and prints the URL.
# Ctrl-C stops every process it started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
exec node "$ROOT/apps/launcher/dist/main.js"
