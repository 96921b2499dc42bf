/**
 * One rig: the four services as separate Bun processes on one nats-server,
 * under one subject prefix, each started the way `make run` starts it (its
 * bundle, built first) and waited for until it logs `ready`. The VR source starts last, so the
 * scripted operator's first move happens with everyone listening.
 */
import { SIM_VR_HZ } from "@teleop/shared/control";
import { bundleServices, serviceBundle } from "../packages/cli/src/serviceBundles";
import { ServiceProcess } from "../test/support/serviceProcess";

export const SERVICES = ["robot-bridge", "controller", "recorder", "vr-ingest"] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface RigOptions {
  natsUrl: string;
  prefix: string;
  recordingsDir: string;
  scenarioPath: string;
  robotEnv: Record<string, string>;
  /** Control rate override (CONTROL_HZ); undefined keeps performance mode's 40 Hz. */
  controlHz?: number;
  readyTimeoutMs?: number;
}

export class Rig {
  private constructor(readonly services: Map<ServiceName, ServiceProcess>) {}

  static async start(o: RigOptions): Promise<Rig> {
    const common = { NATS_URL: o.natsUrl, TELEOP_PREFIX: o.prefix, LOG_LEVEL: "info" };
    const env: Record<ServiceName, Record<string, string>> = {
      "robot-bridge": { ...o.robotEnv },
      controller: {
        PERFORMANCE: "1",
        ...(o.controlHz ? { CONTROL_HZ: String(o.controlHz) } : {}),
      },
      recorder: { RECORDINGS_DIR: o.recordingsDir },
      "vr-ingest": {
        VR_SOURCE: "sim",
        SIM_HZ: String(SIM_VR_HZ),
        SCENARIO: o.scenarioPath,
        SCENARIO_LOOP: "1",
      },
    };
    await bundleServices(SERVICES);
    const services = new Map<ServiceName, ServiceProcess>();
    const rig = new Rig(services);
    const launch = (name: ServiceName) => {
      const p = new ServiceProcess({
        script: serviceBundle(name, ""),
        env: { ...common, ...env[name] },
      });
      services.set(name, p);
      return p.waitForLog(/\bready\b/, o.readyTimeoutMs ?? 30_000);
    };
    try {
      await Promise.all(SERVICES.filter((n) => n !== "vr-ingest").map(launch));
      await launch("vr-ingest");
    } catch (err) {
      await rig.stop();
      throw err;
    }
    return rig;
  }

  pid(name: ServiceName): number {
    return this.services.get(name)!.proc.pid;
  }

  /** SIGTERM to every service (SIGKILL after the grace period); exit codes by name. */
  async stop(): Promise<Record<string, number>> {
    const order = [...this.services.entries()].reverse();
    const codes = await Promise.all(order.map(([, p]) => p.stop("SIGTERM", 6000)));
    return Object.fromEntries(order.map(([n], i) => [n, codes[i]!]));
  }

  log(name: ServiceName): string {
    return this.services.get(name)?.log ?? "";
  }
}
