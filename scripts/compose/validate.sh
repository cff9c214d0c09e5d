#!/usr/bin/env bash
# Validates compose.yaml (+ the GPU overlay) with docker-compose's own parser, as CI does: cheap, no
# images. Installs Debian's docker-compose (1.29) when it is missing (≈ 20 s; later runs skip it).
# podman-compose 1.0.3 (Debian 12) has no `config` command, so it cannot be used for this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if ! command -v docker-compose >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
docker-compose -f compose.yaml config -q
docker-compose -f compose.yaml -f compose.gpu.yaml config -q
docker-compose -f compose.yaml --profile postgres --profile redis config --services >/dev/null
echo "compose files valid ($(docker-compose version --short))"
