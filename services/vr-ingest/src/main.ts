/** vr-ingest: one VR source (VR_SOURCE) -> validated VrState on teleop.vr.state. */
import { oneOf, type Specs } from "@teleop/shared/config";
import { startService } from "@teleop/shared/service";
import { frameLimits, ingestSpecs } from "./ingestSpecs";
import { sources } from "./sources/registry";
import { VrPublisher } from "./VrPublisher";

const names = sources.map((s) => s.name);
const sourceSpecs: Specs = Object.assign({}, ...sources.map((s) => s.specs));
const specs = {
  ...sourceSpecs,
  ...ingestSpecs,
  source: oneOf({
    env: "VR_SOURCE",
    flag: "--source",
    default: "sim",
    values: names,
    help: "which input drives teleop.vr.state",
  }),
};

const ctx = await startService("vr-ingest", specs);
const entry = sources.find((s) => s.name === ctx.config.source)!;
const publisher = new VrPublisher({
  source: entry.name,
  bus: ctx.bus,
  log: ctx.log,
  counters: ctx.counters,
  limits: frameLimits(ctx.config),
});
const failed = async (err: unknown): Promise<never> => {
  ctx.log.error(`source ${entry.name} could not start: ${(err as Error).message}`);
  await ctx.bus.close();
  process.exit(1);
};
const source = await Promise.resolve()
  .then(() =>
    entry.create(ctx.config, {
      log: ctx.log,
      counters: ctx.counters,
      bus: ctx.bus,
      addLoop: (name, loop) => ctx.health.addLoop(name, loop),
    }),
  )
  .catch(failed);
ctx.health.setProbe(() => ({
  status: publisher.healthy() ? "ok" : "degraded",
  // Waiting for a headset (or its wearer) is not a failure of the container.
  serving: true,
  detail: { ...publisher.detail(), ...source.detail?.() },
}));
ctx.onShutdown(() => source.stop());
await source.start(publisher).catch(failed);
ctx.log.info("ready", { source: entry.name, subject: ctx.bus.subjects.vrState });
