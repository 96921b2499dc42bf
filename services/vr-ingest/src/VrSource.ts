/**
 * The one small interface every VR input implements (one folder per source
 * under sources/). A source turns device input into frames in the contract's
 * VR frame (OpenXR axes, metres); vr-ingest validates, stamps seq and
 * publishes them on teleop.vr.state. Adding a source is one folder and one
 * line in sources/registry.ts.
 */

import type { Bus } from "@teleop/shared/bus";
import type { ConfigOf, commonSpecs, Specs } from "@teleop/shared/config";
import type { HealthSource } from "@teleop/shared/health";
import type { Logger } from "@teleop/shared/log";
import type { Controller, VrSource as VrSourceName } from "@teleop/shared/messages";
import type { Counters } from "@teleop/shared/stats";

export interface VrFrame {
  /** Sample time, epoch ms; defaults to the time the frame is handed over. */
  t?: number;
  right?: Controller;
  left?: Controller;
}

export interface VrSink {
  /** A new sample; validated and published by vr-ingest. */
  frame(f: VrFrame): void;
  /** Input the source could not use (malformed line, bad WebSocket frame): logged and counted. */
  reject(kind: string, reason: string): void;
  /** A named edge worth an event on teleop.events (device connected, reference-space reset, ...). */
  event(type: string, data?: Record<string, unknown>): void;
}

export interface VrSourceContext {
  log: Logger;
  counters: Counters;
  /** For sources that show system state to the operator (the WebXR page). */
  bus: Bus;
  /** Report a loop the source runs (rate, jitter) in vr-ingest's health. */
  addLoop?(name: string, loop: HealthSource): void;
}

export interface VrSource {
  readonly name: VrSourceName;
  start(sink: VrSink): Promise<void>;
  stop(): Promise<void>;
  /** Extra fields for the health message (device state, clients, rate). */
  detail?(): Record<string, unknown>;
}

/**
 * A registry entry (sources/registry.ts lists one per folder): the source's
 * own options, merged into vr-ingest's configuration, and its factory. The
 * factory imports the source's code, so only the selected source is loaded
 * (the WebXR source's certificate code alone is several MB).
 */
export interface SourceEntry<S extends Specs = Specs> {
  name: VrSourceName;
  specs: S;
  create(
    config: ConfigOf<S> & ConfigOf<typeof commonSpecs>,
    ctx: VrSourceContext,
  ): Promise<VrSource>;
}
