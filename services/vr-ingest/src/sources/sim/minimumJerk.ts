/**
 * Minimum-jerk profile (Flash and Hogan 1985), the shape of a human reach:
 * s(tau) = 10 tau^3 - 15 tau^4 + 6 tau^5, with zero velocity and acceleration
 * at both ends, so chained segments stay smooth.
 */

/** Progress 0..1 at normalised time tau (clamped to 0..1). */
export function minimumJerk(tau: number): number {
  const x = Math.min(1, Math.max(0, tau));
  // Rounding takes the polynomial up to 1 + 2e-15 just below tau = 1, which would
  // push a trigger scripted to 1 past the contract's bound.
  return Math.min(1, x * x * x * (10 + x * (-15 + 6 * x)));
}

/** Peak of ds/dtau, at tau = 1/2: a move of d over T seconds peaks at 1.875 d / T. */
export const PEAK_SPEED_FACTOR = 1.875;

/** Peak of |d2s/dtau2|, at tau = (3 - sqrt 3) / 6: peak acceleration is (10 / sqrt 3) d / T^2. */
export const PEAK_ACCEL_FACTOR = 10 / Math.sqrt(3);

/** Shortest duration for a move of `distance` that keeps within the speed and acceleration bounds. */
export function minimumDuration(distance: number, maxSpeed: number, maxAccel: number): number {
  const d = Math.abs(distance);
  return Math.max(
    (PEAK_SPEED_FACTOR * d) / maxSpeed,
    Math.sqrt((PEAK_ACCEL_FACTOR * d) / maxAccel),
  );
}
