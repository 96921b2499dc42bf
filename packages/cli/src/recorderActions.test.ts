import { expect, test } from "bun:test";
import { subjects } from "@teleop/shared/subjects";
import { recorderHint, recorderRequest } from "./recorderActions";

const s = subjects("teleop");

test("each action goes to its subject with its request; task only when given", () => {
  expect(recorderRequest(s, "start", { task: "  pick the cube " })).toEqual({
    subject: "teleop.recorder.start",
    request: { task: "pick the cube" },
  });
  expect(recorderRequest(s, "start", { task: " " }).request).toEqual({});
  expect(recorderRequest(s, "save").request).toEqual({ success: true });
  expect(recorderRequest(s, "save-failure")).toEqual({
    subject: "teleop.recorder.save",
    request: { success: false },
  });
  expect(recorderRequest(s, "discard").subject).toBe("teleop.recorder.discard");
  expect(recorderRequest(s, "start", { task: "x".repeat(500) }).request.task).toHaveLength(200);
});

test("a refused start says how to save or discard; a refused save how to start", () => {
  const busy = {
    ok: false,
    recording: true,
    path: "recordings/failure/a.mcap",
    error: "already recording",
  };
  expect(recorderHint("start", busy)).toBe(
    "an episode is being recorded (recordings/failure/a.mcap): save it with `teleop record save` " +
      "(`teleop record save --failure` for a failed attempt) or drop it with `teleop record discard`",
  );
  const idle = { ok: false, recording: false, error: "not recording" };
  expect(recorderHint("save", idle)).toMatch(
    /^nothing is being recorded: start .*teleop record start/,
  );
  expect(recorderHint("discard", idle)).toMatch(/^nothing is being recorded/);
  expect(recorderHint("start", { ok: true, recording: true })).toBeUndefined();
});
