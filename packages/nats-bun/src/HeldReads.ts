/**
 * Reads of a connection's socket, held while the service does not need them.
 * The robot bridge uses only the newest command, when a robot call returns:
 * held during the call, the commands that come meanwhile (six at 40 Hz over a
 * 150 ms round trip) wait in the kernel and one read takes them all, where
 * each would otherwise wake the process (about 77 us of CPU a wakeup on the
 * slower VM, BENCHMARKS.md). Publishing is unaffected. A transport attached
 * while held (a reconnect) reads freely until the next `hold`.
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
 * more polls, and `release` keeps polling while they bring data, up to this
 * many (megabytes); what a flood leaves is read as data comes.
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
  private limit: ReturnType<typeof setTimeout> | undefined;

  /**
   * Holds reads until `release`, or for `maxMs` at most: a call that outlasts
   * it must not starve the connection (nats.js counts a ping without its pong).
   */
  hold(maxMs: number): void {
    this.current?.pauseReads();
    clearTimeout(this.limit);
    this.limit = setTimeout(() => void this.release(), maxMs);
  }

  /** Reads as data comes again; resolves once what the socket held is dispatched. */
  async release(): Promise<void> {
    clearTimeout(this.limit);
    this.limit = undefined;
    const t = this.current;
    if (!t) return;
    t.resumeReads();
    await drained(t);
  }

  /** A new connection's transport (a reconnect). */
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
