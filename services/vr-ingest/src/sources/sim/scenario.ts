/**
 * Scenario files: what the scripted operator does, as a list of steps, each
 * lasting `s` seconds and doing any of: move the hand by a displacement, turn
 * it about an axis, bring grip / trigger / stick to a value, hold buttons.
 * Compiling turns the steps into timed segments whose moves keep within human
 * speed and acceleration (a step too short for its move is lengthened).
 */
import { type Static, Type } from "@sinclair/typebox";
import { defineMessage } from "@teleop/shared/messages";
import { minimumDuration, PEAK_SPEED_FACTOR } from "./minimumJerk";

const Num = Type.Number({ minimum: -10, maximum: 10 });
const Vec3 = Type.Tuple([Num, Num, Num]);
const Unit = Type.Number({ minimum: 0, maximum: 1 });
const Axis = Type.Number({ minimum: -1, maximum: 1 });
const ButtonName = Type.Union([
  Type.Literal("primary"),
  Type.Literal("secondary"),
  Type.Literal("joystick"),
  Type.Literal("menu"),
]);

export const StepSchema = Type.Object(
  {
    s: Type.Number({ exclusiveMinimum: 0, maximum: 3600, description: "duration, seconds" }),
    note: Type.Optional(Type.String({ description: "phase name shown in health" })),
    move: Type.Optional(Vec3),
    turn: Type.Optional(
      Type.Object({ axis: Vec3, deg: Type.Number({ minimum: -360, maximum: 360 }) }),
    ),
    grip: Type.Optional(Unit),
    trigger: Type.Optional(Unit),
    joystick: Type.Optional(Type.Tuple([Axis, Axis])),
    press: Type.Optional(Type.Array(ButtonName, { description: "buttons held during the step" })),
  },
  { additionalProperties: false },
);

export const ScenarioSchema = Type.Object(
  {
    name: Type.String(),
    description: Type.Optional(Type.String()),
    task: Type.Optional(
      Type.String({
        maxLength: 1000,
        description:
          "the language instruction of the demonstration; the recorder labels episodes with it",
      }),
    ),
    hand: Type.Optional(Type.Union([Type.Literal("right"), Type.Literal("left")])),
    start: Type.Object({
      position: Vec3,
      orientation: Type.Tuple([Num, Num, Num, Num], { description: "quaternion (x, y, z, w)" }),
    }),
    steps: Type.Array(StepSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type Step = Static<typeof StepSchema>;
export type Scenario = Static<typeof ScenarioSchema>;
export type PressButton = Static<typeof ButtonName>;
export const ScenarioFile = defineMessage("vr-ingest.Scenario", ScenarioSchema);

/** Bounds of the scripted hand: brisk but human. */
export const MOTION_LIMITS = {
  maxSpeed: 1.0,
  maxAccel: 5.0,
  maxAngularSpeed: 3.0,
  maxAngularAccel: 20.0,
};

export interface Segment {
  start: number;
  duration: number;
  note: string | undefined;
  move: [number, number, number];
  turn: { axis: [number, number, number]; rad: number } | undefined;
  grip: number | undefined;
  trigger: number | undefined;
  joystick: [number, number] | undefined;
  press: PressButton[];
}

export interface CompiledScenario {
  name: string;
  task: string | undefined;
  hand: "right" | "left";
  start: Scenario["start"];
  segments: Segment[];
  durationS: number;
}

function stepDuration(step: Step): number {
  const [x, y, z] = step.move ?? [0, 0, 0];
  const dist = Math.hypot(x, y, z);
  const angle = step.turn ? (Math.abs(step.turn.deg) * Math.PI) / 180 : 0;
  return Math.max(
    step.s,
    minimumDuration(dist, MOTION_LIMITS.maxSpeed, MOTION_LIMITS.maxAccel),
    minimumDuration(angle, MOTION_LIMITS.maxAngularSpeed, MOTION_LIMITS.maxAngularAccel),
  );
}

/**
 * Timed segments of a validated scenario. With `loop`, a closing segment brings
 * the hand back to the start (and lets go of everything), so each lap starts
 * where the last ended and the motion never jumps.
 */
export function compileScenario(sc: Scenario, loop = false): CompiledScenario {
  const steps: Step[] = [...sc.steps];
  if (loop) {
    const back: [number, number, number] = [0, 0, 0];
    for (const st of sc.steps) for (let i = 0; i < 3; i++) back[i]! += -(st.move?.[i] ?? 0);
    const turns = sc.steps.filter((st) => st.turn).reverse();
    for (const st of turns) {
      steps.push({ s: 0.5, note: "return", turn: { axis: st.turn!.axis, deg: -st.turn!.deg } });
    }
    const dist = Math.hypot(...back);
    steps.push({
      s: Math.max(1, (PEAK_SPEED_FACTOR * dist) / 0.3),
      note: "return",
      move: back,
      grip: 0,
      trigger: 0,
      joystick: [0, 0],
    });
  }
  const segments: Segment[] = [];
  let t = 0;
  for (const st of steps) {
    const duration = stepDuration(st);
    const turn =
      st.turn && st.turn.deg !== 0 && Math.hypot(...st.turn.axis) > 0
        ? { axis: st.turn.axis, rad: (st.turn.deg * Math.PI) / 180 }
        : undefined;
    segments.push({
      start: t,
      duration,
      note: st.note,
      move: st.move ?? [0, 0, 0],
      turn,
      grip: st.grip,
      trigger: st.trigger,
      joystick: st.joystick,
      press: st.press ?? [],
    });
    t += duration;
  }
  return {
    name: sc.name,
    task: sc.task,
    hand: sc.hand ?? "right",
    start: sc.start,
    segments,
    durationS: t,
  };
}
