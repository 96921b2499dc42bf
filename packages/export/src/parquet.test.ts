import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { parquetBytes } from "./parquet";

const dir = mkdtempSync(join(tmpdir(), "export-parquet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("every column type reads back with DuckDB (a different parquet reader)", async () => {
  const path = join(dir, "t.parquet");
  await Bun.write(
    path,
    parquetBytes(
      [
        { name: "index", type: "int64", values: [0, 1, 2 ** 40] },
        { name: "timestamp", type: "float32", values: [0, 0.1, 0.25] },
        { name: "x", type: "float64", values: [1.5, -2, 1e-9] },
        { name: "task", type: "string", values: ["a", "b c", "é"] },
        {
          name: "state",
          type: { list: "float32" },
          values: [
            [1, 2],
            [3, 4],
            [0.5, 6],
          ],
        },
        { name: "tasks", type: { list: "string" }, values: [["a"], ["b", "c"], []] },
        {
          name: "img",
          type: { list: { list: { list: "float64" } } },
          values: [
            [[[0.1]], [[0.2]], [[0.3]]],
            [[[1]], [[2]], [[3]]],
            [[[0]], [[0]], [[0]]],
          ],
        },
      ],
      [{ key: "k", value: "v" }],
    ),
  );
  const db = await DuckDBInstance.create();
  const c = await db.connect();
  try {
    const types = (await c.runAndReadAll(`DESCRIBE SELECT * FROM '${path}'`)).getRowObjectsJson();
    expect(types.map((r) => [r.column_name, r.column_type])).toEqual([
      ["index", "BIGINT"],
      ["timestamp", "FLOAT"],
      ["x", "DOUBLE"],
      ["task", "VARCHAR"],
      ["state", "FLOAT[]"],
      ["tasks", "VARCHAR[]"],
      ["img", "DOUBLE[][][]"],
    ]);
    const rows = (await c.runAndReadAll(`SELECT * FROM '${path}'`)).getRowObjectsJson();
    expect(rows[2]).toEqual({
      index: String(2 ** 40),
      timestamp: 0.25,
      x: 1e-9,
      task: "é",
      state: [0.5, 6],
      tasks: [],
      img: [[[0]], [[0]], [[0]]],
    });
    expect(rows[1]!.tasks).toEqual(["b", "c"]);
    expect(rows[0]!.img).toEqual([[[0.1]], [[0.2]], [[0.3]]]);
    const kv = (
      await c.runAndReadAll(
        `SELECT decode(key) k, decode(value) v FROM parquet_kv_metadata('${path}')`,
      )
    ).getRowObjectsJson();
    expect(kv).toContainEqual({ k: "k", v: "v" });
  } finally {
    c.closeSync();
  }
});
