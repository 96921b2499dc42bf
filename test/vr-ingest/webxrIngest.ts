/** vr-ingest as its own process with VR_SOURCE=webxr on a free loopback port. */
import type { NatsBus } from "../support/natsBus";
import { freePort } from "../support/natsServer";
import type { ServiceProcess } from "../support/serviceProcess";

export interface WebxrIngest {
  proc: ServiceProcess;
  port: number;
}

/** `env` adds or overrides variables (WEBXR_TLS, WEBXR_PAIRING_CODE, ...). */
export async function startWebxrIngest(
  io: NatsBus,
  env: Record<string, string>,
): Promise<WebxrIngest> {
  const port = await freePort();
  const proc = io.launch("vr-ingest", {
    env: { VR_SOURCE: "webxr", WEBXR_PORT: String(port), WEBXR_HOST: "127.0.0.1", ...env },
  });
  await proc.waitForLog(/ready/, 20_000);
  return { proc, port };
}
