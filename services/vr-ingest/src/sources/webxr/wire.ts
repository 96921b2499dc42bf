/**
 * The WebSocket protocol between the WebXR page and vr-ingest, imported by
 * both sides. The page sends one binary msgpack WebXrFrame per XR frame and a
 * JSON hello as its only text message; the server answers with small JSON
 * text messages (admission, operator status, rejections).
 */
import type { Controller } from "@teleop/shared/messages";

export const WS_PATH = "/ws";

/** A frame is about 500 bytes; anything far larger is not from the page. */
export const MAX_FRAME_BYTES = 4096;

/** More bad frames than this within one second closes the socket. */
export const MAX_BAD_FRAMES_PER_S = 20;

/** Close codes (4000-4999 are for applications). */
export const CLOSE_REFUSED = 4001;
/** No hello with the right pairing code: the page asks the operator for it instead of retrying. */
export const CLOSE_PAIRING = 4003;
export const CLOSE_ABUSE = 4008;

/**
 * A controller as the page sees it: `emulated` is the pose's
 * emulatedPosition (tracking lost, position inferred). vr-ingest decides
 * whether such a pose drives (WEBXR_ACCEPT_EMULATED) and publishes only the
 * contract's Controller.
 */
export type PageController = Controller & { emulated?: boolean };

/** One XR frame from the page; `t` is the page's clock (epoch ms). */
export interface WebXrFrame {
  t: number;
  right?: PageController;
  left?: PageController;
  /** Set on the frame after the reference space fired `reset` (recentre). */
  reset?: boolean;
}

export type ClientKind = "xr" | "desktop";

export interface HelloMessage {
  type: "hello";
  client: ClientKind;
  /** The pairing code vr-ingest printed at start (from the URL's ?code= or typed in). */
  code?: string;
}

/** The page URL's query parameter carrying the pairing code. */
export const CODE_PARAM = "code";

/** What the page shows about the rest of the system; null when not known. */
export interface OperatorStatusView {
  /** Controller's movement flag: the clutch is engaged and the arm follows. */
  movement: boolean | null;
  mode: string | null;
  calibrated: boolean | null;
  recording: boolean | null;
  /** Why the arm holds (the controller's holdReason), null while it moves or when unknown. */
  holdReason: string | null;
  /** Age of the newest robot state at the controller, ms; null: none (no robot). */
  robotAgeMs: number | null;
  /** The commanded target sits on the workspace's edge. */
  atEdge: boolean;
}

/** One-off happenings the page answers with a haptic pattern. */
export type NoticeKind = "episodeStarted" | "episodeSaved" | "episodeDiscarded" | "robotFault";

/** vr-ingest's settings the page follows. */
export interface PageSettings {
  /** Emulated (inferred) positions drive (WEBXR_ACCEPT_EMULATED). */
  acceptEmulated: boolean;
  /** Haptic pulses on (WEBXR_HAPTICS). */
  haptics: boolean;
  /** The hand the controller follows (LEFT_CONTROLLER): its actuator pulses. */
  hand: "right" | "left";
}

export type ServerMessage =
  | ({ type: "welcome"; remote: string } & PageSettings)
  | { type: "notice"; kind: NoticeKind; detail?: string }
  | { type: "refused"; reason: string }
  | ({ type: "status" } & OperatorStatusView)
  | { type: "rejected"; reason: string; count: number };
