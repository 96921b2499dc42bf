/**
 * The per-message records (the live view's) are the recorder's per-tick
 * records when stamped with the same time: one layout reads both.
 */
import { expect, test } from "bun:test";
import { channelSpec } from "@teleop/recording/channels";
import { staticTransforms } from "@teleop/recording/frames";
import {
  type ChannelRecord,
  controlStatusRecords,
  robotCommandRecords,
  robotDescriptionRecord,
  robotStateRecords,
  tfStaticRecord,
  vrStateRecords,
} from "@teleop/recording/messageRecords";
import { tfRecord } from "@teleop/recording/records";
import { fr3Urdf } from "@teleop/recording/urdf";
import { sampleTick } from "../../services/recorder/src/sample";
import {
  controller,
  controlStatus,
  robotCommand,
  robotState,
  SchemaChecker,
  vrState,
} from "../../services/recorder/src/testFixtures";
import { wristCameraInfo } from "../support/fixtures";

const T = 1_700_000_000_000.25;

test("every channel's record equals the recorder's tick record at the same stamp", () => {
  const vr = { ...vrState(1, T), left: controller({ primary: true }) };
  const command = robotCommand(2, T);
  const robot = robotState(3, T);
  const status = { ...controlStatus(4, T), movement: false };
  const tick = sampleTick({ vr, command, robot, status }, T, 250);
  const live: ChannelRecord[] = [
    ...robotStateRecords(robot, T),
    ...robotCommandRecords(command, T),
    ...vrStateRecords(vr, status.movement, T),
    ...controlStatusRecords(status),
  ];
  const recorded = tick.records.filter((r) => r.channel !== "staleness");
  expect(live.map((r) => r.channel).sort()).toEqual(recorded.map((r) => r.channel).sort());
  for (const r of recorded) {
    expect(live.find((l) => l.channel === r.channel)!.message).toEqual(r.message);
  }
});

test("records match their channel's schema, static data included", () => {
  const check = new SchemaChecker();
  const cameraInfo = wristCameraInfo(T);
  const records = [
    ...robotStateRecords(robotState(1, T), T),
    ...vrStateRecords(vrState(1, T), true, T),
    tfStaticRecord([cameraInfo], T),
    robotDescriptionRecord(),
  ];
  for (const r of records) {
    const spec = channelSpec(r.channel);
    expect(check.check(spec.topic, spec.schema, r.message)).toBeUndefined();
  }
  const tfStatic = tfStaticRecord([cameraInfo], T).message as ReturnType<typeof tfRecord>;
  expect(tfStatic.transforms.slice(0, -1)).toEqual(tfRecord(staticTransforms(), T).transforms);
  expect(tfStatic.transforms.at(-1)!.child_frame_id).toBe("camera_wrist");
  expect(tfStatic.transforms.at(-1)!.header.frame_id).toBe("fr3_hand");
  expect(robotDescriptionRecord().message).toEqual({ data: fr3Urdf() });
});
