/**
 * The `frankateach` backend: the lab's existing robot server, unchanged
 * (REFERENCE section 5). A ZeroMQ REQ client over TCP sends a pickled
 * FrankaAction (or `get_state`) and unpickles the FrankaState reply.
 * The server answers `state_error` while the arm has no state yet and ends
 * its process on an action sent then, so nothing but `get_state` goes out
 * until a state has come back on this connection.
 */
import { now } from "@teleop/shared/clock";
import type { Logger } from "@teleop/shared/log";
import type { Pose } from "@teleop/shared/math";
import type { RobotCommand } from "@teleop/shared/messages";
import { BackendNotReadyError, type BackendState, type RobotBackend } from "../../RobotBackend";
import {
  decodeState,
  encodeAction,
  encodeCommand,
  GET_STATE,
  isStateError,
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
  /** A state came back on this connection: the arm has one, actions are safe to send. */
  private armReady = false;

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
    this.armReady = false;
    await socket.ready;
    this.log.info("connected to the robot server", { endpoint: this.endpoint });
  }

  async apply(command: RobotCommand): Promise<BackendState> {
    if (!this.armReady) await this.readState();
    return this.roundTrip(encodeCommand(command, now() / 1000));
  }

  readState(): Promise<BackendState> {
    return this.roundTrip(GET_STATE);
  }

  async reset(): Promise<BackendState> {
    if (!this.armReady) await this.readState();
    // The server ignores the pose of a reset action; send the last one it reported.
    const pose: Pose = this.last?.pose ?? { position: [0, 0, 0], orientation: [0, 0, 0, 1] };
    return this.roundTrip(encodeAction(pose, 0, true, now() / 1000));
  }

  async close(): Promise<void> {
    this.socket?.close("closed by the bridge");
    this.socket = undefined;
  }

  detail(): Record<string, unknown> {
    return {
      endpoint: this.endpoint,
      connected: this.socket?.connected ?? false,
      armReady: this.armReady,
    };
  }

  private async roundTrip(body: Uint8Array): Promise<BackendState> {
    if (!this.socket?.connected)
      throw new Error(`not connected to the robot server at ${this.endpoint}`);
    const reply = await this.socket.request(body);
    if (isStateError(reply)) {
      throw new BackendNotReadyError(
        "robot server answered state_error (the arm has no state yet)",
      );
    }
    const state = toBackendState(decodeState(reply), now(), this.last);
    this.last = state;
    this.armReady = true;
    return state;
  }
}
