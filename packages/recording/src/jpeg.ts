/**
 * The JPEG markers a complete frame carries: SOI (FF D8) first, EOI (FF D9)
 * last. A frame without both was cut or corrupted; the recorder refuses it and
 * verify reports it. Checked on the bytes, or on the base64 of a recorded
 * CompressedImage without decoding all of it. And a frame's size, read from
 * its header.
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

export interface ImageSize {
  width: number;
  height: number;
}

/** Start-of-frame markers SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC). */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/** Width and height from the first start-of-frame segment, without decoding; undefined when there is none before the scan. */
export function jpegSize(b: Uint8Array): ImageSize | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (isSof(marker)) {
      if (i + 8 >= b.length) return undefined;
      return { height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
    }
    // SOS: the entropy-coded data follows, and a frame header always comes before it.
    if (marker === 0xda) return undefined;
    i += 2 + ((b[i + 2]! << 8) | b[i + 3]!);
  }
  return undefined;
}
