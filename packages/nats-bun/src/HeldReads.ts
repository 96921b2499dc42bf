/**
 * Reads of a connection's socket, held until the service wants them. A
 * service that uses only the latest of its streams at set moments (the
 * recorder at each tick, the robot bridge when a robot call returns) does
 * not need each message the moment it lands: held, the kernel keeps them,
 * and one read takes them all, where each message would otherwise wake the
 * process (about 77 us of CPU a wakeup on the slower VM, BENCHMARKS.md).
 * Publishing is unaffected. Until `hold` is first called, and after
 * `release`, the connection reads as data comes.
 */

/** Connection options that hand a connection's transports a `HeldReads`. */
export interface WithHeldReads {
  heldReads?: HeldReads;
}

/** The transport's side: stop and restart reading its socket; reads made so far. */
export interface ReadSwitch {
  pauseReads(): void;
  resumeReads(): void;
  readonly reads: number;
}

/**
 * A poll reads at most one buffer (about 128-512 KB): a bigger backlog takes
 * more polls, and a readNow keeps polling while they bring data, up to this
 * many (megabytes a tick); what a flood leaves waits for the next tick.
 */
const MAX_POLLS = 32;

/**
 * To the next turn of the event loop. Bun runs immediates before it polls
 * (without waiting, while one is queued), so of two turns in a row the
 * second begins after a poll has read the socket and its data's microtasks
 * (nats-core's parsing and the subscriptions' callbacks) have run.
 */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class HeldReads {
  private current: ReadSwitch | undefined;
  private held = false;
  private limit: ReturnType<typeof setTimeout> | undefined;

  /**
   * Holds reads from now on; what the socket holds is read at each `readNow`.
   * With `maxMs`, reads flow again after that long (a call that outlasts it
   * must not starve the connection: nats.js counts a ping without its pong).
   */
  hold(maxMs?: number): void {
    this.held = true;
    this.current?.pauseReads();
    clearTimeout(this.limit);
    this.limit = maxMs === undefined ? undefined : setTimeout(() => void this.release(), maxMs);
  }

  /** Reads what the kernel holds and dispatches it; then holds again (if still held). */
  async readNow(): Promise<void> {
    const t = this.current;
    if (!t) return;
    t.resumeReads();
    await drained(t);
    if (this.held && this.current === t) t.pauseReads();
  }

  /** Reads as data comes again; resolves once what the socket held is dispatched. */
  async release(): Promise<void> {
    this.held = false;
    clearTimeout(this.limit);
    this.limit = undefined;
    const t = this.current;
    if (!t) return;
    t.resumeReads();
    await drained(t);
  }

  /** A new connection's transport (a reconnect): it reads freely until the next `hold` or `readNow`. */
  attach(t: ReadSwitch): void {
    this.current = t;
  }

  detach(t: ReadSwitch): void {
    if (this.current === t) this.current = undefined;
  }
}

/** Until a poll brings nothing new (or MAX_POLLS): everything the socket held is dispatched. */
async function drained(t: ReadSwitch): Promise<void> {
  await turn();
  for (let polls = 0; polls < MAX_POLLS; polls++) {
    const before = t.reads;
    await turn();
    if (t.reads === before) return;
  }
}
