/**
 * The self-signed certificate for the HTTPS page: generated on first start
 * and kept, so a headset that accepted it once keeps accepting it; made anew
 * only when it does not name a host the page is served as (a new LAN address,
 * or WEBXR_PUBLIC_HOST set later), since the browser checks the name too.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { selfSignedCertificate, uncoveredHosts } from "@teleop/shared/selfSignedCertificate";

export interface Certificate {
  cert: string;
  key: string;
  /** True when this call created it (the headset must accept it again). */
  created: boolean;
  /** Hosts the kept certificate lacked, so it was made anew (empty otherwise). */
  missing: string[];
}

/** `hosts`: the LAN addresses and the public host the page is opened as, besides localhost. */
export async function loadOrCreateCertificate(
  dir: string,
  hosts: readonly string[],
): Promise<Certificate> {
  const certPath = join(dir, "webxr-cert.pem");
  const keyPath = join(dir, "webxr-key.pem");
  let missing: string[] = [];
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, "utf8");
    missing = uncoveredHosts(cert, hosts);
    if (missing.length === 0) {
      return { cert, key: readFileSync(keyPath, "utf8"), created: false, missing };
    }
  }
  const pems = await selfSignedCertificate("teleop vr-ingest", hosts);
  mkdirSync(dir, { recursive: true });
  writeFileSync(certPath, pems.cert);
  writeFileSync(keyPath, pems.key, { mode: 0o600 });
  return { ...pems, created: true, missing };
}
