/** The VR side fails: the headset goes silent, or loses tracking, while it drives. */
import { describe, test } from "bun:test";
import { trackingLost, vrStreamStops } from "./catalogue";
import { expectHandled } from "./expectHandled";
import { runFault, saveRow } from "./runFault";

describe("VR input faults", () => {
  for (const def of [vrStreamStops, trackingLost]) {
    test(
      def.name,
      async () => {
        const r = await runFault(def);
        saveRow(r);
        expectHandled(r, def.recoverOn);
      },
      { timeout: 120_000 },
    );
  }
});
