/**
 * services/vr-ingest, for the files the service reads beside its code
 * (scenarios, the WebXR page's sources). Anchored here, one level under it,
 * because the bundle `teleop run` and the image run (dist/main.js) is one
 * level under it too: a path relative to a deeper module would break there.
 */
import { join } from "node:path";

export const SERVICE_DIR = join(import.meta.dir, "..");
