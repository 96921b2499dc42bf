/**
 * Camera frames lost between publish and file: the camera's own seq counter
 * says how many frames it published between two frames the bench saw on the
 * bus; the recording says how many frames with capture times in that span it
 * holds. Counting by the publisher's seq (not by what the bench or the
 * recorder happened to see) means a frame missed by every subscriber still
 * counts. Pure: frames and times in, counts out.
 */

export interface SeenFrame {
  seq: number;
  /** Capture time, epoch ms. */
  t: number;
}

export interface PublishToFile {
  /** Frames the camera published from the first to the last frame seen, by its seq. */
  published: number;
  /** Of those, how many the bench itself saw on the bus. */
  seenOnBus: number;
  /** Recorded frames whose capture times fall in the same span. */
  inFile: number;
  /** published - inFile: frames that left the camera and never reached the file. */
  lost: number;
}

/** A recorded log time is the capture time to the nanosecond; this much slack covers the ms<->ns rounding. */
const TIME_SLACK_MS = 0.001;

/**
 * `seen`: the frames the bench saw on the bus while it measured; `fileTimesMs`:
 * the capture times of the camera's recorded frames; `fromMs`: the episode's
 * start (frames captured before it belong to no episode). The span is cut to
 * the file's first and last frame of the camera: a frame in flight when the
 * episode opened or was saved belongs to neither side, and is not counted.
 */
export function publishedVsFile(
  seen: readonly SeenFrame[],
  fileTimesMs: readonly number[],
  fromMs: number,
): PublishToFile {
  let from = fromMs;
  let to = Number.POSITIVE_INFINITY;
  if (fileTimesMs.length > 0) {
    const lo = fileTimesMs.reduce((a, b) => Math.min(a, b));
    const hi = fileTimesMs.reduce((a, b) => Math.max(a, b));
    from = Math.max(from, lo - TIME_SLACK_MS);
    to = hi + TIME_SLACK_MS;
  }
  const inSpan = seen.filter((f) => f.t >= from && f.t <= to);
  if (inSpan.length === 0) return { published: 0, seenOnBus: 0, inFile: 0, lost: 0 };
  let first = inSpan[0]!;
  let last = first;
  for (const f of inSpan) {
    if (f.seq < first.seq) first = f;
    if (f.seq > last.seq) last = f;
  }
  const published = last.seq - first.seq + 1;
  const inFile = fileTimesMs.filter(
    (t) => t >= first.t - TIME_SLACK_MS && t <= last.t + TIME_SLACK_MS,
  ).length;
  return { published, seenOnBus: inSpan.length, inFile, lost: published - inFile };
}
