import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { descendantsOf, isAlive, processTree } from "./descendants";

describe("descendantsOf", () => {
  test("walks children and grandchildren, nearest first, and nothing else", () => {
    const procs = [
      { pid: 1, ppid: 0 },
      { pid: 10, ppid: 1 },
      { pid: 11, ppid: 10 },
      { pid: 12, ppid: 10 },
      { pid: 13, ppid: 11 },
      { pid: 20, ppid: 1 },
      { pid: 21, ppid: 20 },
    ];
    expect(descendantsOf(10, procs)).toEqual([11, 12, 13]);
    expect(descendantsOf(13, procs)).toEqual([]);
  });

  test("a pid listed as its own ancestor does not loop", () => {
    const procs = [
      { pid: 5, ppid: 6 },
      { pid: 6, ppid: 5 },
    ];
    expect(descendantsOf(5, procs)).toEqual([6]);
  });
});

describe("stopDescendantsOnSignal", () => {
  let dir: string | undefined;
  let leftovers: number[] = [];
  afterEach(() => {
    for (const pid of leftovers) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone, as it should be
      }
    }
    leftovers = [];
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("SIGTERM to the parent stops its children, a grandchild that ignores SIGTERM and nats-server, whose store goes", async () => {
    dir = mkdtempSync(join(tmpdir(), "descendants-"));
    const script = join(dir, "parent.ts");
    writeFileSync(
      script,
      [
        `import { stopDescendantsOnSignal } from ${JSON.stringify(join(import.meta.dir, "descendants.ts"))};`,
        `import { NatsServer } from ${JSON.stringify(join(import.meta.dir, "..", "test", "support", "natsServer.ts"))};`,
        "stopDescendantsOnSignal((l) => console.log(l), 500);",
        "await NatsServer.start();",
        'Bun.spawn(["sleep", "60"]);',
        `Bun.spawn(["bash", "-c", "trap '' TERM; sleep 60 & wait"]);`,
        'console.log("ready");',
        "setInterval(() => {}, 1000);",
      ].join("\n"),
    );
    const parent = Bun.spawn(["bun", script], { stdout: "pipe", stderr: "inherit" });
    // nats-server, the sleep, bash and bash's sleep.
    const until = Date.now() + 10_000;
    while (Date.now() < until && leftovers.length < 4) {
      await Bun.sleep(50);
      leftovers = descendantsOf(parent.pid, processTree());
    }
    expect(leftovers.length).toBe(4);
    const args = leftovers
      .map((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"))
      .find((a) => a.includes("-sd"));
    const store = args?.[args.indexOf("-sd") + 1];
    expect(store && existsSync(store)).toBe(true);

    parent.kill("SIGTERM");
    expect(await parent.exited).toBe(143);
    expect(await new Response(parent.stdout).text()).toContain("SIGTERM: stopping 4 processes");
    expect(leftovers.filter(isAlive)).toEqual([]);
    expect(existsSync(store!)).toBe(false);
  }, 20_000);
});
