/** `teleop run`: its own nats-server, every existing service with prefixed logs, Ctrl-C stops all within 5 s. */
import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HealthMsg } from "@teleop/shared/messages";

import { serviceRuntimeEnv } from "../../packages/cli/src/serviceRuntime";
import { discoverServices, REPO_ROOT } from "../../packages/cli/src/stackServices";
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
    // The block's last line: the ready line before it may arrive in an earlier read.
    await run.waitForStdout(/teleop\s+\| Ctrl-C stops everything/, 40_000);
    const url = run.stdout.match(/started nats-server at (nats:\/\/127\.0\.0\.1:\d+)/)?.[1];
    expect(url).toBeDefined();
    expect(run.stdout).toMatch(new RegExp(`ready: ${[...services, "dashboard"].join(", ")}[;\\n]`));
    expect(run.stdout).toMatch(new RegExp(`foxglove\\s+ws://127\\.0\\.0\\.1:${foxglovePort}\\s`));
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
    // Each runs with its runtime environment (the JIT tiers it uses).
    for (const [service, pid] of pids) {
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      const runtime = Object.entries(serviceRuntimeEnv(service)).map(([k, v]) => `${k}=${v}`);
      expect({ service, missing: runtime.filter((e) => !environ.includes(e)) }).toEqual({
        service,
        missing: [],
      });
    }

    // The dashboard the runner started shows the real services' health and the recorder's state.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${dashboardPort}/`);
      for (const s of services) {
        await page.waitForFunction(
          (name) =>
            document.querySelector(`[data-service="${name}"] .status`)?.textContent === "OK",
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
    await run.stop();
    rmSync(recordings, { recursive: true, force: true });
  }
}, 60_000);

test("Ctrl-C in a terminal (SIGINT to the whole process group) stops everything, nats-server included", async () => {
  const run = new CliProcess(["run", "--services", "controller", "--no-dashboard"], {
    NATS_URL: undefined,
    SCENARIO: "idle",
  });
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
    await run.stop();
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

/** Holds a port the way another program would, so `teleop run` must pick another. */
async function occupyPort(): Promise<{ port: number; close(): void }> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const addr = srv.address();
  return { port: typeof addr === "object" && addr ? addr.port : 0, close: () => srv.close() };
}

test("run restarts a killed service with a log line, restarts only the service whose source changed (--watch), and says what NATS_URL to export when its port is taken", async () => {
  const taken = await occupyPort();
  const run = new CliProcess(
    ["run", "--services", "controller,vr-ingest", "--no-dashboard", "--watch"],
    {
      NATS_URL: undefined,
      NATS_PORT: String(taken.port),
      VR_SOURCE: "webxr",
      WEBXR_PORT: "0",
      WEBXR_TLS: "off",
      WEBXR_PAIRING: "off",
      WEBXR_HOST: "127.0.0.1",
    },
  );
  try {
    await run.waitForStdout(/teleop\s+\| Ctrl-C stops everything; watching/, 40_000);
    const url = run.stdout.match(/started nats-server at (nats:\/\/127\.0\.0\.1:(\d+))/);
    expect(Number(url?.[2])).not.toBe(taken.port);
    expect(run.stdout).toContain(
      `port ${taken.port} is in use, so nats-server runs on ${url![2]}: in another terminal, export NATS_URL=${url![1]}`,
    );
    expect(run.stdout).toMatch(/teleop\s+\| ready: controller, vr-ingest\n/);
    expect(run.stdout).toMatch(
      /teleop\s+\| {3}webxr {6}http:\/\/localhost:\d+\/\S* {2}\(open in the Quest browser\)/,
    );
    expect(run.stdout).toContain(
      `NATS       export NATS_URL=${url![1]}  (port ${taken.port} was taken`,
    );

    const bus = await testBus(url![1]!);
    const pids = new Map<string, Set<number>>();
    bus.subscribe(bus.subjects.healthAll, HealthMsg, (h) => {
      if (typeof h.detail?.pid !== "number") return;
      pids.set(h.service, (pids.get(h.service) ?? new Set()).add(h.detail.pid));
    });
    expect(await waitFor(() => pids.has("controller") && pids.has("vr-ingest"), 5000)).toBe(true);
    const [first] = pids.get("controller")!;
    const ingest = [...pids.get("vr-ingest")!];

    process.kill(first!, "SIGKILL");
    await run.waitForStdout(
      /controller exited with code 137; restarting in 0\.5 s \(restart 1\)/,
      5000,
    );
    expect(await waitFor(() => pids.get("controller")!.size === 2, 10_000)).toBe(true);

    const source = join(REPO_ROOT, "services", "controller", "src", "main.ts");
    const now = new Date();
    utimesSync(source, now, now);
    await run.waitForStdout(
      /controller: services\/controller\/src\/main\.ts changed; restarting it/,
      5000,
    );
    expect(await waitFor(() => pids.get("controller")!.size === 3, 10_000)).toBe(true);
    await bus.close();
    // vr-ingest kept running: one process all along, started once, never restarted.
    expect([...pids.get("vr-ingest")!]).toEqual(ingest);
    expect(run.stdout.match(/vr-ingest\s+\| .*\bready\b/g)).toHaveLength(1);
    expect(run.stdout).not.toMatch(/vr-ingest: .* changed/);
    // A planned restart is not a death.
    expect(run.stdout.match(/controller exited with code/g)).toHaveLength(1);

    run.proc.kill("SIGINT");
    expect(await run.exited).toBe(0);
  } finally {
    taken.close();
    await run.stop();
  }
}, 90_000);

test("with --no-restart a service that dies stays down and the runner says so", async () => {
  const run = new CliProcess(
    ["run", "--services", "controller", "--no-dashboard", "--no-restart"],
    {
      NATS_URL: undefined,
      SCENARIO: "idle",
    },
  );
  try {
    await run.waitForStdout(/teleop\s+\| ready: controller\n/, 30_000);
    const url = run.stdout.match(/started nats-server at (nats:\/\/\S+)/)![1]!;
    const bus = await testBus(url);
    let pid: number | undefined;
    bus.subscribe(bus.subjects.healthAll, HealthMsg, (h) => {
      if (typeof h.detail?.pid === "number") pid = h.detail.pid;
    });
    expect(await waitFor(() => pid !== undefined, 5000)).toBe(true);
    await bus.close();
    process.kill(pid!, "SIGKILL");
    await run.waitForStdout(
      /controller exited with code 137; not restarted \(--no-restart\)/,
      5000,
    );
    await Bun.sleep(1500);
    expect(run.stdout.match(/controller\s+\| .*\bready\b/g)).toHaveLength(1);
    run.proc.kill("SIGINT");
    expect(await run.exited).toBe(0);
  } finally {
    await run.stop();
  }
}, 45_000);
