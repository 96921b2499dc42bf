/**
 * The dashboard in real headless Chromium: the test publishes health, control
 * status, commands, robot and VR states, events and camera frames (JPEGs made
 * by ffmpeg's testsrc2) and answers the recorder's status request; the page
 * must follow what is published, grey what stops, fit a phone and log no
 * console error. Screenshots at 1280x800 and 390x844 go to test-artifacts/.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Bus } from "@teleop/shared/bus";
import type { CameraFrame } from "@teleop/shared/cameraMessages";
import { FR3_RESET_JOINTS } from "@teleop/shared/fr3";
import type {
  ControlStatus,
  Health,
  RecorderReply,
  RobotCommand,
  RobotState,
  VrState,
} from "@teleop/shared/messages";
import { RecorderEmptyRequestMsg } from "@teleop/shared/messages";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser";
import { testBus } from "../support/bus";
import { testJpegs } from "../support/cameraPlayer";
import { controller } from "../support/fixtures";
import { freePort, NatsServer } from "../support/natsServer";
import { REPO_ROOT, ServiceProcess } from "../support/serviceProcess";

let nats: NatsServer;
let bus: Bus;
let dash: ServiceProcess;
let browser: Browser;
let page: Page;
let dashboardUrl: string;
const timers: ReturnType<typeof setInterval>[] = [];
const consoleErrors: string[] = [];
const ARTIFACTS = join(REPO_ROOT, "test-artifacts");
let jpegs: Uint8Array[] = [];

/** What the test's fake services publish; the test changes it and watches the page. */
const live = {
  mode: "predictive" as ControlStatus["mode"],
  rttMs: 150,
  vrLatencyMs: 12,
  recording: true,
  frames: 123,
  services: new Set(["controller", "robot-bridge", "recorder", "vr-ingest"]),
  control: true,
  cameras: true,
};

const LOOPS: Record<string, Health["loops"]> = {
  controller: { control: { hz: 20, jitterP99Ms: 0.8, overruns: 0 } },
  "robot-bridge": { comm: { hz: 6.6, jitterP99Ms: 2.1, overruns: 0 } },
  recorder: { record: { hz: 40, jitterP99Ms: 0.6, overruns: 0 } },
  "vr-ingest": { sim: { hz: 50, jitterP99Ms: 0.5, overruns: 0 } },
};

const pose = (x: number, y: number, z: number) => ({
  position: [x, y, z] as [number, number, number],
  orientation: [0, 0, 0, 1] as [number, number, number, number],
});

function startPublishers(): void {
  let seq = 0;
  const started = Date.now();
  const target = (t: number) => 0.45 + 0.1 * Math.sin((t - started) / 1000);
  let camSeq = 0;
  timers.push(
    setInterval(() => {
      if (!live.cameras) return;
      const t = Date.now();
      for (const camera of ["front", "wrist"]) {
        const frame: CameraFrame = {
          v: 1,
          seq: camSeq,
          t,
          camera,
          frameId: `${camera}_optical_frame`,
          format: "jpeg",
          width: 320,
          height: 240,
          data: jpegs[camSeq % jpegs.length]!,
        };
        bus.publish(bus.subjects.cameraImage(camera), frame);
      }
      camSeq++;
    }, 66),
    setInterval(() => {
      const t = Date.now();
      const grip = 0.5 + 0.5 * Math.sin((t - started) / 700);
      const hand = controller({
        pose: pose(0.1, 1.1 + 0.05 * grip, -0.3),
        trigger: 1 - grip,
        grip,
        buttons: { grip: grip > 0.5 },
      });
      const vr: VrState = { v: 1, seq, t, source: "sim", right: hand };
      bus.publish(bus.subjects.vrState, vr);
    }, 20),
    setInterval(() => {
      for (const service of live.services) {
        const h: Health = {
          v: 1,
          t: Date.now(),
          service,
          instance: `${service}-1`,
          status: "ok",
          uptimeS: (Date.now() - started) / 1000,
          loops: LOOPS[service]!,
          counters: { rejected: service === "vr-ingest" ? 2 : 0 },
        };
        bus.publish(bus.subjects.health(service), h);
      }
    }, 1000),
    setInterval(() => {
      if (!live.control) return;
      const t = Date.now();
      seq++;
      const status: ControlStatus = {
        v: 1,
        seq,
        t,
        mode: live.mode,
        movement: true,
        calibrated: true,
        vrAgeMs: 8,
        robotAgeMs: 140,
        hz: 20,
      };
      const cmd: RobotCommand = {
        v: 1,
        seq,
        t,
        deadline: t + 100,
        mode: live.mode === "idle" ? "realtime" : live.mode,
        movement: true,
        target: pose(target(t), 0, 0.3),
        gripper: 0,
        action: [0, 0, 0, 0, 0, 0, 0],
        reset: false,
        vrSeq: seq,
        vrT: t - live.vrLatencyMs,
        robotSeq: null,
      };
      bus.publish(bus.subjects.controlStatus, status);
      bus.publish(bus.subjects.robotCommand, cmd);
    }, 50),
    setInterval(() => {
      const t = Date.now();
      const state: RobotState = {
        v: 1,
        seq: seq,
        t,
        pose: pose(target(t - 150), 0, 0.3),
        gripper: 0.3,
        joints: { position: [...FR3_RESET_JOINTS], velocity: [0, 0, 0, 0, 0, 0, 0] },
        commandSeq: seq,
        rttMs: live.rttMs,
        backend: "sim",
      };
      bus.publish(bus.subjects.robotState, state);
    }, 150),
  );
  bus.serve(
    bus.subjects.recorderStatus,
    RecorderEmptyRequestMsg,
    (): RecorderReply => ({
      ok: true,
      recording: live.recording,
      frames: live.frames,
      durationS: live.frames / 40,
      path: "recordings/failure/trajectory_20261125_131500_000.mcap",
    }),
    (error) => ({ ok: false, recording: false, error }),
  );
}

beforeAll(async () => {
  jpegs = await testJpegs({ camera: "scene", width: 320, height: 240, hz: 10, quality: 5 });
  nats = await NatsServer.start();
  bus = await testBus(nats.url);
  startPublishers();
  const port = await freePort();
  dash = new ServiceProcess({
    script: "packages/cli/src/main.ts",
    args: ["dashboard"],
    env: { NATS_URL: nats.url, DASHBOARD_PORT: String(port) },
  });
  await dash.waitForLog(/ready/, 20_000);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  dashboardUrl = `http://127.0.0.1:${port}/`;
  await page.goto(dashboardUrl);
  mkdirSync(ARTIFACTS, { recursive: true });
}, 40_000);

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  await browser?.close();
  await dash?.stop();
  await bus.close();
  await nats.dispose();
});

const text = (sel: string) =>
  page
    .locator(sel)
    .textContent()
    .then((t) => t ?? "");

async function expectText(sel: string, want: RegExp, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let got = "";
  while (Date.now() < until) {
    got = await text(sel);
    if (want.test(got)) return;
    await Bun.sleep(50);
  }
  throw new Error(`${sel} shows "${got}", expected ${want}`);
}

const state = (sel: string) => page.getAttribute(sel, "class").then((c) => c ?? "");

async function expectClass(sel: string, want: RegExp, timeoutMs = 5000): Promise<number> {
  const start = Date.now();
  let got = "";
  while (Date.now() - start < timeoutMs) {
    got = await state(sel);
    if (want.test(got)) return Date.now() - start;
    await Bun.sleep(50);
  }
  throw new Error(`${sel} has class "${got}", expected ${want}`);
}

test("tiles, services and the header show what is published, with ages, and follow changes", async () => {
  await expectText("#conn", /^live$/);
  await expectText("#mode", /^predictive$/);
  await expectText("#recording", /REC/);
  await expectText("#frames", /^123$/);
  await expectText("#rtt", /^150 ms$/);
  await expectText("#vr-latency", /^12\.0 ms$/);
  await expectText("#control-rate", /control 20\.0 Hz/);
  await expectText("#vr-source", /^sim$/);
  await expectText("#vr-detail", /right grip \d\.\d\d trigger \d\.\d\d/);
  for (const tile of ["control", "recording", "robot", "command", "vr"]) {
    await expectClass(`#tile-${tile}`, /state-live/);
    await expectText(`#age-${tile}`, /^live · \d+ ms$/);
  }
  for (const s of live.services) {
    await expectText(`[data-service="${s}"] .status`, /^OK$/);
  }
  await expectText('[data-service="recorder"] .loops', /record 40\.0Hz p99 0\.6ms/);
  // Counters as words with their number, zeros summarised.
  await expectText('[data-service="vr-ingest"] .counters', /^2 rejected$/);
  await expectText('[data-service="controller"] .counters', /^1 at 0$/);

  live.mode = "realtime";
  live.frames = 456;
  live.rttMs = 182;
  live.vrLatencyMs = 7;
  await expectText("#mode", /^realtime$/);
  await expectText("#frames", /^456$/);
  await expectText("#rtt", /^182 ms$/);
  await expectText("#vr-latency", /^7\.0 ms$/);
  live.recording = false;
  await expectText("#recording", /^idle$/);
  live.recording = true;
}, 30_000);

test("camera thumbnails show the newest JPEG with fps and age; events list and 3D view fill", async () => {
  await page.waitForFunction(
    () => {
      const img = document.querySelector<HTMLImageElement>('figure[data-camera="front"] img');
      return img?.complete === true && img.naturalWidth === 320 && Number(img.dataset.seq) > 0;
    },
    null,
    { timeout: 5000 },
  );
  const seqBefore = Number(await page.getAttribute('figure[data-camera="front"] img', "data-seq"));
  await Bun.sleep(1000);
  const seqAfter = Number(await page.getAttribute('figure[data-camera="front"] img', "data-seq"));
  // Refreshed (throttled to 5 Hz, frames arrive at 15 Hz): newer frames, not every one.
  expect(seqAfter).toBeGreaterThan(seqBefore);
  expect(await page.locator("figure.camera").count()).toBe(2);
  await expectText(
    'figure[data-camera="front"] figcaption',
    /^front · 320×240 · 1[2-8]\.\d fps · \d+ ms$/,
  );
  const res = await fetch(`${dashboardUrl}camera/wrist.jpg`);
  expect(res.headers.get("content-type")).toBe("image/jpeg");
  const body = new Uint8Array(await res.arrayBuffer());
  expect([body[0], body[1]]).toEqual([0xff, 0xd8]);
  expect((await fetch(`${dashboardUrl}camera/nope.jpg`)).status).toBe(404);
  expect((await fetch(`${dashboardUrl}camera/..%2Fetc.jpg`)).status).toBe(404);

  bus.event("mode.changed", { from: "realtime", to: "predictive" });
  bus.event("calibration.done");
  for (let i = 0; i < 3; i++)
    bus.event("input.rejected", {
      subject: "teleop.vr.state",
      kind: "jump",
      reason: "moved 0.4 m",
    });
  bus.event("episode.saved", {
    path: "recordings/success/trajectory_20261201_101500_000_12.3s.mcap",
    success: true,
    durationS: 12.3,
    frames: 492,
    quality: "ok",
  });
  await expectText("#events", /rejected jump on teleop\.vr\.state: moved 0\.4 m ×3/);
  await expectText("#events", /mode realtime → predictive/);
  await expectText("#events", /calibrated/);
  await expectText("#last-path", /trajectory_20261201_101500_000_12\.3s\.mcap$/);
  await expectText("#last-result", /^success$/);
  await expectText("#last-duration", /^12\.3 s$/);
  await expectText("#last-quality", /^quality: ok$/);
  // The stick figure: base, 7 links, flange, TCP from FK; the measured TCP, the target, one controller.
  expect(Number(await page.getAttribute("#arm3d", "data-points"))).toBe(13);
}, 30_000);

test("the page updates at least twice a second and the plots fill with the last seconds", async () => {
  const changes = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let n = 0;
        const body = document.querySelector("#services")!;
        const obs = new MutationObserver(() => n++);
        obs.observe(body, { childList: true });
        setTimeout(() => {
          obs.disconnect();
          resolve(n);
        }, 2000);
      }),
  );
  expect(changes).toBeGreaterThanOrEqual(4);
  const points = async (id: string) => Number(await page.getAttribute(`#${id}`, "data-points"));
  // Sampled at 20 Hz: after 2+ s every plot holds well over 20 points.
  for (const id of [
    "chart-inputs",
    "chart-rates",
    "chart-rtt",
    "chart-latency",
    "chart-position",
  ]) {
    expect(await points(id)).toBeGreaterThan(20);
  }
  // Position plot: 3 target + 3 measured series, the targets named as the dashed ones.
  expect(await page.locator("#chart-position .u-legend .u-series").count()).toBe(6);
  expect(await page.locator("#chart-position .u-legend").textContent()).toContain(
    "target x (dashed)",
  );
  expect(await page.locator("#chart-inputs .u-legend").textContent()).toMatch(
    /grip.*trigger.*clutch.*gripper commanded.*gripper measured/,
  );
  expect(await page.locator("#chart-rates .u-legend").textContent()).toContain(
    "controller.control",
  );
  await page.screenshot({ path: join(ARTIFACTS, "dashboard-1280x800.png"), fullPage: true });
}, 30_000);

test("at 390 px (a phone) nothing scrolls sideways and every tile fits", async () => {
  const phone = await browser.newPage({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
  });
  phone.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(`phone: ${m.text()}`);
  });
  try {
    await phone.goto(dashboardUrl);
    await phone.waitForFunction(
      () => document.getElementById("conn")?.textContent === "live",
      null,
      {
        timeout: 5000,
      },
    );
    await Bun.sleep(2500);
    const widths = await phone.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      widest: Math.max(
        ...[...document.querySelectorAll(".tile, .panel, .chart, canvas, .u-wrap")].map(
          (e) => e.getBoundingClientRect().right,
        ),
      ),
    }));
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.widest).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(ARTIFACTS, "dashboard-390x844.png"), fullPage: true });
  } finally {
    await phone.close();
  }
}, 30_000);

test("a controller that stops greys its tiles within 3 s (stale, then down) and the header stops saying live", async () => {
  // The page notes when each tile greys (its own clock is this machine's), apart from the test's polling.
  await page.evaluate(() => {
    const w = window as unknown as { greyedAt: Record<string, number> };
    w.greyedAt = {};
    for (const id of ["tile-control", "tile-command"]) {
      const tile = document.getElementById(id)!;
      new MutationObserver(() => {
        if (/state-(stale|down)/.test(tile.className)) w.greyedAt[id] ??= Date.now();
      }).observe(tile, { attributes: true, attributeFilter: ["class"] });
    }
  });
  live.control = false;
  live.services.delete("controller");
  const stoppedAt = Date.now();
  await expectClass("#tile-control", /state-(stale|down)/, 8000);
  await expectClass("#tile-command", /state-(stale|down)/, 8000);
  const greyedAt = await page.evaluate(
    () => (window as unknown as { greyedAt: Record<string, number> }).greyedAt,
  );
  expect(greyedAt["tile-control"]! - stoppedAt).toBeLessThan(3000);
  expect(greyedAt["tile-command"]! - stoppedAt).toBeLessThan(3000);
  await expectText("#age-control", /^stale · \d\.\d s old$|^controller down$/);
  await expectText("#conn", /^degraded: .*control/);
  // Silent health for 3 s: down, said as such, in the services list and the events.
  await expectText("#age-control", /^controller down$/, 6000);
  await expectText('[data-service="controller"] .status', /^DOWN$/);
  await expectText("#events", /controller stopped reporting \(down\)/);
  await expectText('[data-service="robot-bridge"] .status', /^OK$/);
  await expectClass("#tile-robot", /state-live/);
  expect(await page.locator("#mode").evaluate((e) => getComputedStyle(e).color)).toBe(
    "rgb(139, 144, 154)",
  );
  await page.screenshot({ path: join(ARTIFACTS, "dashboard-controller-down.png"), fullPage: true });

  live.control = true;
  live.services.add("controller");
  await expectClass("#tile-control", /state-live/, 3000);
  await expectText("#conn", /^live$/, 3000);
}, 20_000);

test("cameras that stop go grey; the favicon is served; the page logged no console error", async () => {
  live.cameras = false;
  await page.waitForFunction(
    () => document.querySelector('figure[data-camera="front"]')?.classList.contains("state-stale"),
    null,
    { timeout: 5000 },
  );
  await expectText('figure[data-camera="front"] figcaption', /stale \d\.\d s$/);
  live.cameras = true;
  const icon = await fetch(`${dashboardUrl}favicon.ico`);
  expect(icon.status).toBe(200);
  expect(icon.headers.get("content-type")).toBe("image/svg+xml");
  expect(consoleErrors).toEqual([]);
}, 15_000);
