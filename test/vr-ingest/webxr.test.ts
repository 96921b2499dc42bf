/**
 * The WebXR source end to end: a real nats-server, vr-ingest's webxr source
 * over HTTPS with its self-signed certificate, real headless Chromium with a
 * stand-in Quest (webxrFakeXr.ts), and what arrives on teleop.vr.state.
 * vr-ingest runs as its own process (VR_SOURCE=webxr), as `make run` starts it.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { now } from "@teleop/shared/clock";
import { encode } from "@teleop/shared/codec";
import { EventType } from "@teleop/shared/events";
import type { Controller, ControlStatus } from "@teleop/shared/messages";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { CLOSE_ABUSE, MAX_BAD_FRAMES_PER_S } from "../../services/vr-ingest/src/sources/webxr/wire";
import { launchChromium } from "../support/browser";
import { waitFor } from "../support/bus";
import { controllerAt } from "../support/fixtures";
import { useNatsBus } from "../support/natsBus";
import { VrIngestWatch } from "./VrIngestWatch";
import { installFakeXr } from "./webxrFakeXr";
import { startWebxrIngest, type WebxrIngest } from "./webxrIngest";

const S45 = Math.SQRT1_2;
/** The pairing code every page and client here sends (the pairing itself: webxrPairing.test.ts). */
const CODE = "E2ETEST";

const io = useNatsBus();
let ingest: WebxrIngest;
let browser: Browser;
let certDir: string;
const vr = new VrIngestWatch();
const { states, events } = vr;

/** vr-ingest with VR_SOURCE=webxr and this file's pairing code; `settings` are WEBXR_* variables. */
const startIngest = (settings: Record<string, string>) =>
  startWebxrIngest(io, { WEBXR_PAIRING_CODE: CODE, ...settings });

const pageUrl = () => `https://127.0.0.1:${ingest.port}/?code=${CODE}`;
const counter = (name: string) => vr.latestHealth?.counters[name] ?? 0;
const latest = () => states[states.length - 1];
const since = (t: number) => states.filter((s) => s.t >= t);
const hasEvent = (type: string, pred: (data: Record<string, unknown>) => boolean = () => true) =>
  events.some((e) => e.type === type && pred(e.data ?? {}));

async function until(what: string, cond: () => boolean, timeoutMs = 8000): Promise<void> {
  if (!(await waitFor(cond, timeoutMs))) throw new Error(`timed out waiting for ${what}`);
}

async function openPage(withXr: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  if (withXr) await page.addInitScript(installFakeXr);
  await page.goto(pageUrl());
  return { context, page };
}

const text = async (page: Page, id: string) => (await page.locator(`#${id}`).textContent()) ?? "";

beforeAll(async () => {
  certDir = join(mkdtempSync(join(tmpdir(), "webxr-e2e-")), "certs");
  await vr.start(io.bus);
  ingest = await startIngest({ WEBXR_CERT_DIR: certDir });
  browser = await launchChromium();
}, 60_000);

io.onClose(async () => {
  await browser?.close();
  await ingest?.proc.stop();
  if (certDir) rmSync(join(certDir, ".."), { recursive: true, force: true });
});

const goodController = (x: number): Controller => controllerAt([x, 1.1, -0.2]);

describe("webxr source", () => {
  test("prints the URL to open and keeps its self-signed certificate", () => {
    expect(ingest.proc.log).toContain(`open https://localhost:${ingest.port}/`);
    expect(existsSync(join(certDir, "webxr-cert.pem"))).toBe(true);
    expect(existsSync(join(certDir, "webxr-key.pem"))).toBe(true);
  });

  test("bad WebSocket frames are rejected and counted, the socket stays open; a flood closes it", async () => {
    const ws = new WebSocket(`wss://127.0.0.1:${ingest.port}/ws`, {
      tls: { rejectUnauthorized: false },
    } as unknown as string[]);
    ws.binaryType = "arraybuffer";
    const replies: string[] = [];
    let closeCode: number | undefined;
    ws.onmessage = (e) => replies.push(String(e.data));
    ws.onclose = (e) => {
      closeCode = e.code;
    };
    await until("the socket to open", () => ws.readyState === WebSocket.OPEN);
    ws.send(JSON.stringify({ type: "hello", client: "desktop", code: CODE }));
    ws.send(encode({ t: Date.now(), right: goodController(0.31) }));
    await until("the good frame", () => latest()?.right?.pose.position[0] === 0.31);
    expect(latest()?.source).toBe("webxr");

    const nan = goodController(0.31);
    nan.pose.position[2] = Number.NaN;
    const skewed = goodController(0.31);
    skewed.pose.orientation = [0, 0, 0.6, 0.6];
    ws.send("not a hello");
    ws.send(new Uint8Array([0xd4, 0x05, 0x00]));
    ws.send(encode({ t: Date.now(), right: nan }));
    ws.send(encode({ t: Date.now(), right: skewed }));
    ws.send(new Uint8Array(5000));
    ws.send(encode({ t: Date.now(), right: goodController(0.32) }));
    await until("the frame after the bad ones", () => latest()?.right?.pose.position[0] === 0.32);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    await until(
      "reject counters in health",
      () =>
        ["text", "malformed", "nonfinite", "quaternion", "oversized"].every(
          (k) => counter(`rejected.${k}`) === 1,
        ),
      5000,
    );
    expect(hasEvent(EventType.inputRejected, (d) => d.kind === "quaternion")).toBe(true);
    expect(replies.filter((r) => r.includes('"rejected"')).length).toBe(5);

    for (let i = 0; i <= MAX_BAD_FRAMES_PER_S; i++) ws.send(new Uint8Array([0xd4, 0x05, 0x00]));
    await until("the flood to close the socket", () => closeCode !== undefined);
    expect(closeCode).toBe(CLOSE_ABUSE);
    await until("the abuse counter", () => counter("webxr.closedForAbuse") === 1);
    // Disconnecting hands the controller untracked, released hands at once.
    await until("a released frame", () => latest()?.right?.tracked === false);
    expect(latest()?.right?.buttons.grip).toBe(false);
  }, 20_000);

  let xrContext: BrowserContext;
  let xrPage: Page;

  test("an immersive-vr session streams both grip poses, the gamepad and the rate", async () => {
    ({ context: xrContext, page: xrPage } = await openPage(true));
    await xrPage.locator("#enter-vr").click();
    await until("tracked webxr frames", () => latest()?.right?.tracked === true, 10_000);
    const from = now();
    await Bun.sleep(2000);
    const sample = since(from).filter((s) => s.right?.tracked);
    expect(sample.length).toBeGreaterThan(0);
    for (const s of sample) {
      const [x, y, z] = s.right!.pose.position;
      expect(y).toBeCloseTo(1.2, 9);
      expect(x).toBeGreaterThanOrEqual(0.1 - 1e-9);
      expect(x).toBeLessThanOrEqual(0.3 + 1e-9);
      expect(z).toBeCloseTo(-0.3 - 0.5 * (x - 0.1), 9);
      const q = s.right!.pose.orientation;
      for (const [i, v] of [0, S45, 0, S45].entries()) expect(q[i]).toBeCloseTo(v, 9);
      expect(s.left?.pose).toEqual({ position: [-0.2, 1, -0.25], orientation: [0, 0, 0, 1] });
      expect(s.left?.tracked).toBe(true);
    }
    const xs = sample.map((s) => s.right!.pose.position[0]);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(0.05);
    // The stand-in runs at 72 Hz; a loaded 2-core machine may deliver fewer.
    const spanS = (sample[sample.length - 1]!.t - sample[0]!.t) / 1000;
    const hz = (sample.length - 1) / spanS;
    expect(hz).toBeGreaterThan(25);
    expect(hz).toBeLessThan(150);
    for (let i = 1; i < sample.length; i++) expect(sample[i]!.t).toBeGreaterThan(sample[i - 1]!.t);
    expect(Math.abs(now() - latest()!.t)).toBeLessThan(1000);
    expect(Number.parseFloat(await text(xrPage, "rate"))).toBeGreaterThan(20);
    expect(await text(xrPage, "conn")).toStartWith("connected");
  }, 30_000);

  test("the page shows the clutch and why it holds, the robot and the recorder; the followed controller pulses on each change", async () => {
    let seq = 0;
    const status = (movement: boolean, holdReason: string | null = null): ControlStatus => ({
      v: 1,
      seq: seq++,
      t: now(),
      mode: "predictive",
      movement,
      calibrated: true,
      vrAgeMs: 5,
      robotAgeMs: 120,
      hz: 40,
      holdReason,
    });
    const shows = (id: string, what: string) =>
      xrPage.waitForFunction(
        ([i, w]) => document.getElementById(i as string)?.textContent?.startsWith(w as string),
        [id, what],
        { timeout: 5000 },
      );
    const pulses = () =>
      xrPage.evaluate(() =>
        (window as unknown as { fakeXr: import("./webxrFakeXr").FakeXrControl }).fakeXr.pulses(),
      );
    const shape = (from: number) => async () =>
      (await pulses()).slice(from).map((p) => `${p.hand}:${p.intensity}/${p.ms}`);
    let current = status(false, "noRobotState");
    const beat = setInterval(() => {
      current = { ...current, seq: seq++, t: now() };
      io.bus.publish(io.bus.subjects.controlStatus, current);
    }, 100);
    try {
      await shows("clutch", "released: no robot");
      await shows("arm", "holds still: no robot");
      const before = (await pulses()).length;
      current = status(true);
      await shows("clutch", "engaged");
      await shows("arm", "follows the hand (predictive)");
      await shows("robot", "predictive, state 120 ms old");
      await until("the engaged pulse", () => false, 300).catch(() => undefined);
      expect(await shape(before)()).toEqual(["right:0.6/40"]);

      const beforeRec = (await pulses()).length;
      io.bus.event(EventType.episodeStarted, { path: "episode.mcap" });
      await shows("rec", "recording");
      await Bun.sleep(400);
      expect(await shape(beforeRec)()).toEqual(["right:0.5/50", "right:0.5/50", "right:0.5/50"]);
      const beforeEdge = (await pulses()).length;
      current = { ...status(true), atEdge: true };
      await shows("arm", "follows the hand (predictive, at the workspace edge)");
      await Bun.sleep(300);
      expect(await shape(beforeEdge)()).toEqual(["right:1/120"]);
      const beforeRelease = (await pulses()).length;
      current = status(false, "uncalibrated");
      await shows("clutch", "released: not calibrated");
      await Bun.sleep(300);
      expect(await shape(beforeRelease)()).toEqual(["right:0.3/30", "right:0.3/30"]);
    } finally {
      clearInterval(beat);
    }
    const beforeSave = (await pulses()).length;
    io.bus.event(EventType.episodeSaved, { path: "episode.mcap", success: true });
    await shows("rec", "not recording");
    await Bun.sleep(400);
    expect(await shape(beforeSave)()).toEqual(["right:0.8/150", "right:0.4/50"]);
    const beforeFault = (await pulses()).length;
    io.bus.event(EventType.robotError, { error: "robot backend gave no reply within 400 ms" });
    await xrPage.waitForFunction(
      () => document.getElementById("message")?.textContent?.includes("robot fault"),
      undefined,
      { timeout: 5000 },
    );
    await Bun.sleep(700);
    expect(await shape(beforeFault)()).toEqual(["right:1/200", "right:1/200", "right:1/200"]);
    // No control status for a second: the controller is gone, the clutch unknown.
    await shows("clutch", "unknown");
  }, 20_000);

  test("an emulated (inferred) position is untracked by default, and the page says so", async () => {
    const set = (on: boolean) =>
      xrPage.evaluate(
        (v) =>
          (
            window as unknown as { fakeXr: import("./webxrFakeXr").FakeXrControl }
          ).fakeXr.setEmulated("right", v),
        on,
      );
    await set(true);
    const from = now();
    await until("untracked frames", () =>
      since(from).some((s) => s.right?.tracked === false && s.left?.tracked === true),
    );
    await xrPage.waitForFunction(
      () => document.getElementById("right")?.textContent?.startsWith("position inferred: held"),
      undefined,
      { timeout: 5000 },
    );
    expect(await text(xrPage, "left")).toBe("tracked");
    await until("the emulated counter", () => counter("webxr.emulatedFrames") > 0, 5000);
    await set(false);
    await until("tracked again", () => latest()?.right?.tracked === true);
  }, 15_000);

  test("trigger, A, thumbstick and Y presses arrive normalised (Touch Plus: no menu button)", async () => {
    await xrPage.evaluate(() => {
      const xr = (window as unknown as { fakeXr: import("./webxrFakeXr").FakeXrControl }).fakeXr;
      xr.setButton("right", 0, true, 0.6);
      xr.setButton("right", 4, true, 1);
      xr.setAxis("right", 3, -0.8);
      xr.setButton("left", 5, true, 1);
    });
    await until("the presses", () => {
      const s = latest();
      return Boolean(s?.right?.buttons.primary && s.left?.buttons.secondary && s.right.trigger > 0);
    });
    const s = latest()!;
    expect(s.right!.trigger).toBeCloseTo(0.6, 6);
    expect(s.right!.buttons.trigger).toBe(true);
    // xr-standard stick forward is -y; the contract's is +y.
    expect(s.right!.joystick[1]).toBeCloseTo(0.8, 6);
    expect(s.right!.buttons.secondary).toBe(false);
    expect(s.left!.buttons.menu).toBe(false);
    expect(s.left!.buttons.primary).toBe(false);
    await until("a button event", () =>
      hasEvent(EventType.button, (d) => d.button === "primary" && d.pressed === true),
    );
  }, 15_000);

  test("a reference-space reset releases the clutch until grip is let go", async () => {
    const control = (fn: string, ...args: unknown[]) =>
      xrPage.evaluate(
        ([f, a]) => {
          const xr = (window as unknown as { fakeXr: Record<string, (...x: unknown[]) => void> })
            .fakeXr;
          xr[f as string]!(...(a as unknown[]));
        },
        [fn, args] as const,
      );
    await control("setButton", "right", 1, true, 1);
    await until("grip pressed", () => latest()?.right?.buttons.grip === true);
    const before = now();
    await control("reset");
    await until("the reset event", () => hasEvent(EventType.referenceSpaceReset));
    await until("an untracked, released frame", () =>
      since(before).some((s) => s.right?.tracked === false && s.right.grip === 0),
    );
    await Bun.sleep(300);
    const afterReset = since(before);
    const resetAt = afterReset.findIndex((s) => s.right?.tracked === false);
    // Frames in flight before the reset still squeeze; every one after it is released.
    const after = afterReset.slice(resetAt + 1).filter((s) => s.right?.tracked);
    expect(after.length).toBeGreaterThan(3);
    expect(after.every((s) => s.right!.buttons.grip === false && s.right!.grip === 0)).toBe(true);
    expect(await text(xrPage, "clutch")).toContain("recentre");

    await control("setButton", "right", 1, false, 0);
    await Bun.sleep(200);
    await control("setButton", "right", 1, true, 1);
    await until("grip engaged again", () => latest()?.right?.buttons.grip === true);
  }, 15_000);

  test("a second page is refused with a message, and takes over by itself when the first leaves", async () => {
    const refusedBefore = counter("webxr.refused");
    const { context, page } = await openPage(false);
    await until("the refusal shown", () => false, 0).catch(() => undefined);
    await page.waitForFunction(
      () => document.getElementById("conn")?.textContent?.startsWith("refused"),
      undefined,
      { timeout: 8000 },
    );
    expect(await text(page, "message")).toContain("only one headset drives at a time");
    await until("the refusal counted", () => counter("webxr.refused") > refusedBefore);

    await xrContext.close();
    await page.waitForFunction(
      () => document.getElementById("conn")?.textContent?.startsWith("connected"),
      undefined,
      { timeout: 12_000 },
    );

    // The desktop fallback now drives the right controller from mouse and keys.
    await until("desktop frames at the start pose", () => {
      const r = latest()?.right;
      return r?.tracked === true && r.pose.position[1] === 1 && r.pose.position[2] === -0.3;
    });
    const box = (await page.locator("#pad").boundingBox())!;
    const x0 = box.x + box.width / 2;
    const y0 = box.y + box.height / 2;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x0 + 100, y0 - 50, { steps: 10 });
    await page.mouse.up();
    await page.mouse.wheel(0, 200);
    await until("the dragged and wheeled position", () => {
      const p = latest()?.right?.pose.position;
      return Boolean(
        p &&
          Math.abs(p[0] - 0.1) < 1e-9 &&
          Math.abs(p[1] - 1.05) < 1e-9 &&
          Math.abs(p[2] + 0.2) < 1e-9,
      );
    });
    await page.keyboard.down(" ");
    await page.keyboard.down("t");
    await until("grip and trigger from the keyboard", () => {
      const r = latest()?.right;
      return r?.grip === 1 && r.trigger === 1 && r.buttons.grip && r.buttons.trigger;
    });
    await page.keyboard.up(" ");
    await page.keyboard.up("t");
    await context.close();
  }, 40_000);
  test("WEBXR_TLS=off serves plain HTTP, which a browser trusts on localhost (adb reverse)", async () => {
    expect(await ingest.proc.stop()).toBe(0);
    const unusedCertDir = join(certDir, "..", "plain");
    ingest = await startIngest({ WEBXR_TLS: "off", WEBXR_CERT_DIR: unusedCertDir });
    expect(ingest.proc.log).toContain(`open http://localhost:${ingest.port}/`);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://localhost:${ingest.port}/?code=${CODE}`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    const from = now();
    await until("desktop frames over plain HTTP", () =>
      since(from).some((s) => s.right?.tracked && s.right.pose.position[2] === -0.3),
    );
    expect(existsSync(unusedCertDir)).toBe(false);
    await context.close();
  }, 30_000);
});
