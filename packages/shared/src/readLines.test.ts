import { expect, test } from "bun:test";
import { readLines } from "./readLines";

test("lines split across chunks are joined; a trailing partial line is kept", async () => {
  const enc = new TextEncoder();
  const chunks = ["r:1 0", " 0\nsecond\n", "thi", "rd"];
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
  const out: string[] = [];
  for await (const l of readLines(stream)) out.push(l);
  expect(out).toEqual(["r:1 0 0", "second", "third"]);
});
