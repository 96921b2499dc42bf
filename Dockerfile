# One image for every service; compose picks the entry point per service.
FROM oven/bun:1
# ffmpeg: the camera service's capture (UVC) and JPEG encoding (simulated cameras).
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends ffmpeg \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The whole workspace (see .dockerignore): every package's manifest is in the lockfile.
COPY . .
RUN bun install --frozen-lockfile --production
# Each service as one file (services/<name>/dist/main.js): about 5 MB less memory each than its modules.
RUN bun packages/cli/src/serviceBundles.ts
# Named volumes start as copies of these folders, so the services can write
# them whichever user the stack runs as (TELEOP_UID / TELEOP_GID).
RUN mkdir -p /certs /recordings && chmod 1777 /certs /recordings
ENV HEALTH_FILE=/tmp/healthy
# Not root: compose runs the services as the user who starts the stack.
USER 1000:1000
