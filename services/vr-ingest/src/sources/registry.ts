/** Every VR source, one line each; VR_SOURCE picks one by name. */
import { adbSource } from "./adb";
import { replaySource } from "./replay";
import { simSource } from "./sim";
import { webxrSource } from "./webxr";

export const sources = [simSource, adbSource, webxrSource, replaySource] as const;
