/** The VR side fails: the headset goes silent, or loses tracking, while it drives. */
import { describe } from "bun:test";
import { trackingLost, vrStreamStops } from "./catalogue";
import { faultTest } from "./faultTest";

describe("VR input faults", () => {
  for (const def of [vrStreamStops, trackingLost]) faultTest(def);
});
