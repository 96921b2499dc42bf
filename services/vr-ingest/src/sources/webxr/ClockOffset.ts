/**
 * Maps the page's clock onto this machine's: the headset's wall clock can be
 * off by seconds, but its frame times are steadier than arrival times. The
 * offset is the smallest (arrival - page time) of recent frames, i.e. the
 * clock difference plus the quickest delivery; sample times never lie in
 * the future of their arrival.
 */
export class ClockOffset {
  private readonly window: number[] = [];

  constructor(private readonly size = 256) {}

  /** The sample time of a frame stamped `pageT` that arrived at `arrival`, in local epoch ms. */
  toLocal(pageT: number, arrival: number): number {
    this.window.push(arrival - pageT);
    if (this.window.length > this.size) this.window.shift();
    return Math.min(pageT + Math.min(...this.window), arrival);
  }

  reset(): void {
    this.window.length = 0;
  }
}
