/** The recorder's options (environment variable or flag), on top of the common ones. */
import { CHUNK_SECONDS } from "@teleop/recording/ChunkedMcapWriter";
import { leftControllerSpec, num, str } from "@teleop/shared/config";
import { RECORD_HZ } from "@teleop/shared/control";

export const recorderSpecs = {
  recordingsDir: str({
    env: "RECORDINGS_DIR",
    default: "./recordings",
    help: "folder holding failure/ and success/ recordings",
  }),
  recordHz: num({
    env: "RECORD_HZ",
    default: RECORD_HZ,
    min: 1,
    max: 1000,
    help: "sampling rate of the recording loop (Hz)",
  }),
  chunkSeconds: num({
    env: "CHUNK_SECONDS",
    default: CHUNK_SECONDS,
    min: 0.01,
    max: 60,
    help: "MCAP chunk length in seconds: a recorder crash loses at most this much; longer chunks make smaller files",
  }),
  bufferSize: num({
    env: "BUFFER_SIZE",
    default: 1000,
    min: 10,
    max: 1_000_000,
    integer: true,
    help: "records queued between the tick and the file writer; beyond it records are dropped and counted",
  }),
  bufferMb: num({
    env: "BUFFER_MB",
    default: 256,
    min: 1,
    max: 65_536,
    help: "MB those queued records may hold (camera frames are large): beyond it records are dropped and counted",
  }),
  maxStaleMs: num({
    env: "MAX_STALE_MS",
    default: 250,
    min: 1,
    help: "a stream older than this at a tick counts as stale in the file's stale counts",
  }),
  task: str({
    env: "TASK",
    default: "",
    help: "task (language instruction) of episodes whose start names none and whose VR source announces none",
  }),
  operator: str({
    env: "OPERATOR",
    default: "",
    help: "operator name written into episodes whose start names none",
  }),
  leftController: leftControllerSpec,
};
