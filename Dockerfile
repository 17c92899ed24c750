# syntax=docker/dockerfile:1
# The image of one Sesame service. From the repository root (one workspace, one lockfile):
#   docker build --build-arg SERVICE=identity --build-arg PORT=3001 -t sesame/identity:<version> .
# SERVICE is gateway, identity, importer, mailmerge or console; PORT the port it listens on (the
# service's default: 3000 to 3004 in that order). Runs as uid 1000 (not root) on a read-only root
# filesystem in Kubernetes (deploy/k8s); writes only to /tmp (and mailmerge and the importer to /var/lib/sesame).
ARG NODE_IMAGE=node:20-bookworm-slim

# Every package.json of the workspace and nothing else, so that the `npm ci` layers below are
# reused until a dependency changes.
FROM ${NODE_IMAGE} AS manifests
ARG SERVICE
ARG PORT
RUN case "$SERVICE" in gateway|identity|importer|mailmerge|console) ;; \
      *) echo "--build-arg SERVICE=<gateway|identity|importer|mailmerge|console> is required" >&2; exit 1 ;; esac \
 && case "$PORT" in ''|*[!0-9]*) echo "--build-arg PORT=<the port ${SERVICE} listens on> is required" >&2; exit 1 ;; esac
WORKDIR /workspace
COPY . .
RUN mkdir /manifests \
 && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /manifests/ \;

# Compiles the service and the libraries it references (tsc -b follows the project references); the
# console also bundles its web pages, which import what they share with the API from libs/.
FROM ${NODE_IMAGE} AS build
ARG SERVICE
WORKDIR /workspace
COPY --from=manifests /manifests/ ./
COPY package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.base.json ./
COPY libs/ libs/
COPY services/${SERVICE}/ services/${SERVICE}/
RUN npx tsc -b services/${SERVICE} \
 && if [ "$SERVICE" = console ]; then npx tsc -b libs/contracts && npm run --workspace @sesame/console build:web; fi \
 && rm -rf libs/*/src libs/*/tsconfig.json \
 && find libs services/${SERVICE}/dist \( -name '*.d.ts' -o -name '.tsbuildinfo' \) -delete

# The production dependencies of this service and of the libraries it links: no compiler, no tests.
FROM ${NODE_IMAGE} AS dependencies
ARG SERVICE
WORKDIR /workspace
COPY --from=manifests /manifests/ ./
COPY package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts --omit=dev --workspace @sesame/${SERVICE}

FROM ${NODE_IMAGE}
ARG SERVICE
ARG PORT
ENV NODE_ENV=production PORT=${PORT}
WORKDIR /app
# Owned by root, read-only for the service: the code cannot be changed by the process running it.
COPY --from=dependencies /workspace/node_modules node_modules
COPY --from=build /workspace/libs libs
COPY --from=build /workspace/services/${SERVICE}/package.json services/${SERVICE}/package.json
COPY --from=build /workspace/services/${SERVICE}/dist services/${SERVICE}/dist
# From a pod (docs/operations.md): `node scripts/dlq-replay.cjs <queue>` sends dead letters back to
# their queue; `node scripts/queues.cjs` lists the jobs and messages waiting in every queue.
COPY scripts/dlq-replay.cjs scripts/queues.cjs scripts/
# `node main.js` whatever the service (the exec form of CMD cannot read SERVICE), also with
# `--migrate-only`. Node runs the link's target, beside its modules.
# /var/lib/sesame: mount point of mailmerge's documents volume (DOCUMENTS_DIR, MAIL_OUTBOX_DIR); a
# Docker volume created there takes this owner, so the service can write to it (Kubernetes uses
# fsGroup instead).
RUN ln -s services/${SERVICE}/dist/main.js main.js \
 && mkdir -p /var/lib/sesame && chown 1000:1000 /var/lib/sesame
USER 1000:1000
EXPOSE ${PORT}
HEALTHCHECK --interval=15s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node receives SIGTERM itself (exec form, PID 1) and stops gracefully within 25 s.
CMD ["node", "main.js"]
