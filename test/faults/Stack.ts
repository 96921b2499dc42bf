/**
 * The whole simulated stack for one fault run: a real nats-server (JetStream,
 * so the controller's calibration survives its restart), the four services
 * as their own Bun processes started the way `make run` starts them, a bus
 * connection that watches every stream, and the recordings folder. Services
 * can be killed with SIGKILL and started again; the server stopped and
 * restarted on its port. Every service's log is kept for the artifacts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Bus } from "@teleop/shared/bus";
import { type RecorderReply, RecorderReplyMsg } from "@teleop/shared/messages";
import { testBus } from "../support/bus";
import { freePort, NatsServer } from "../support/natsServer";
import { REPO_ROOT, ServiceProcess } from "../support/serviceProcess";
import { StreamLog } from "./StreamLog";

export const SERVICES = ["robot-bridge", "controller", "recorder", "vr-ingest"] as const;
export type ServiceName = (typeof SERVICES)[number];

export const SCENARIO_DIR = join(import.meta.dir, "scenarios");
export const ARTIFACTS_DIR = join(REPO_ROOT, "test-artifacts", "faults");
/** The WebXR source's pairing code in fault runs (the headset stand-in sends it). */
export const PAIRING_CODE = "FAULT7";

export interface StackOptions {
  /** Names the artifacts folder (service logs). */
  name: string;
  /** sim: the scripted operator in vr-ingest; webxr: the suite's headset stand-in drives. */
  vr: "sim" | "webxr";
  /** Scenario file name in test/faults/scenarios (sim operator or headset stand-in). */
  scenario: string;
  /** Extra environment per service (robot latency, SIM_FAULT, ...). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

/** The sim arm's round trip is cut to 3 x 5 ms: no fault here needs the seed's 150 ms. */
const FAST_ROBOT = { ROBOT_BACKEND: "sim", SIM_STEPS: "3", SIM_STEP_MS: "5" };
const READY = /\bready\b/;
const READY_TIMEOUT_MS = 30_000;

export class Stack {
  readonly procs = new Map<ServiceName, ServiceProcess>();
  private readonly logs = new Map<ServiceName, string[]>();
  private readonly env: Record<ServiceName, Record<string, string>>;

  private constructor(
    readonly o: StackOptions,
    readonly nats: NatsServer,
    readonly bus: Bus,
    readonly watch: StreamLog,
    readonly recordingsDir: string,
    readonly webxrPort: number,
  ) {
    const common = { NATS_URL: nats.url, TELEOP_PREFIX: "teleop", LOG_LEVEL: "info" };
    const scenario = join(SCENARIO_DIR, o.scenario);
    const vr: Record<string, string> =
      o.vr === "sim"
        ? { VR_SOURCE: "sim", SCENARIO: scenario, SCENARIO_LOOP: "1", SIM_TREMOR_MM: "0" }
        : {
            VR_SOURCE: "webxr",
            WEBXR_HOST: "127.0.0.1",
            WEBXR_PORT: String(webxrPort),
            WEBXR_TLS: "0",
            WEBXR_PAIRING_CODE: PAIRING_CODE,
          };
    this.env = {
      "robot-bridge": { ...common, ...FAST_ROBOT, ...o.env?.["robot-bridge"] },
      controller: { ...common, ...o.env?.controller },
      recorder: { ...common, RECORDINGS_DIR: recordingsDir, ...o.env?.recorder },
      "vr-ingest": { ...common, ...vr, ...o.env?.["vr-ingest"] },
    };
  }

  static async start(o: StackOptions): Promise<Stack> {
    const nats = await NatsServer.start();
    const bus = await testBus(nats.url, "faults");
    const dir = mkdtempSync(join(tmpdir(), "teleop-faults-"));
    const stack = new Stack(o, nats, bus, new StreamLog(bus), dir, await freePort());
    try {
      // The robot side first so the controller sees state, the VR source last (as `teleop run`).
      await Promise.all(
        (["robot-bridge", "controller", "recorder"] as const).map((n) => stack.launch(n)),
      );
      await stack.launch("vr-ingest");
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  /** Start (or start again) one service and wait for its `ready`. */
  async launch(name: ServiceName): Promise<void> {
    const p = new ServiceProcess({ script: `services/${name}/src/main.ts`, env: this.env[name] });
    this.procs.set(name, p);
    await p.waitForLog(READY, READY_TIMEOUT_MS);
  }

  /** kill -9, and wait until the process is gone. */
  async kill(name: ServiceName): Promise<void> {
    const p = this.procs.get(name)!;
    p.proc.kill("SIGKILL");
    await p.exited;
    this.keepLog(name, p);
    this.procs.delete(name);
  }

  /** Still running: neither crashed nor exited. */
  alive(name: ServiceName): boolean {
    return this.procs.get(name)?.proc.exitCode === null;
  }

  pid(name: ServiceName): number {
    return this.procs.get(name)!.proc.pid;
  }

  log(name: ServiceName): string {
    return [...(this.logs.get(name) ?? []), this.procs.get(name)?.log ?? ""].join("");
  }

  recorder(
    what: "Start" | "Save" | "Status",
    body: unknown = {},
    timeoutMs = 5000,
  ): Promise<RecorderReply> {
    return this.bus.request(
      this.bus.subjects[`recorder${what}`],
      body,
      RecorderReplyMsg,
      timeoutMs,
    );
  }

  /** SIGTERM every service (exit codes by name), write their logs, stop the server. */
  async stop(): Promise<Record<string, number>> {
    const order = [...this.procs.entries()].reverse();
    const codes = await Promise.all(order.map(([, p]) => p.stop("SIGTERM", 6000)));
    const dir = join(ARTIFACTS_DIR, this.o.name);
    mkdirSync(dir, { recursive: true });
    for (const [name] of order) writeFileSync(join(dir, `${name}.log`), this.log(name));
    await this.bus.close();
    await this.nats.dispose();
    rmSync(this.recordingsDir, { recursive: true, force: true });
    return Object.fromEntries(order.map(([n], i) => [n, codes[i]!]));
  }

  private keepLog(name: ServiceName, p: ServiceProcess): void {
    this.logs.set(name, [...(this.logs.get(name) ?? []), p.log, "---- killed ----\n"]);
  }
}
