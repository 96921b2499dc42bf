import { afterEach, describe, expect, test } from "bun:test";
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import { FR3_RESET_JOINTS, fr3ForwardKinematics } from "@teleop/shared/fr3";
import { Latest } from "@teleop/shared/Latest";
import { createLogger } from "@teleop/shared/log";
import type { Pose } from "@teleop/shared/math";
import { type RobotCommand, RobotCommandMsg, type RobotState } from "@teleop/shared/messages";
import { Counters } from "@teleop/shared/stats";
import { robotCommand } from "../../../test/support/fixtures";
import { parseFaults } from "./backends/sim/faults";
import { SimBackend } from "./backends/sim/SimBackend";
import { type CallReads, CommWorker, HOLD_READS_MAX_MS } from "./CommWorker";
import { acceptCommand } from "./commandAcceptance";

const HOME = fr3ForwardKinematics(FR3_RESET_JOINTS);
const AWAY: Pose = {
  position: [HOME.position[0] + 0.05, HOME.position[1], HOME.position[2] + 0.05],
  orientation: HOME.orientation,
};

function cmd(seq: number, over: Partial<RobotCommand> = {}): RobotCommand {
  const t = now();
  return robotCommand(seq, t, { deadline: t + 10_000, target: AWAY, ...over });
}

interface Rig {
  worker: CommWorker;
  commands: Latest<RobotCommand>;
  states: RobotState[];
  events: string[];
  counters: Counters;
}

let running: CommWorker | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** The bus's reads: a command delivered while they are held reaches the slot only at release. */
class HeldBus implements CallReads {
  held = false;
  holds: number[] = [];
  private queued: RobotCommand[] = [];
  constructor(private readonly slot: Latest<RobotCommand>) {}

  hold(maxMs: number): void {
    this.held = true;
    this.holds.push(maxMs);
  }

  async release(): Promise<void> {
    this.held = false;
    await Bun.sleep(1);
    for (const c of this.queued.splice(0)) this.slot.accept(c);
  }

  deliver(c: RobotCommand): void {
    if (this.held) this.queued.push(c);
    else this.slot.accept(c);
  }
}

function rig(o: {
  stepMs: number;
  faults?: string;
  pollHz?: number;
  timeoutMs?: number;
  reads?: (slot: Latest<RobotCommand>) => CallReads;
}): Rig {
  const commands = new Latest("robot.command", RobotCommandMsg);
  const states: RobotState[] = [];
  const events: string[] = [];
  const counters = new Counters();
  const worker = new CommWorker({
    backend: new SimBackend({
      steps: 3,
      stepMs: o.stepMs,
      physicsStepMs: 50,
      jitterMs: 0,
      seed: 1,
      faults: parseFaults(o.faults ?? ""),
    }),
    commands,
    accept: acceptCommand,
    publish: (s) => states.push(s),
    event: (type) => events.push(type),
    counters,
    log: createLogger("test", "error"),
    pollHz: o.pollHz ?? 20,
    timeoutMs: o.timeoutMs ?? 1000,
    resetTimeoutMs: 5000,
    reads: o.reads?.(commands),
  });
  running = worker;
  worker.start();
  return { worker, commands, states, events, counters };
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await Bun.sleep(2);
  }
}

describe("CommWorker", () => {
  test("takes the newest command when the round trip ends; the ones in between are never sent", async () => {
    const r = rig({ stepMs: 20, pollHz: 0.5 });
    await until(() => r.states.length === 1); // the first poll
    r.commands.accept(cmd(1));
    await Bun.sleep(10); // command 1 is in flight (60 ms)
    for (const s of [2, 3, 4, 5]) r.commands.accept(cmd(s));
    await until(() => r.states.filter((s) => s.commandSeq !== null).length === 2);
    expect(r.states.map((s) => s.commandSeq)).toEqual([null, 1, 5]);
    expect(r.counters.get("commandsSuperseded")).toBe(3);
    expect(r.counters.get("commandsApplied")).toBe(2);
    const rtt = r.states[1]!.rttMs!;
    expect(rtt).toBeGreaterThanOrEqual(59);
  });

  test("holds the bus's reads while a call is in flight; the newest command held meanwhile goes next", async () => {
    let bus: HeldBus | undefined;
    const r = rig({
      stepMs: 20,
      pollHz: 0.5,
      reads: (slot) => {
        bus = new HeldBus(slot);
        return bus;
      },
    });
    await until(() => r.states.length === 1); // the first poll, its reads held and released
    expect(bus!.held).toBe(false);
    bus!.deliver(cmd(1));
    await until(() => bus!.held); // command 1 is in flight (60 ms)
    for (const s of [2, 3, 4]) bus!.deliver(cmd(s));
    expect(r.commands.value?.seq).toBe(1);
    await until(() => r.states.filter((s) => s.commandSeq !== null).length === 2);
    expect(r.states.map((s) => s.commandSeq)).toEqual([null, 1, 4]);
    expect(bus!.holds).toEqual([HOLD_READS_MAX_MS, HOLD_READS_MAX_MS, HOLD_READS_MAX_MS]);
    await until(() => !bus!.held);
  });

  test("late, clutch-released and pre-reset commands are not applied; reset brings the arm home", async () => {
    const r = rig({ stepMs: 5, pollHz: 0.5 });
    r.commands.accept(cmd(1));
    await until(() => r.states.some((s) => s.commandSeq === 1));
    r.commands.accept(cmd(2, { deadline: now() - 1 }));
    r.commands.accept(cmd(3, { movement: false }));
    await until(() => r.counters.get("commandsWithoutMovement") === 1);
    // Superseded by 3 before it was taken, or taken and dropped as late: never applied.
    expect(r.counters.get("commandsDropped.late") + r.counters.get("commandsSuperseded")).toBe(1);

    r.commands.accept(cmd(4, { reset: true }));
    await until(() => r.events.includes(EventType.resetStarted));
    r.commands.accept(cmd(5)); // made during the home procedure
    await until(() => r.events.includes(EventType.resetDone));
    await until(() => r.counters.get("commandsDropped.beforeReset") === 1);
    const home = r.states.find((s) => s.commandSeq === 4)!;
    home.joints!.position.forEach((q, i) => {
      expect(q).toBeCloseTo(FR3_RESET_JOINTS[i]!, 9);
    });
    r.commands.accept(cmd(6));
    await until(() => r.states.some((s) => s.commandSeq === 6));
    expect(r.states.map((s) => s.commandSeq).filter((s) => s !== null)).toEqual([1, 4, 6]);
  });

  test("a reset overwritten in the slot by a newer command still runs", async () => {
    const r = rig({ stepMs: 20, pollHz: 0.5 });
    await until(() => r.states.length === 1);
    r.commands.accept(cmd(1));
    await Bun.sleep(10); // command 1 in flight
    r.commands.accept(cmd(2));
    r.commands.accept(cmd(3, { reset: true }));
    r.commands.accept(cmd(4));
    await until(() => r.events.includes(EventType.resetDone));
    await until(() => r.counters.get("commandsDropped.beforeReset") === 1);
    expect(r.states.map((s) => s.commandSeq).filter((s) => s !== null)).toEqual([1, 3]);
    expect(r.counters.get("commandsSuperseded")).toBe(1);
  });

  test("backend errors, a dropped connection and a stall: counted, announced, reconnected", async () => {
    // Calls: 3 and 4 fail, 7 drops the connection, 10 stalls 10 s (timeout 150 ms).
    const r = rig({
      stepMs: 1,
      pollHz: 50,
      timeoutMs: 150,
      faults: "error@3:2,drop@7,stall@10:10000",
    });
    const t0 = now();
    await until(() => r.counters.get("backendTimeouts") === 1, 5000);
    const afterStall = r.states.length;
    await until(() => r.states.length > afterStall + 3, 3000);
    // Far sooner than the 10 s stall: the worker gave up on it and reconnected.
    expect(now() - t0).toBeLessThan(6000);
    expect(r.counters.get("backendErrors")).toBe(3);
    expect(r.events.filter((e) => e === EventType.robotError).length).toBe(4);
    expect(r.worker.probe().status).toBe("ok");
    expect(String(r.worker.probe().detail.lastError)).toMatch(/within 150 ms/);
    // Every published state is valid and in order.
    r.states.forEach((s, i) => {
      expect(s.seq).toBe(i);
    });
  }, 10_000);
});
