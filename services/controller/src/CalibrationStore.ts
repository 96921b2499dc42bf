/**
 * Keeps the calibration in a NATS KV bucket (history 1), one key per hand, so
 * a restarted controller picks up where it left off. Writes are serialized in
 * the order they were asked for.
 */
import type { KV } from "@nats-io/kv";
import type { Bus } from "@teleop/shared/bus";
import { decode, encode } from "@teleop/shared/codec";
import { type CalibrationRecord, CalibrationRecordMsg } from "./calibrationRecord";

/** The bucket's name under the rig's prefix (`subjects.kvBucket`); a cluster deployment may pre-create it replicated. */
export const CALIBRATION_BUCKET = "calibration";

export type Loaded =
  | { found: false }
  | { found: true; record: CalibrationRecord }
  | { found: true; error: string };

export class CalibrationStore {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly kv: KV,
    readonly bucket: string,
    private readonly key: string,
  ) {}

  static async open(bus: Bus, key: string): Promise<CalibrationStore> {
    const bucket = bus.subjects.kvBucket(CALIBRATION_BUCKET);
    return new CalibrationStore(await bus.kv(bucket, { history: 1 }), bucket, key);
  }

  async load(): Promise<Loaded> {
    const e = await this.kv.get(this.key);
    if (e?.operation !== "PUT") return { found: false };
    const r = decode(CalibrationRecordMsg, e.value);
    return r.ok ? { found: true, record: r.value } : { found: true, error: r.reason };
  }

  /** Store a record, or delete it with null; resolves when this write (and those before it) is done. */
  save(record: CalibrationRecord | null): Promise<void> {
    const write = async () => {
      if (record) await this.kv.put(this.key, encode(record));
      else await this.kv.delete(this.key);
    };
    const next = this.queue.then(write, write);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
