/**
 * The dashboard page: frames arrive over a WebSocket; tiles (each with its
 * data's age, grey when stale or down), the episode controls, cameras, the
 * arm view, services, events and uPlot charts follow them.
 */
import uPlot from "uplot";
import { formatLoops, formatUptime } from "../../statusFormat";
import type { DashboardFrame, Freshness, PlotRow, TileState } from "../DashboardModel";
import { drawArm } from "./armView";
import { ageText, badgeText, headerState, readableCounters } from "./format";

const WINDOW_S = 10;
const RECONNECT_MS = 1000;
/** No frame for this long: the dashboard server itself is not answering. */
const SILENT_MS = 2000;
/** Each camera thumbnail is fetched at most this often. */
const CAMERA_REFRESH_MS = 200;
const DISCARD_CONFIRM_MS = 3000;

type Frame = DashboardFrame & { rejectedCameraFrames?: number };

let rows: PlotRow[] = [];
let xEnd = Date.now() / 1000;
let latest: Frame | undefined;
let lastFrameAt = 0;
let connected = false;
let frameCount = 0;

const el = (id: string) => document.getElementById(id)!;

function setText(id: string, text: string, cls?: string): void {
  const e = el(id);
  if (e.textContent !== text) e.textContent = text;
  if (cls !== undefined && e.className !== cls) e.className = cls;
}

const ms = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined ? "-" : `${x.toFixed(digits)} ms`;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const clock = (t: number) => new Date(t).toLocaleTimeString([], { hour12: false });

// ---- charts ----

interface SeriesDef {
  label: string;
  stroke: string;
  dash?: number[];
  value(r: PlotRow): number | null;
}

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"];

class Chart {
  private plot: uPlot | undefined;
  private keys = "";

  constructor(
    private readonly id: string,
    private readonly title: string,
    private readonly unit: string,
    private readonly range?: [number, number],
  ) {}

  private width(): number {
    return Math.max(200, el(this.id).clientWidth - 12);
  }

  resize(): void {
    this.plot?.setSize({ width: this.width(), height: 200 });
  }

  update(defs: SeriesDef[]): void {
    const box = el(this.id);
    const keys = defs.map((d) => d.label).join("|");
    if (!this.plot || keys !== this.keys) {
      this.plot?.destroy();
      this.keys = keys;
      const range = this.range;
      this.plot = new uPlot(
        {
          title: this.title,
          legend: { live: false },
          width: this.width(),
          height: 200,
          scales: {
            x: { time: true, range: () => [xEnd - WINDOW_S, xEnd] },
            ...(range ? { y: { range: () => range } } : {}),
          },
          axes: [{}, { label: this.unit, size: 50 }],
          series: [
            {},
            ...defs.map((d) => ({
              label: d.label,
              stroke: d.stroke,
              dash: d.dash,
              width: 1.5,
              spanGaps: false,
            })),
          ],
        },
        [[], ...defs.map(() => [])],
        box,
      );
    }
    const data: (number | null)[][] = [rows.map((r) => r.t / 1000)];
    let points = 0;
    for (const d of defs) {
      const ys = rows.map(d.value);
      points += ys.filter((y) => y !== null).length;
      data.push(ys);
    }
    this.plot.setData(data as uPlot.AlignedData);
    box.dataset.points = String(points);
  }
}

const charts = {
  inputs: new Chart(
    "chart-inputs",
    "Grip, trigger, clutch, gripper (dashed: commanded)",
    "0..1",
    [-0.05, 1.05],
  ),
  position: new Chart("chart-position", "Position: target (dashed) vs measured", "m"),
  rates: new Chart("chart-rates", "Loop rates", "Hz"),
  rtt: new Chart("chart-rtt", "Robot round-trip", "ms"),
  latency: new Chart("chart-latency", "VR → command latency", "ms"),
};

function positionSeries(): SeriesDef[] {
  return ["x", "y", "z"].flatMap((axis, i) => [
    {
      label: `target ${axis} (dashed)`,
      stroke: COLOURS[i]!,
      dash: [6, 4],
      value: (r: PlotRow) => r.target?.[i] ?? null,
    },
    {
      label: `measured ${axis}`,
      stroke: COLOURS[i]!,
      value: (r: PlotRow) => r.measured?.[i] ?? null,
    },
  ]);
}

function drawCharts(): void {
  charts.inputs.update([
    { label: "grip", stroke: COLOURS[0]!, value: (r) => r.grip },
    { label: "trigger", stroke: COLOURS[4]!, value: (r) => r.trigger },
    { label: "clutch", stroke: COLOURS[2]!, value: (r) => r.clutch },
    {
      label: "gripper commanded",
      stroke: COLOURS[3]!,
      dash: [6, 4],
      value: (r) => r.gripperTarget,
    },
    { label: "gripper measured", stroke: COLOURS[3]!, value: (r) => r.gripper },
  ]);
  charts.position.update(positionSeries());
  const loopNames = [...new Set(rows.flatMap((r) => Object.keys(r.loops)))].sort();
  charts.rates.update(
    loopNames.map((name, i) => ({
      label: name,
      stroke: COLOURS[i % COLOURS.length]!,
      value: (r: PlotRow) => r.loops[name] ?? null,
    })),
  );
  charts.rtt.update([{ label: "round-trip", stroke: COLOURS[0]!, value: (r) => r.rttMs }]);
  charts.latency.update([
    { label: "VR → command", stroke: COLOURS[1]!, value: (r) => r.vrLatencyMs },
  ]);
}

// ---- tiles ----

function showTile(name: string, f: Freshness): void {
  el(`tile-${name}`).className = `tile state-${f.state}`;
  setText(`age-${name}`, badgeText(f), `badge badge-${f.state}`);
}

function showTiles(f: Frame): void {
  for (const [name, fresh] of Object.entries(f.tiles)) showTile(name, fresh);
  const c = f.control;
  const live = (s: TileState) => s === "live";
  setText(
    "mode",
    c ? c.mode : "no controller",
    `value ${c && live(f.tiles.control.state) ? c.mode : ""}`,
  );
  setText(
    "mode-detail",
    c
      ? `${c.movement ? "moving" : "holding"} · ${c.calibrated ? "calibrated" : "not calibrated"}`
      : "",
  );
  setText("control-rate", c ? `control ${c.hz.toFixed(1)} Hz · VR age ${ms(c.vrAgeMs)}` : "");
  const rec = f.recording;
  const recLive = live(f.tiles.recording.state);
  setText(
    "recording",
    rec === null || rec.recording === null ? "unknown" : rec.recording ? "● REC" : "idle",
    `value ${rec?.recording && recLive ? "rec" : ""}`,
  );
  setText("frames", rec?.frames === null || rec?.frames === undefined ? "-" : String(rec.frames));
  setText(
    "rec-duration",
    rec?.durationS === null || rec?.durationS === undefined ? "-" : `${rec.durationS.toFixed(1)} s`,
  );
  setText(
    "rec-path",
    rec?.error ?? [rec?.path, rec?.task && `task: ${rec.task}`].filter(Boolean).join(" · "),
  );
  setText("rtt", ms(f.robot?.rttMs));
  setText(
    "robot-detail",
    f.robot
      ? `backend ${f.robot.backend} · gripper ${f.robot.gripper.toFixed(2)}`
      : "no robot state",
  );
  setText("vr-latency", ms(f.vrLatencyMs, 1));
  const vr = f.vr;
  setText("vr-source", vr ? vr.source : "-");
  setText(
    "vr-detail",
    vr
      ? vr.hands
          .map(
            (h) =>
              `${h.hand} ${h.tracked ? `grip ${h.grip.toFixed(2)} trigger ${h.trigger.toFixed(2)}` : "not tracked"}`,
          )
          .join(" · ") || "no controller"
      : "no VR state",
  );
}

function showHeader(f: Frame | undefined): void {
  if (!connected) {
    setText("conn", "disconnected: retrying", "conn down");
  } else if (!f || Date.now() - lastFrameAt > SILENT_MS) {
    setText("conn", "no data from the dashboard server", "conn down");
  } else {
    // A service is down when every instance of it is.
    const down = [...new Set(f.services.map((s) => s.service))].filter((name) =>
      f.services.filter((s) => s.service === name).every((s) => s.status === "down"),
    );
    const h = headerState(f.tiles, down);
    setText("conn", h.text, h.live ? "conn live" : "conn warn");
  }
}

// ---- episode controls ----

const buttons = {
  start: el("btn-start") as HTMLButtonElement,
  save: el("btn-save") as HTMLButtonElement,
  "save-failure": el("btn-save-failure") as HTMLButtonElement,
  discard: el("btn-discard") as HTMLButtonElement,
};
let busy = false;
let discardArmedUntil = 0;

function showControls(f: Frame): void {
  const up = f.tiles.recording.state === "live" && f.recording?.recording !== null;
  const recording = f.recording?.recording === true;
  buttons.start.disabled = busy || !up || recording;
  buttons.save.disabled = busy || !up || !recording;
  buttons["save-failure"].disabled = busy || !up || !recording;
  buttons.discard.disabled = busy || !up || !recording;
  if (Date.now() > discardArmedUntil && buttons.discard.textContent !== "Discard") {
    buttons.discard.textContent = "Discard";
  }
  const e = f.lastEpisode;
  const box = el("last-episode");
  const key = e ? `${e.path}|${e.quality}|${e.durationS}|${e.task}` : "";
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  if (!e) return;
  box.innerHTML =
    `<div class="label">Last saved episode · ${escapeHtml(clock(e.t))}</div>` +
    `<div class="ep-path path" id="last-path">${escapeHtml(e.path)}</div>` +
    `<div class="ep-facts"><span id="last-result" class="result ${e.success ? "ok" : "fail"}">${e.success ? "success" : "failure"}</span>` +
    `<span id="last-duration">${e.durationS === null ? "-" : `${e.durationS.toFixed(1)} s`}</span>` +
    (e.frames === null ? "" : `<span>${e.frames} frames</span>`) +
    (e.quality
      ? `<span id="last-quality" class="quality">quality: ${escapeHtml(e.quality)}</span>`
      : "") +
    (e.task ? `<span>task: ${escapeHtml(e.task)}</span>` : "") +
    "</div>";
}

async function press(action: keyof typeof buttons): Promise<void> {
  if (action === "discard" && Date.now() > discardArmedUntil) {
    discardArmedUntil = Date.now() + DISCARD_CONFIRM_MS;
    buttons.discard.textContent = "Click again to discard";
    return;
  }
  discardArmedUntil = 0;
  busy = true;
  if (latest) showControls(latest);
  setText("rec-message", `${action}…`, "sub message");
  try {
    const task = (el("task") as HTMLInputElement).value;
    const res = await fetch(`/api/recorder/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(action === "start" ? { task } : {}),
    });
    const body = (await res.json()) as {
      reply?: { ok: boolean; path?: string; durationS?: number; error?: string };
      hint?: string | null;
      error?: string;
    };
    const r = body.reply;
    if (!r) setText("rec-message", `failed: ${body.error ?? res.statusText}`, "sub message bad");
    else if (!r.ok)
      setText(
        "rec-message",
        `refused: ${body.hint ?? r.error ?? "the recorder said no"}`,
        "sub message bad",
      );
    else {
      const what = {
        start: "recording",
        save: "saved as success",
        "save-failure": "saved as failure",
        discard: "discarded",
      }[action];
      setText("rec-message", `${what}${r.path ? `: ${r.path}` : ""}`, "sub message good");
    }
  } catch (err) {
    setText("rec-message", `failed: ${(err as Error).message}`, "sub message bad");
  } finally {
    busy = false;
    if (latest) showControls(latest);
  }
}

for (const [action, b] of Object.entries(buttons)) {
  b.addEventListener("click", () => void press(action as keyof typeof buttons));
}

// ---- cameras ----

const cameraLoading = new Map<string, { seq: number; loading: boolean; at: number }>();

function showCameras(f: Frame): void {
  const box = el("cameras");
  const ids = f.cameras.map((c) => c.id).join("|");
  if (box.dataset.ids !== ids) {
    box.dataset.ids = ids;
    box.innerHTML = f.cameras.length
      ? f.cameras
          .map(
            (c) =>
              `<figure class="camera" data-camera="${escapeHtml(c.id)}"><img alt="${escapeHtml(c.id)}" width="${c.width}" height="${c.height}" />` +
              `<figcaption></figcaption></figure>`,
          )
          .join("")
      : '<span class="sub">no camera publishes frames</span>';
  }
  setText(
    "camera-note",
    f.rejectedCameraFrames ? `${f.rejectedCameraFrames} bad frames rejected` : "",
  );
  for (const c of f.cameras) {
    const fig = box.querySelector<HTMLElement>(`figure[data-camera="${CSS.escape(c.id)}"]`);
    if (!fig) continue;
    fig.className = `camera state-${c.state}`;
    const cap = fig.querySelector("figcaption")!;
    const text = `${c.id} · ${c.width}×${c.height} · ${c.fps === null ? "-" : c.fps.toFixed(1)} fps · ${c.state === "stale" ? "stale " : ""}${ageText(c.ageMs)}`;
    if (cap.textContent !== text) cap.textContent = text;
    const img = fig.querySelector("img")!;
    const l = cameraLoading.get(c.id) ?? { seq: -1, loading: false, at: 0 };
    cameraLoading.set(c.id, l);
    if (!l.loading && l.seq !== c.seq && Date.now() - l.at >= CAMERA_REFRESH_MS) {
      l.loading = true;
      l.at = Date.now();
      l.seq = c.seq;
      img.onload = img.onerror = () => {
        l.loading = false;
        img.dataset.seq = String(l.seq);
      };
      img.src = `/camera/${encodeURIComponent(c.id)}.jpg?seq=${c.seq}`;
    }
  }
}

// ---- services and events ----

let servicesHtml = "";

function showServices(f: Frame): void {
  const html =
    f.services
      .map((s) => {
        const counters = readableCounters(s.counters);
        const chips = counters.shown
          .map(
            (c) =>
              `<span class="counter"><b>${escapeHtml(c.value)}</b> ${escapeHtml(c.label)}</span>`,
          )
          .join("");
        const zero = counters.zero ? `<span class="sub">${counters.zero} at 0</span>` : "";
        return (
          `<div class="svc svc-${s.status}" data-service="${escapeHtml(s.service)}">` +
          `<div class="svc-head"><b>${escapeHtml(s.service)}</b> <span class="status status-${s.status}">${s.status.toUpperCase()}</span>` +
          `<span class="sub">${escapeHtml(s.instance)} · up ${formatUptime(s.uptimeS)} · seen ${s.lastSeenS.toFixed(1)} s ago</span></div>` +
          `<div class="loops">${escapeHtml(formatLoops(s.loops))}</div>` +
          `<div class="counters">${chips}${zero}</div></div>`
        );
      })
      .join("") || '<span class="sub">no service has reported health yet</span>';
  if (html !== servicesHtml) {
    servicesHtml = html;
    el("services").innerHTML = html;
  }
}

function showEvents(f: Frame): void {
  const box = el("events");
  const key = f.events.map((e) => `${e.t}|${e.count}`).join(",");
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.innerHTML =
    f.events
      .map(
        (e) =>
          `<li class="ev ev-${e.level}" data-type="${escapeHtml(e.type)}"><time>${escapeHtml(clock(e.t))}</time> ` +
          `<span class="ev-svc">${escapeHtml(e.service)}</span> ${escapeHtml(e.text)}${e.count > 1 ? ` <b>×${e.count}</b>` : ""}</li>`,
      )
      .join("") || '<li class="sub">no events yet</li>';
}

// ---- frames ----

function onFrame(f: Frame): void {
  latest = f;
  lastFrameAt = Date.now();
  rows.push(...f.rows);
  xEnd = f.t / 1000;
  rows = rows.filter((r) => r.t / 1000 >= xEnd - WINDOW_S);
  showHeader(f);
  showTiles(f);
  showControls(f);
  showCameras(f);
  showServices(f);
  showEvents(f);
  // Text first; the charts and the arm (the costly part) at half the frame rate.
  if (++frameCount % 2 === 0) {
    const canvas = el("arm3d") as HTMLCanvasElement;
    canvas.dataset.points = String(drawArm(canvas, f.arm, f.tiles.robot.state === "live"));
    drawCharts();
  }
  setText("updated", `updated ${new Date(f.t).toLocaleTimeString()}`);
}

function connect(): void {
  const ws = new WebSocket(
    `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`,
  );
  ws.onopen = () => {
    connected = true;
    showHeader(latest);
  };
  ws.onmessage = (ev) => onFrame(JSON.parse(ev.data as string) as Frame);
  ws.onclose = () => {
    connected = false;
    showHeader(latest);
    setTimeout(connect, RECONNECT_MS);
  };
}

setInterval(() => showHeader(latest), 500);
window.addEventListener("resize", () => {
  for (const c of Object.values(charts)) c.resize();
});
connect();
