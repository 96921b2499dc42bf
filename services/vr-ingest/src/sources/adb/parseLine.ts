/**
 * The oculus_reader APK's logcat line (REFERENCE section 2) to controllers in
 * the contract's VR frame. Pure: a line in, controllers or a reason out.
 *
 * `TRANSFORMS&BUTTONS`: TRANSFORMS is `r:` / `l:` entries joined by `|`, each
 * 16 `%g` numbers (row-major 4x4, inverse(head) x controller, OVR axes, which
 * are the OpenXR axes of the contract, so no axis change is needed). BUTTONS
 * is comma-joined tokens: side markers `R` / `L`, held buttons, and
 * `rightJS x y`, `rightTrig v`, `rightGrip v` (left likewise).
 */
import { mat3RowMajorToQuat, type Pose } from "@teleop/shared/math";
import { type Buttons, type Controller, releasedButtons } from "@teleop/shared/messages";

export const LOG_TAG = "wE9ryARX";

export type Side = "right" | "left";

export type ParsedLine =
  | { ok: true; right?: Controller; left?: Controller }
  | { ok: false; kind: LineRejectKind; reason: string };

export type LineRejectKind = "malformed" | "count" | "number" | "rotation";

/** A C `%g` number: optional sign, digits with optional point, optional exponent (no hex, no nan/inf). */
const G_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Largest |R R^T - I| entry for a matrix printed with six significant digits. */
const ROTATION_TOLERANCE = 0.01;

/** Button tokens of each side and what they mean in the contract. RThU / LThU (thumb up, i.e. not touching) have no contract field and are ignored. */
const BUTTON_TOKENS: Record<string, { side: Side; button: keyof Buttons }> = {
  A: { side: "right", button: "primary" },
  B: { side: "right", button: "secondary" },
  RTr: { side: "right", button: "trigger" },
  RG: { side: "right", button: "grip" },
  RJ: { side: "right", button: "joystick" },
  X: { side: "left", button: "primary" },
  Y: { side: "left", button: "secondary" },
  LTr: { side: "left", button: "trigger" },
  LG: { side: "left", button: "grip" },
  LJ: { side: "left", button: "joystick" },
};
const IGNORED_TOKENS = new Set(["RThU", "LThU"]);
/** Tokens of a newer APK (a name, maybe numbers) are skipped rather than failing every line. */
const UNKNOWN_TOKEN = /^[A-Za-z][A-Za-z0-9]*( [-+.0-9eE ]*)?$/;

const ANALOG_TOKENS: Record<string, { side: Side; field: "joystick" | "trigger" | "grip" }> = {
  rightJS: { side: "right", field: "joystick" },
  rightTrig: { side: "right", field: "trigger" },
  rightGrip: { side: "right", field: "grip" },
  leftJS: { side: "left", field: "joystick" },
  leftTrig: { side: "left", field: "trigger" },
  leftGrip: { side: "left", field: "grip" },
};

interface SideInput {
  buttons: Buttons;
  trigger: number;
  grip: number;
  joystick: [number, number];
}

const fail = (kind: LineRejectKind, reason: string): ParsedLine => ({ ok: false, kind, reason });

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

function parseNumbers(text: string): number[] | string {
  const out: number[] = [];
  for (const tok of text.split(" ")) {
    if (tok === "") continue;
    if (!G_NUMBER.test(tok)) return tok;
    out.push(Number(tok));
  }
  return out;
}

/** The payload of a logcat line: raw (`-v raw`) or after `<tag>: ` in other formats; undefined for logcat's own lines. */
export function extractPayload(line: string): string | undefined {
  const text = line.replace(/\r$/, "");
  if (text.trim() === "" || text.startsWith("--------- ")) return undefined;
  const marker = `${LOG_TAG}: `;
  const at = text.indexOf(marker);
  return at >= 0 ? text.slice(at + marker.length) : text;
}

/** Row-major 4x4 (metres) to a pose; undefined when the 3x3 part is not a rotation. */
export function rowMajorToPose(m: readonly number[]): Pose | undefined {
  const r = [m[0]!, m[1]!, m[2]!, m[4]!, m[5]!, m[6]!, m[8]!, m[9]!, m[10]!];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const d =
        r[i * 3]! * r[j * 3]! + r[i * 3 + 1]! * r[j * 3 + 1]! + r[i * 3 + 2]! * r[j * 3 + 2]!;
      if (Math.abs(d - (i === j ? 1 : 0)) > ROTATION_TOLERANCE) return undefined;
    }
  }
  return { position: [m[3]!, m[7]!, m[11]!], orientation: mat3RowMajorToQuat(r) };
}

function parseTransforms(text: string): Partial<Record<Side, Pose>> | ParsedLine {
  const poses: Partial<Record<Side, Pose>> = {};
  for (const entry of text.split("|")) {
    if (entry.trim() === "") continue;
    const m = /^\s*([rl]):(.*)$/.exec(entry);
    if (!m) return fail("malformed", `transform entry "${clip(entry)}" is not r:... or l:...`);
    const side: Side = m[1] === "r" ? "right" : "left";
    if (poses[side]) return fail("malformed", `two ${side} transforms in one line`);
    const nums = parseNumbers(m[2]!);
    if (typeof nums === "string") {
      return fail("number", `${side} transform has "${clip(nums)}", not a number`);
    }
    if (nums.length !== 16) {
      return fail("count", `${side} transform has ${nums.length} numbers, expected 16`);
    }
    const pose = rowMajorToPose(nums);
    if (!pose) return fail("rotation", `${side} transform's 3x3 part is not a rotation`);
    poses[side] = pose;
  }
  return poses;
}

const freshSide = (): SideInput => ({
  buttons: releasedButtons(),
  trigger: 0,
  grip: 0,
  joystick: [0, 0],
});

function parseButtons(text: string): Partial<Record<Side, SideInput>> | ParsedLine {
  const sides: Partial<Record<Side, SideInput>> = {};
  const side = (s: Side) => {
    sides[s] ??= freshSide();
    return sides[s];
  };
  for (const raw of text.split(",")) {
    const tok = raw.trim();
    if (tok === "" || IGNORED_TOKENS.has(tok)) continue;
    if (tok === "R" || tok === "L") {
      side(tok === "R" ? "right" : "left");
      continue;
    }
    const button = BUTTON_TOKENS[tok];
    if (button) {
      side(button.side).buttons[button.button] = true;
      continue;
    }
    const space = tok.indexOf(" ");
    const name = space < 0 ? tok : tok.slice(0, space);
    const analog = ANALOG_TOKENS[name];
    if (!analog) {
      if (UNKNOWN_TOKEN.test(tok)) continue;
      return fail("malformed", `button token "${clip(tok)}" is not a name`);
    }
    const nums = parseNumbers(space < 0 ? "" : tok.slice(space + 1));
    if (typeof nums === "string")
      return fail("number", `${name} has "${clip(nums)}", not a number`);
    const want = analog.field === "joystick" ? 2 : 1;
    if (nums.length !== want) {
      return fail("count", `${name} has ${nums.length} numbers, expected ${want}`);
    }
    const s = side(analog.side);
    if (analog.field === "joystick") s.joystick = [nums[0]!, nums[1]!];
    else s[analog.field] = nums[0]!;
  }
  return sides;
}

/** One payload to the controllers it describes. A side needs a transform; its buttons default to released. */
export function parseLine(payload: string): ParsedLine {
  const amp = payload.indexOf("&");
  if (amp < 0 || payload.indexOf("&", amp + 1) >= 0) {
    return fail("malformed", `expected TRANSFORMS&BUTTONS, got "${clip(payload)}"`);
  }
  const poses = parseTransforms(payload.slice(0, amp));
  if ("ok" in poses) return poses as ParsedLine;
  const inputs = parseButtons(payload.slice(amp + 1));
  if ("ok" in inputs) return inputs as ParsedLine;
  const out: { ok: true; right?: Controller; left?: Controller } = { ok: true };
  for (const s of ["right", "left"] as const) {
    const pose = poses[s];
    if (!pose) continue;
    const input = inputs[s] ?? freshSide();
    out[s] = { tracked: true, pose, ...input };
  }
  return out;
}
