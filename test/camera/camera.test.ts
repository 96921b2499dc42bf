/**
 * The camera service as its own process over a real nats-server with the
 * project's configuration: simulated cameras that follow the arm and the
 * cube (frames decoded by ffmpeg and compared), depth in millimetres, a
 * test source through the v4l2 reader, a camera that cannot start beside
 * working ones, garbage on the renderer's input subject, info, health, a
 * server whose max_payload is too small for depth, and shutdown.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Bus } from "@teleop/shared/bus";
import {
  type CameraDepth,
  type CameraFrame,
  type CameraInfo,
  decodeCameraMessage,
  MAX_CAMERA_FRAME_BYTES,
  type SceneState,
} from "@teleop/shared/cameraMessages";
import { now } from "@teleop/shared/clock";
import { encode } from "@teleop/shared/codec";
import { FR3_RESET_JOINTS, fr3ForwardKinematics } from "@teleop/shared/fr3";
import { type Health, HealthMsg, type RobotState } from "@teleop/shared/messages";
import { SimWorld } from "../../services/robot-bridge/src/backends/sim/SimWorld";
import { testBus, waitFor } from "../support/bus";
import { decodeJpegsRaw } from "../support/ffmpegJpeg";
import { NatsServer } from "../support/natsServer";
import { REPO_ROOT, ServiceProcess } from "../support/serviceProcess";

const NATS_CONFIG = join(REPO_ROOT, "deploy", "nats-server.conf");
const dir = mkdtempSync(join(tmpdir(), "teleop-camera-"));
// At file level: a run filtered to one test still removes it.
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mount = (parent: string, frameId: string, translation: number[], rotation: number[]) => ({
  parent,
  translation,
  rotation,
  frameId,
});
const CAMERAS = {
  cameras: [
    {
      id: "scene",
      source: "sim",
      width: 160,
      height: 120,
      fps: 10,
      fovDeg: 60,
      depth: true,
      mount: mount("base", "camera_scene", [1.55, -0.95, 0.95], [-0.7682, -0.3389, 0.2192, 0.4969]),
    },
    {
      id: "wrist",
      source: "sim",
      width: 160,
      height: 120,
      fps: 10,
      fovDeg: 80,
      mount: mount("fr3_hand", "camera_wrist", [0.07, 0, 0.065], [0, -0.1736, 0, 0.9848]),
    },
    {
      id: "usb0",
      source: "v4l2",
      width: 160,
      height: 120,
      fps: 15,
      format: "raw",
      input: ["-re", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=15"],
      mount: mount("base", "camera_usb0", [0.6, -0.9, 0.6], [0, 0, 0, 1]),
    },
    {
      id: "gone",
      source: "v4l2",
      width: 640,
      height: 480,
      fps: 30,
      device: "/dev/video-not-here",
      format: "mjpeg",
      mount: mount("base", "camera_gone", [0, 0, 1], [0, 0, 0, 1]),
    },
  ],
};

function robotState(seq: number, q: readonly number[], gripper: number): RobotState {
  return {
    v: 1,
    seq,
    t: now(),
    pose: fr3ForwardKinematics(q),
    gripper,
    joints: { position: [...q], velocity: [0, 0, 0, 0, 0, 0, 0] },
    commandSeq: null,
    rttMs: null,
    backend: "sim",
  };
}

/** Decode a JPEG with ffmpeg into raw RGB. */
const decodeJpeg = (jpeg: Uint8Array) => decodeJpegsRaw([jpeg], "rgb24");

const meanAbsDiff = (a: Uint8Array, b: Uint8Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
};

class CameraTap {
  frames = new Map<string, CameraFrame[]>();
  depth: CameraDepth[] = [];
  infos = new Map<string, CameraInfo>();
  health: Health | undefined;

  constructor(bus: Bus) {
    const s = bus.subjects;
    bus.nc.subscribe(s.cameraAll, {
      callback: (_e, msg) => {
        if (msg.subject.endsWith(".image")) {
          const r = decodeCameraMessage("image", msg.data);
          if (r.ok)
            this.frames.set(r.value.camera, [...(this.frames.get(r.value.camera) ?? []), r.value]);
        } else if (msg.subject.endsWith(".depth")) {
          const r = decodeCameraMessage("depth", msg.data);
          if (r.ok) this.depth.push(r.value);
        } else if (msg.subject.endsWith(".info")) {
          const r = decodeCameraMessage("info", msg.data);
          if (r.ok) this.infos.set(r.value.camera, r.value);
        }
      },
    });
    bus.subscribe(s.health("camera"), HealthMsg, (h) => {
      this.health = h;
    });
  }

  count(id: string): number {
    return this.frames.get(id)?.length ?? 0;
  }

  last(id: string): CameraFrame | undefined {
    return this.frames.get(id)?.at(-1);
  }
}

describe("camera service", () => {
  let server: NatsServer;
  let bus: Bus;
  let camera: ServiceProcess;
  let tap: CameraTap;

  beforeAll(async () => {
    server = await NatsServer.start({ args: ["-c", NATS_CONFIG] });
    bus = await testBus(server.url);
    tap = new CameraTap(bus);
    const config = join(dir, "cameras.json");
    await Bun.write(config, JSON.stringify(CAMERAS));
    camera = new ServiceProcess({
      script: "services/camera/src/main.ts",
      env: { NATS_URL: server.url, CAMERAS_CONFIG: config },
    });
    await camera.waitForLog(/\bready\b/, 20_000);
  });

  afterAll(async () => {
    await camera?.stop();
    await bus?.close();
    await server?.dispose();
  });

  test("the sim cameras show the arm and the cube moving; depth is in millimetres", async () => {
    const world = new SimWorld();
    const scene = (seq: number, w: SimWorld): SceneState => w.scene(seq, now());
    let seq = 0;
    const q0 = [...FR3_RESET_JOINTS];
    const publishAt = (q: readonly number[], w: SimWorld) => {
      bus.publish(bus.subjects.robotState, robotState(seq, q, 0));
      bus.publish(bus.subjects.simScene, scene(seq, w));
      seq++;
    };
    /** Publishes the arm and the world, then waits for both cameras' frames rendered after they arrived. */
    const framesAfter = async (q: readonly number[]) => {
      publishAt(q, world);
      await bus.flush();
      const from = now() + 300;
      expect(
        await waitFor(
          () => (tap.last("scene")?.t ?? 0) > from && (tap.last("wrist")?.t ?? 0) > from,
          10_000,
        ),
      ).toBe(true);
      return { scene: tap.last("scene")!, wrist: tap.last("wrist")! };
    };
    const before = await framesAfter(q0);

    const q1 = [...q0];
    q1[0]! += 0.6;
    q1[3]! += 0.4;
    world.cube = { position: [0.45, 0.3, 0.025], orientation: [0, 0, 0, 1] };
    const after = await framesAfter(q1);

    for (const id of ["scene", "wrist"] as const) {
      expect(after[id]).toMatchObject({
        width: 160,
        height: 120,
        format: "jpeg",
        frameId: `camera_${id}`,
      });
      const a = await decodeJpeg(before[id].data);
      const b = await decodeJpeg(after[id].data);
      expect(a.length).toBe(160 * 120 * 3);
      expect(b.length).toBe(160 * 120 * 3);
      expect(meanAbsDiff(a, b)).toBeGreaterThan(2);
    }
    // Seq counts every published frame of a camera.
    const scenes = tap.frames.get("scene")!;
    expect(scenes.at(-1)!.seq - scenes[0]!.seq).toBe(scenes.length - 1);

    const d = tap.depth.at(-1)!;
    expect(d).toMatchObject({ camera: "scene", encoding: "16UC1", width: 160, height: 120 });
    const mm = new Uint16Array(
      d.data.buffer.slice(d.data.byteOffset, d.data.byteOffset + d.data.byteLength),
    );
    const centre = mm[60 * 160 + 80]!;
    // The camera is about 1.9 m from the middle of the table it looks at.
    expect(centre).toBeGreaterThan(1000);
    expect(centre).toBeLessThan(3000);
    expect(tap.depth.every((x) => x.camera === "scene")).toBe(true);
  }, 40_000);

  test("garbage on teleop.robot.state is refused and counted; the cameras go on", async () => {
    const n = tap.count("scene");
    bus.nc.publish(bus.subjects.robotState, new Uint8Array([0xc1, 0x00, 0xff]));
    bus.nc.publish(bus.subjects.robotState, encode({ v: 1, seq: 1, t: "soon" }));
    await bus.flush();
    expect(
      await waitFor(() => (tap.health?.counters["scene.rejected.input"] ?? 0) >= 2, 5000),
    ).toBe(true);
    expect(await waitFor(() => tap.count("scene") > n + 5, 5000)).toBe(true);
    expect(camera.log).toMatch(/camera scene: refused input: teleop\.robot\.state/);
  }, 15_000);

  test("a test source through the v4l2 reader streams beside a camera that cannot start", async () => {
    expect(await waitFor(() => tap.count("usb0") >= 30, 10_000)).toBe(true);
    const f = tap.last("usb0")!;
    expect(f).toMatchObject({ width: 160, height: 120, frameId: "camera_usb0" });
    expect((await decodeJpeg(f.data)).length).toBe(160 * 120 * 3);
    expect(
      await waitFor(() => (tap.health?.counters["gone.rejected.start"] ?? 0) >= 1, 10_000),
    ).toBe(true);
    const h = tap.health!;
    expect(h.status).toBe("degraded");
    const cams = (h.detail as { cameras: Array<Record<string, unknown>> }).cameras;
    const byId = Object.fromEntries(cams.map((c) => [c.id, c]));
    expect(byId.usb0).toMatchObject({
      state: "streaming",
      capture: "encoded here",
      timestamps: "mapped",
    });
    expect(byId.scene).toMatchObject({ state: "streaming" });
    expect(byId.gone).toMatchObject({ state: "lost", frames: 0 });
    expect(byId.gone!.error).toMatch(/ffmpeg could not capture/);
    expect((h.detail as { maxPayload: number }).maxPayload).toBeGreaterThanOrEqual(
      MAX_CAMERA_FRAME_BYTES + 1024,
    );
    expect(camera.log).toMatch(/camera gone: refused start: ffmpeg could not capture/);
  }, 20_000);

  test("a camera that stops sending is reported stalled, logged and counted; it recovers when frames come again", async () => {
    const h0 = tap.health!;
    const cams = (h0.detail as { cameras: Array<{ id: string; ffmpegPid?: number }> }).cameras;
    const pid = cams.find((c) => c.id === "usb0")!.ffmpegPid!;
    process.kill(pid, "SIGSTOP");
    try {
      expect(await waitFor(() => (tap.health?.counters["usb0.stalls"] ?? 0) >= 1, 6000)).toBe(true);
      expect(tap.health!.status).toBe("degraded");
      expect(camera.log).toMatch(/camera usb0: no frame for \d+ ms \(stalled\)/);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    expect(await waitFor(() => /camera usb0: frames again/.test(camera.log), 6000)).toBe(true);
  }, 20_000);

  test("CameraInfo of each camera at 1 Hz: intrinsics from the field of view, the mount", async () => {
    expect(await waitFor(() => tap.infos.size === 4, 5000)).toBe(true);
    const scene = tap.infos.get("scene")!;
    expect(scene).toMatchObject({
      source: "sim",
      hasDepth: true,
      width: 160,
      height: 120,
      fps: 10,
    });
    expect(scene.K[0]).toBeCloseTo(80 / Math.tan(Math.PI / 6), 6);
    expect(scene.K[2]).toBe(80);
    expect(tap.infos.get("wrist")!.mount.parent).toBe("fr3_hand");
    expect(tap.infos.get("usb0")!.K[0]).toBe(0);
  });

  test("teleop cameras test: each configured camera's measured rate, PASS/FAIL, exit 1 when one fails", async () => {
    const p = Bun.spawn(
      [
        "bun",
        join(REPO_ROOT, "packages/cli/src/main.ts"),
        "cameras",
        "test",
        "--seconds",
        "2",
        "--nats-url",
        server.url,
      ],
      { stdout: "pipe", stderr: "pipe" },
    );
    const out = await new Response(p.stdout).text();
    expect(await p.exited).toBe(1);
    expect(out).toMatch(/measuring 4 camera\(s\) for 2 s/);
    expect(out).toMatch(/^usb0 +v4l2 +160x120 @ 1[4-5]\.\dfps +\(target 15\) +PASS$/m);
    expect(out).toMatch(/^gone +v4l2 +640x480 @ 0\.0fps +\(target 30\) +FAIL +\(lost\)$/m);
    expect(out).toMatch(/^scene +sim +160x120 @ /m);
  }, 20_000);

  test("SIGTERM stops the service and its ffmpeg children within 5 s, exit 0", async () => {
    const t0 = Date.now();
    expect(await camera.stop("SIGTERM")).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    const ps = Bun.spawnSync(["pgrep", "-f", "testsrc2=size=160x120:rate=15"]);
    expect(ps.stdout.toString().trim()).toBe("");
  }, 10_000);
});

test("a server whose max_payload is too small for depth: depth refused and counted, colour goes on", async () => {
  const conf = join(dir, "small.conf");
  await Bun.write(conf, "max_payload: 32768\n");
  const server = await NatsServer.start({ args: ["-c", conf] });
  const bus = await testBus(server.url);
  const tap = new CameraTap(bus);
  const config = join(dir, "one.json");
  await Bun.write(config, JSON.stringify({ cameras: [CAMERAS.cameras[0]] }));
  const camera = new ServiceProcess({
    script: "services/camera/src/main.ts",
    env: { NATS_URL: server.url, CAMERAS_CONFIG: config },
  });
  try {
    await camera.waitForLog(/\bready\b/, 20_000);
    expect(camera.log).toMatch(
      /max_payload is 32768 bytes: frames over 31744 bytes will be refused/,
    );
    expect(await waitFor(() => tap.count("scene") >= 5, 10_000)).toBe(true);
    expect(
      await waitFor(() => (tap.health?.counters["scene.rejected.oversized"] ?? 0) >= 5, 5000),
    ).toBe(true);
    expect(tap.depth).toEqual([]);
    expect(camera.log).toMatch(
      /refused oversized: depth message of \d+ bytes is over the NATS server's max_payload of 32768/,
    );
  } finally {
    await camera.stop();
    await bus.close();
    await server.dispose();
  }
}, 30_000);

/** Whether a process runs (a zombie waiting for its parent does not count). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

test("an ffmpeg that ignores SIGTERM (blocked opening its device) is killed before the service exits, not orphaned", async () => {
  const server = await NatsServer.start();
  const bus = await testBus(server.url);
  // A FIFO nobody writes: ffmpeg blocks in open() and the kernel restarts it after SIGTERM.
  const device = join(dir, "stuck.fifo");
  expect(Bun.spawnSync(["mkfifo", device]).exitCode).toBe(0);
  const config = join(dir, "stuck.json");
  await Bun.write(
    config,
    JSON.stringify({
      cameras: [
        {
          id: "stuck",
          source: "v4l2",
          width: 160,
          height: 120,
          fps: 15,
          format: "mjpeg",
          input: ["-f", "mjpeg", "-i", device],
          mount: mount("base", "camera_stuck", [0, 0, 1], [0, 0, 0, 1]),
        },
      ],
    }),
  );
  let pid: number | undefined;
  bus.subscribe(bus.subjects.health("camera"), HealthMsg, (h) => {
    const cams = (h.detail as { cameras?: Array<{ ffmpegPid?: number | null }> }).cameras;
    pid = cams?.[0]?.ffmpegPid ?? pid;
  });
  const camera = new ServiceProcess({
    script: "services/camera/src/main.ts",
    env: { NATS_URL: server.url, CAMERAS_CONFIG: config },
  });
  try {
    await camera.waitForLog(/\bready\b/, 20_000);
    expect(await waitFor(() => pid !== undefined, 5000)).toBe(true);
    expect(running(pid!)).toBe(true);
    expect(await camera.stop("SIGTERM")).toBe(0);
    expect(running(pid!)).toBe(false);
  } finally {
    if (pid !== undefined && running(pid)) process.kill(pid, "SIGKILL");
    await bus.close();
    await server.dispose();
  }
}, 30_000);
