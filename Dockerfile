# One image for every service; compose picks the entry point per service.
FROM oven/bun:1
# ffmpeg: the camera service's capture (UVC) and JPEG encoding (simulated cameras).
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends ffmpeg \
  && rm -rf /var/lib/apt/lists/*
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
COPY services/camera/package.json services/camera/
RUN bun install --frozen-lockfile --production
COPY packages packages
COPY services services
ENV HEALTH_FILE=/tmp/healthy
