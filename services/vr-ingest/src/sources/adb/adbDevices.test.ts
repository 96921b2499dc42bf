import { expect, test } from "bun:test";
import { chooseDevice, classifyAdbError, HINTS, parseDevices, wifiAddress } from "./adbDevices";

const LIST = `List of devices attached
1WMHH812345678\tdevice
192.168.1.50:5555\tunauthorized
emulator-5554\toffline
0123456789AB\tno permissions (user in plugdev group; are your udev rules wrong?); see [http://developer.android.com/tools/device.html]

`;

test("parseDevices reads serials and states, including 'no permissions'", () => {
  expect(parseDevices(LIST)).toEqual([
    { serial: "1WMHH812345678", state: "device" },
    { serial: "192.168.1.50:5555", state: "unauthorized" },
    { serial: "emulator-5554", state: "offline" },
    { serial: "0123456789AB", state: "no permissions" },
  ]);
  expect(
    parseDevices(
      "* daemon not running; starting now at tcp:5037\n* daemon started successfully\nList of devices attached\n\n",
    ),
  ).toEqual([]);
});

test("chooseDevice picks a ready device or explains what is wrong", () => {
  const all = parseDevices(LIST);
  expect(chooseDevice(all)).toEqual({ ok: true, serial: "1WMHH812345678" });
  expect(chooseDevice(all, "192.168.1.50:5555")).toMatchObject({
    ok: false,
    problem: "unauthorized",
  });
  expect(chooseDevice([])).toEqual({
    ok: false,
    problem: "no-device",
    message: HINTS["no-device"],
  });
  const wifi = chooseDevice(all, "10.0.0.9:5555");
  expect(wifi).toMatchObject({ ok: false, problem: "no-device" });
  if (!wifi.ok) expect(wifi.message).toContain("10.0.0.9:5555");
  expect(chooseDevice([{ serial: "x", state: "no permissions" }])).toMatchObject({
    problem: "no-permission",
  });
});

test("adb error output is classified", () => {
  expect(
    classifyAdbError("error: device unauthorized.\nThis adb server's $ADB_VENDOR_KEYS is not set"),
  ).toBe("unauthorized");
  expect(classifyAdbError("error: no devices/emulators found")).toBe("no-device");
  expect(classifyAdbError("error: device offline")).toBe("offline");
  expect(classifyAdbError("something else")).toBeUndefined();
});

test("wifiAddress adds the default port 5555", () => {
  expect(wifiAddress("192.168.1.50")).toBe("192.168.1.50:5555");
  expect(wifiAddress("192.168.1.50:5556")).toBe("192.168.1.50:5556");
});
