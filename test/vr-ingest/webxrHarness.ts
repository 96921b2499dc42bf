/**
 * Runs vr-ingest with the webxr source for a test. When the registry lists
 * webxr this is the real service process (VR_SOURCE=webxr); until then the
 * source runs in this process with vr-ingest's real sink (VrPublisher) and a
 * health reporter, so the tests read the same subjects either way.
 */
import { commonSpecs, loadConfig } from "@teleop/shared/config";
import { HealthReporter } from "@teleop/shared/health";
import { createLogger } from "@teleop/shared/log";
import { Counters } from "@teleop/shared/stats";
import { frameLimits, ingestSpecs } from "../../services/vr-ingest/src/ingestSpecs";
import { sources } from "../../services/vr-ingest/src/sources/registry";
import { webxrSource } from "../../services/vr-ingest/src/sources/webxr";
import { VrPublisher } from "../../services/vr-ingest/src/VrPublisher";
import { testBus } from "../support/bus";
import { freePort } from "../support/natsServer";
import { ServiceProcess } from "../support/serviceProcess";

export interface WebxrIngest {
  mode: "service" | "harness";
  port: number;
  stop(): Promise<void>;
}

/** `settings`: WEBXR_* variables (certificate directory, TLS) for this run. */
export async function startWebxrIngest(
  natsUrl: string,
  settings: Record<string, string>,
): Promise<WebxrIngest> {
  const port = await freePort();
  const env = {
    NATS_URL: natsUrl,
    VR_SOURCE: "webxr",
    WEBXR_PORT: String(port),
    WEBXR_HOST: "127.0.0.1",
    ...settings,
  };
  if (sources.some((s) => s.name === "webxr")) {
    const proc = new ServiceProcess({ script: "services/vr-ingest/src/main.ts", env });
    await proc.waitForLog(/ready/, 20_000);
    return {
      mode: "service",
      port,
      stop: async () => {
        await proc.stop();
      },
    };
  }

  const config = loadConfig(
    { ...commonSpecs, ...ingestSpecs, ...webxrSource.specs },
    { argv: [], env },
  );
  const log = createLogger("vr-ingest", "error");
  const bus = await testBus(natsUrl, "vr-ingest");
  const counters = new Counters();
  const publisher = new VrPublisher({
    source: "webxr",
    bus,
    log,
    counters,
    limits: frameLimits(config),
  });
  const source = webxrSource.create(config, { log, counters, bus });
  const health = new HealthReporter({
    bus,
    service: "vr-ingest",
    instance: "webxr-harness",
    counters,
    intervalMs: 250,
  });
  health.setProbe(() => ({ detail: { ...publisher.detail(), ...source.detail?.() } }));
  await source.start(publisher);
  health.start();
  return {
    mode: "harness",
    port,
    stop: async () => {
      health.stop();
      await source.stop();
      await bus.close();
    },
  };
}
