/** vr-ingest: one VR source (VR_SOURCE) -> validated VrState on teleop.vr.state. */
import { startService } from "@teleop/shared/service";
import { frameLimits, vrIngestSpecs } from "./config";
import { sources } from "./sources/registry";
import { VrPublisher } from "./VrPublisher";

const ctx = await startService("vr-ingest", vrIngestSpecs);
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
await ctx.ready({ source: entry.name, subject: ctx.bus.subjects.vrState });
