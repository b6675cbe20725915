/**
 * Reading what people type. Everything here returns undefined for input it cannot read; the engine
 * turns that into a notice and asks again.
 */

/** Longer input is refused before any parsing: no regular expression should ever see a megabyte. */
export const MAX_INPUT_LENGTH = 8000;

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Text as it may be stored: trimmed, control characters other than line breaks and tabs removed
 * (Postgres jsonb refuses \u0000), lone UTF-16 surrogates replaced (jsonb refuses those too).
 */
export function cleanText(text: string): string {
  return text.toWellFormed().replace(CONTROL, "").trim();
}

/** Length as people count it: code points, so an emoji is one character, not two. */
export function textLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * A number as typed in Russia or elsewhere: "12", "-3", "1,5", "1.5", "1 000", "1 000,5".
 * No exponents, no "NaN", no "Infinity".
 *
 * @example
 * parseNumber("1,5"); // 1.5
 * parseNumber("1e3"); // undefined
 */
export function parseNumber(text: string): number | undefined {
  const compact = text
    .trim()
    // Thousands separators: spaces, no-break and narrow no-break spaces between digits.
    .replace(/(?<=\d)[\s\u00a0\u202f]+(?=\d)/g, "")
    .replace(",", ".");
  if (!/^[+-]?(\d+(\.\d+)?|\.\d+)$/.test(compact)) return undefined;
  const value = Number(compact);
  return Number.isFinite(value) ? value : undefined;
}

/** A whole number with nothing else around it ("7", " 7 ", "7."): option numbers and scale values. */
export function parseWholeNumber(text: string): number | undefined {
  const match = /^\s*(\d{1,6})[.)]?\s*$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Several option numbers: "1, 3", "1 3", "1;3". Undefined if any part is not a number. */
export function parseNumberList(text: string): number[] | undefined {
  const parts = text
    .trim()
    .split(/[\s,;]+/)
    .filter((p) => p !== "");
  if (parts.length === 0) return undefined;
  const numbers = parts.map((p) => parseWholeNumber(p));
  return numbers.every((n) => n !== undefined) ? numbers : undefined;
}

/** Input tokens for yes/no questions (never shown to anyone). */
const YES = new Set(["да", "д", "ага", "yes", "y", "yeah", "yep", "+"]);
const NO = new Set(["нет", "н", "не", "no", "n", "nope", "-"]);

/** "да"/"нет"/"yes"/"no" in any case, with or without a final "." or "!". */
export function parseYesNo(text: string): boolean | undefined {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, "");
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  return undefined;
}
