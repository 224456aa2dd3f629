# Production image: Next.js standalone output behind the lean API server, run as a non-root user.
# Build: docker build -t concert-booking .   Run: see docker-compose.yml.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# Install scripts apply patches/ and generate the Prisma client from the schema.
COPY package.json package-lock.json prisma.config.ts ./
COPY patches ./patches
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1 NEXT_OUTPUT=standalone
# The standalone output runs Next.js's own server.js; it is replaced by the production entry
# (src/server/http/server.ts, compiled into one file): the API served straight from the tRPC
# procedures, every other request handed to Next.js from the same standalone output.
RUN npm run build && node --import tsx src/server/http/build-server.ts .next/standalone/server.js

FROM node:20-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
RUN groupadd --system app && useradd --system --gid app --no-create-home app
COPY --from=build --chown=app:app /app/.next/standalone ./
COPY --from=build --chown=app:app /app/.next/static ./.next/static
COPY --from=build --chown=app:app /app/public ./public
# Applied by the app itself at start (under an advisory lock, so replicas may start together).
COPY --from=build --chown=app:app /app/prisma/migrations ./prisma/migrations
USER app
EXPOSE 3000
HEALTHCHECK --interval=5s --timeout=3s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "server.js"]
