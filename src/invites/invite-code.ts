import { randomBytes } from "node:crypto";

/**
 * Crockford's base32 alphabet: digits and upper-case letters without I, L, O and U, so a code read
 * aloud or copied from paper cannot be mistaken (0/O, 1/I/L) and never spells a rude word by accident.
 * 32 symbols divide 256 evenly, so `byte & 31` picks each symbol with exactly equal chance.
 */
export const INVITE_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * 12 symbols carry 60 bits: guessing one live code among a million issued takes ~10^12 tries. The
 * code travels as Telegram's start parameter ([A-Za-z0-9_-], at most 64) and VK's ref, so it must
 * stay inside that alphabet and length.
 */
export const INVITE_CODE_LENGTH = 12;

export function generateInviteCode(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(INVITE_CODE_LENGTH);
  let code = "";
  for (const byte of bytes) code += INVITE_CODE_ALPHABET[byte & 31];
  return code;
}

/**
 * Turns what a person typed or pasted back into a stored code: case, spaces and dashes are ignored,
 * and the letters Crockford excludes are read as the digits they resemble. Returns undefined when
 * the input cannot be a code at all, so the caller answers "no such invite" without a query.
 */
export function normalizeInviteCode(input: string): string | undefined {
  const code = input
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (code.length !== INVITE_CODE_LENGTH) return undefined;
  for (const symbol of code) if (!INVITE_CODE_ALPHABET.includes(symbol)) return undefined;
  return code;
}
