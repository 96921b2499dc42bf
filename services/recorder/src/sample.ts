/**
 * One tick of the recording: the latest value of every stream plus the tick
 * time in, the records of every channel and the staleness of every stream
 * out. Pure, so the layout is tested without NATS or files.
 */

import type { ChannelKey, ChannelSpec } from "@teleop/recording/channels";
import {
  type ChannelRecord,
  controlStatusRecords,
  robotCommandRecords,
  robotStateRecords,
  vrStateRecords,
} from "@teleop/recording/messageRecords";
import { STREAMS, type StalenessRecord, type StreamName } from "@teleop/recording/schemas";
import { rosTime } from "@teleop/recording/time";
import type { ControlStatus, RobotCommand, RobotState, VrState } from "@teleop/shared/messages";

/** The latest message of each sampled stream (undefined until one arrived). */
export interface LatestValues {
  vr?: VrState;
  command?: RobotCommand;
  robot?: RobotState;
  status?: ControlStatus;
}

export interface TickRecord {
  /** A channel of the fixed layout, or the spec of one added when its first record comes (cameras). */
  channel: ChannelKey | ChannelSpec;
  /** When the record was sampled (epoch ms). */
  logTimeMs: number;
  /** When its source message was made (epoch ms). */
  publishTimeMs: number;
  message: unknown;
  /**
   * Called when the chunk holding the record is written to the file (a recorder crash no
   * longer loses it), then again once that is synced to disk (nor does a power loss), with
   * the time (epoch ms).
   */
  onDisk?: (atMs: number, synced: boolean) => void;
}

/** A record of the tick's fixed layout. */
export interface SampledRecord extends TickRecord {
  channel: ChannelKey;
}

export interface TickSample {
  /** The tick's time (epoch ms), the log time of its records. */
  tickMs: number;
  records: SampledRecord[];
  ages: Record<StreamName, number | null>;
  stale: StreamName[];
}

export function sampleTick(
  latest: LatestValues,
  tickMs: number,
  maxStaleMs: number,
  hand: "right" | "left" = "right",
): TickSample {
  const records: SampledRecord[] = [];
  const add = (sourceT: number, made: ChannelRecord[]) => {
    for (const r of made) {
      records.push({
        channel: r.channel,
        logTimeMs: tickMs,
        publishTimeMs: sourceT,
        message: r.message,
      });
    }
  };
  const { vr, command, robot, status } = latest;
  // The same builders as the live view, stamped with the tick so every channel of a tick shares one time.
  if (robot) add(robot.t, robotStateRecords(robot, tickMs));
  if (command) add(command.t, robotCommandRecords(command, tickMs));
  if (vr) {
    const movement = status?.movement ?? command?.movement ?? false;
    add(vr.t, vrStateRecords(vr, movement, tickMs, hand));
  }
  if (status) add(status.t, controlStatusRecords(status));

  const age = (m: { t: number } | undefined) => (m ? tickMs - m.t : null);
  const ages: Record<StreamName, number | null> = {
    vr_state: age(vr),
    robot_command: age(command),
    robot_state: age(robot),
    control_status: age(status),
  };
  const stale = STREAMS.filter((s) => {
    const a = ages[s];
    return a === null || a > maxStaleMs;
  });
  const staleness: StalenessRecord = {
    timestamp: rosTime(tickMs),
    age_ms: ages,
    stale: [...stale],
  };
  add(tickMs, [{ channel: "staleness", message: staleness }]);
  return { tickMs, records, ages, stale };
}
