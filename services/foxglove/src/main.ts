/** Foxglove live view: wiring only (config, the WebSocket server, bus subscriptions, health, shutdown). */
import { FoxgloveServer } from "@foxglove/ws-protocol";
import {
  cameraDepthRecord,
  cameraFrameRecord,
  controlStatusRecords,
  eventRecords,
  robotCommandRecords,
  robotStateRecords,
  vrStateRecords,
} from "@teleop/recording/messageRecords";
import { now } from "@teleop/shared/clock";
import {
  type ControlStatus,
  ControlStatusMsg,
  EventMsg,
  type RobotCommand,
  RobotCommandMsg,
  RobotStateMsg,
  VrStateMsg,
} from "@teleop/shared/messages";
import { startService } from "@teleop/shared/service";
import { subscribeCameras } from "./cameraSubscriptions";
import { foxgloveSpecs } from "./config";
import { LiveView } from "./LiveView";
import { chooseSubprotocol, SUBPROTOCOLS } from "./subprotocol";
import { type ViewerData, type ViewerListener, ViewerSocket } from "./ViewerSocket";
import { viewerReport } from "./viewerReport";

const ctx = await startService("foxglove", foxgloveSpecs);
const { bus, config, log, counters } = ctx;
const s = bus.subjects;

const foxglove = new FoxgloveServer({
  name: `teleop ${config.prefix}`,
  metadata: { prefix: config.prefix, instance: config.instance },
});
const view = new LiveView(foxglove, now());
foxglove.on("subscribe", (channel) => view.setSubscribed(channel, true));
foxglove.on("unsubscribe", (channel) => view.setSubscribed(channel, false));
foxglove.on("error", (err) => {
  counters.inc("viewer.errors");
  log.warn("bad message from a viewer", { error: err.message });
});

const viewers = new Set<ViewerSocket>();
const listener: ViewerListener = {
  subscribed: (viewer, subscription, channel) => view.newSubscriber(viewer, subscription, channel),
  dropped: () => counters.inc("messages.dropped"),
};
let viewerCount = 0;

const listen = () =>
  Bun.serve<ViewerData>({
    hostname: config.foxgloveHost,
    port: config.foxglovePort,
    fetch(req, srv) {
      if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
        return new Response(
          "teleop Foxglove live view: in Foxglove, Open connection -> Foxglove WebSocket -> this address as ws://\n",
        );
      }
      const protocol = chooseSubprotocol(req.headers.get("sec-websocket-protocol"));
      if (!protocol) {
        counters.inc("viewer.refused");
        return new Response(`offer one of the subprotocols ${SUBPROTOCOLS.join(", ")}\n`, {
          status: 400,
        });
      }
      const name = `${srv.requestIP(req)?.address ?? "?"}#${++viewerCount}`;
      const ok = srv.upgrade(req, {
        data: { name, protocol },
        headers: { "Sec-WebSocket-Protocol": protocol },
      });
      return ok ? undefined : new Response("WebSocket upgrade failed\n", { status: 400 });
    },
    websocket: {
      open(ws) {
        const viewer = new ViewerSocket(ws, config.foxgloveMaxBufferedBytes, listener);
        ws.data.viewer = viewer;
        viewers.add(viewer);
        foxglove.handleConnection(viewer, viewer.name);
        log.info("viewer connected", { viewer: viewer.name, protocol: viewer.protocol });
      },
      message(ws, message) {
        ws.data.viewer?.received(message);
      },
      drain(ws) {
        ws.data.viewer?.drained();
      },
      close(ws, code, reason) {
        const viewer = ws.data.viewer;
        if (!viewer) return;
        viewers.delete(viewer);
        viewer.closed(code, reason);
        log.info("viewer disconnected", {
          viewer: viewer.name,
          dropped: viewer.outbox.totalDropped,
        });
      },
    },
  });
let server: ReturnType<typeof listen>;
try {
  server = listen();
} catch (err) {
  log.error(
    `cannot listen on ${config.foxgloveHost}:${config.foxglovePort} (FOXGLOVE_HOST, FOXGLOVE_PORT): ${(err as Error).message}`,
  );
  process.exit(1);
}
const url = `ws://${config.foxgloveHost}:${server.port}`;

const rejected = () => counters.inc("input.rejected");
let command: RobotCommand | undefined;
let status: ControlStatus | undefined;
bus.subscribe(
  s.robotState,
  RobotStateMsg,
  (r) => view.publish(robotStateRecords(r, r.t), r.t),
  rejected,
);
bus.subscribe(
  s.robotCommand,
  RobotCommandMsg,
  (c) => {
    command = c;
    view.publish(robotCommandRecords(c, c.t), c.t);
  },
  rejected,
);
bus.subscribe(
  s.vrState,
  VrStateMsg,
  (vr) => {
    const movement = status?.movement ?? command?.movement ?? false;
    view.publish(vrStateRecords(vr, movement, vr.t), vr.t);
  },
  rejected,
);
bus.subscribe(
  s.controlStatus,
  ControlStatusMsg,
  (st) => {
    status = st;
    view.publish(controlStatusRecords(st), st.t);
  },
  rejected,
);
bus.subscribe(s.events, EventMsg, (ev) => view.publish(eventRecords(ev), ev.t), rejected);
subscribeCameras(bus, {
  image: (f) => {
    if (view.wantsCamera(f.camera, "compressed")) view.publishCamera(cameraFrameRecord(f), f.t);
  },
  depth: (d) => {
    if (view.wantsCamera(d.camera, "depth")) view.publishCamera(cameraDepthRecord(d), d.t);
  },
  info: (info) => view.cameraInfo(info),
  rejected,
});

ctx.health.setProbe(() => ({
  detail: {
    url,
    cameras: view.cameraIds,
    channels: view.topics.length,
    viewers: [...viewers].map((v) => viewerReport(v, view)),
  },
}));
ctx.onShutdown(() => server.stop(true));
await ctx.ready({ url, channels: view.topics.length });
