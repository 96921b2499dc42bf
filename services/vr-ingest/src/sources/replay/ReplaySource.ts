/**
 * Republishes a recording's VR stream with its original timing (the gaps
 * between the samples' own `t`), sped up or slowed by `speed`. Each lap
 * starts after a pause longer than the jump window, so the jump back to the
 * first pose is not taken for a glitch.
 */
import { now } from "@teleop/shared/clock";
import type { Logger } from "@teleop/shared/log";
import { WakeableSleep } from "@teleop/shared/WakeableSleep";
import type { VrFrame, VrSink, VrSource } from "../../VrSource";
import { type ReadResult, readVrStates, VR_TOPIC } from "./readVrStates";

export interface ReplayOptions {
  file: string;
  speed: number;
  loop: boolean;
  log: Logger;
}

const LAP_PAUSE_MS = 500;

export class ReplaySource implements VrSource {
  readonly name = "replay" as const;
  private stopped = false;
  private runner: Promise<void> | undefined;
  private readonly sleep = new WakeableSleep();
  private recording: ReadResult | undefined;
  private played = 0;
  private laps = 0;
  private finished = false;

  constructor(private readonly o: ReplayOptions) {}

  async start(sink: VrSink): Promise<void> {
    if (!this.o.file) throw new Error("set REPLAY_FILE (--replay-file) to the MCAP file to replay");
    if (!(await Bun.file(this.o.file).exists())) throw new Error(`${this.o.file} does not exist`);
    const rec = await readVrStates(this.o.file);
    for (const bad of rec.invalid) sink.reject(`replay-${bad.kind}`, bad.reason);
    if (rec.records.length === 0) {
      throw new Error(`${this.o.file} holds no valid VrState on ${VR_TOPIC}`);
    }
    this.recording = rec;
    const first = rec.records[0]!.state.t;
    const last = rec.records.at(-1)!.state.t;
    this.o.log.info("replaying", {
      file: this.o.file,
      messages: rec.records.length,
      durationS: Math.round((last - first) / 10) / 100,
      speed: this.o.speed,
      loop: this.o.loop,
      indexed: rec.indexed,
      skippedDuplicates: rec.duplicates,
    });
    this.runner = this.play(sink, rec);
  }

  private async play(sink: VrSink, rec: ReadResult): Promise<void> {
    do {
      const start = now();
      let offset = 0;
      let prevT = rec.records[0]!.state.t;
      for (const { state } of rec.records) {
        // A publisher restart may step t back: never wait a negative gap.
        offset += Math.max(0, state.t - prevT);
        prevT = state.t;
        await this.sleep.until(start + offset / this.o.speed);
        if (this.stopped) return;
        const frame: VrFrame = {};
        if (state.right) frame.right = state.right;
        if (state.left) frame.left = state.left;
        sink.frame(frame);
        this.played++;
      }
      this.laps++;
      if (this.o.loop) await this.sleep.until(now() + LAP_PAUSE_MS);
    } while (this.o.loop && !this.stopped);
    this.finished = true;
    this.o.log.info("replay finished", { played: this.played });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sleep.wake();
    await this.runner;
  }

  detail(): Record<string, unknown> {
    return {
      file: this.o.file,
      messages: this.recording?.records.length ?? 0,
      played: this.played,
      laps: this.laps,
      speed: this.o.speed,
      finished: this.finished,
    };
  }
}
