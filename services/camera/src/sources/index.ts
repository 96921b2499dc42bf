/** Every camera source, one line each; a camera's `source` picks one by name. */
import type { CameraSourceEntry } from "../CameraSource";
import { replaySource } from "./replay";
import { simSource } from "./sim";
import { v4l2Source } from "./v4l2";

export const SOURCES: CameraSourceEntry[] = [v4l2Source, simSource, replaySource];
