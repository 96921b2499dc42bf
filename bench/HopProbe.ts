/**
 * One bus hop, measured by ping-pong with the echo process: round trip from
 * here, and each one-way leg from the echo's arrival stamp (both processes
 * read the same epoch clock).
 */
import type { Bus } from "@teleop/shared/bus";
import { now } from "@teleop/shared/clock";
import { pingSubject } from "./pingSubject";

export interface HopSample {
  rttMs: number;
  forwardMs: number;
  backMs: number;
}

/** Legs of one ping from its send, echo and receive times (ms). */
export function hopSample(sentAt: number, echoedAt: number, receivedAt: number): HopSample {
  return {
    rttMs: receivedAt - sentAt,
    forwardMs: echoedAt - sentAt,
    backMs: receivedAt - echoedAt,
  };
}

/** The echo's stamp: one little-endian float64 of epoch ms. */
export function readStamp(data: Uint8Array): number {
  if (data.byteLength !== 8) throw new Error(`echo reply of ${data.byteLength} bytes, expected 8`);
  return new DataView(data.buffer, data.byteOffset, 8).getFloat64(0, true);
}

export function writeStamp(t: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, t, true);
  return out;
}

export class HopProbe {
  readonly samples: HopSample[] = [];
  failures = 0;
  private running = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly bus: Bus,
    private readonly intervalMs = 50,
  ) {}

  start(): void {
    this.running = true;
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  private async run(): Promise<void> {
    const subject = pingSubject(this.bus.subjects);
    const empty = new Uint8Array(0);
    while (this.running) {
      const sentAt = now();
      try {
        const reply = await this.bus.nc.request(subject, empty, { timeout: 1000 });
        const receivedAt = now();
        const echoedAt = readStamp(reply.data);
        this.samples.push(hopSample(sentAt, echoedAt, receivedAt));
      } catch {
        this.failures++;
      }
      await Bun.sleep(Math.max(0, this.intervalMs - (now() - sentAt)));
    }
  }
}
