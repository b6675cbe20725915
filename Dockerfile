# syntax=docker/dockerfile:1
# Наставник: build with dev dependencies, run with production dependencies only.
#   docker build -t nastavnik .
#   docker run --env-file .env -p 8080:8080 -v nastavnik-data:/data nastavnik

ARG NODE_IMAGE=node:24-slim

# ---- build: compile TypeScript (src/ and migrations/) into dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
# npm run build goes through the launcher (it only checks the Node version here: the image has Node 24).
COPY scripts/node-launcher.mjs ./scripts/
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# Migrations are compiled into dist/migrations and imported statically, so no .ts is read at run time.
COPY --from=build /app/dist ./dist
# Fluent messages are read at start from /app/locales (dist/src/i18n -> ../../../locales).
COPY locales ./locales
# Embedded PGlite keeps its files here when DATABASE_URL is not set; owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Liveness only (the process answers); readiness with the database check is /readyz, for load balancers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node runs as PID 1 (exec form) and handles SIGTERM itself: a graceful shutdown within 8 s. The heap
# flags are the launcher's SERVICE_NODE_FLAGS (scripts/node-launcher.mjs; a test keeps them equal):
# without them V8 sizes the young generation for the host's memory and the service idles at 300+ MB.
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=20", "dist/src/main.js"]
