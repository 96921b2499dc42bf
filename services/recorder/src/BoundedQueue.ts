/**
 * A FIFO bounded by item count and, when given a size function, by the bytes
 * its items hold: a push that would pass either bound is dropped and counted.
 * A shifted item is no longer referenced: the recorder's records would
 * otherwise live on in the array (up to about a second of them) and reach
 * the JS heap's old generation, to be freed only by a full collection.
 */
export class BoundedQueue<T> {
  private items: (T | undefined)[] = [];
  private sizes: number[] = [];
  private head = 0;
  private heldBytes = 0;
  dropped = 0;

  constructor(
    readonly capacity: number,
    readonly maxBytes = Number.POSITIVE_INFINITY,
    private readonly sizeOf: (item: T) => number = () => 0,
  ) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** What the queued items hold, by `sizeOf`. */
  get bytes(): number {
    return this.heldBytes;
  }

  push(item: T): boolean {
    const size = this.sizeOf(item);
    if (this.length >= this.capacity || this.heldBytes + size > this.maxBytes) {
      this.dropped++;
      return false;
    }
    this.items.push(item);
    this.sizes.push(size);
    this.heldBytes += size;
    return true;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.heldBytes -= this.sizes[this.head]!;
    this.head++;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.sizes.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      // Compact now and then so the arrays do not grow without bound.
      this.items = this.items.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
