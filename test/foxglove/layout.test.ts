/**
 * The Foxglove layout in deploy/ names only what the recordings and the live
 * view both carry: each topic is a recorded channel (or a camera channel of
 * the sim's cameras), each plotted field is in that channel's schema, and
 * every panel the layout places is configured.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cameraChannelSpec, parseCameraTopic } from "@teleop/recording/cameraChannels";
import { CHANNEL_KEYS, type ChannelSpec, channelSpec } from "@teleop/recording/channels";
import { REPO_ROOT } from "../support/serviceProcess";

interface Layout {
  configById: Record<string, Record<string, unknown>>;
  layout: unknown;
}

const layout: Layout = JSON.parse(
  readFileSync(join(REPO_ROOT, "deploy", "foxglove-layout.json"), "utf8"),
);
const RECORDED = new Map<string, ChannelSpec>(
  CHANNEL_KEYS.map((k) => [channelSpec(k).topic, channelSpec(k)]),
);

function specOf(topic: string): ChannelSpec | undefined {
  const cam = parseCameraTopic(topic);
  return cam ? cameraChannelSpec(cam.camera, cam.stream) : RECORDED.get(topic);
}

/** Schema of a field path like `data[6]` or `gripper_position` (undefined when absent). */
function fieldSchema(schema: object, path: string): unknown {
  let s: { properties?: Record<string, object>; items?: object } | undefined = schema;
  for (const part of path.split(".")) {
    const m = /^(\w+)((\[\d+\])*)$/.exec(part);
    if (!m || !s?.properties?.[m[1]!]) return undefined;
    s = s.properties[m[1]!];
    for (let i = 0; i < (m[2]!.match(/\[/g)?.length ?? 0); i++) s = s?.items;
  }
  return s;
}

function panelIds(node: unknown): string[] {
  if (typeof node === "string") return [node];
  const n = node as { first: unknown; second: unknown };
  return [...panelIds(n.first), ...panelIds(n.second)];
}

test("every panel the layout places is configured: 3D, one image per sim camera, action and gripper plots", () => {
  const ids = panelIds(layout.layout);
  expect(ids.sort()).toEqual(Object.keys(layout.configById).sort());
  expect(ids.filter((i) => i.startsWith("Image!")).sort()).toEqual(["Image!scene", "Image!wrist"]);
  expect(ids.filter((i) => i.startsWith("3D!")).length).toBe(1);
  expect(ids.filter((i) => i.startsWith("Plot!")).length).toBe(2);
});

test("the 3D panel shows the URDF, the target and both controllers from recorded topics", () => {
  const three = layout.configById["3D!teleop"] as { topics: Record<string, unknown> };
  const topics = Object.keys(three.topics);
  for (const t of [
    "/robot_description",
    "/foxglove/target",
    "/foxglove/controller/right",
    "/foxglove/controller/left",
  ]) {
    expect(topics).toContain(t);
  }
  for (const t of topics) expect({ t, known: specOf(t) !== undefined }).toEqual({ t, known: true });
});

test("image panels name camera channels; plot paths name fields of their channel's schema", () => {
  for (const [id, cfg] of Object.entries(layout.configById)) {
    if (id.startsWith("Image!")) {
      const mode = cfg.imageMode as { imageTopic: string; calibrationTopic: string };
      expect(parseCameraTopic(mode.imageTopic)?.stream).toBe("compressed");
      expect(parseCameraTopic(mode.calibrationTopic)?.stream).toBe("camera_info");
    }
    if (id.startsWith("Plot!")) {
      for (const p of cfg.paths as Array<{ value: string }>) {
        const dot = p.value.indexOf(".");
        const topic = p.value.slice(0, dot);
        const spec = specOf(topic);
        expect({ path: p.value, known: spec !== undefined }).toEqual({
          path: p.value,
          known: true,
        });
        expect({
          path: p.value,
          field: fieldSchema(spec!.schema, p.value.slice(dot + 1)) !== undefined,
        }).toEqual({
          path: p.value,
          field: true,
        });
      }
    }
  }
});
