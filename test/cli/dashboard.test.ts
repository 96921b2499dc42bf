/**
 * The dashboard in real headless Chromium: the test publishes health, control
 * status, commands and robot states and answers the recorder's status
 * request; the page must follow what is published.
 */
import { beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type {
  ControlStatus,
  Health,
  RecorderReply,
  RobotCommand,
  RobotState,
} from "@teleop/shared/messages";
import { RecorderEmptyRequestMsg } from "@teleop/shared/messages";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser";
import { useNatsBus } from "../support/natsBus";
import { freePort } from "../support/natsServer";
import { REPO_ROOT, type ServiceProcess } from "../support/serviceProcess";

const io = useNatsBus();
let dash: ServiceProcess;
let browser: Browser;
let page: Page;
const timers: ReturnType<typeof setInterval>[] = [];

/** What the test's fake services publish; the test changes it and watches the page. */
const live = {
  mode: "predictive" as ControlStatus["mode"],
  rttMs: 150,
  vrLatencyMs: 12,
  recording: true,
  frames: 123,
  services: new Set(["controller", "robot-bridge", "recorder", "vr-ingest"]),
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
  timers.push(
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
        io.bus.publish(io.bus.subjects.health(service), h);
      }
    }, 1000),
    setInterval(() => {
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
      io.bus.publish(io.bus.subjects.controlStatus, status);
      io.bus.publish(io.bus.subjects.robotCommand, cmd);
    }, 50),
    setInterval(() => {
      const t = Date.now();
      const state: RobotState = {
        v: 1,
        seq: seq,
        t,
        pose: pose(target(t - 150), 0, 0.3),
        gripper: 0,
        joints: null,
        commandSeq: seq,
        rttMs: live.rttMs,
        backend: "sim",
      };
      io.bus.publish(io.bus.subjects.robotState, state);
    }, 150),
  );
  io.bus.serve(
    io.bus.subjects.recorderStatus,
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
  startPublishers();
  const port = await freePort();
  dash = io.launch("cli", { args: ["dashboard"], env: { DASHBOARD_PORT: String(port) } });
  await dash.waitForLog(/ready/, 20_000);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`http://127.0.0.1:${port}/`);
}, 40_000);

io.onClose(async () => {
  for (const t of timers) clearInterval(t);
  await browser?.close();
  await dash?.stop();
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

test("tiles and the services table show what is published, and follow changes", async () => {
  await expectText("#conn", /^live$/);
  await expectText("#mode", /^predictive$/);
  await expectText("#recording", /REC/);
  await expectText("#frames", /^123$/);
  await expectText("#rtt", /^150 ms$/);
  await expectText("#vr-latency", /^12\.0 ms$/);
  await expectText("#control-rate", /control 20\.0 Hz/);
  for (const s of live.services) {
    await expectText(`tr[data-service="${s}"] .status`, /^OK$/);
  }
  await expectText('tr[data-service="recorder"]', /record 40\.0Hz p99 0\.6ms/);
  await expectText('tr[data-service="vr-ingest"]', /rejected=2/);

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

test("the page updates at least twice a second and the four plots fill with the last seconds", async () => {
  const changes = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let n = 0;
        const body = document.querySelector("#services tbody")!;
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
  for (const id of ["chart-rates", "chart-rtt", "chart-latency", "chart-position"]) {
    expect(await points(id)).toBeGreaterThan(20);
  }
  // Position plot: 3 target + 3 measured series.
  expect(await page.locator("#chart-position .u-legend .u-series").count()).toBe(6);
  expect(await page.locator("#chart-rates .u-legend").textContent()).toContain(
    "controller.control",
  );
  mkdirSync(join(REPO_ROOT, "test-artifacts"), { recursive: true });
  await Bun.sleep(2500);
  await page.screenshot({
    path: join(REPO_ROOT, "test-artifacts", "dashboard.png"),
    fullPage: true,
  });
}, 30_000);

test("a service that stops publishing health shows as down", async () => {
  live.services.delete("vr-ingest");
  const stoppedAt = Date.now();
  await expectText('tr[data-service="vr-ingest"] .status', /^DOWN$/, 8000);
  expect(Date.now() - stoppedAt).toBeLessThan(6000);
  await expectText('tr[data-service="controller"] .status', /^OK$/);
}, 20_000);
