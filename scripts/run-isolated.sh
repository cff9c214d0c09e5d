#!/usr/bin/env bash
# Runs a command in a private network namespace that only this command can see: loopback plus
# a veth pair whose both ends stay inside it. WebRTC stacks (libwebrtc in Node and Chromium)
# gather no ICE candidates on loopback, so LiveKit advertises the veth address instead
# (PARLEY_NODE_IP). Nothing in the namespace can reach any other host.
set -euo pipefail
if [ "$#" -eq 0 ]; then echo "usage: run-isolated.sh COMMAND [ARGS…]" >&2; exit 2; fi
command -v unshare >/dev/null || { echo "run-isolated: unshare (util-linux) is required" >&2; exit 1; }
command -v ip >/dev/null || { echo "run-isolated: ip (iproute2) is required" >&2; exit 1; }
# 198.18.0.0/15 is reserved for network benchmarking (RFC 2544): it belongs to no real host.
exec unshare -n -- bash -c '
  set -e
  ip link set lo up
  ip link add parley-a type veth peer name parley-b
  ip addr add 198.18.0.1/24 dev parley-a
  ip addr add 198.18.0.2/24 dev parley-b
  ip link set parley-a up
  ip link set parley-b up
  export PARLEY_NODE_IP=198.18.0.1
  exec "$@"' run-isolated "$@"
