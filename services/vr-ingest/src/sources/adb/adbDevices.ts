/**
 * What `adb devices` and adb's error output say about the headset, turned
 * into a state and a message a person can act on. Pure.
 */

export type DeviceState = "device" | "unauthorized" | "offline" | "no permissions" | string;

export interface AdbDevice {
  serial: string;
  state: DeviceState;
}

export type Problem =
  | "adb-missing"
  | "no-device"
  | "unauthorized"
  | "offline"
  | "no-permission"
  | "app-missing";

export type DeviceChoice =
  | { ok: true; serial: string }
  | { ok: false; problem: Problem; message: string };

export const HINTS: Record<Problem, string> = {
  "adb-missing":
    "adb not found: install Android platform tools (Debian/Ubuntu: apt install adb) or set ADB_PATH",
  "no-device":
    "no Quest found by adb: connect it by USB with developer mode on, or set ADB_IP (--ip) for Wi-Fi adb",
  unauthorized:
    "the Quest is unauthorized: put the headset on and accept 'Allow USB debugging' (tick 'Always allow from this computer')",
  offline:
    "the Quest is offline for adb: reconnect the cable, wake the headset, or run `adb reconnect`",
  "no-permission":
    "adb has no permission to open the USB device: add a udev rule for vendor 2833 (Meta) and replug",
  "app-missing":
    "the oculus_reader APK (com.rail.oculus.teleop) is not installed on the Quest: adb install it (see the README)",
};

/** `List of devices attached` then `<serial>\t<state>` lines (extra `-l` columns ignored). */
export function parseDevices(stdout: string): AdbDevice[] {
  const out: AdbDevice[] = [];
  for (const line of stdout.split("\n")) {
    const t = line.trim();
    if (t === "" || t.startsWith("List of devices") || t.startsWith("*")) continue;
    const m = /^(\S+)\s+(no permissions|\S+)/.exec(t);
    if (m) out.push({ serial: m[1]!, state: m[2]! });
  }
  return out;
}

function problemOf(state: DeviceState): Problem {
  if (state === "unauthorized") return "unauthorized";
  if (state === "no permissions") return "no-permission";
  return "offline";
}

/** The device to use: `wanted` (Wi-Fi address) if given, else the first ready one. */
export function chooseDevice(devices: AdbDevice[], wanted?: string): DeviceChoice {
  const pool = wanted ? devices.filter((d) => d.serial === wanted) : devices;
  const ready = pool.find((d) => d.state === "device");
  if (ready) return { ok: true, serial: ready.serial };
  const first = pool[0];
  if (!first) {
    const message = wanted
      ? `${wanted} is not among adb's devices: check the address, that the Quest is on the same network, and that Wi-Fi adb is enabled (adb tcpip 5555 over USB once)`
      : HINTS["no-device"];
    return { ok: false, problem: "no-device", message };
  }
  const problem = problemOf(first.state);
  return { ok: false, problem, message: `${first.serial}: ${HINTS[problem]}` };
}

/** adb's stderr (e.g. from logcat) to a known problem, if it names one. */
export function classifyAdbError(stderr: string): Problem | undefined {
  if (/unauthori[sz]ed/i.test(stderr)) return "unauthorized";
  if (/no devices|device .* not found|no emulators/i.test(stderr)) return "no-device";
  if (/offline/i.test(stderr)) return "offline";
  if (/no permissions|insufficient permissions/i.test(stderr)) return "no-permission";
  return undefined;
}

/** `am start` output that says the activity does not exist (the APK is not installed). */
export function appMissing(output: string): boolean {
  return /does not exist|Error type 3|unable to resolve Intent/i.test(output);
}

/** `host` or `host:port` to the `host:port` adb connects to (default port 5555). */
export function wifiAddress(ip: string): string {
  return /:\d+$/.test(ip) ? ip : `${ip}:5555`;
}
