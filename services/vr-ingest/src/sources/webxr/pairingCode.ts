/**
 * The pairing code vr-ingest prints at start: six characters from an
 * alphabet without look-alikes (no 0/O, 1/I/L), about 10^9 codes, typed
 * case-insensitively on the headset's keyboard or carried in the URL.
 */
import { timingSafeEqual } from "node:crypto";

export const PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const PAIRING_CODE_LENGTH = 6;

/** A fresh random code; `random` fills bytes (crypto by default). */
export function newPairingCode(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const n = PAIRING_ALPHABET.length;
  // Bytes at or above the largest multiple of n are redrawn, so every character is equally likely.
  const limit = 256 - (256 % n);
  let code = "";
  while (code.length < PAIRING_CODE_LENGTH) {
    for (const b of random(new Uint8Array(PAIRING_CODE_LENGTH))) {
      if (b < limit && code.length < PAIRING_CODE_LENGTH) code += PAIRING_ALPHABET[b % n];
    }
  }
  return code;
}

/** How a typed code is compared: case and surrounding spaces do not matter. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Whether a presented code is the expected one, in time independent of where they differ. */
export function codeMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(normalizeCode(presented));
  const b = Buffer.from(normalizeCode(expected));
  return a.length === b.length && timingSafeEqual(a, b);
}
