# One image for every service; compose picks the entry point per service.
FROM oven/bun:1
WORKDIR /app
COPY package.json bun.lock bunfig.toml ./
COPY packages/shared/package.json packages/shared/
COPY packages/cli/package.json packages/cli/
COPY services/controller/package.json services/controller/
COPY services/robot-bridge/package.json services/robot-bridge/
COPY services/vr-ingest/package.json services/vr-ingest/
COPY services/recorder/package.json services/recorder/
COPY packages/recording/package.json packages/recording/
COPY services/foxglove/package.json services/foxglove/
RUN bun install --frozen-lockfile --production
COPY packages packages
COPY services services
ENV HEALTH_FILE=/tmp/healthy
