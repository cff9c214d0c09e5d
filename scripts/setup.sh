#!/usr/bin/env bash
# Installs and builds everything Parley needs on a Debian-family machine. Safe to re-run:
# each step checks first and does nothing when it is already done.
#   bash scripts/setup.sh               runtime: system packages, npm packages, LiveKit server, builds
#   bash scripts/setup.sh --with-tests  also what the test suite needs (Chromium, ffmpeg, …)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.parley"
LIVEKIT_VERSION="v1.13.5"
LIVEKIT_MODULE="github.com/livekit/livekit-server/cmd/server"

RUNTIME_PACKAGES=(pocketsphinx pocketsphinx-en-us libpocketsphinx-dev libsphinxbase-dev pkg-config gcc libc6-dev
  festival festvox-us-slt-hts flite espeak-ng sox)
TEST_PACKAGES=(chromium ffmpeg iproute2 util-linux postgresql)

with_tests=0
for arg in "$@"; do
  case "$arg" in
    --with-tests) with_tests=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

# --- system packages -------------------------------------------------------------------------
wanted=("${RUNTIME_PACKAGES[@]}")
[ "$with_tests" = 1 ] && wanted+=("${TEST_PACKAGES[@]}")
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
say "ready"
