/**
 * Parquet files from typed columns (hyparquet-writer with an explicit
 * schema): int64, float32, float64, strings and lists of them (LeRobot's
 * vectors are list<float32>; stats of images are lists of lists).
 */
import type { SchemaElement } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";

export type ColumnType = "int64" | "float32" | "float64" | "string" | { list: ColumnType };

export interface Column {
  name: string;
  type: ColumnType;
  values: unknown[];
}

const PRIMITIVE = {
  int64: { type: "INT64" },
  float32: { type: "FLOAT" },
  float64: { type: "DOUBLE" },
  string: { type: "BYTE_ARRAY", converted_type: "UTF8" },
} as const;

function schemaOf(name: string, t: ColumnType): SchemaElement[] {
  if (typeof t === "string") return [{ name, repetition_type: "REQUIRED", ...PRIMITIVE[t] }];
  return [
    { name, repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    ...schemaOf("element", t.list),
  ];
}

/** int64 values are given as numbers and written as bigint. */
function prepare(t: ColumnType, v: unknown): unknown {
  if (t === "int64") return BigInt(v as number);
  if (typeof t === "string") return v;
  return (v as unknown[]).map((x) => prepare(t.list, x));
}

export function parquetBytes(
  columns: readonly Column[],
  kvMetadata: { key: string; value: string }[] = [],
): Uint8Array {
  const rows = columns[0]?.values.length ?? 0;
  for (const c of columns) {
    if (c.values.length !== rows)
      throw new Error(`column ${c.name}: ${c.values.length} != ${rows}`);
  }
  const schema: SchemaElement[] = [
    { name: "schema", num_children: columns.length },
    ...columns.flatMap((c) => schemaOf(c.name, c.type)),
  ];
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c) => ({
      name: c.name,
      data: c.values.map((v) => prepare(c.type, v)),
    })),
    schema,
    kvMetadata,
    createdBy: "teleop export",
    // One row group per file up to a million rows: episodes are read whole.
    rowGroupSize: 1_000_000,
  });
  return new Uint8Array(buffer);
}
