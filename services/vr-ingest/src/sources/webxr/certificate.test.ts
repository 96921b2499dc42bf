import { afterAll, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOrCreateCertificate } from "./certificate";

const dir = join(mkdtempSync(join(tmpdir(), "webxr-cert-")), "certs");
afterAll(() => rmSync(join(dir, ".."), { recursive: true, force: true }));

test(
  "created once for localhost and the LAN addresses, then kept",
  async () => {
    const first = await loadOrCreateCertificate(dir, ["192.168.1.20"]);
    expect(first.created).toBe(true);
    const x509 = new X509Certificate(first.cert);
    expect(x509.subjectAltName).toContain("DNS:localhost");
    expect(x509.subjectAltName).toContain("IP Address:192.168.1.20");
    expect(
      x509.checkPrivateKey(await import("node:crypto").then((c) => c.createPrivateKey(first.key))),
    ).toBe(true);

    const second = await loadOrCreateCertificate(dir, ["192.168.1.20"]);
    expect(second.created).toBe(false);
    expect(second.cert).toBe(first.cert);
  },
  { timeout: 20_000 },
);

test(
  "made anew when it lacks a host the page is opened as (the public host set later)",
  async () => {
    const kept = await loadOrCreateCertificate(dir, ["192.168.1.20"]);
    const next = await loadOrCreateCertificate(dir, [
      "192.168.1.20",
      "robot-lab.local",
      "10.0.0.9",
    ]);
    expect(next.created).toBe(true);
    expect(next.missing).toEqual(["robot-lab.local", "10.0.0.9"]);
    expect(next.cert).not.toBe(kept.cert);
    const names = new X509Certificate(next.cert).subjectAltName;
    expect(names).toContain("DNS:robot-lab.local");
    expect(names).toContain("IP Address:10.0.0.9");
    expect(names).toContain("IP Address:192.168.1.20");
    expect((await loadOrCreateCertificate(dir, ["10.0.0.9"])).created).toBe(false);
  },
  { timeout: 30_000 },
);
