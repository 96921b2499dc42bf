/**
 * The bundles `teleop run`, the bench and the image start: built from the
 * sources, they find the files the service reads beside its code (the
 * scenarios, the WebXR page's sources) and behave as the sources do.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Bus } from "@teleop/shared/bus";
import { VrStateMsg } from "@teleop/shared/messages";
import { bundleServices, serviceBundle } from "../../packages/cli/src/serviceBundles";
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

  test("one file, rebuilt over the old one, each module marked with its source path", async () => {
    const bundle = serviceBundle("vr-ingest");
    const before = Bun.file(bundle).lastModified;
    await Bun.sleep(5);
    await bundleServices(["vr-ingest"]);
    expect(Bun.file(bundle).lastModified).toBeGreaterThan(before);
    expect(readdirSync(dirname(bundle))).toEqual(["main.js"]);
    expect(await Bun.file(bundle).text()).toContain("// services/vr-ingest/src/serviceDir.ts");
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
