/**
 * The scripted operator: both controllers as a pure function of scenario time,
 * so a seed and a time give the same sample on every run and at any rate.
 * The scenario's hand follows the compiled segments plus tremor; the other
 * hand rests, mirrored, tracked.
 */
import {
  type Quat,
  quatFromAxisAngle,
  quatMultiply,
  quatNormalize,
  type Vec3,
} from "@teleop/shared/math";
import type { Buttons, Controller } from "@teleop/shared/messages";
import { minimumJerk } from "./minimumJerk";
import type { CompiledScenario, PressButton } from "./scenario";
import { makeTremor, type Tremor } from "./tremor";

export interface OperatorOptions {
  seed: number;
  /** Peak tremor per axis, metres (0: perfectly still hands). */
  tremorM: number;
  /** Start the scenario again when it ends; otherwise hold still, grip released. */
  loop: boolean;
}

export interface OperatorSample {
  right: Controller;
  left: Controller;
  /** The running step's note; "done" once a non-looping scenario is over. */
  phase: string;
}

/** Analog grip / trigger at or past this reads as the button held. */
const PRESS_THRESHOLD = 0.5;

/** Orientation tremor, radians per metre of position tremor (0.5 mm -> about 0.1 degree). */
const ROTATION_TREMOR_PER_M = 3;

interface HandState {
  position: Vec3;
  orientation: Quat;
  grip: number;
  trigger: number;
  joystick: [number, number];
}

const lerp = (a: number, b: number, s: number) => a + (b - a) * s;

export class Operator {
  private readonly starts: HandState[] = [];
  private readonly end: HandState;
  private readonly tremor: Tremor[];
  private readonly restPose: { position: Vec3; orientation: Quat };

  constructor(
    readonly scenario: CompiledScenario,
    private readonly o: OperatorOptions,
  ) {
    let st: HandState = {
      position: [...scenario.start.position],
      orientation: quatNormalize([...scenario.start.orientation]),
      grip: 0,
      trigger: 0,
      joystick: [0, 0],
    };
    for (const seg of scenario.segments) {
      this.starts.push(st);
      st = this.advance(st, seg, 1);
    }
    this.end = st;
    const [x, y, z] = scenario.start.position;
    this.restPose = { position: [-x, y, z], orientation: [0, 0, 0, 1] };
    this.tremor = [0, 1, 2, 3].map((k) => makeTremor(o.seed * 4 + k, o.tremorM));
  }

  private advance(
    from: HandState,
    seg: CompiledScenario["segments"][number],
    s: number,
  ): HandState {
    const orientation = seg.turn
      ? quatNormalize(
          quatMultiply(quatFromAxisAngle(seg.turn.axis, seg.turn.rad * s), from.orientation),
        )
      : from.orientation;
    return {
      position: [
        from.position[0] + seg.move[0] * s,
        from.position[1] + seg.move[1] * s,
        from.position[2] + seg.move[2] * s,
      ],
      orientation,
      grip: lerp(from.grip, seg.grip ?? from.grip, s),
      trigger: lerp(from.trigger, seg.trigger ?? from.trigger, s),
      joystick: [
        lerp(from.joystick[0], seg.joystick?.[0] ?? from.joystick[0], s),
        lerp(from.joystick[1], seg.joystick?.[1] ?? from.joystick[1], s),
      ],
    };
  }

  /** Scripted hand state, pressed buttons and phase at scenario time t (seconds). */
  private scripted(t: number): { st: HandState; press: PressButton[]; phase: string } {
    const total = this.scenario.durationS;
    const at = this.o.loop ? ((t % total) + total) % total : Math.max(0, t);
    if (!this.o.loop && at >= total) {
      return { st: { ...this.end, grip: 0 }, press: [], phase: "done" };
    }
    const segs = this.scenario.segments;
    let i = 0;
    while (i < segs.length - 1 && at >= segs[i + 1]!.start) i++;
    const seg = segs[i]!;
    const s = minimumJerk((at - seg.start) / seg.duration);
    return {
      st: this.advance(this.starts[i]!, seg, s),
      press: seg.press,
      phase: seg.note ?? `step ${i + 1}`,
    };
  }

  private controller(
    st: HandState,
    press: PressButton[],
    tremor: Tremor,
    rotTremor: Tremor,
    t: number,
  ): Controller {
    const d = tremor(t);
    const r = rotTremor(t).map((x) => x * ROTATION_TREMOR_PER_M);
    const wobble = quatNormalize([r[0]! / 2, r[1]! / 2, r[2]! / 2, 1]);
    const buttons: Buttons = {
      primary: press.includes("primary"),
      secondary: press.includes("secondary"),
      grip: st.grip >= PRESS_THRESHOLD,
      trigger: st.trigger >= PRESS_THRESHOLD,
      joystick: press.includes("joystick"),
      menu: press.includes("menu"),
    };
    return {
      tracked: true,
      pose: {
        position: [st.position[0] + d[0], st.position[1] + d[1], st.position[2] + d[2]],
        orientation: quatNormalize(quatMultiply(wobble, st.orientation)),
      },
      trigger: st.trigger,
      grip: st.grip,
      joystick: st.joystick,
      buttons,
    };
  }

  sample(t: number): OperatorSample {
    const { st, press, phase } = this.scripted(t);
    const active = this.controller(st, press, this.tremor[0]!, this.tremor[1]!, t);
    const rest = this.controller(
      { ...this.restPose, grip: 0, trigger: 0, joystick: [0, 0] },
      [],
      this.tremor[2]!,
      this.tremor[3]!,
      t,
    );
    return this.scenario.hand === "right"
      ? { right: active, left: rest, phase }
      : { right: rest, left: active, phase };
  }
}
