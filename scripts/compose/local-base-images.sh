#!/usr/bin/env bash
# Makes the base images the compose build needs on a machine with no image registry (podman only,
# Debian's packages only). Users with Docker Hub never need this: compose.yaml defaults to the
# official node / golang / debian images. Idempotent: an image that exists is kept.
#   localhost/parley-debian:bookworm   mmdebstrap minbase + this machine's CA bundle (for DEBIAN_IMAGE)
#   localhost/parley-node:20-bookworm  the above + this machine's Node 20 (for NODE_IMAGE)
#   localhost/parley-go:1.26-bookworm  the above + this machine's Go toolchain (for GO_IMAGE)
# Node and Go are copied from the host because Debian 12 ships Node 18 and Go 1.19, older than the
# project needs (Node ≥ 20.18, Go ≥ 1.26 for LiveKit v1.13.5); the copies are laid out as in the
# official images (/usr/local/bin/node, /usr/local/go), and their versions are written on the image.
set -euo pipefail
have() { podman image exists "$1"; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

if ! have localhost/parley-debian-minbase:bookworm; then
  command -v mmdebstrap >/dev/null || { echo "local-base-images: apt-get install mmdebstrap" >&2; exit 1; }
  echo "[base] mmdebstrap bookworm (minbase)"
  mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$work/base.tar"
  podman import --change 'CMD ["/bin/bash"]' "$work/base.tar" localhost/parley-debian-minbase:bookworm >/dev/null
  rm -f "$work/base.tar"
fi

if ! have localhost/parley-debian:bookworm; then
  # This machine's trust store: its network may inspect TLS with a CA of its own (npm, PyPI and the
  # Go proxy then fail with "certificate signed by unknown authority" inside the build). Public
  # certificates only; the official images need none of this.
  cp /etc/ssl/certs/ca-certificates.crt "$work/ca-certificates.crt"
  cat > "$work/Containerfile" <<CF
FROM localhost/parley-debian-minbase:bookworm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
CF
  echo "[base] bookworm with this machine's CA bundle"
  podman build -q -t localhost/parley-debian:bookworm -f "$work/Containerfile" "$work" >/dev/null
fi

if ! have localhost/parley-node:20-bookworm; then
  node_bin="$(readlink -f "$(command -v node)")"
  node_version="$("$node_bin" --version)"
  case "$node_version" in v20.*) ;; *) echo "local-base-images: need the host's node to be v20 (found $node_version)" >&2; exit 1 ;; esac
  npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
  mkdir -p "$work/node/bin" "$work/node/lib/node_modules"
  cp "$node_bin" "$work/node/bin/node"
  cp -a "$(readlink -f "$npm_dir")" "$work/node/lib/node_modules/npm"
  # Node's headers, for native modules (better-sqlite3) that node-gyp compiles: the official image
  # lets node-gyp download them from nodejs.org, which this machine cannot reach.
  node_include="$(dirname "$node_bin")/../include/node"
  [ -f "$node_include/node.h" ] || { echo "local-base-images: no Node headers at $node_include" >&2; exit 1; }
  mkdir -p "$work/node/include"
  cp -a "$node_include" "$work/node/include/node"
  cat > "$work/Containerfile" <<CF
FROM localhost/parley-debian:bookworm
COPY node/bin/node /usr/local/bin/node
COPY node/lib/node_modules/npm /usr/local/lib/node_modules/npm
COPY node/include/node /usr/local/include/node
ENV npm_config_nodedir=/usr/local
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
LABEL org.opencontainers.image.description="Debian 12 minbase + host Node $node_version (local stand-in for node:20-bookworm-slim)"
CMD ["node"]
CF
  echo "[base] node $node_version on bookworm"
  podman build -q -t localhost/parley-node:20-bookworm -f "$work/Containerfile" "$work" >/dev/null
  rm -rf "$work/node"
fi

if ! have localhost/parley-go:1.26-bookworm; then
  goroot="$(go env GOROOT)"
  go_version="$(go env GOVERSION)"
  case "$go_version" in go1.2[6-9]*|go1.[3-9]*) ;; *) echo "local-base-images: need Go ≥ 1.26 on the host (found $go_version)" >&2; exit 1 ;; esac
  cp -a "$goroot" "$work/go"
  cat > "$work/Containerfile" <<CF
FROM localhost/parley-debian:bookworm
COPY go /usr/local/go
ENV PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin GOTOOLCHAIN=local
LABEL org.opencontainers.image.description="Debian 12 minbase + host $go_version (local stand-in for golang:1.26-bookworm)"
CF
  echo "[base] $go_version on bookworm"
  podman build -q -t localhost/parley-go:1.26-bookworm -f "$work/Containerfile" "$work" >/dev/null
  rm -rf "$work/go"
fi
podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'parley-(debian|node|go)' || true
