import { expect, test } from "bun:test";
import { formatCameras, formatCube, formatProgress, formatSummary } from "./demoSummary";

test("the summary derives the recording rate from the file: 380 frames over 9.5 s is 40.0 Hz", () => {
  const out = formatSummary({
    file: {
      path: "recordings/success/t_9.5s.mcap",
      valid: true,
      frames: 380,
      durationS: 9.5,
      dropped: 0,
      errors: [],
    },
    recorderLoopHz: 39.96,
    controllerLoopHz: 20.01,
    control: {
      messages: 200,
      meanHz: 19.98,
      modes: [
        { mode: "predictive", share: 0.9 },
        { mode: "realtime", share: 0.1 },
      ],
    },
    rtt: {
      commands: { n: 60, meanMs: 151.2, p50Ms: 150.6, p99Ms: 158.9 },
      polls: { n: 3, meanMs: 50.4, p50Ms: 50.2, p99Ms: 51 },
      backend: "sim",
    },
    totalS: 17.25,
  });
  const lines = out.split("\n");
  expect(lines[0]).toBe("Demo episode saved and verified.");
  expect(out).toMatch(/file\s+recordings\/success\/t_9\.5s\.mcap/);
  expect(out).toMatch(/duration\s+9\.50 s/);
  expect(out).toMatch(/frames\s+380\n/);
  expect(out).toMatch(
    /recording rate\s+40\.0 Hz \(file: frames \/ duration\); recorder loop 40\.0 Hz/,
  );
  expect(out).toMatch(
    /control\s+20\.0 Hz \(controller loop 20\.0 Hz\); mode predictive 90 %, realtime 10 % of 200/,
  );
  expect(out).toMatch(
    /robot round-trip\s+151 ms mean \(p50 151, p99 159\) over 60 commands; state polls 50 ms mean \(p50 50, p99 51\) over 3 \(sim backend\)/,
  );
  expect(out).toMatch(/dropped records\s+0/);
  expect(out).toMatch(/demo time\s+17\.3 s/);
});

test("missing figures are said to be missing, and an invalid file says why", () => {
  const out = formatSummary({
    file: {
      path: "x.mcap",
      valid: false,
      frames: 0,
      durationS: 0,
      dropped: null,
      errors: ["missing topic /action"],
    },
    recorderLoopHz: undefined,
    controllerLoopHz: undefined,
    control: undefined,
    rtt: undefined,
    totalS: 3,
  });
  expect(out).toMatch(/^Demo episode saved but did NOT verify\./);
  expect(out).toMatch(/verified\s+INVALID: missing topic \/action/);
  expect(out).toMatch(/recording rate\s+not reported .*recorder loop not reported/);
  expect(out).toMatch(/no control status/);
  expect(out).toMatch(/no robot state/);
  const pollsOnly = formatSummary({
    file: { path: "x.mcap", valid: true, frames: 1, durationS: 1, dropped: 0, errors: [] },
    recorderLoopHz: undefined,
    controllerLoopHz: undefined,
    control: undefined,
    rtt: { commands: undefined, polls: { n: 2, meanMs: 50, p50Ms: 50, p99Ms: 50 }, backend: "sim" },
    totalS: 3,
  });
  expect(pollsOnly).toMatch(/no command round trips \(the arm was not driven\); state polls 50 ms/);
  expect(out).toMatch(/dropped records\s+unknown/);
});

test("the progress line", () => {
  expect(
    formatProgress({
      frames: 312,
      elapsedS: 7.84,
      controlHz: 19.96,
      mode: "predictive",
      rttMs: 150.7,
    }),
  ).toBe("● recording  frames 312  7.8 s  control 20.0 Hz predictive  robot rtt 151 ms");
  expect(
    formatProgress({
      frames: null,
      elapsedS: null,
      controlHz: undefined,
      mode: undefined,
      rttMs: null,
    }),
  ).toBe("● recording  frames -  - s  control -  robot rtt -");
});

test("the cube line says where the cube ended up, or that it never moved", () => {
  expect(
    formatCube({ start: [0.654, 0.032, 0.149], end: [0.66, 0.28, 0.025], grasped: true }),
  ).toBe(
    "moved 0.277 m: from (0.654, 0.032, 0.149) to (0.660, 0.280, 0.025), carried by the gripper",
  );
  expect(formatCube({ start: [0.6, 0, 0.1], end: [0.6, 0.001, 0.1], grasped: false })).toBe(
    "not moved: still at (0.600, 0.001, 0.100) (never grasped)",
  );
  expect(formatCube(undefined)).toBe("no simulated scene published");
});

test("the cameras line: size and measured rate of each streaming camera, the state of the others", () => {
  expect(
    formatCameras([
      {
        id: "scene",
        state: "streaming",
        fps: 29.84,
        targetFps: 30,
        width: 640,
        height: 480,
        frames: 400,
      },
      { id: "usb0", state: "lost", fps: 0, targetFps: 30, width: 640, height: 480, frames: 0 },
    ]),
  ).toBe("scene 640x480 @ 29.8 fps (target 30), 400 frames; usb0 lost");
  expect(formatCameras(undefined)).toBe("no camera service reported");
});
