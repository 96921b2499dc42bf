/** Counts bad frames in a sliding one-second window to tell a glitch from abuse. */
export class BadFrameMeter {
  private times: number[] = [];

  constructor(private readonly maxPerSecond: number) {}

  /** Record a bad frame at `at` (ms); true when the limit is now exceeded. */
  mark(at: number): boolean {
    this.times = this.times.filter((x) => x > at - 1000);
    this.times.push(at);
    return this.times.length > this.maxPerSecond;
  }
}
