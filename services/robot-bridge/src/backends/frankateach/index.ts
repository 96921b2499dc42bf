/** Registry entry of the `frankateach` backend: its options and factory. */
import { num, str } from "@teleop/shared/config";
import type { BackendEntry } from "../../RobotBackend";
import { FrankaTeachBackend } from "./FrankaTeachBackend";

const frankateachSpecs = {
  frankateachHost: str({
    env: "FRANKATEACH_HOST",
    default: "127.0.0.1",
    help: "host of the frankateach robot server",
  }),
  frankateachPort: num({
    env: "FRANKATEACH_PORT",
    default: 8901,
    min: 1,
    max: 65535,
    integer: true,
    help: "its ZeroMQ REP port",
  }),
};

export const frankateachBackend: BackendEntry<typeof frankateachSpecs> = {
  name: "frankateach",
  specs: frankateachSpecs,
  create: (c, ctx) =>
    new FrankaTeachBackend({ host: c.frankateachHost, port: c.frankateachPort }, ctx.log),
};
