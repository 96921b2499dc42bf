import { describe, expect, test } from "bun:test";
import { Type } from "@sinclair/typebox";
import Ajv2020 from "ajv/dist/2020";
import { type CameraStream, cameraChannelSpec } from "./cameraChannels";
import { CHANNEL_KEYS, type ChannelSpec, channelSpec } from "./channels";
import { DRAFT_2020_12, toDraft2020 } from "./draft2020";

const CAMERA_STREAMS: CameraStream[] = ["compressed", "depth", "camera_info"];

/** Every schema a recording can hold: the fixed channels and each camera stream. */
const everySpec: ChannelSpec[] = [
  ...CHANNEL_KEYS.map(channelSpec),
  ...CAMERA_STREAMS.map((s) => cameraChannelSpec("wrist", s)),
];

describe("schemas in the files are JSON Schema draft 2020-12", () => {
  test.each(everySpec.map((s) => [s.topic, s] as const))("%s", (_topic, spec) => {
    // The text as the file holds it, read back the way another program would.
    const schema = JSON.parse(JSON.stringify(spec.schema));
    expect(schema.$schema).toBe(DRAFT_2020_12);
    const ajv = new Ajv2020({ strict: true, strictTuples: false, allowUnionTypes: true });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(ajv.errors ?? null).toBeNull();
    expect(() => ajv.compile(schema)).not.toThrow();
    // No draft-07 tuple keywords left anywhere.
    expect(JSON.stringify(schema)).not.toContain('"additionalItems"');
  });

  test("a tuple becomes prefixItems with items: false, and still means the same", () => {
    const converted = toDraft2020(Type.Object({ p: Type.Tuple([Type.Number(), Type.Number()]) }));
    expect((converted.properties as { p: object }).p).toEqual({
      type: "array",
      prefixItems: [{ type: "number" }, { type: "number" }],
      items: false,
      minItems: 2,
      maxItems: 2,
    });
    const validate = new Ajv2020().compile(converted);
    expect(validate({ p: [1, 2] })).toBe(true);
    expect(validate({ p: [1, "2"] })).toBe(false);
    expect(validate({ p: [1, 2, 3] })).toBe(false);
  });

  test("the draft-07 form is what a 2020-12 validator rejects (the check can fail)", () => {
    const raw = JSON.parse(JSON.stringify(Type.Tuple([Type.Number()])));
    const ajv = new Ajv2020({ strict: false });
    expect(ajv.validateSchema({ $schema: DRAFT_2020_12, ...raw })).toBe(false);
  });
});
