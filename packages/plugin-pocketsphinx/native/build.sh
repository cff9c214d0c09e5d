#!/usr/bin/env bash
# Build the long-lived PocketSphinx recognizer used by @parley/plugin-pocketsphinx.
#
# Usage: native/build.sh OUTPUT_PATH
#   e.g. packages/plugin-pocketsphinx/native/build.sh .parley/bin/parley-ps-stream
#
# Build dependencies (Debian/Ubuntu):
#   apt-get install -y gcc libc6-dev pkg-config libpocketsphinx-dev libsphinxbase-dev
# Runtime dependencies:
#   apt-get install -y libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us
set -euo pipefail

if [ "$#" -ne 1 ]; then
  echo "usage: $0 OUTPUT_PATH" >&2
  exit 2
fi
out="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cc="${CC:-cc}"

if ! command -v pkg-config >/dev/null 2>&1; then
  echo "error: pkg-config not found; run: apt-get install -y pkg-config" >&2
  exit 1
fi
if ! pkg-config --exists pocketsphinx sphinxbase; then
  echo "error: pocketsphinx/sphinxbase development files not found;" >&2
  echo "       run: apt-get install -y libpocketsphinx-dev libsphinxbase-dev" >&2
  exit 1
fi

mkdir -p "$(dirname "$out")"
tmp="${out}.tmp.$$"
# shellcheck disable=SC2046
"$cc" -O2 -std=c11 -Wall -Wextra -Wno-unused-parameter \
  -o "$tmp" "$here/ps_stream.c" \
  $(pkg-config --cflags pocketsphinx sphinxbase) \
  -lpocketsphinx -lsphinxbase -lm
mv -f "$tmp" "$out"
echo "built $out"
