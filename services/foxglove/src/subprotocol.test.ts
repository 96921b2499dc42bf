import { expect, test } from "bun:test";
import { chooseSubprotocol } from "./subprotocol";

test("echoes the first offered subprotocol the live view speaks", () => {
  expect(chooseSubprotocol("foxglove.websocket.v1")).toBe("foxglove.websocket.v1");
  expect(chooseSubprotocol("foxglove.sdk.v1")).toBe("foxglove.sdk.v1");
  expect(chooseSubprotocol("chat, foxglove.sdk.v1, foxglove.websocket.v1")).toBe("foxglove.sdk.v1");
});

test("nothing we speak, or no header, is refused", () => {
  expect(chooseSubprotocol("chat")).toBeUndefined();
  expect(chooseSubprotocol("")).toBeUndefined();
  expect(chooseSubprotocol(null)).toBeUndefined();
});
