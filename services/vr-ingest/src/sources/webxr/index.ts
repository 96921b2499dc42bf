/** Registry entry of the WebXR source: its options and factory. */
import { bool, leftControllerSpec, num, str } from "@teleop/shared/config";
import type { SourceEntry } from "../../VrSource";
import { newPairingCode } from "./pairingCode";

const specs = {
  webxrPort: num({
    env: "WEBXR_PORT",
    default: 8443,
    min: 0,
    max: 65535,
    integer: true,
    help: "port of the WebXR page and WebSocket (0 picks a free one)",
  }),
  webxrHost: str({
    env: "WEBXR_HOST",
    default: "0.0.0.0",
    help: "address the WebXR server listens on",
  }),
  webxrPublicHost: str({
    env: "WEBXR_PUBLIC_HOST",
    default: "",
    pattern: /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])?(:\d{1,5})?$/,
    help: "host[:port] the headset opens, printed in the URL (under Docker: this machine's LAN address); empty: every LAN address",
  }),
  webxrTls: bool({
    env: "WEBXR_TLS",
    default: true,
    help: "serve HTTPS with a self-signed certificate; off = plain HTTP for adb reverse to localhost",
  }),
  webxrCertDir: str({
    env: "WEBXR_CERT_DIR",
    default: ".certs",
    help: "directory keeping the self-signed certificate (created on first start)",
  }),
  webxrPairing: bool({
    env: "WEBXR_PAIRING",
    default: true,
    help: "require the pairing code printed at start from every page (off: any page on the network can drive; local development only)",
  }),
  webxrPairingCode: str({
    env: "WEBXR_PAIRING_CODE",
    default: "",
    pattern: /^([A-Za-z0-9]{4,32})?$/,
    help: "fixed pairing code (4-32 letters or digits); empty: a new random 6-character code at each start",
  }),
  webxrAcceptEmulated: bool({
    env: "WEBXR_ACCEPT_EMULATED",
    default: false,
    help: "let poses with an inferred position (emulatedPosition: tracking lost on a Quest; every pose under the iwer emulator) drive; off: they count as untracked",
  }),
  webxrHaptics: bool({
    env: "WEBXR_HAPTICS",
    default: true,
    help: "pulse the followed controller on clutch, workspace edge, recording and robot-fault changes (off: no pulses)",
  }),
  leftController: leftControllerSpec,
};

export const webxrSource: SourceEntry<typeof specs> = {
  name: "webxr",
  specs,
  create: async (config, ctx) =>
    new (await import("./WebXrSource")).WebXrSource(
      {
        port: config.webxrPort,
        host: config.webxrHost,
        tls: config.webxrTls,
        publicHost: config.webxrPublicHost,
        certDir: config.webxrCertDir,
        pairingCode: config.webxrPairing ? config.webxrPairingCode || newPairingCode() : undefined,
        acceptEmulated: config.webxrAcceptEmulated,
        haptics: config.webxrHaptics,
        hand: config.leftController ? "left" : "right",
      },
      ctx,
    ),
};
