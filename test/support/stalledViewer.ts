/**
 * Starts the never-reading viewer (stalled_viewer.py: a tiny receive buffer,
 * subscribes, then sleeps) and waits until its subscription is sent.
 */
import { join } from "node:path";
import { type Subprocess, spawn } from "bun";

export interface StalledViewer {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** The server's handshake response, as the viewer read it. */
  handshake: string;
  stop(): Promise<void>;
}

export async function startStalledViewer(
  port: number,
  channelIds: readonly number[],
  protocol = "foxglove.websocket.v1",
): Promise<StalledViewer> {
  const proc = spawn(
    [
      "python3",
      join(import.meta.dir, "stalled_viewer.py"),
      String(port),
      protocol,
      ...channelIds.map(String),
    ],
    { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  const out = proc.stdout.getReader();
  let text = "";
  while (!text.includes("subscribed")) {
    const { value, done } = await out.read();
    if (done)
      throw new Error(`the stalled viewer ended: ${await new Response(proc.stderr).text()}`);
    text += new TextDecoder().decode(value);
  }
  out.releaseLock();
  return {
    proc,
    handshake: text,
    stop: async () => {
      proc.kill("SIGKILL");
      await proc.exited;
    },
  };
}
