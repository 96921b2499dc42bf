import { beforeEach, describe, expect, test } from "bun:test";
import { FoxgloveServer, type IWebSocket } from "@foxglove/ws-protocol";
import { parseServerMessage } from "@foxglove/ws-protocol/dist/esm/src/parse.js";
import { cameraTopic } from "@teleop/recording/cameraChannels";
import { channelSpec } from "@teleop/recording/channels";
import { robotStateRecords } from "@teleop/recording/messageRecords";
import { robotStateRecord } from "@teleop/recording/records";
import { epochMsToNs } from "@teleop/recording/time";
import type { CameraInfo } from "@teleop/shared/cameraMessages";
import { wristCameraInfo } from "../../../test/support/fixtures";
import { robotState } from "../../recorder/src/testFixtures";
import { LIVE_CHANNEL_KEYS, LiveView } from "./LiveView";
import { messageDataFrame } from "./messageData";

const T = 1_700_000_000_000.5;

/** A viewer connection held in memory: what the library sends, and requests fed to it. */
class MemorySocket implements IWebSocket {
  binaryType = "";
  protocol = "foxglove.websocket.v1";
  onerror: IWebSocket["onerror"];
  onopen: IWebSocket["onopen"];
  onclose: IWebSocket["onclose"];
  onmessage: IWebSocket["onmessage"];
  readonly sent: Array<string | Uint8Array> = [];
  send(data: string | ArrayBuffer | ArrayBufferView): void {
    this.sent.push(
      typeof data === "string"
        ? data
        : new Uint8Array(ArrayBuffer.isView(data) ? data.buffer : data).slice(),
    );
  }
  close(): void {}
  request(msg: unknown): void {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  json(): Array<{
    op: string;
    channels?: Array<{ id: number; topic: string; schemaName: string }>;
  }> {
    return this.sent.filter((d) => typeof d === "string").map((d) => JSON.parse(d as string));
  }
  messages(): Array<{ subscriptionId: number; timestamp: bigint; data: unknown }> {
    return this.sent
      .filter((d): d is Uint8Array => typeof d !== "string")
      .map(
        (d) =>
          parseServerMessage(d.buffer as ArrayBuffer) as unknown as {
            subscriptionId: number;
            timestamp: bigint;
            data: DataView;
          },
      )
      .map((m) => ({ ...m, data: JSON.parse(new TextDecoder().decode(m.data)) }));
  }
  /** sendTo as ViewerSocket does it: one frame to this viewer. */
  sendTo(subscription: number, ns: bigint, payload: Uint8Array): void {
    this.sent.push(messageDataFrame(subscription, ns, payload));
  }
}

const info = (over: Partial<CameraInfo> = {}) => wristCameraInfo(T, over);

let server: FoxgloveServer;
let view: LiveView;
let sock: MemorySocket;
const idOf = (topic: string) =>
  sock
    .json()
    .flatMap((m) => m.channels ?? [])
    .find((c) => c.topic === topic)!.id;
let nextSub = 0;
const subscribe = (topic: string) => {
  const id = ++nextSub;
  sock.request({ op: "subscribe", subscriptions: [{ id, channelId: idOf(topic) }] });
  view.newSubscriber(sock, id, idOf(topic));
  return id;
};

beforeEach(() => {
  server = new FoxgloveServer({ name: "test" });
  view = new LiveView(server, T);
  server.on("subscribe", (c) => view.setSubscribed(c, true));
  server.on("unsubscribe", (c) => view.setSubscribed(c, false));
  sock = new MemorySocket();
  server.handleConnection(sock, "viewer");
});

describe("LiveView", () => {
  test("advertises every recorded channel but the recorder's own, with the recording's schema names", () => {
    const channels = sock.json().flatMap((m) => m.channels ?? []);
    expect(channels.map((c) => c.topic).sort()).toEqual(
      LIVE_CHANNEL_KEYS.map((k) => channelSpec(k).topic).sort(),
    );
    expect(channels.map((c) => c.topic)).not.toContain("/recorder/staleness");
    expect(channels.find((c) => c.topic === "/robot_state")!.schemaName).toBe(
      channelSpec("robotState").schemaName,
    );
  });

  test("only watched channels get messages, each stamped with its source time", () => {
    const sub = subscribe("/robot_state");
    const r = robotState(1, T + 7.25);
    view.publish(robotStateRecords(r, r.t), r.t);
    const got = sock.messages().map(({ subscriptionId, timestamp, data }) => ({
      subscriptionId,
      timestamp,
      data,
    }));
    expect(got).toEqual([
      { subscriptionId: sub, timestamp: epochMsToNs(r.t), data: robotStateRecord(r, r.t) },
    ]);
  });

  test("a new subscriber gets /tf_static and /robot_description at once; camera mounts join /tf_static", () => {
    view.cameraInfo(info());
    const tfSub = subscribe("/tf_static");
    const descSub = subscribe("/robot_description");
    const calSub = subscribe(cameraTopic("wrist", "camera_info"));
    const bySub = new Map(sock.messages().map((m) => [m.subscriptionId, m.data]));
    const tf = bySub.get(tfSub) as { transforms: Array<{ child_frame_id: string }> };
    expect(tf.transforms.map((t) => t.child_frame_id)).toContain("camera_wrist");
    expect((bySub.get(descSub) as { data: string }).data).toContain("<robot");
    expect((bySub.get(calSub) as { K: number[] }).K[0]).toBe(500);
  });

  test("a repeated calibration does not resend /tf_static; a moved mount does", () => {
    view.cameraInfo(info());
    const tfSub = subscribe("/tf_static");
    const tfCount = () => sock.messages().filter((m) => m.subscriptionId === tfSub).length;
    expect(tfCount()).toBe(1);
    view.cameraInfo(info({ t: T + 1000 }));
    expect(tfCount()).toBe(1);
    view.cameraInfo(
      info({
        t: T + 2000,
        mount: { parent: "fr3_hand", translation: [0, 0, 0.12], rotation: [0, 0, 0, 1] },
      }),
    );
    expect(tfCount()).toBe(2);
  });

  test("a camera's three channels appear with its first message, once", () => {
    const before = view.topics.length;
    expect(view.wantsCamera("scene", "compressed")).toBe(false);
    expect(view.wantsCamera("scene", "depth")).toBe(false);
    expect(view.topics.length).toBe(before + 3);
    expect(view.cameraIds).toEqual([]);
    view.cameraInfo(info({ camera: "scene", frameId: "camera_scene" }));
    expect(view.cameraIds).toEqual(["scene"]);
    expect(view.topics.length).toBe(before + 3);
  });
});
