# oemscan image. The build stage compiles TypeScript and the native SQLite binding; the
# runtime stage carries only production modules, compiled code and data, and runs as the
# unprivileged `node` user with its history on the /data volume. BASE is an argument so a
# machine without a registry can build on a local stand-in (scripts/verify-container.sh);
# real Docker users get the official image.
ARG BASE=node:24-bookworm-slim

FROM ${BASE} AS build
# better-sqlite3 compiles from source when no prebuilt binary can be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY fingerprints ./fingerprints
COPY schemas ./schemas
# `npm ci` runs the prepare script, which compiles src/ to dist/.
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
      node_modules/better-sqlite3/build/Release/obj* node_modules/better-sqlite3/build/Release/.deps

FROM ${BASE}
ENV NODE_ENV=production \
    OEMSCAN_DATA=/data \
    OEMSCAN_LISTEN=0.0.0.0:8080
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/fingerprints ./fingerprints
COPY --from=build /app/schemas ./schemas
COPY --from=build /app/src/policy/packs ./src/policy/packs
COPY --from=build /app/src/lab/profiles ./src/lab/profiles
COPY --from=build /app/src/serve/dashboard ./src/serve/dashboard
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "/app/dist/cli/main.js", "healthcheck"]
# Multicast discovery on the site LAN needs `--network host`; unicast scans work either way.
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["serve"]
