/**
 * The page the Quest browser opens: connects to vr-ingest, then streams
 * controller frames from an immersive-vr session, or, without WebXR, from
 * the mouse-and-keyboard desktop controller. Shows connection, send rate,
 * what the arm does and why it holds, each controller's tracking, the robot
 * and the recording; pulses the followed controller on changes (haptics.ts).
 * The pairing code comes from the URL's ?code= (the printed URL carries it)
 * or is typed in when vr-ingest asks for it.
 */
import { encode } from "@teleop/shared/codec";
import { RateMeter } from "@teleop/shared/stats";
import {
  CODE_PARAM,
  type OperatorStatusView,
  type PageSettings,
  type ServerMessage,
  type WebXrFrame,
} from "../wire";
import {
  DESKTOP_START,
  type DesktopState,
  desktopController,
  dragBy,
  keyChange,
  wheelBy,
} from "./desktopController";
import { type Cue, PATTERNS, playPattern, statusCues } from "./haptics";
import {
  armLine,
  clutchLine,
  type Line,
  recordingLine,
  robotLine,
  sceneColor,
  trackingLine,
} from "./operatorView";
import { PageSocket, type SocketState } from "./PageSocket";
import { startXrSession } from "./XrSession";
import { webxr, type XRSessionLike } from "./xrTypes";

const DESKTOP_HZ = 60;

const el = (id: string) => document.getElementById(id) as HTMLElement;

let status: OperatorStatusView = {
  movement: null,
  mode: null,
  calibrated: null,
  recording: null,
  holdReason: null,
  robotAgeMs: null,
  atEdge: false,
};
let settings: PageSettings | undefined;
let session: XRSessionLike | undefined;
let lastFrame: WebXrFrame | undefined;
let lastCue = "";
let link: SocketState = "connecting";
let linkDetail = "";
let rejected = 0;
let latchHolding = false;
const sendRate = new RateMeter(1000);

function show(id: string, text: string, tone?: "good" | "bad" | "warn"): void {
  const node = el(id);
  node.textContent = text;
  node.className = tone ?? "";
}

const showLine = (id: string, [text, tone]: Line) => show(id, text, tone);

function render(): void {
  show(
    "conn",
    `${link}${linkDetail ? ` (${linkDetail})` : ""}`,
    link === "connected" ? "good" : "bad",
  );
  show("rate", `${sendRate.hz(performance.now()).toFixed(0)} Hz`);
  showLine("arm", armLine(status));
  showLine("clutch", clutchLine(status, latchHolding));
  showLine("right", trackingLine(lastFrame?.right, settings));
  showLine("left", trackingLine(lastFrame?.left, settings));
  showLine("robot", robotLine(status));
  showLine("rec", recordingLine(status.recording));
  show("haptics", settings?.haptics === false ? "off (WEBXR_HAPTICS=off)" : lastCue || "on");
  show("rejected", String(rejected), rejected ? "bad" : undefined);
}

/** Pulse the followed hand's controller with the cue's pattern. */
function feel(cue: Cue): void {
  if (!settings?.haptics || !session) return;
  for (const source of session.inputSources) {
    if (source.handedness !== settings.hand) continue;
    if (playPattern(source.gamepad ?? undefined, PATTERNS[cue])) lastCue = `on (last: ${cue})`;
  }
}

function onMessage(msg: ServerMessage): void {
  if (msg.type === "status") {
    for (const cue of statusCues(status, msg)) feel(cue);
    status = msg;
  } else if (msg.type === "notice") {
    feel(msg.kind);
    if (msg.kind === "robotFault")
      show("message", `robot fault: ${msg.detail ?? "see robot-bridge"}`);
  } else if (msg.type === "welcome") {
    settings = msg;
    show("message", "");
  } else if (msg.type === "rejected") {
    rejected = msg.count;
    show("message", `last rejected frame: ${msg.reason}`);
  } else if (msg.type === "refused") show("message", msg.reason);
  else show("message", "");
  render();
}

/** Ask for the pairing code; the URL keeps it, so a reload does not ask again. */
function askForCode(socket: PageSocket): void {
  const form = el("pairing") as HTMLFormElement;
  const input = el("code") as HTMLInputElement;
  form.hidden = false;
  input.focus();
  form.onsubmit = (e) => {
    e.preventDefault();
    const code = input.value.trim();
    if (!code) return;
    const url = new URL(location.href);
    url.searchParams.set(CODE_PARAM, code);
    history.replaceState(null, "", url);
    form.hidden = true;
    socket.setCode(code);
  };
}

function send(socket: PageSocket, frame: WebXrFrame): void {
  lastFrame = frame;
  if (socket.send(encode(frame))) sendRate.mark(performance.now());
}

function startDesktop(socket: PageSocket): void {
  socket.setClient("desktop");
  el("enter-vr").hidden = true;
  el("use-desktop").hidden = true;
  const pad = el("pad");
  pad.hidden = false;
  let state: DesktopState = DESKTOP_START;
  let drag: { x: number; y: number } | undefined;
  pad.addEventListener("pointerdown", (e) => {
    pad.setPointerCapture(e.pointerId);
    drag = { x: e.clientX, y: e.clientY };
  });
  pad.addEventListener("pointermove", (e) => {
    if (!drag) return;
    state = dragBy(state, e.clientX - drag.x, e.clientY - drag.y);
    drag = { x: e.clientX, y: e.clientY };
  });
  pad.addEventListener("pointerup", () => {
    drag = undefined;
  });
  pad.addEventListener(
    "wheel",
    (e) => {
      e.preventDefault();
      state = wheelBy(state, e.deltaY);
    },
    { passive: false },
  );
  const onKey = (down: boolean) => (e: KeyboardEvent) => {
    if (e.repeat) return;
    const next = keyChange(state, e.key, down);
    if (next !== state) e.preventDefault();
    state = next;
  };
  window.addEventListener("keydown", onKey(true));
  window.addEventListener("keyup", onKey(false));
  setInterval(
    () =>
      send(socket, {
        t: performance.timeOrigin + performance.now(),
        right: desktopController(state),
      }),
    1000 / DESKTOP_HZ,
  );
}

async function main(): Promise<void> {
  const xr = webxr();
  const vr = xr ? await xr.xr.isSessionSupported("immersive-vr").catch(() => false) : false;
  const code = new URLSearchParams(location.search).get(CODE_PARAM) ?? undefined;
  const socket = new PageSocket(
    vr ? "xr" : "desktop",
    code,
    (state, detail) => {
      link = state;
      linkDetail = detail;
      if (state === "pairing") askForCode(socket);
      render();
    },
    onMessage,
  );
  socket.connect();
  setInterval(render, 250);
  if (!vr || !xr) {
    show("message", "No WebXR headset here: using the desktop controller.");
    startDesktop(socket);
    return;
  }
  const enter = el("enter-vr");
  const desktop = el("use-desktop");
  enter.hidden = false;
  desktop.hidden = false;
  desktop.onclick = () => startDesktop(socket);
  enter.onclick = () => {
    enter.hidden = true;
    desktop.hidden = true;
    startXrSession(xr.xr, xr.Layer, {
      onFrame: (frame) => send(socket, frame),
      onEnd: () => {
        session = undefined;
        enter.hidden = false;
        show("message", "VR session ended.");
      },
      onLatch: (holding) => {
        latchHolding = holding;
        render();
      },
      color: () => sceneColor(link === "connected", status, latchHolding),
    })
      .then((s) => {
        session = s;
      })
      .catch((err: unknown) => {
        enter.hidden = false;
        show("message", `could not start VR: ${(err as Error).message ?? String(err)}`);
      });
  };
}

void main();
