/** The Foxglove live view's options (environment variable or flag), on top of the common ones. */
import { num, str } from "@teleop/shared/config";

/** Foxglove's default port for its WebSocket connection. */
export const FOXGLOVE_DEFAULT_PORT = 8765;

export const foxgloveSpecs = {
  foxglovePort: num({
    env: "FOXGLOVE_PORT",
    default: FOXGLOVE_DEFAULT_PORT,
    min: 0,
    max: 65535,
    integer: true,
    help: "port of the Foxglove WebSocket server (0 picks a free one)",
  }),
  foxgloveHost: str({
    env: "FOXGLOVE_HOST",
    default: "127.0.0.1",
    help: "address it listens on (0.0.0.0 to watch from another machine)",
  }),
  foxgloveMaxBufferedBytes: num({
    env: "FOXGLOVE_MAX_BUFFERED_BYTES",
    default: 4 * 1024 * 1024,
    min: 64 * 1024,
    max: 1024 * 1024 * 1024,
    integer: true,
    help: "bytes a viewer may have waiting in its socket; beyond it only the newest message per channel is kept, the rest dropped and counted",
  }),
};
