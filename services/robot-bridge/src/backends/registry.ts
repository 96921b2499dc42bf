/** Every robot backend, by the name ROBOT_BACKEND / --backend selects. */
import { frankateachEntry } from "./frankateach/frankateachEntry";
import { simEntry } from "./sim/simEntry";

export const BACKENDS = {
  sim: simEntry,
  frankateach: frankateachEntry,
} as const;

export type BackendName = keyof typeof BACKENDS;
export const BACKEND_NAMES = Object.keys(BACKENDS) as BackendName[];

/** Options of all backends, merged into the service's configuration (flags parse for any backend). */
export const backendSpecs = { ...simEntry.specs, ...frankateachEntry.specs };
