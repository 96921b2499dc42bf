/**
 * The bundles `teleop run`, the bench and the image start: built from the
 * sources, they find the files the service reads beside its code (the
 * scenarios, the WebXR page's sources) and behave as the sources do.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Bus } from "@teleop/shared/bus";
import { VrStateMsg } from "@teleop/shared/messages";
import {
  bundleServices,
  STALE_CHUNK_MS,
  serviceBundle,
} from "../../packages/cli/src/serviceBundles";
import { testBus, waitFor } from "../support/bus";
import { freePort, NatsServer } from "../support/natsServer";
import { REPO_ROOT, ServiceProcess } from "../support/serviceProcess";

describe("service bundles", () => {
  let server: NatsServer;
  let bus: Bus;
  let certDir: string;
  const procs: ServiceProcess[] = [];
  const start = (env: Record<string, string>) => {
    const p = new ServiceProcess({
      script: serviceBundle("vr-ingest", ""),
      env: { NATS_URL: server.url, ...env },
    });
    procs.push(p);
    return p;
  };

  beforeAll(async () => {
    server = await NatsServer.start();
    bus = await testBus(server.url);
    certDir = mkdtempSync(join(tmpdir(), "teleop-bundle-test-"));
    await bundleServices(["vr-ingest"]);
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await bus.close();
    await server.dispose();
    rmSync(certDir, { recursive: true, force: true });
  });

  test("main.js and its chunks, rebuilt over the old ones; an old build's chunk goes once it is stale", async () => {
    const bundle = serviceBundle("vr-ingest");
    const dist = dirname(bundle);
    const before = Bun.file(bundle).lastModified;
    const stale = join(dist, "OldSource-0000.js");
    const recent = join(dist, "Recent-0000.js");
    writeFileSync(stale, "");
    writeFileSync(recent, "");
    const old = (Date.now() - STALE_CHUNK_MS - 1000) / 1000;
    utimesSync(stale, old, old);
    await Bun.sleep(5);
    await bundleServices(["vr-ingest"]);
    expect(Bun.file(bundle).lastModified).toBeGreaterThan(before);
    const files = readdirSync(dist);
    expect(files).not.toContain("OldSource-0000.js");
    expect(files).toContain("Recent-0000.js");
    rmSync(recent);
    files.splice(files.indexOf("Recent-0000.js"), 1);
    // The sources are chunks of their own, loaded only when chosen; each module is marked with its path.
    const marker = "// services/vr-ingest/src/sources/webxr/WebXrSource.ts";
    const main = await Bun.file(bundle).text();
    expect(main).toContain("// services/vr-ingest/src/main.ts");
    expect(main).not.toContain(marker);
    const chunks = await Promise.all(files.map((f) => Bun.file(join(dist, f)).text()));
    expect(chunks.filter((c) => c.includes(marker))).toHaveLength(1);
  });

  test("the bundled sim source plays its default scenario (read from services/vr-ingest/scenarios)", async () => {
    let frames = 0;
    bus.subscribe(bus.subjects.vrState, VrStateMsg, () => frames++);
    const p = start({ VR_SOURCE: "sim" });
    await p.waitForLog(/\bready\b/, 20_000);
    expect(p.log).toContain("pick-place");
    expect(await waitFor(() => frames > 10, 5000)).toBe(true);
  });

  test("the bundled WebXR source serves its page, built from the page's sources", async () => {
    const port = await freePort();
    const p = start({
      VR_SOURCE: "webxr",
      WEBXR_TLS: "off",
      WEBXR_HOST: "127.0.0.1",
      WEBXR_PORT: String(port),
      WEBXR_CERT_DIR: certDir,
    });
    await p.waitForLog(/\bready\b/, 20_000);
    const html = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(html).toContain("app.js");
    const js = await fetch(`http://127.0.0.1:${port}/app.js`);
    expect(js.status).toBe(200);
    expect((await js.text()).length).toBeGreaterThan(1000);
  });

  test("a service without sources is named in the error, and nothing is left behind", async () => {
    await expect(bundleServices(["no-such-service"])).rejects.toThrow(
      "could not bundle no-such-service: no services/no-such-service/src/main.ts",
    );
    expect(existsSync(join(REPO_ROOT, "services", "no-such-service"))).toBe(false);
  });
});
