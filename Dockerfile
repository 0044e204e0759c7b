# oemscan image: build stage compiles TypeScript, runtime stage runs as the unprivileged
# `node` user. BASE is an argument so CI can build on a local stand-in image without a
# registry (see scripts/ and the service issue); real Docker users get the official image.
ARG BASE=node:20-bookworm-slim

FROM ${BASE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY fingerprints ./fingerprints
COPY schemas ./schemas
# `npm ci` runs the prepare script, which compiles src/ to dist/.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM ${BASE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/fingerprints ./fingerprints
COPY --from=build /app/schemas ./schemas
COPY --from=build /app/src/policy/packs ./src/policy/packs
COPY --from=build /app/src/lab/profiles ./src/lab/profiles
USER node
# Multicast discovery on the site LAN needs `--network host`; unicast scans work either way.
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["--help"]
