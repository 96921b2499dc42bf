/**
 * Who may drive over WebXR: vr-ingest (its own process, VR_SOURCE=webxr,
 * plain HTTP on localhost) prints a pairing code at start; a client without
 * it, or with a wrong one, is refused with a message and counted, and its
 * frames never reach teleop.vr.state; with the code it drives. Checked with
 * plain WebSocket clients speaking the page's protocol and with the real
 * page in headless Chromium (code from the URL, or typed in when asked).
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { encode } from "@teleop/shared/codec";
import type { Controller } from "@teleop/shared/messages";
import type { Browser } from "playwright-core";
import { CLOSE_PAIRING, type ServerMessage } from "../../services/vr-ingest/src/sources/webxr/wire";
import { launchChromium } from "../support/browser";
import { waitFor } from "../support/bus";
import { controllerAt } from "../support/fixtures";
import { useNatsBus } from "../support/natsBus";
import { VrIngestWatch } from "./VrIngestWatch";
import { startWebxrIngest } from "./webxrIngest";

const io = useNatsBus();
let browser: Browser | undefined;
const vr = new VrIngestWatch();
const { states } = vr;

/** vr-ingest with VR_SOURCE=webxr over plain HTTP (the pairing check does not depend on TLS). */
const startIngest = (env: Record<string, string>) =>
  startWebxrIngest(io, { WEBXR_TLS: "off", ...env });

const controller = (x: number): Controller => controllerAt([x, 1.1, -0.2]);

/** A client speaking the page's protocol: JSON hello (optionally with a code), then binary frames. */
class Client {
  readonly ws: WebSocket;
  readonly replies: ServerMessage[] = [];
  closeCode: number | undefined;

  constructor(port: number) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    this.ws.binaryType = "arraybuffer";
    this.ws.onmessage = (e) => this.replies.push(JSON.parse(String(e.data)) as ServerMessage);
    this.ws.onclose = (e) => {
      this.closeCode = e.code;
    };
  }

  async open(): Promise<void> {
    expect(await waitFor(() => this.ws.readyState === WebSocket.OPEN, 5000)).toBe(true);
  }

  hello(code?: string): void {
    this.ws.send(JSON.stringify({ type: "hello", client: "desktop", code }));
  }

  frame(x: number): void {
    if (this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(encode({ t: Date.now(), right: controller(x) }));
    }
  }

  refusal(): string | undefined {
    const r = this.replies.find((m) => m.type === "refused");
    return r?.type === "refused" ? r.reason : undefined;
  }
}

const counter = (name: string) => vr.latestHealth?.counters[name] ?? 0;
const seen = (x: number) => states.some((s) => s.right?.pose.position[0] === x);

beforeAll(async () => {
  await vr.start(io.bus);
}, 30_000);

io.onClose(async () => {
  await browser?.close();
});

describe("webxr pairing code", () => {
  test("a random code is printed with the URL; without it or with a wrong one a client is refused and counted; with it the client drives", async () => {
    const ingest = await startIngest({});
    try {
      const printed = ingest.proc.log.match(/pairing code: ([A-Z0-9]{6})\b/);
      expect(printed).not.toBeNull();
      const code = printed![1]!;
      expect(ingest.proc.log).toContain(`open http://localhost:${ingest.port}/?code=${code}`);

      const noCode = new Client(ingest.port);
      await noCode.open();
      noCode.hello();
      noCode.frame(0.11);
      expect(await waitFor(() => noCode.closeCode !== undefined, 5000)).toBe(true);
      expect(noCode.closeCode).toBe(CLOSE_PAIRING);
      expect(noCode.refusal()).toContain("not paired");
      expect(noCode.replies.some((m) => m.type === "welcome")).toBe(false);

      const wrong = new Client(ingest.port);
      await wrong.open();
      wrong.hello(code === "AAAAAA" ? "BBBBBB" : "AAAAAA");
      expect(await waitFor(() => wrong.closeCode !== undefined, 5000)).toBe(true);
      expect(wrong.closeCode).toBe(CLOSE_PAIRING);
      expect(wrong.refusal()).toContain("wrong pairing code");

      // Frames with no hello at all are refused the same way.
      const framesOnly = new Client(ingest.port);
      await framesOnly.open();
      framesOnly.frame(0.12);
      expect(await waitFor(() => framesOnly.closeCode !== undefined, 5000)).toBe(true);
      expect(framesOnly.closeCode).toBe(CLOSE_PAIRING);

      expect(await waitFor(() => counter("webxr.pairingRefused") === 3, 4000)).toBe(true);
      expect(vr.latestHealth?.detail?.pairing).toBe("on");
      // The code is not published on the bus.
      expect(JSON.stringify(vr.latestHealth)).not.toContain(code);

      const paired = new Client(ingest.port);
      await paired.open();
      paired.hello(code.toLowerCase());
      expect(await waitFor(() => paired.replies.some((m) => m.type === "welcome"), 5000)).toBe(
        true,
      );
      paired.frame(0.13);
      expect(await waitFor(() => seen(0.13), 5000)).toBe(true);
      expect(seen(0.11) || seen(0.12)).toBe(false);
      paired.ws.close();
    } finally {
      expect(await ingest.proc.stop()).toBe(0);
    }
  }, 40_000);

  test("a connection that never says hello is closed after 5 s without taking the seat", async () => {
    const ingest = await startIngest({ WEBXR_PAIRING_CODE: "SILENT7" });
    try {
      const silent = new Client(ingest.port);
      await silent.open();
      const paired = new Client(ingest.port);
      await paired.open();
      paired.hello("SILENT7");
      expect(await waitFor(() => paired.replies.some((m) => m.type === "welcome"), 5000)).toBe(
        true,
      );
      expect(await waitFor(() => silent.closeCode !== undefined, 8000)).toBe(true);
      expect(silent.closeCode).toBe(CLOSE_PAIRING);
      paired.ws.close();
    } finally {
      await ingest.proc.stop();
    }
  }, 30_000);

  test("the page takes the code from its URL, or asks for it and then drives (headless Chromium)", async () => {
    const ingest = await startIngest({ WEBXR_PAIRING_CODE: "PAGE42" });
    browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://localhost:${ingest.port}/`);
      await page.waitForFunction(
        () => document.getElementById("conn")?.textContent?.startsWith("pairing"),
        undefined,
        { timeout: 10_000 },
      );
      expect(await page.locator("#message").textContent()).toContain("not paired");
      expect(await page.locator("#pairing").isVisible()).toBe(true);
      await page.fill("#code", "page42");
      await page.click("#pairing button");
      await page.waitForFunction(
        () => document.getElementById("conn")?.textContent?.startsWith("connected"),
        undefined,
        { timeout: 10_000 },
      );
      expect(new URL(page.url()).searchParams.get("code")).toBe("page42");
      const before = states.length;
      // The desktop fallback streams the start pose once connected.
      expect(await waitFor(() => states.length > before + 5, 5000)).toBe(true);
      await context.close();

      const direct = await browser.newContext();
      const page2 = await direct.newPage();
      await page2.goto(`http://localhost:${ingest.port}/?code=PAGE42`);
      await page2.waitForFunction(
        () => document.getElementById("conn")?.textContent?.startsWith("connected"),
        undefined,
        { timeout: 10_000 },
      );
      expect(await page2.locator("#pairing").isVisible()).toBe(false);
      await direct.close();
    } finally {
      await ingest.proc.stop();
    }
  }, 60_000);

  test("WEBXR_PAIRING=off lets a client without a code drive, and says so at start", async () => {
    const ingest = await startIngest({ WEBXR_PAIRING: "off" });
    try {
      expect(ingest.proc.log).toContain("WebXR pairing is off");
      expect(ingest.proc.log).not.toContain("pairing code:");
      const c = new Client(ingest.port);
      await c.open();
      c.hello();
      expect(await waitFor(() => c.replies.some((m) => m.type === "welcome"), 5000)).toBe(true);
      c.frame(0.17);
      expect(await waitFor(() => seen(0.17), 5000)).toBe(true);
      c.ws.close();
    } finally {
      await ingest.proc.stop();
    }
  }, 30_000);
});
