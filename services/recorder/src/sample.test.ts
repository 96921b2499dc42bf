import { describe, expect, test } from "bun:test";
import { channelSpec } from "@teleop/recording/channels";
import { FR3_READY_JOINTS } from "@teleop/shared/fr3";
import { sampleTick } from "./sample";
import {
  controller,
  controlStatus,
  robotCommand,
  robotState,
  SchemaChecker,
  vrState,
} from "./testFixtures";

const T = 1_700_000_000_000;

describe("sampleTick", () => {
  const full = {
    vr: vrState(1, T - 4),
    command: robotCommand(2, T - 10),
    robot: robotState(3, T - 300),
    status: controlStatus(4, T - 10),
  };

  test("ages are tick time minus each message's t; older than the limit (or missing) is stale", () => {
    const s = sampleTick(full, T, 250);
    expect(s.ages).toEqual({
      vr_state: 4,
      robot_command: 10,
      robot_state: 300,
      control_status: 10,
    });
    expect(s.stale).toEqual(["robot_state"]);
    const none = sampleTick({ vr: full.vr }, T, 250);
    expect(none.ages.robot_state).toBeNull();
    expect(none.stale).toEqual(["robot_command", "robot_state", "control_status"]);
  });

  test("log time is the tick, publish time the source message's t", () => {
    const s = sampleTick(full, T, 250);
    const rs = s.records.find((r) => r.channel === "robotState")!;
    expect(rs.logTimeMs).toBe(T);
    expect(rs.publishTimeMs).toBe(T - 300);
    expect(s.records.find((r) => r.channel === "rawRobotState")!.message).toBe(full.robot);
  });

  test("one record per channel with data; absent streams give none", () => {
    const channels: string[] = sampleTick(full, T, 250).records.map((r) => r.channel);
    expect(channels.sort()).toEqual(
      [
        "action",
        "controllerRight",
        "foxgloveTf",
        "jointStates",
        "rawControlStatus",
        "rawRobotCommand",
        "rawRobotState",
        "rawVrState",
        "robotState",
        "staleness",
        "target",
        "tf",
        "vrController",
      ].sort(),
    );
    const onlyVr: string[] = sampleTick({ vr: full.vr }, T, 250).records.map((r) => r.channel);
    expect(onlyVr.sort()).toEqual(["controllerRight", "rawVrState", "staleness", "vrController"]);
  });

  test("every record validates against its channel's JSON schema", () => {
    const checker = new SchemaChecker();
    const left = { ...vrState(5, T - 4), left: controller({ primary: true }) };
    for (const latest of [full, { ...full, vr: left }, { vr: left }]) {
      for (const r of sampleTick(latest, T + 0.5, 250).records) {
        const spec = channelSpec(r.channel);
        const wire = JSON.parse(JSON.stringify(r.message));
        expect(checker.check(spec.schemaName, spec.schema, wire)).toBeUndefined();
      }
    }
  });

  test("seed fields: cartesian pose as x,y,z,roll,pitch,yaw; 9 joint names; row-major 4x4", () => {
    const s = sampleTick(full, T, 250);
    const rs = s.records.find((r) => r.channel === "robotState")!.message as {
      cartesian_position: number[];
      joint_positions: number[];
    };
    // Ready pose: TCP at (0.3069, 0, 0.4869) with rotation diag(1,-1,-1) = roll pi.
    const [x, y, z, roll, pitch, yaw] = rs.cartesian_position as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    expect(x).toBeCloseTo(0.3069, 4);
    expect(y).toBeCloseTo(0, 4);
    expect(z).toBeCloseTo(0.4869, 4);
    expect(Math.abs(roll)).toBeCloseTo(Math.PI, 6);
    expect(pitch).toBeCloseTo(0, 6);
    expect(yaw).toBeCloseTo(0, 6);
    expect(rs.joint_positions).toEqual([...FR3_READY_JOINTS]);
    const js = s.records.find((r) => r.channel === "jointStates")!.message as { name: string[] };
    expect(js.name).toHaveLength(9);
    const vc = s.records.find((r) => r.channel === "vrController")!.message as {
      poses: { r: number[] };
      buttons: Record<string, unknown>;
    };
    // Translation of the row-major matrix sits at indices 3, 7, 11.
    expect([vc.poses.r[3], vc.poses.r[7], vc.poses.r[11]]).toEqual([0.1, 1.2, -0.3]);
    expect(vc.buttons).toMatchObject({ A: false, B: false, RG: true, rightTrig: [0.2] });
  });
});
