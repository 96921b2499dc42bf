/**
 * `teleop cameras`: the UVC devices (/dev/video*) with the formats and sizes
 * ffmpeg lists for them (the seed's discover_cameras). `teleop cameras test`:
 * each camera the running camera service has configured, its real frame
 * rate over a few seconds against its target, PASS/FAIL (the seed's camera
 * test); exit 1 when one fails.
 */
import { readdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { CameraFrameMsg, MAX_CAMERA_FRAME_BYTES } from "@teleop/shared/cameraMessages";
import { decode } from "@teleop/shared/codec";
import { HealthMsg } from "@teleop/shared/messages";
import { listV4l2Formats } from "@teleop/shared/v4l2Formats";
import {
  type CameraTestResult,
  formatDevices,
  formatTestLine,
  measuredFps,
  passes,
  sortDevices,
} from "../camerasFormat";
import { connectCli, connectionConfig, connectionOptions } from "../connect";

export const camerasUsage =
  "teleop cameras [--ffmpeg PATH]   |   teleop cameras test [--seconds S (3)]";

const HEALTH_WAIT_MS = 3000;

interface ConfiguredCamera {
  id: string;
  source: string;
  width: number;
  height: number;
  targetFps: number;
  state: string;
}

export async function cameras(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...connectionOptions,
      ffmpeg: { type: "string", default: process.env.FFMPEG_PATH || "ffmpeg" },
      seconds: { type: "string", default: "3" },
    },
  });
  if (positionals.length === 0) return listDevices(values.ffmpeg);
  if (positionals[0] !== "test" || positionals.length > 1)
    throw new Error(`usage: ${camerasUsage}`);
  const seconds = Number(values.seconds);
  if (!(seconds > 0 && seconds <= 600)) throw new Error("--seconds needs a number from 0 to 600");

  const bus = await connectCli(connectionConfig(values));
  try {
    const found = Promise.withResolvers<ConfiguredCamera[]>();
    bus.subscribe(bus.subjects.health("camera"), HealthMsg, (h) => {
      const list = (h.detail as { cameras?: ConfiguredCamera[] } | undefined)?.cameras;
      if (Array.isArray(list)) found.resolve(list);
    });
    const list = await Promise.race([
      found.promise,
      Bun.sleep(HEALTH_WAIT_MS).then(() => undefined),
    ]);
    if (!list) {
      throw new Error(
        `no camera service answers on ${bus.subjects.health("camera")}: start the stack (make run) or the camera service (bun services/camera/src/main.ts)`,
      );
    }
    if (list.length === 0) {
      process.stdout.write("the camera service has no cameras configured (CAMERAS_CONFIG)\n");
      return 1;
    }
    const times = new Map(list.map((c) => [c.id, [] as number[]]));
    for (const c of list) {
      bus.nc.subscribe(bus.subjects.cameraImage(c.id), {
        callback: (_err, msg) => {
          const r = decode(CameraFrameMsg, msg.data, MAX_CAMERA_FRAME_BYTES);
          if (r.ok) times.get(c.id)!.push(r.value.t);
        },
      });
    }
    process.stdout.write(`measuring ${list.length} camera(s) for ${seconds} s ...\n`);
    await Bun.sleep(seconds * 1000);
    const idWidth = Math.max(8, ...list.map((c) => c.id.length + 1));
    const results: CameraTestResult[] = list.map((c) => ({
      id: c.id,
      source: c.source,
      width: c.width,
      height: c.height,
      targetFps: c.targetFps,
      fps: measuredFps(times.get(c.id)!),
      state: c.state,
    }));
    for (const r of results) process.stdout.write(`${formatTestLine(r, idWidth)}\n`);
    return results.every(passes) ? 0 : 1;
  } finally {
    await bus.close();
  }
}

async function listDevices(ffmpeg: string): Promise<number> {
  let names: string[] = [];
  try {
    names = readdirSync("/dev").filter((n) => /^video\d+$/.test(n));
  } catch {
    names = [];
  }
  const devices = sortDevices(names.map((n) => `/dev/${n}`));
  const listing = [];
  for (const device of devices)
    listing.push({ device, ...(await listV4l2Formats(ffmpeg, device)) });
  process.stdout.write(`${formatDevices(listing)}\n`);
  return 0;
}
