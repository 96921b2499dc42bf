/**
 * Physiological hand tremor: a few sinusoids per axis in the 8-12 Hz band with
 * seeded frequencies and phases. Smooth (so speed and acceleration stay
 * bounded) and the same for the same seed.
 */
import type { Vec3 } from "@teleop/shared/math";
import { mulberry32 } from "@teleop/shared/prng";

interface Wave {
  hz: number;
  phase: number;
  weight: number;
}

const WAVES_PER_AXIS = 3;

export type Tremor = (tSec: number) => Vec3;

/** Tremor with peak amplitude at most `amplitude` per axis (units of the caller's choosing). */
export function makeTremor(seed: number, amplitude: number): Tremor {
  const rand = mulberry32(seed);
  const axes: Wave[][] = [0, 1, 2].map(() => {
    const waves = Array.from({ length: WAVES_PER_AXIS }, () => ({
      hz: 8 + 4 * rand(),
      phase: 2 * Math.PI * rand(),
      weight: 0.5 + rand(),
    }));
    const total = waves.reduce((s, w) => s + w.weight, 0);
    return waves.map((w) => ({ ...w, weight: w.weight / total }));
  });
  const at = (waves: Wave[], t: number) =>
    amplitude *
    waves.reduce((s, w) => s + w.weight * Math.sin(2 * Math.PI * w.hz * t + w.phase), 0);
  return (t) => [at(axes[0]!, t), at(axes[1]!, t), at(axes[2]!, t)];
}
