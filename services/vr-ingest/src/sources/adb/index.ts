/** Registry entry of the Quest over adb (oculus_reader APK). */
import { num, str } from "@teleop/shared/config";
import { VR_TIMEOUT_MS } from "@teleop/shared/control";
import type { SourceEntry } from "../../VrSource";

const specs = {
  adbPath: str({ env: "ADB_PATH", default: "adb", help: "adb executable (name on PATH or path)" }),
  adbIp: str({
    env: "ADB_IP",
    flag: "--ip",
    default: "",
    pattern: /^$|^[A-Za-z0-9.:[\]-]+$/,
    help: "Quest address for Wi-Fi adb (adb connect <ip>:5555); empty for USB",
  }),
  adbStaleMs: num({
    env: "ADB_STALE_MS",
    default: VR_TIMEOUT_MS,
    min: 10,
    help: "no valid line for this long marks the controllers untracked, ms",
  }),
};

export const adbSource: SourceEntry<typeof specs> = {
  name: "adb",
  specs,
  create: async (config, ctx) =>
    new (await import("./AdbSource")).AdbSource({
      adbPath: config.adbPath,
      ip: config.adbIp,
      staleMs: config.adbStaleMs,
      log: ctx.log,
    }),
};
