/** vr-ingest as its own process with VR_SOURCE=webxr on a free loopback port. */
import { freePort } from "../support/natsServer";
import { ServiceProcess } from "../support/serviceProcess";

export interface WebxrIngest {
  proc: ServiceProcess;
  port: number;
}

/** `env` adds or overrides variables (WEBXR_TLS, WEBXR_PAIRING_CODE, ...). */
export async function startWebxrIngest(
  natsUrl: string,
  env: Record<string, string>,
): Promise<WebxrIngest> {
  const port = await freePort();
  const proc = new ServiceProcess({
    script: "services/vr-ingest/src/main.ts",
    env: {
      NATS_URL: natsUrl,
      VR_SOURCE: "webxr",
      WEBXR_PORT: String(port),
      WEBXR_HOST: "127.0.0.1",
      ...env,
    },
  });
  await proc.waitForLog(/ready/, 20_000);
  return { proc, port };
}
