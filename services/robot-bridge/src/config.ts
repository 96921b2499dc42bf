/** robot-bridge's options (environment variable or flag); the README's configuration table lists them. */
import { type ConfigOf, num, oneOf, pluginSpecs } from "@teleop/shared/config";
import { backends } from "./backends/registry";

export const bridgeSpecs = {
  backend: oneOf({
    env: "ROBOT_BACKEND",
    flag: "--backend",
    default: "sim",
    values: backends.map((b) => b.name),
    help: "robot backend",
  }),
  statePollHz: num({
    env: "STATE_POLL_HZ",
    default: 10,
    min: 0.1,
    max: 1000,
    help: "state polling rate while no command is being applied, Hz",
  }),
  robotTimeoutMs: num({
    env: "ROBOT_TIMEOUT_MS",
    default: 1000,
    min: 10,
    max: 60_000,
    help: "longest wait for the backend to connect, apply a command or read the state, ms",
  }),
  robotResetTimeoutMs: num({
    env: "ROBOT_RESET_TIMEOUT_MS",
    default: 15_000,
    min: 100,
    max: 120_000,
    help: "longest wait for the home procedure, ms",
  }),
  ...pluginSpecs(backends),
};

export type BridgeConfig = ConfigOf<typeof bridgeSpecs>;
