import { expect, test } from "bun:test";
import { dashboardUrl, foxgloveUrl, readyLines, webxrUrls } from "./readyReport";

test("URLs are read from the children's log lines", () => {
  expect(
    dashboardUrl([
      "2026-12-01T10:00:00.000Z INFO  dashboard ready url=http://127.0.0.1:8080 nats=nats://127.0.0.1:4222",
    ]),
  ).toBe("http://127.0.0.1:8080");
  expect(
    webxrUrls([
      "... INFO  vr-ingest open https://192.168.1.5:8443/?code=AB12CD in the Quest browser",
      "... INFO  vr-ingest open https://10.0.0.2:8443/?code=AB12CD in the Quest browser",
      "... INFO  vr-ingest ready",
    ]),
  ).toEqual(["https://192.168.1.5:8443/?code=AB12CD", "https://10.0.0.2:8443/?code=AB12CD"]);
  expect(foxgloveUrl(["... INFO foxglove ready url=ws://127.0.0.1:9001"])).toBe(
    "ws://127.0.0.1:9001",
  );
  expect(foxgloveUrl([])).toBe("ws://127.0.0.1:8765");
});

test("the ready block lists what is up, the URLs, and the NATS_URL to export when it moved", () => {
  expect(
    readyLines(["controller", "dashboard"], ["recorder"], {
      dashboard: "http://127.0.0.1:8080",
      foxglove: "ws://127.0.0.1:8765",
      webxr: ["https://10.0.0.2:8443/"],
      natsUrl: "nats://127.0.0.1:40001",
      natsNote: "port 4222 was taken",
    }),
  ).toEqual([
    "ready: controller, dashboard; NOT ready: recorder",
    "  dashboard  http://127.0.0.1:8080",
    "  foxglove   ws://127.0.0.1:8765  (Foxglove: Open connection > Foxglove WebSocket)",
    "  webxr      https://10.0.0.2:8443/  (open in the Quest browser)",
    "  NATS       export NATS_URL=nats://127.0.0.1:40001  (port 4222 was taken)",
  ]);
  expect(readyLines([], [], { webxr: [], natsUrl: "nats://127.0.0.1:4222" })).toEqual([
    "ready: none",
    "  NATS       nats://127.0.0.1:4222",
  ]);
});
