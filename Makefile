# The commands a person types. `make demo` and `make test` work on a fresh
# Debian machine: both install what they need first (scripts/setup.sh).
.PHONY: setup run dev demo test test-compose check format up down bench bench-scale bench-transport bench-busy2 bench-wakeups bench-export faults

TEST_TIMEOUT_MS ?= 60000

setup:
	@bash scripts/setup.sh

## The whole stack on the simulated operator and arm until Ctrl-C (nats-server started when NATS_URL is unset).
run: setup
	bun packages/cli/src/main.ts run

## The same, restarting a service when its source (its folder or a package it uses) changes.
dev: setup
	bun packages/cli/src/main.ts run --watch

## One scripted pick-and-place demonstration, recorded, verified and summarised, then everything stops.
demo: setup
	bun packages/cli/src/main.ts demo

## The test suite (real nats-server, real Chromium, a real Python peer, LeRobot's parquet/video readers).
test: setup
	@bash scripts/lerobot-check-env.sh >/dev/null
	bun test --timeout $(TEST_TIMEOUT_MS)

## The stack under a real Docker engine with the project's Dockerfile and compose files (installs docker.io and Compose v2, starts dockerd, builds the base images; as root).
test-compose: setup
	bash scripts/test-compose.sh

## Formatter/linter and type check.
check: setup
	bun x biome check .
	bun x tsc --noEmit -p .

format:
	bun x biome check --write .

## The benchmark: the whole stack against the sequential baseline (BENCH_SECONDS=30, BENCH_WARMUP=30, BENCH_SCENARIO=rtt150|rtt500|stall|viewer-stall, BENCH_BUSY=1); table + bench/results/latest.json.
bench: setup
	bun bench/main.ts

## Scaling probe: control at 40/200/500/1000 Hz with 1/4/8 rigs on one nats-server; table + bench/results/scale.json.
bench-scale: setup
	bun bench/scale.ts

## CPU per message on the node transport against the Bun transport, one nats-server, one run; table + bench/results/transport.json.
bench-transport: setup
	bun bench/transport.ts

## Both cores saturated by two spinning processes: the stack at normal priority and with REALTIME=fifo:10 (BENCH_REALTIME), one run; table + bench/results/busy2.json. Needs root.
bench-busy2: setup
	bun bench/busy2.ts

## What a service pays to receive a stream: 150 messages/s each on its own, in 40 bursts/s, and none, to a 40 Hz sampling subscriber; bench/results/wakeups.json.
bench-wakeups: setup
	bun bench/wakeups.ts

## Export speed: a 30 s episode with two 640x480 cameras to a LeRobot dataset (AV1 and H.264), as a multiple of real time; bench/results/export.json.
bench-export: setup
	bun bench/exportBench.ts

## The fault suite: every fault on the simulated stack during a recording (kills, NATS restart, robot stalls/errors/drops, VR loss, bad input); table + RELIABILITY.md.
faults: setup
	bun test/faults/run.ts

## The stack in Docker (needs a Docker engine): as you (recordings are yours), the headset URL on this machine's address.
TELEOP_UID ?= $(shell id -u)
TELEOP_GID ?= $(shell id -g)
WEBXR_PUBLIC_HOST ?= $(shell hostname -I 2>/dev/null | cut -d' ' -f1)
up:
	mkdir -p recordings
	TELEOP_UID=$(TELEOP_UID) TELEOP_GID=$(TELEOP_GID) WEBXR_PUBLIC_HOST=$(WEBXR_PUBLIC_HOST) docker compose up --build

down:
	docker compose down
