import { expect, test } from "bun:test";
import { certificateHosts, pageUrls } from "./urls";

test("URLs list every LAN address and localhost when listening on all addresses", () => {
  expect(pageUrls("0.0.0.0", 8443, true, ["192.168.1.20"])).toEqual([
    "https://192.168.1.20:8443/",
    "https://localhost:8443/",
  ]);
  expect(pageUrls("127.0.0.1", 8080, false, ["192.168.1.20"])).toEqual(["http://localhost:8080/"]);
  expect(pageUrls("10.0.0.5", 8443, true, ["10.0.0.5", "192.168.1.20"])).toEqual([
    "https://10.0.0.5:8443/",
  ]);
});

test("without TLS only the localhost URL: WebXR needs a secure context elsewhere", () => {
  expect(pageUrls("0.0.0.0", 8443, false, ["192.168.1.20"])).toEqual(["http://localhost:8443/"]);
  expect(pageUrls("0.0.0.0", 8443, false, ["192.168.1.20"], "lab-pc.local")).toEqual([
    "http://localhost:8443/",
  ]);
});

test("a public host replaces the LAN addresses (a container's are not the headset's way in)", () => {
  expect(pageUrls("0.0.0.0", 8443, true, ["172.19.0.7"], "192.168.1.20")).toEqual([
    "https://192.168.1.20:8443/",
    "https://localhost:8443/",
  ]);
  expect(pageUrls("0.0.0.0", 8443, true, ["172.19.0.7"], "lab-pc.local:9443")).toEqual([
    "https://lab-pc.local:9443/",
    "https://localhost:8443/",
  ]);
});

test("the certificate names the public host without its port, besides the LAN addresses", () => {
  expect(certificateHosts(["10.0.0.5"])).toEqual(["10.0.0.5"]);
  expect(certificateHosts(["172.17.0.2"], "192.168.1.20:8443")).toEqual([
    "172.17.0.2",
    "192.168.1.20",
  ]);
  expect(certificateHosts([], "robot-lab.local")).toEqual(["robot-lab.local"]);
  expect(certificateHosts([], "[fd00::5]:8443")).toEqual(["fd00::5"]);
});
