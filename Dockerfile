# syntax=docker/dockerfile:1
# Parley's images, built from this repository (compose.yaml builds each target):
#   livekit  the LiveKit server (v1.13.5, built from its Go module like scripts/setup.sh does)
#   api      the API server + the web page, and the one-shot `init` that writes keys and LiveKit's config
#   agent    the agent worker with the local speech engines (Whisper, Piper, PocketSphinx, Festival,
#            flite, espeak-ng) and llama.cpp; the weights live in a volume, installed on first start
# Base images are build arguments: the official images by default; scripts/compose/local-base-images.sh
# makes local stand-ins on machines without a registry (see README "Docker Compose").
ARG NODE_IMAGE=node:20.20.2-bookworm-slim
ARG GO_IMAGE=golang:1.26.8-bookworm
ARG DEBIAN_IMAGE=debian:bookworm-slim

# ---- LiveKit server from the Go module proxy (same pinned tag as scripts/setup.sh) -------------
FROM ${GO_IMAGE} AS livekit-build
ARG LIVEKIT_VERSION=v1.13.5
# Static, stripped binary; the module and build caches stay on the builder, not in a layer.
RUN --mount=type=cache,target=/root/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOBIN=/out GOFLAGS=-mod=mod \
    go install -trimpath -ldflags='-s -w' github.com/livekit/livekit-server/cmd/server@${LIVEKIT_VERSION} \
 && mv /out/server /out/livekit-server

FROM ${DEBIAN_IMAGE} AS livekit
COPY --from=livekit-build /out/livekit-server /usr/local/bin/livekit-server
COPY scripts/compose/livekit-health.sh /usr/local/bin/livekit-health
RUN useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin parley \
 && mkdir -p /var/lib/parley/config && chown parley:parley /var/lib/parley/config
USER parley
# The config (keys, ports, node IP, webhook) is written by the init service into the shared config
# volume; wait for it, then exec so livekit-server is PID 1 and gets SIGTERM itself.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 CMD ["livekit-health"]
ENTRYPOINT ["/bin/sh", "-c", "i=0; until [ -s /var/lib/parley/config/livekit.yaml ]; do i=$((i+1)); [ $i -gt 600 ] && { echo 'no /var/lib/parley/config/livekit.yaml (is the init service done?)' >&2; exit 1; }; sleep 0.2; done; exec livekit-server --config /var/lib/parley/config/livekit.yaml \"$@\"", "livekit"]

# ---- build: npm ci, TypeScript, web client, native helper, Python speech engines ---------------
FROM ${NODE_IMAGE} AS build
# Compilers for native npm modules (better-sqlite3 builds from source when its prebuilt binary
# cannot be fetched) and for the PocketSphinx helper; python3-venv for the speech engines.
# libc6-dev is left to the base image's libc6 version.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      gcc=4:12.2.0-3 g++=4:12.2.0-3 make=4.3-4.1 libc6-dev pkg-config=1.8.1-1 \
      python3=3.11.2-1+b1 python3-venv=3.11.2-1+b1 \
      libpocketsphinx-dev=0.8+5prealpha+1-15 libsphinxbase-dev=0.8+5prealpha+1-16 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Python engines first: they change least. Same pins as scripts/setup.sh (--no-deps, every package listed).
COPY packages/speech-sidecar/python/requirements.txt /tmp/requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip \
    python3 -m venv /opt/parley/python \
 && /opt/parley/python/bin/pip install -q --disable-pip-version-check --no-deps -r /tmp/requirements.txt
COPY package.json package-lock.json .npmrc ./
COPY patches ./patches
COPY apps/agent/package.json apps/agent/
COPY apps/api/package.json apps/api/
COPY apps/launcher/package.json apps/launcher/
COPY apps/bench/package.json apps/bench/
COPY apps/web/package.json apps/web/
COPY tests/e2e/package.json tests/e2e/
COPY packages/protocol/package.json packages/protocol/
COPY packages/speech-sidecar/package.json packages/speech-sidecar/
COPY packages/audio/package.json packages/audio/
COPY packages/plugin-pocketsphinx/package.json packages/plugin-pocketsphinx/
COPY packages/plugin-local-tts/package.json packages/plugin-local-tts/
COPY packages/plugin-whisper/package.json packages/plugin-whisper/
COPY packages/plugin-echo/package.json packages/plugin-echo/
COPY packages/plugin-llama-cpp/package.json packages/plugin-llama-cpp/
COPY packages/models/package.json packages/models/
COPY packages/test-harness/package.json packages/test-harness/
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN npx tsc -b && npm run --silent build -w @parley/web >/dev/null \
 && bash packages/plugin-pocketsphinx/native/build.sh /opt/parley/bin/parley-ps-stream
# CPU images leave out llama.cpp's CUDA and Vulkan builds (≈ 600 MB); compose.gpu.yaml builds with LLAMA_CPP_GPU=cuda.
ARG LLAMA_CPP_GPU=none
# Production dependencies only, per image: the lockfile's versions, patches applied (patch-package
# is a dev tool, so it runs here and only its result is copied). Each image's tree is assembled
# under /prod/<image> and copied whole; sources, lockfile and patches are removed from it.
# --ignore-scripts: the one native build they need (better-sqlite3, same lockfile version) is copied
# from the full install above; node-llama-cpp and sharp load prebuilt binaries at run time.
RUN --mount=type=cache,target=/root/.npm \
    for target in api agent; do \
      mkdir -p /prod/$target && cp -a package.json package-lock.json .npmrc patches /prod/$target/ \
      && tar -c apps/*/package.json packages/*/package.json tests/e2e/package.json | tar -x -C /prod/$target; \
    done \
 && cd /prod/api \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error -w @parley/api -w @parley/launcher \
 && cp -a /src/node_modules/better-sqlite3/build node_modules/better-sqlite3/build \
 && cd /prod/agent \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error -w @parley/agent -w @parley/launcher \
 && /src/node_modules/.bin/patch-package >/dev/null \
 && rm -rf node_modules/@node-llama-cpp/linux-arm* node_modules/@node-llama-cpp/mac-* node_modules/@node-llama-cpp/win-* \
 && if [ "$LLAMA_CPP_GPU" = none ]; then rm -rf node_modules/@node-llama-cpp/linux-x64-cuda* node_modules/@node-llama-cpp/linux-x64-vulkan; fi \
 && cd /src \
 && for d in packages/protocol apps/launcher apps/api; do cp -a $d/dist /prod/api/$d/; done \
 && cp -a apps/web/dist /prod/api/apps/web/ \
 && for d in packages/* apps/launcher apps/agent; do [ -d $d/dist ] && cp -a $d/dist /prod/agent/$d/ || true; done \
 && cp -a packages/plugin-pocketsphinx/native /prod/agent/packages/plugin-pocketsphinx/ \
 && cp -a packages/speech-sidecar/python /prod/agent/packages/speech-sidecar/ \
 && for target in api agent; do \
      rm -rf /prod/$target/package-lock.json /prod/$target/patches /prod/$target/.npmrc /prod/$target/apps/bench /prod/$target/tests \
      && find /prod/$target -name '*.tsbuildinfo' -delete; \
    done

# ---- runtime bases: non-root user, no compilers ------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
RUN useradd --system --uid 10001 --home-dir /home/parley --create-home --shell /usr/sbin/nologin parley \
 && mkdir -p /var/lib/parley/config /var/lib/parley/data /var/lib/parley/models /var/lib/parley/logs \
 && chown -R parley:parley /var/lib/parley
ENV NODE_ENV=production PARLEY_CONFIG_DIR=/var/lib/parley/config PARLEY_STATE_DIR=/var/lib/parley/data PARLEY_LOG_DIR=/var/lib/parley/logs
WORKDIR /app

# ---- API + web page (+ init) -------------------------------------------------------------------
FROM runtime AS api
COPY --from=build /prod/api ./
USER parley
# Node is PID 1 (no npm, no shell): SIGTERM reaches the server directly.
ENTRYPOINT ["node", "apps/launcher/dist/container.js"]
CMD ["api"]
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "apps/launcher/dist/container-health.js", "api"]

# ---- agent worker with the local engines -------------------------------------------------------
FROM runtime AS agent
# The engines' runtime packages only (the same ones scripts/setup.sh installs, minus compilers).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3=3.11.2-1+b1 libpocketsphinx3=0.8+5prealpha+1-15 libsphinxbase3=0.8+5prealpha+1-16 \
      pocketsphinx-en-us=0.8+5prealpha+1-15 \
      festival=1:2.5.0-9 festvox-us-slt-hts=0.2010.10.25-4 flite=2.2-5 espeak-ng=1.51+dfsg-10+deb12u2 \
      sox=14.4.2+git20190427-3.5 libgomp1 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/parley /opt/parley
COPY --from=build /prod/agent ./
ENV PARLEY_PYTHON=/opt/parley/python/bin/python PARLEY_PS_STREAM_BIN=/opt/parley/bin/parley-ps-stream \
    PARLEY_MODELS_DIR=/var/lib/parley/models
USER parley
ENTRYPOINT ["node", "apps/launcher/dist/container.js"]
CMD ["agent"]
HEALTHCHECK --interval=5s --timeout=3s --start-period=600s --retries=3 \
  CMD ["node", "apps/launcher/dist/container-health.js", "agent"]
