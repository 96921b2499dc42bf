/**
 * The Quest through the oculus_reader APK: make sure adb sees the headset,
 * start the app, stream logcat lines into frames. A logcat that exits is
 * restarted with backoff; no valid line for `staleMs` marks the controllers
 * untracked (the APK itself never says its data is stale).
 */
import { now } from "@teleop/shared/clock";
import { EventType } from "@teleop/shared/events";
import type { Logger } from "@teleop/shared/log";
import type { Controller } from "@teleop/shared/messages";
import { readLines } from "@teleop/shared/readLines";
import { RateMeter } from "@teleop/shared/stats";
import type { VrFrame, VrSink, VrSource } from "../../VrSource";
import { Adb, AdbMissingError, APP_ACTIVITY, type LogcatProcess } from "./Adb";
import {
  appMissing,
  chooseDevice,
  classifyAdbError,
  HINTS,
  type Problem,
  parseDevices,
  wifiAddress,
} from "./adbDevices";
import { extractPayload, parseLine } from "./parseLine";

export interface AdbSourceOptions {
  adbPath: string;
  /** Quest address for Wi-Fi adb ("" for USB). */
  ip: string;
  staleMs: number;
  log: Logger;
}

type AdbState = Problem | "starting" | "waiting-for-data" | "streaming" | "stale" | "restarting";

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 3000;
/** While silent, an untracked state goes out this often so consumers see why. */
const STALE_REPEAT_MS = 100;

export class AdbSource implements VrSource {
  readonly name = "adb" as const;
  private readonly adb: Adb;
  private sink: VrSink | undefined;
  private stopped = false;
  private proc: LogcatProcess | undefined;
  private runner: Promise<void> | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private wake: (() => void) | undefined;
  private state: AdbState = "starting";
  private problem: string | undefined;
  private serial: string | undefined;
  private last: VrFrame | undefined;
  private lastLineAt: number | undefined;
  private lastStaleSentAt = 0;
  private stale = true;
  private lines = 0;
  private restarts = 0;
  private readonly rate = new RateMeter(2000);

  constructor(private readonly o: AdbSourceOptions) {
    this.adb = new Adb(o.adbPath);
  }

  async start(sink: VrSink): Promise<void> {
    this.sink = sink;
    this.watchdog = setInterval(() => this.checkStale(), 20);
    this.runner = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.proc?.kill();
    this.wake?.();
    await this.runner;
  }

  private async run(): Promise<void> {
    let backoff = MIN_BACKOFF_MS;
    while (!this.stopped) {
      const serial = await this.prepare();
      if (serial && !this.stopped) {
        const { delivered, code, stderr } = await this.stream(serial);
        if (this.stopped) break;
        this.restarts++;
        if (delivered) backoff = MIN_BACKOFF_MS;
        const known = classifyAdbError(stderr);
        if (known) this.setProblem(known, HINTS[known]);
        else this.state = "restarting";
        const said = stderr.trim().slice(0, 200);
        this.o.log.warn(
          `adb logcat exited (code ${code}); restarting in ${backoff} ms`,
          said ? { stderr: said } : undefined,
        );
      }
      await this.pause(backoff);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private setProblem(problem: Problem, message: string): void {
    if (this.problem !== message) this.o.log.error(message, { adb: problem });
    this.state = problem;
    this.problem = message;
  }

  /** Connect (Wi-Fi), pick the headset, start the app; the serial to stream from, or undefined with the problem logged. */
  private async prepare(): Promise<string | undefined> {
    try {
      const address = this.o.ip ? wifiAddress(this.o.ip) : undefined;
      if (address) {
        const r = await this.adb.run(["connect", address]);
        if (!/connected to/i.test(r.stdout)) {
          this.setProblem(
            "no-device",
            `adb connect ${address} failed: ${(r.stdout + r.stderr).trim() || `code ${r.code}`}`,
          );
          return undefined;
        }
      }
      const list = await this.adb.run(["devices"]);
      const choice = chooseDevice(parseDevices(list.stdout), address);
      if (!choice.ok) {
        this.setProblem(choice.problem, choice.message);
        return undefined;
      }
      const am = await this.adb.run(["shell", "am", "start", "-n", APP_ACTIVITY], choice.serial);
      const output = am.stdout + am.stderr;
      if (appMissing(output)) {
        this.setProblem("app-missing", HINTS["app-missing"]);
        return undefined;
      }
      const known = am.code !== 0 ? classifyAdbError(output) : undefined;
      if (known) {
        this.setProblem(known, HINTS[known]);
        return undefined;
      }
      if (this.serial !== choice.serial || this.problem) {
        this.o.log.info("Quest found; oculus_reader started", { serial: choice.serial });
      }
      this.serial = choice.serial;
      this.problem = undefined;
      this.state = "waiting-for-data";
      return choice.serial;
    } catch (err) {
      if (err instanceof AdbMissingError) {
        this.setProblem("adb-missing", `${HINTS["adb-missing"]} (ADB_PATH=${this.o.adbPath})`);
      } else {
        this.setProblem("no-device", `adb failed: ${(err as Error).message}`);
      }
      return undefined;
    }
  }

  private async stream(
    serial: string,
  ): Promise<{ delivered: boolean; code: number; stderr: string }> {
    const proc = this.adb.logcat(serial);
    this.proc = proc;
    const stderr = new Response(proc.stderr).text();
    let delivered = false;
    for await (const line of readLines(proc.stdout)) {
      if (this.onLine(line)) delivered = true;
    }
    const code = await proc.exited;
    this.proc = undefined;
    return { delivered, code, stderr: await stderr };
  }

  /** One logcat line; true when it carried valid controller data. */
  private onLine(line: string): boolean {
    const payload = extractPayload(line);
    if (payload === undefined) return false;
    this.lines++;
    const parsed = parseLine(payload);
    if (!parsed.ok) {
      this.sink?.reject(parsed.kind, parsed.reason);
      return false;
    }
    const at = now();
    this.lastLineAt = at;
    this.rate.mark(at);
    if (this.stale) {
      this.stale = false;
      this.sink?.event(EventType.deviceConnected, { serial: this.serial });
    }
    this.state = "streaming";
    const frame: VrFrame = { t: at };
    if (parsed.right) frame.right = parsed.right;
    if (parsed.left) frame.left = parsed.left;
    this.last = frame;
    this.sink?.frame(frame);
    return true;
  }

  private checkStale(): void {
    const last = this.last;
    if (!last || this.lastLineAt === undefined) return;
    const at = now();
    const silentMs = at - this.lastLineAt;
    if (silentMs <= this.o.staleMs) return;
    if (!this.stale) {
      this.stale = true;
      if (this.state === "streaming") this.state = "stale";
      this.o.log.warn(`no data from the Quest for ${this.o.staleMs} ms: controllers untracked`);
      this.sink?.event(EventType.deviceDisconnected, { serial: this.serial, silentMs });
      this.lastStaleSentAt = 0;
    }
    if (at - this.lastStaleSentAt < STALE_REPEAT_MS) return;
    this.lastStaleSentAt = at;
    const untracked = (c: Controller | undefined) => (c ? { ...c, tracked: false } : undefined);
    const frame: VrFrame = { t: at };
    const right = untracked(last.right);
    const left = untracked(last.left);
    if (right) frame.right = right;
    if (left) frame.left = left;
    this.sink?.frame(frame);
  }

  detail(): Record<string, unknown> {
    const at = now();
    return {
      adb: this.state,
      problem: this.problem,
      serial: this.serial,
      lines: this.lines,
      lineHz: Math.round(this.rate.hz(at) * 10) / 10,
      logcatRestarts: this.restarts,
      lastLineAgeMs: this.lastLineAt === undefined ? null : Math.round(at - this.lastLineAt),
    };
  }
}
