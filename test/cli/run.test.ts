/** `teleop run`: its own nats-server, every existing service with prefixed logs, Ctrl-C stops all within 5 s. */
import { expect, test } from "bun:test";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HealthMsg } from "@teleop/shared/messages";

import { discoverServices } from "../../packages/cli/src/stackServices";
import { launchChromium } from "../support/browser";
import { testBus, waitFor } from "../support/bus";
import { freePort, waitForPort } from "../support/natsServer";
import { CliProcess } from "./cli";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("run starts nats-server and each service, prefixes their lines, and stops everything on SIGINT", async () => {
  const services = discoverServices();
  const recordings = mkdtempSync(join(tmpdir(), "teleop-run-"));
  const dashboardPort = await freePort();
  const foxglovePort = await freePort();
  const run = new CliProcess(["run"], {
    NATS_URL: undefined,
    DASHBOARD_PORT: String(dashboardPort),
    FOXGLOVE_PORT: String(foxglovePort),
    RECORDINGS_DIR: recordings,
    // A quiet operator: the stack runs without recording an episode.
    SCENARIO: "idle",
  });
  try {
    await run.waitForStdout(/teleop\s+\| ready: /, 40_000);
    const url = run.stdout.match(/started nats-server at (nats:\/\/127\.0\.0\.1:\d+)/)?.[1];
    expect(url).toBeDefined();
    expect(run.stdout).toMatch(new RegExp(`ready: ${[...services, "dashboard"].join(", ")}[;\\n]`));
    expect(run.stdout).toContain(`Foxglove: open connection ws://127.0.0.1:${foxglovePort}\n`);
    for (const s of [...services, "dashboard"]) {
      expect(run.stdout).toMatch(new RegExp(`^${s}\\s+\\| .*\\bready\\b`, "m"));
    }

    // Every service reports health on the runner's server; remember their pids.
    const bus = await testBus(url!);
    const pids = new Map<string, number>();
    bus.subscribe(bus.subjects.healthAll, HealthMsg, (h) => {
      if (typeof h.detail?.pid === "number") pids.set(h.service, h.detail.pid);
    });
    expect(await waitFor(() => services.every((s) => pids.has(s)), 5000)).toBe(true);
    await bus.close();

    // The dashboard the runner started shows the real services' health and the recorder's state.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${dashboardPort}/`);
      for (const s of services) {
        await page.waitForFunction(
          (name) =>
            document.querySelector(`tr[data-service="${name}"] .status`)?.textContent === "OK",
          s,
          { timeout: 5000 },
        );
      }
      if (services.includes("controller")) {
        await page.waitForFunction(
          () =>
            /^(idle|realtime|predictive)$/.test(document.getElementById("mode")?.textContent ?? ""),
          null,
          { timeout: 5000 },
        );
      }
      if (services.includes("recorder")) {
        await page.waitForFunction(
          () => document.getElementById("recording")?.textContent === "idle",
          null,
          {
            timeout: 5000,
          },
        );
      }
    } finally {
      await browser.close();
    }

    const stopAt = Date.now();
    run.proc.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(5000);
    expect(run.stdout).toMatch(/teleop\s+\| stopped/);
    for (const [service, pid] of pids)
      expect({ service, alive: alive(pid) }).toEqual({ service, alive: false });
    const port = Number(url!.split(":").at(-1));
    await expect(waitForPort(port, 300)).rejects.toThrow(/nothing accepted/);
  } finally {
    await run.stop("SIGKILL");
    rmSync(recordings, { recursive: true, force: true });
  }
}, 60_000);

test("Ctrl-C in a terminal (SIGINT to the whole process group) stops everything, nats-server included", async () => {
  const run = new CliProcess(
    ["run", "--services", "controller", "--no-dashboard"],
    { NATS_URL: undefined, SCENARIO: "idle" },
    true,
  );
  try {
    await run.waitForStdout(/teleop\s+\| ready: controller\n/, 30_000);
    const port = Number(
      run.stdout.match(/started nats-server at nats:\/\/127\.0\.0\.1:(\d+)/)?.[1],
    );
    const stopAt = Date.now();
    process.kill(-run.proc.pid, "SIGINT");
    expect(await run.exited).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(5000);
    expect(run.stdout).toMatch(/controller\s+\| .*stopped/);
    await expect(waitForPort(port, 300)).rejects.toThrow(/nothing accepted/);
  } finally {
    await run.stop("SIGKILL");
  }
}, 45_000);

test("without nats-server on PATH, run says how to install it or to set NATS_URL", async () => {
  const bin = mkdtempSync(join(tmpdir(), "teleop-path-"));
  symlinkSync(process.execPath, join(bin, "bun"));
  try {
    const run = new CliProcess(["run"], { NATS_URL: undefined, PATH: bin });
    expect(await run.exited).toBe(1);
    expect(run.stderr).toMatch(/nats-server is not installed/);
    expect(run.stderr).toMatch(/apt-get install nats-server/);
    expect(run.stderr).toMatch(/NATS_URL/);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}, 15_000);
