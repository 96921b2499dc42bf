/**
 * The JPEG markers a complete frame carries: SOI (FF D8) first, EOI (FF D9)
 * last. A frame without both was cut or corrupted; the recorder refuses it and
 * verify reports it. Checked on the bytes, or on the base64 of a recorded
 * CompressedImage without decoding all of it.
 */

export function hasJpegMarkers(b: Uint8Array): boolean {
  const n = b.length;
  return n >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[n - 2] === 0xff && b[n - 1] === 0xd9;
}

/** Why `b` is not a complete JPEG, or undefined when it is. */
export function jpegProblem(b: Uint8Array): string | undefined {
  if (b.length < 4) return `${b.length} bytes is too short for a JPEG`;
  if (b[0] !== 0xff || b[1] !== 0xd8) return "no JPEG SOI marker (FF D8) at the start";
  if (b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9) {
    return "no JPEG EOI marker (FF D9) at the end (cut short?)";
  }
  return undefined;
}

/** The same check on base64 text: only its first and last groups are decoded. */
export function base64JpegProblem(data: string): string | undefined {
  if (data.length < 8 || data.length % 4 !== 0) return "data is not base64 of a JPEG";
  const head = Buffer.from(data.slice(0, 4), "base64");
  const tail = Buffer.from(data.slice(-8), "base64");
  const edges = new Uint8Array([
    head[0]!,
    head[1]!,
    tail[tail.length - 2]!,
    tail[tail.length - 1]!,
  ]);
  return jpegProblem(edges);
}
