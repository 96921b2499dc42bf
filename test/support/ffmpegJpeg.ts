/**
 * Real JPEG frames for tests, made by Debian's ffmpeg from its testsrc2
 * pattern (a moving picture, so consecutive frames differ), and decoded back
 * by ffmpeg to raw grey pixels.
 */

import { lavfi } from "@teleop/export/lavfi";

function ffmpeg(): string {
  const found = Bun.which("ffmpeg");
  if (!found)
    throw new Error("ffmpeg is not installed: run `make setup` (Debian: apt-get install ffmpeg)");
  return found;
}

/** Splits an MJPEG stream into its frames: each runs from an SOI (FF D8) to the next EOI (FF D9). */
export function splitJpegStream(bytes: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let start = -1;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0xff) continue;
    const m = bytes[i + 1];
    if (m === 0xd8 && start < 0) start = i;
    else if (m === 0xd9 && start >= 0) {
      frames.push(bytes.slice(start, i + 2));
      start = -1;
      i++;
    }
  }
  return frames;
}

/** `n` frames of ffmpeg's moving testsrc2 pattern, as JPEGs. */
export async function testJpegFrames(n: number, width = 320, height = 240): Promise<Uint8Array[]> {
  ffmpeg(); // the clear "not installed" error before lavfi runs it
  const out = lavfi(`testsrc2=size=${width}x${height}:rate=30`, [
    "-frames:v",
    String(n),
    "-f",
    "image2pipe",
    "-c:v",
    "mjpeg",
    "pipe:1",
  ]);
  return splitJpegStream(out);
}

/** Decodes JPEG frames with ffmpeg to raw pixels in `pixFmt`, all pictures back to back; throws when ffmpeg cannot. */
export async function decodeJpegsRaw(
  frames: Uint8Array[],
  pixFmt: "gray" | "rgb24",
): Promise<Uint8Array> {
  const proc = Bun.spawn(
    [
      ffmpeg(),
      "-hide_banner",
      "-loglevel",
      "error",
      "-f",
      "image2pipe",
      "-c:v",
      "mjpeg",
      "-i",
      "pipe:0",
      "-f",
      "rawvideo",
      "-pix_fmt",
      pixFmt,
      "pipe:1",
    ],
    { stdin: "pipe", stdout: "pipe", stderr: "pipe" },
  );
  for (const f of frames) proc.stdin.write(f);
  await proc.stdin.end();
  const out = new Uint8Array(await new Response(proc.stdout).arrayBuffer());
  if ((await proc.exited) !== 0) throw new Error(await new Response(proc.stderr).text());
  return out;
}

/** Decodes JPEG frames with ffmpeg into one grey (8-bit) picture each; throws when ffmpeg cannot. */
export async function decodeJpegs(
  frames: Uint8Array[],
  width: number,
  height: number,
): Promise<Uint8Array[]> {
  const out = await decodeJpegsRaw(frames, "gray");
  const size = width * height;
  return Array.from({ length: Math.floor(out.length / size) }, (_, i) =>
    out.subarray(i * size, (i + 1) * size),
  );
}
