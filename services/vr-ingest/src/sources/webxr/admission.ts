/**
 * Who may drive: one client at a time. Every WebSocket connection passes
 * through admit() (a later pairing code is checked here too).
 */
export interface Client {
  remote: string;
  connectedAt: number;
}

export type Admission = { ok: true } | { ok: false; reason: string };

export function admit(driver: Client | undefined, candidate: Client): Admission {
  if (!driver) return { ok: true };
  const ageS = Math.max(0, Math.round((candidate.connectedAt - driver.connectedAt) / 1000));
  return {
    ok: false,
    reason:
      `another client (${driver.remote}, connected ${ageS} s ago) is driving; ` +
      "only one headset drives at a time. Close that page to take over.",
  };
}
