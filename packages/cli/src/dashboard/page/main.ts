/** The dashboard page: frames arrive over a WebSocket; tiles, the services table and four uPlot charts follow them. */
import uPlot from "uplot";
import { formatCounters, formatLoops, formatUptime } from "../../statusFormat";
import type { DashboardFrame, PlotRow } from "../DashboardModel";

const WINDOW_S = 10;
const RECONNECT_MS = 1000;

let rows: PlotRow[] = [];
let xEnd = Date.now() / 1000;

const el = (id: string) => document.getElementById(id)!;

function setText(id: string, text: string, cls?: string): void {
  const e = el(id);
  if (e.textContent !== text) e.textContent = text;
  if (cls !== undefined) e.className = cls;
}

const ms = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined ? "-" : `${x.toFixed(digits)} ms`;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

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
  ) {}

  update(defs: SeriesDef[]): void {
    const box = el(this.id);
    const keys = defs.map((d) => d.label).join("|");
    if (!this.plot || keys !== this.keys) {
      this.plot?.destroy();
      this.keys = keys;
      this.plot = new uPlot(
        {
          title: this.title,
          legend: { live: false },
          width: Math.max(300, box.clientWidth - 12),
          height: 200,
          scales: { x: { time: true, range: () => [xEnd - WINDOW_S, xEnd] } },
          axes: [{}, { label: this.unit, size: 60 }],
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
  rates: new Chart("chart-rates", "Loop rates", "Hz"),
  rtt: new Chart("chart-rtt", "Robot round-trip", "ms"),
  latency: new Chart("chart-latency", "VR → command latency", "ms"),
  position: new Chart("chart-position", "Target (dashed) vs measured position", "m"),
};

function positionSeries(): SeriesDef[] {
  return ["x", "y", "z"].flatMap((axis, i) => [
    {
      label: `target ${axis}`,
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
  charts.position.update(positionSeries());
}

function showTiles(f: DashboardFrame): void {
  const c = f.control;
  setText("mode", c ? c.mode : "no controller", `value ${c?.mode ?? ""}`);
  setText(
    "mode-detail",
    c
      ? `${c.movement ? "moving" : "holding"} · ${c.calibrated ? "calibrated" : "not calibrated"}`
      : "",
  );
  setText("control-rate", c ? `control ${c.hz.toFixed(1)} Hz · VR age ${ms(c.vrAgeMs)}` : "");
  const rec = f.recording;
  setText(
    "recording",
    rec === null || rec.recording === null ? "unknown" : rec.recording ? "● REC" : "idle",
    `value ${rec?.recording ? "rec" : ""}`,
  );
  setText("frames", rec?.frames === null || rec?.frames === undefined ? "-" : String(rec.frames));
  setText(
    "rec-duration",
    rec?.durationS === null || rec?.durationS === undefined ? "-" : `${rec.durationS.toFixed(1)} s`,
  );
  setText("rec-path", rec?.error ?? rec?.path ?? "");
  setText("rtt", ms(f.robot?.rttMs));
  setText("robot-detail", f.robot ? `backend ${f.robot.backend}` : "no robot state");
  const last = rows.at(-1);
  setText("vr-latency", ms(last?.vrLatencyMs, 1));
}

function showServices(f: DashboardFrame): void {
  const body = el("services").querySelector("tbody")!;
  body.innerHTML = f.services
    .map(
      (s) =>
        `<tr data-service="${escapeHtml(s.service)}"><td>${escapeHtml(s.service)}</td><td>${escapeHtml(s.instance)}</td>` +
        `<td class="status status-${s.status}">${s.status.toUpperCase()}</td><td>${formatUptime(s.uptimeS)}</td>` +
        `<td class="wrap">${escapeHtml(formatLoops(s.loops))}</td><td class="wrap">${escapeHtml(formatCounters(s.counters))}</td>` +
        `<td>${s.lastSeenS.toFixed(1)} s ago</td></tr>`,
    )
    .join("");
}

function onFrame(f: DashboardFrame): void {
  rows.push(...f.rows);
  xEnd = f.t / 1000;
  rows = rows.filter((r) => r.t / 1000 >= xEnd - WINDOW_S);
  showTiles(f);
  showServices(f);
  drawCharts();
  setText("updated", `updated ${new Date(f.t).toLocaleTimeString()}`);
}

function connect(): void {
  const ws = new WebSocket(
    `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`,
  );
  ws.onopen = () => setText("conn", "live", "conn live");
  ws.onmessage = (ev) => onFrame(JSON.parse(ev.data as string) as DashboardFrame);
  ws.onclose = () => {
    setText("conn", "disconnected: retrying", "conn down");
    setTimeout(connect, RECONNECT_MS);
  };
}

connect();
