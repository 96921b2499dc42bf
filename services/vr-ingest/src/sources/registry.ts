/** Every VR source, one line each; VR_SOURCE picks one by name. */
import type { SourceEntry } from "../VrSource";
import { adbSource } from "./adb";
import { replaySource } from "./replay";
import { simSource } from "./sim";
import { webxrSource } from "./webxr";

export const sources: SourceEntry[] = [simSource, adbSource, webxrSource, replaySource];
