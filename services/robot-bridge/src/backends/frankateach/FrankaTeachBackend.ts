/**
 * The `frankateach` backend: the lab's existing robot server, unchanged
 * (REFERENCE section 5). A ZeroMQ REQ client over TCP sends a pickled
 * FrankaAction (or `get_state`) and unpickles the FrankaState reply.
 */
import { now } from "@teleop/shared/clock";
import type { Logger } from "@teleop/shared/log";
import type { Pose } from "@teleop/shared/math";
import type { RobotCommand } from "@teleop/shared/messages";
import type { BackendState, RobotBackend } from "../../RobotBackend";
import {
  decodeState,
  encodeAction,
  encodeCommand,
  GET_STATE,
  toBackendState,
} from "./frankaMessages";
import { ZmtpReqSocket } from "./zmtp/ZmtpReqSocket";

export interface FrankaTeachOptions {
  host: string;
  port: number;
}

export class FrankaTeachBackend implements RobotBackend {
  readonly name = "frankateach";
  private socket: ZmtpReqSocket | undefined;
  private last: BackendState | undefined;

  constructor(
    private readonly o: FrankaTeachOptions,
    private readonly log: Logger,
  ) {}

  get endpoint(): string {
    return `tcp://${this.o.host}:${this.o.port}`;
  }

  async connect(): Promise<void> {
    this.socket?.close();
    const socket = new ZmtpReqSocket(this.o.host, this.o.port);
    this.socket = socket;
    await socket.ready;
    this.log.info("connected to the robot server", { endpoint: this.endpoint });
  }

  apply(command: RobotCommand): Promise<BackendState> {
    return this.roundTrip(encodeCommand(command, now() / 1000));
  }

  readState(): Promise<BackendState> {
    return this.roundTrip(GET_STATE);
  }

  reset(): Promise<BackendState> {
    // The server ignores the pose of a reset action; send the last one it reported.
    const pose: Pose = this.last?.pose ?? { position: [0, 0, 0], orientation: [0, 0, 0, 1] };
    return this.roundTrip(encodeAction(pose, 0, true, now() / 1000));
  }

  async close(): Promise<void> {
    this.socket?.close("closed by the bridge");
    this.socket = undefined;
  }

  detail(): Record<string, unknown> {
    return { endpoint: this.endpoint, connected: this.socket?.connected ?? false };
  }

  private async roundTrip(body: Uint8Array): Promise<BackendState> {
    if (!this.socket?.connected)
      throw new Error(`not connected to the robot server at ${this.endpoint}`);
    const reply = await this.socket.request(body);
    const state = toBackendState(decodeState(reply), now(), this.last);
    this.last = state;
    return state;
  }
}
