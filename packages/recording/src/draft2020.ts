/**
 * Schemas as the files carry them: JSON Schema draft 2020-12, declared by
 * `$schema`, so any validator (Python's jsonschema defaults to 2020-12) reads
 * them. TypeBox writes tuples in the draft-07 form (`items` as an array plus
 * `additionalItems`); that becomes `prefixItems` plus `items: false` here.
 */
export const DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function convert(node: Json): Json {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== "object") return node;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "additionalItems") continue;
    if (k === "items" && Array.isArray(v)) {
      out.prefixItems = v.map(convert);
      // draft-07's additionalItems: false (TypeBox always writes it for a tuple) is 2020-12's items: false.
      if (node.additionalItems !== undefined) out.items = convert(node.additionalItems);
      continue;
    }
    out[k] = convert(v);
  }
  return out;
}

/** A 2020-12 copy of a schema (draft-07 or TypeBox output), with `$schema` first. */
export function toDraft2020(schema: object): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(schema)) as { [key: string]: Json };
  const { $schema: _, ...rest } = convert(plain) as { [key: string]: Json };
  return { $schema: DRAFT_2020_12, ...rest };
}
