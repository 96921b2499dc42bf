import { expect, test } from "bun:test";
import { codeMatches, newPairingCode, PAIRING_ALPHABET, PAIRING_CODE_LENGTH } from "./pairingCode";

test("a code is six characters of the alphabet, without look-alikes", () => {
  for (let i = 0; i < 200; i++) {
    const code = newPairingCode();
    expect(code).toHaveLength(PAIRING_CODE_LENGTH);
    for (const ch of code) expect(PAIRING_ALPHABET).toContain(ch);
  }
  for (const ch of "01ILO") expect(PAIRING_ALPHABET).not.toContain(ch);
  // 31 characters, six of them: about 8.9e8 codes.
  expect(PAIRING_ALPHABET.length ** PAIRING_CODE_LENGTH).toBeGreaterThan(8e8);
});

test("bytes are mapped modulo the alphabet, and bytes past the last full round are redrawn", () => {
  // 256 - 256 % 31 = 248: byte 248 and up would favour the first 8 characters.
  const draws = [
    [0, 30, 31, 248, 255, 62],
    [1, 2, 3, 4, 5, 6],
  ];
  let call = 0;
  const code = newPairingCode((b) => {
    b.set(draws[call++]!);
    return b;
  });
  // 0 -> A, 30 -> 9, 31 -> A, 248 and 255 skipped, 62 -> A, then 1 -> B, 2 -> C.
  expect(code).toBe("A9AABC");
});

test("codes match whatever the case and surrounding spaces; anything else does not", () => {
  expect(codeMatches("k7qx2m", "K7QX2M")).toBe(true);
  expect(codeMatches(" K7QX2M\n", "K7QX2M")).toBe(true);
  expect(codeMatches("K7QX2", "K7QX2M")).toBe(false);
  expect(codeMatches("K7QX2MM", "K7QX2M")).toBe(false);
  expect(codeMatches(undefined, "K7QX2M")).toBe(false);
  expect(codeMatches("", "K7QX2M")).toBe(false);
});
