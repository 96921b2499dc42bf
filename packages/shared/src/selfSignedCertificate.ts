/**
 * Self-signed server certificates for the HTTPS page a headset opens and for
 * NATS reached from other machines: one key pair, named for localhost and the
 * given hosts (IP addresses or DNS names). The certificate is its own trust
 * anchor: a client trusts it by being given the certificate file itself.
 */
import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { type NetworkInterfaceInfo, networkInterfaces } from "node:os";

export interface CertificatePems {
  cert: string;
  key: string;
}

const VALID_YEARS = 10;

/** Every non-internal IPv4 address of this machine. */
export function lanIPv4(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string[] {
  const out: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const i of list ?? []) if (i.family === "IPv4" && !i.internal) out.push(i.address);
  }
  return out;
}

function altName(host: string): string {
  return isIP(host) ? `IP Address:${host}` : `DNS:${host}`;
}

/** The hosts a certificate does not name, of those it must. */
export function uncoveredHosts(certPem: string, hosts: readonly string[]): string[] {
  const names = (new X509Certificate(certPem).subjectAltName ?? "").split(", ");
  return hosts.filter((h) => !names.includes(altName(h)));
}

export async function selfSignedCertificate(
  commonName: string,
  hosts: readonly string[],
): Promise<CertificatePems> {
  const notBefore = new Date();
  const notAfter = new Date(notBefore);
  notAfter.setFullYear(notAfter.getFullYear() + VALID_YEARS);
  const unique = [...new Set(["localhost", "127.0.0.1", ...hosts])];
  // Loaded here: selfsigned and its X.509 library cost ~130 ms and ~8 MB to import.
  const { generate } = await import("selfsigned");
  const pems = await generate([{ name: "commonName", value: commonName }], {
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
        altNames: unique.map((h) =>
          isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h },
        ),
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
