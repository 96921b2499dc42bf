/**
 * A camera's frames from a recording: `/camera/<id>/compressed` (and
 * `/depth` when present), in log-time order, with their recorded capture
 * times. Messages that are not a JPEG are left out and counted.
 */
import { type CompressedImageRecord, cameraTopic, jpegOf } from "@teleop/recording/cameraChannels";
import { hasJpegMarkers } from "@teleop/recording/jpeg";
import { readTopics } from "@teleop/recording/reader";

export interface RecordedFrame {
  /** Recorded capture time, epoch ms. */
  t: number;
  jpeg: Uint8Array;
}

export interface RecordedFrames {
  frames: RecordedFrame[];
  invalid: number;
}

const decoder = new TextDecoder();

export async function readRecordedFrames(path: string, camera: string): Promise<RecordedFrames> {
  const { messages } = await readTopics(path, [cameraTopic(camera, "compressed")]);
  const frames: RecordedFrame[] = [];
  let invalid = 0;
  for (const m of messages) {
    try {
      const rec = JSON.parse(decoder.decode(m.data)) as CompressedImageRecord;
      const jpeg = jpegOf(rec);
      if (!hasJpegMarkers(jpeg)) throw new Error("not a JPEG");
      frames.push({ t: rec.timestamp.sec * 1000 + rec.timestamp.nsec / 1e6, jpeg });
    } catch {
      invalid++;
    }
  }
  return { frames, invalid };
}
