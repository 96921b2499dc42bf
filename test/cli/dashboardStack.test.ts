/**
 * The dashboard on the real stack (sim arm, controller, recorder, scripted
 * operator) in headless Chromium: its buttons start and save an episode that
 * verifies, with the task sent in the start request; a refused start says how
 * to save or discard; a killed robot bridge greys its tile within 3 s.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyFile } from "@teleop/recording/verify";
import { decodeAny } from "@teleop/shared/codec";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser";
import { testBus } from "../support/bus";
import { freePort, NatsServer } from "../support/natsServer";
import { ServiceProcess } from "../support/serviceProcess";

let nats: NatsServer;
let browser: Browser;
let page: Page;
let url: string;
const services = new Map<string, ServiceProcess>();
const consoleErrors: string[] = [];
const dir = mkdtempSync(join(tmpdir(), "teleop-dash-stack-"));

beforeAll(async () => {
  nats = await NatsServer.start();
  const env = { NATS_URL: nats.url, RECORDINGS_DIR: dir, SCENARIO: "idle" };
  for (const name of ["robot-bridge", "controller", "recorder", "vr-ingest"]) {
    services.set(name, new ServiceProcess({ script: `services/${name}/src/main.ts`, env }));
  }
  const port = await freePort();
  services.set(
    "dashboard",
    new ServiceProcess({
      script: "packages/cli/src/main.ts",
      args: ["dashboard"],
      env: { ...env, DASHBOARD_PORT: String(port) },
    }),
  );
  await Promise.all([...services.values()].map((s) => s.waitForLog(/\bready\b/, 30_000)));
  url = `http://127.0.0.1:${port}/`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  await page.goto(url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([...services.values()].map((s) => s.stop()));
  await nats?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function waitText(sel: string, want: RegExp, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let got = "";
  while (Date.now() < until) {
    got = (await page.locator(sel).textContent()) ?? "";
    if (want.test(got)) return got;
    await Bun.sleep(100);
  }
  throw new Error(
    `${sel} shows "${got}", expected ${want}; page errors: ${consoleErrors.join(" | ")}`,
  );
}

async function waitEnabled(sel: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!(await page.isDisabled(sel))) return;
    await Bun.sleep(100);
  }
  throw new Error(`${sel} stayed disabled; page errors: ${consoleErrors.join(" | ")}`);
}

test("Start with a task, then Save: the episode is saved as a success, shown, and verifies", async () => {
  // The recorder's start subject is a plain subject: the test listens beside it.
  const bus = await testBus(nats.url);
  const starts: unknown[] = [];
  bus.nc.subscribe(bus.subjects.recorderStart, {
    callback: (_e, m) => {
      const r = decodeAny(m.data);
      if (r.ok) starts.push(r.value);
    },
  });
  await bus.nc.flush();

  await waitText("#conn", /^live$/, 15_000);
  await waitEnabled("#btn-start");
  expect(await page.isDisabled("#btn-save")).toBe(true);
  await page.fill("#task", "pick up the red cube");
  await page.click("#btn-start", { force: true });
  await waitText("#rec-message", /^recording: /, 20_000);
  await waitText("#recording", /REC/);
  expect(await page.locator("#rec-message").textContent()).toMatch(
    /^recording: .*failure\/trajectory_.*\.mcap$/,
  );
  expect(starts).toEqual([{ task: "pick up the red cube" }]);
  await bus.close();

  // Start again while recording (the button is disabled; the API says what to do).
  const again = await fetch(`${url}api/recorder/start`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url.replace(/\/$/, "") },
    body: "{}",
  });
  const refused = (await again.json()) as { reply: { ok: boolean }; hint: string };
  expect(refused.reply.ok).toBe(false);
  expect(refused.hint).toMatch(
    /save it with Save \(Save as failure for a failed attempt\) or drop it with Discard$/,
  );
  // Another site's page may not press the buttons.
  const foreign = await fetch(`${url}api/recorder/discard`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://evil.example" },
    body: "{}",
  });
  expect(foreign.status).toBe(403);

  await Bun.sleep(2000);
  await waitEnabled("#btn-save");
  await page.click("#btn-save", { force: true });
  const path = (await waitText("#last-path", /success\/trajectory_.*\.mcap$/)).trim();
  await waitText("#last-result", /^success$/);
  await waitText("#last-duration", /^\d+\.\d s$/);
  await waitText("#recording", /^idle$/);
  expect(path.startsWith(join(dir, "success"))).toBe(true);
  const report = await verifyFile(path);
  expect(report.errors).toEqual([]);
  expect(report.valid).toBe(true);
  expect(report.success).toBe(true);
  expect(report.frames).toBeGreaterThan(40);
  await waitText("#events", /episode saved as success \d+\.\d s trajectory_/);
  expect(consoleErrors).toEqual([]);
}, 120_000);

test("a killed robot bridge greys the robot tile within 3 s and then shows it down", async () => {
  await waitText("#age-robot", /^live/);
  await page.evaluate(() => {
    const w = window as unknown as { greyedAt?: number };
    const tile = document.getElementById("tile-robot")!;
    new MutationObserver(() => {
      if (/state-(stale|down)/.test(tile.className)) w.greyedAt ??= Date.now();
    }).observe(tile, { attributes: true, attributeFilter: ["class"] });
  });
  const bridge = services.get("robot-bridge")!;
  bridge.proc.kill("SIGKILL");
  const killedAt = Date.now();
  await bridge.exited;
  await page.waitForFunction(() => (window as unknown as { greyedAt?: number }).greyedAt, null, {
    timeout: 10_000,
  });
  const greyedAt = await page.evaluate(() => (window as unknown as { greyedAt: number }).greyedAt);
  expect(greyedAt - killedAt).toBeLessThan(3000);
  await waitText("#conn", /^degraded: .*robot/);
  await waitText("#age-robot", /^robot-bridge down$/, 10_000);
  await waitText('[data-service="robot-bridge"] .status', /^DOWN$/);
  expect(consoleErrors).toEqual([]);
}, 30_000);
