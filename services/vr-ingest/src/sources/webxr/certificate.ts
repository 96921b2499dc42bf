/**
 * The self-signed certificate for the HTTPS page: generated on first start
 * and kept, so a headset that accepted it once keeps accepting it; made anew
 * only when it does not name a host the page is served as (a new LAN address,
 * or WEBXR_PUBLIC_HOST set later), since the browser checks the name too.
 */
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface Certificate {
  cert: string;
  key: string;
  /** True when this call created it (the headset must accept it again). */
  created: boolean;
  /** Hosts the kept certificate lacked, so it was made anew (empty otherwise). */
  missing: string[];
}

/** Names a certificate must carry for `hosts` (IP addresses or DNS names, no port). */
function altName(host: string): string {
  return isIP(host) ? `IP Address:${host}` : `DNS:${host}`;
}

function uncovered(certPem: string, hosts: readonly string[]): string[] {
  const names = (new X509Certificate(certPem).subjectAltName ?? "").split(", ");
  return hosts.filter((h) => !names.includes(altName(h)));
}

const VALID_YEARS = 10;

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
    missing = uncovered(cert, hosts);
    if (missing.length === 0) {
      return { cert, key: readFileSync(keyPath, "utf8"), created: false, missing };
    }
  }
  const notBefore = new Date();
  const notAfter = new Date(notBefore);
  notAfter.setFullYear(notAfter.getFullYear() + VALID_YEARS);
  const pems = await generate([{ name: "commonName", value: "teleop vr-ingest" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          ...hosts.map((h) =>
            isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h },
          ),
        ],
      },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(certPath, pems.cert);
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  return { cert: pems.cert, key: pems.private, created: true, missing };
}
