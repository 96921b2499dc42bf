import { expect, test } from "bun:test";
import { createPrivateKey, X509Certificate } from "node:crypto";
import type { NetworkInterfaceInfo } from "node:os";
import { lanIPv4, selfSignedCertificate, uncoveredHosts } from "./selfSignedCertificate";

const iface = (address: string, family: "IPv4" | "IPv6", internal: boolean) =>
  ({ address, family, internal }) as NetworkInterfaceInfo;

test("LAN addresses are the non-internal IPv4 ones", () => {
  expect(
    lanIPv4({
      lo: [iface("127.0.0.1", "IPv4", true), iface("::1", "IPv6", true)],
      wlan0: [iface("192.168.1.20", "IPv4", false), iface("fe80::1", "IPv6", false)],
      eth0: [iface("10.0.0.5", "IPv4", false)],
    }),
  ).toEqual(["192.168.1.20", "10.0.0.5"]);
});

test(
  "a certificate names localhost, 127.0.0.1 and each host by its kind, and its key matches",
  async () => {
    const pems = await selfSignedCertificate("teleop test", ["nats", "10.1.2.3"]);
    const x509 = new X509Certificate(pems.cert);
    expect(x509.subject).toBe("CN=teleop test");
    expect(x509.subjectAltName?.split(", ").sort()).toEqual(
      ["DNS:localhost", "DNS:nats", "IP Address:10.1.2.3", "IP Address:127.0.0.1"].sort(),
    );
    expect(x509.checkPrivateKey(createPrivateKey(pems.key))).toBe(true);
    expect(uncoveredHosts(pems.cert, ["nats", "10.1.2.3", "localhost"])).toEqual([]);
    expect(uncoveredHosts(pems.cert, ["nats.lab", "10.1.2.4", "10.1.2.3"])).toEqual([
      "nats.lab",
      "10.1.2.4",
    ]);
  },
  { timeout: 20_000 },
);
