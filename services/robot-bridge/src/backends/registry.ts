/** Every robot backend, one line each; ROBOT_BACKEND / --backend picks one by name. */
import { frankateachBackend } from "./frankateach";
import { simBackend } from "./sim";

export const backends = [simBackend, frankateachBackend] as const;
