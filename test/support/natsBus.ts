/**
 * One test file's NATS: a nats-server on a free port and a connected Bus,
 * started in beforeAll and stopped in afterAll (pass or fail), plus the
 * services the file launches against it.
 */
import { afterAll, beforeAll } from "bun:test";
import type { Bus } from "@teleop/shared/bus";
import { testBus } from "./bus";
import { NatsServer, type NatsServerOptions } from "./natsServer";
import { ServiceProcess } from "./serviceProcess";

export type ServiceName = "vr-ingest" | "controller" | "robot-bridge" | "recorder";

export interface LaunchOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Another entry point than services/<name>/src/main.ts (a CLI command, a test peer). */
  script?: string;
}

export interface NatsBus {
  readonly nats: NatsServer;
  readonly bus: Bus;
  /** Start a service as its own process pointed at this server; stopped at the end if still running. */
  launch(name: ServiceName | "cli", o?: LaunchOptions): ServiceProcess;
  /** Teardown that needs the bus (stop publishers, services): runs at the end, before it closes. */
  onClose(fn: () => void | Promise<void>): void;
}

export function useNatsBus(opts: NatsServerOptions = {}): NatsBus {
  let nats: NatsServer | undefined;
  let bus: Bus | undefined;
  const launched: ServiceProcess[] = [];
  const closers: (() => void | Promise<void>)[] = [];
  beforeAll(async () => {
    nats = await NatsServer.start(opts);
    bus = await testBus(nats.url);
  });
  afterAll(async () => {
    try {
      for (const fn of closers) await fn();
    } finally {
      for (const p of launched) await p.stop();
      await bus?.close();
      await nats?.dispose();
    }
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is used before beforeAll started it`);
    return value;
  };
  return {
    get nats() {
      return started(nats, "nats-server");
    },
    get bus() {
      return started(bus, "the test bus");
    },
    launch(name, o = {}) {
      const script =
        o.script ?? (name === "cli" ? "packages/cli/src/main.ts" : `services/${name}/src/main.ts`);
      const env = { NATS_URL: started(nats, "nats-server").url, ...o.env };
      const p = new ServiceProcess({ script, env, args: o.args });
      launched.push(p);
      return p;
    },
    onClose(fn) {
      closers.push(fn);
    },
  };
}
