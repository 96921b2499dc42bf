/**
 * Service lifecycle shared by every main.ts: config, logger, NATS connection,
 * health, and a graceful shutdown on SIGINT/SIGTERM that runs the service's
 * own stop steps, drains NATS and exits 0 within the deadline.
 */
import { rmSync } from "node:fs";
import type { HeldReads } from "@teleop/nats-bun/HeldReads";
import { Bus } from "./bus";
import { type ConfigOf, commonSpecs, loadConfigOrExit, type Specs } from "./config";
import { HealthReporter } from "./health";
import { createLogger, type Logger } from "./log";
import { applyRealtime, parseRealtime } from "./realtime";
import { Counters } from "./stats";

export const SHUTDOWN_DEADLINE_MS = 5000;
/**
 * Longest wait for one stop step and for the NATS drain. A step that needs
 * NATS (releasing the lease) waits for a server that may be gone: bounded, the
 * service still exits well inside the deadline (and inside `teleop run`'s 4.5 s).
 */
export const SHUTDOWN_STEP_MS = 1000;

async function bounded(work: Promise<unknown> | unknown, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([Promise.resolve(work).then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ServiceContext<S extends Specs> {
  config: ConfigOf<typeof commonSpecs> & ConfigOf<S>;
  log: Logger;
  bus: Bus;
  counters: Counters;
  health: HealthReporter;
  /** Register a step to run on shutdown (in reverse order of registration). */
  onShutdown(step: () => void | Promise<void>): void;
  /**
   * Logs `ready` once the server holds every subscription made so far (one
   * flush round trip): whoever waits for that line and then publishes is heard.
   */
  ready(fields?: Record<string, unknown>): Promise<void>;
}

export interface ServiceOptions {
  /** Reads of the NATS socket the service holds at times (the robot bridge, during a robot call). */
  heldReads?: HeldReads;
}

export async function startService<S extends Specs>(
  service: string,
  specs: S,
  options: ServiceOptions = {},
): Promise<ServiceContext<S>> {
  const config = loadConfigOrExit(service, {
    ...commonSpecs,
    ...specs,
  }) as ServiceContext<S>["config"];
  const log = createLogger(service, config.logLevel);
  const realtime = parseRealtime(config.realtime);
  if (realtime.kind !== "off") {
    const applied = applyRealtime(realtime);
    if (applied.ok) log.info("scheduling", { realtime: config.realtime, applied: applied.detail });
    else
      log.warn(`REALTIME=${config.realtime} not applied; running at normal priority`, {
        why: applied.detail,
      });
  }
  // A file left by a previous life (a container restarted after a crash) must not pass the healthcheck.
  if (config.healthFile) rmSync(config.healthFile, { force: true });
  const bus = await Bus.connect({
    url: config.natsUrl,
    service,
    instance: config.instance,
    prefix: config.prefix,
    log,
    user: config.natsUser || undefined,
    password: config.natsPassword || undefined,
    token: config.natsToken || undefined,
    nkeySeedFile: config.natsNkeySeedFile || undefined,
    tlsCaFile: config.natsTlsCa || undefined,
    heldReads: options.heldReads,
  });
  const counters = new Counters();
  const health = new HealthReporter({
    bus,
    service,
    instance: config.instance,
    counters,
    healthFile: config.healthFile || undefined,
  });
  const steps: Array<() => void | Promise<void>> = [];
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    const killer = setTimeout(() => {
      log.error("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    health.stop();
    for (const step of steps.reverse()) {
      try {
        if (!(await bounded(step(), SHUTDOWN_STEP_MS))) {
          log.warn(`a shutdown step took over ${SHUTDOWN_STEP_MS} ms; going on without it`);
        }
      } catch (err) {
        log.error("shutdown step failed", { error: err });
      }
    }
    // The drain waits for the server's reply, which a held socket would not read.
    await options.heldReads?.release();
    if (!(await bounded(bus.close(), SHUTDOWN_STEP_MS))) {
      log.warn("NATS did not drain in time; closing without draining");
    }
    clearTimeout(killer);
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  health.start();

  return {
    config,
    log,
    bus,
    counters,
    health,
    onShutdown: (step) => steps.push(step),
    ready: async (fields) => {
      await bus.flush();
      log.info("ready", fields);
    },
  };
}
