/**
 * Who may drive: every WebSocket connection passes through admit() with the
 * first thing it says (its hello). It must carry the pairing code vr-ingest
 * printed at start, unless pairing is off; then only one client drives at a
 * time. The code is checked first, so a client without it learns nothing
 * about who drives.
 */
import { codeMatches } from "./pairingCode";

export interface Client {
  remote: string;
  connectedAt: number;
}

export interface Candidate extends Client {
  /** The pairing code the client sent in its hello (undefined: none). */
  code: string | undefined;
}

export type Admission = { ok: true } | { ok: false; refusal: "pairing" | "busy"; reason: string };

/** `pairingCode` undefined: pairing is off (WEBXR_PAIRING=off, local development). */
export function admit(
  driver: Client | undefined,
  candidate: Candidate,
  pairingCode: string | undefined,
): Admission {
  if (pairingCode !== undefined && !codeMatches(candidate.code, pairingCode)) {
    return {
      ok: false,
      refusal: "pairing",
      reason:
        candidate.code === undefined || candidate.code.trim() === ""
          ? "this headset is not paired: enter the pairing code vr-ingest printed at start"
          : "wrong pairing code: enter the code vr-ingest printed at start",
    };
  }
  if (!driver) return { ok: true };
  const ageS = Math.max(0, Math.round((candidate.connectedAt - driver.connectedAt) / 1000));
  return {
    ok: false,
    refusal: "busy",
    reason:
      `another client (${driver.remote}, connected ${ageS} s ago) is driving; ` +
      "only one headset drives at a time. Close that page to take over.",
  };
}
