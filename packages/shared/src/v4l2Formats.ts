/**
 * What a V4L2 (UVC) device offers, as Debian's ffmpeg lists it
 * (`ffmpeg -f v4l2 -list_formats all -i /dev/videoN`, lines on stderr such as
 * `[video4linux2,v4l2 @ 0x..] Compressed:       mjpeg :          Motion-JPEG : 640x480 320x240`).
 * Used by the camera service (does the device offer MJPEG?) and `teleop cameras`.
 */

export interface V4l2Format {
  kind: "compressed" | "raw";
  /** ffmpeg's name: mjpeg, h264, yuyv422, ... */
  name: string;
  description: string;
  /** Discrete sizes ("640x480"), or ffmpeg's stepwise range text ("{176-640, 16}x{144-480, 16}"). */
  sizes: string[];
  emulated: boolean;
}

const LINE_RE = /\]\s*(Compressed|Raw)\s*:\s*(\S+)\s+:\s*(.*?)\s+:(.*)$/;

export function parseListFormats(stderr: string): V4l2Format[] {
  const out: V4l2Format[] = [];
  for (const line of stderr.split(/\r?\n/)) {
    const m = LINE_RE.exec(line);
    if (!m) continue;
    let rest = m[4]!;
    const emulated = /^\s*Emulated\s*:/.test(rest);
    if (emulated) rest = rest.replace(/^\s*Emulated\s*:/, "");
    const sizes = rest.match(/\{[^}]*\}x\{[^}]*\}|\d+x\d+/g) ?? [];
    out.push({
      kind: m[1] === "Compressed" ? "compressed" : "raw",
      name: m[2]!,
      description: m[3]!,
      sizes,
      emulated,
    });
  }
  return out;
}

/** Runs ffmpeg's format listing for one device; the error text when it cannot open it. */
export async function listV4l2Formats(
  ffmpegPath: string,
  device: string,
): Promise<{ formats: V4l2Format[]; error?: string }> {
  const p = Bun.spawn(
    [ffmpegPath, "-hide_banner", "-f", "v4l2", "-list_formats", "all", "-i", device],
    { stdin: "ignore", stdout: "ignore", stderr: "pipe" },
  );
  const text = await new Response(p.stderr).text();
  await p.exited;
  const formats = parseListFormats(text);
  if (formats.length > 0) return { formats };
  const last = text.trim().split(/\r?\n/).at(-1) ?? "";
  return { formats, error: last || "no formats listed" };
}
