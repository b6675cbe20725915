import type { DateShortcut } from "./types.js";

/** Calendar dates are ISO strings "YYYY-MM-DD": no time, no zone, nothing to shift a day. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * "Today" as the person sees it: the calendar date of `now` in `timeZone`. At 01:00 in Vladivostok it
 * is already tomorrow in UTC terms and still yesterday in Kaliningrad; a date question must not care.
 * An unknown zone is a bug in the caller and throws (RangeError).
 *
 * @example
 * todayIn(new Date("2026-11-23T20:30:00Z"), "Asia/Vladivostok"); // "2026-11-24"
 */
export function todayIn(now: Date, timeZone: string): IsoDate {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

export function shortcutDate(shortcut: DateShortcut, today: IsoDate): IsoDate {
  const offset = { today: 0, yesterday: -1, tomorrow: 1, in_a_week: 7 }[shortcut];
  return addDays(today, offset);
}

/** Words people type instead of a date. Input tokens, not text shown to anyone. */
// A Map, not an object literal: typed text such as "__proto__" or "constructor" must not find
// Object.prototype's members and turn into a date.
const TYPED_SHORTCUTS = new Map<string, DateShortcut>([
  ["сегодня", "today"],
  ["today", "today"],
  ["вчера", "yesterday"],
  ["yesterday", "yesterday"],
  ["завтра", "tomorrow"],
  ["tomorrow", "tomorrow"],
]);

/**
 * Reads a typed date: DD.MM.YYYY, D.M.YY (20YY), with dots, slashes or dashes; YYYY-MM-DD; or
 * "сегодня"/"вчера"/"завтра" (and English). Returns undefined for anything else, including dates that
 * do not exist (31.02) and years outside 1900..2100.
 *
 * @example
 * parseDate("5.3.26", "2026-11-23"); // "2026-03-05"
 * parseDate("вчера", "2026-11-23"); // "2026-11-22"
 */
export function parseDate(text: string, today: IsoDate): IsoDate | undefined {
  const clean = text.trim().toLowerCase().replace(/\.$/, "");
  const word = TYPED_SHORTCUTS.get(clean);
  if (word) return shortcutDate(word, today);
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(clean);
  const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$/.exec(clean);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (dmy) {
    [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
    if (dmy[3]!.length === 2) y += 2000;
  } else {
    return undefined;
  }
  return isoFromParts(y, m, d);
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== "string") return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return !!match && isoFromParts(Number(match[1]), Number(match[2]), Number(match[3])) === value;
}

function isoFromParts(y: number, m: number, d: number): IsoDate | undefined {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * Arguments of the `forms-engine-date` message: month as a number (1-12, the message selects its name),
 * day and year as strings (as numbers Fluent would group them: "2 026").
 */
export function dateArgs(date: IsoDate): { day: string; month: number; year: string } {
  const [year, month, day] = date.split("-") as [string, string, string];
  return { day: String(Number(day)), month: Number(month), year };
}

/** "23.11.2026": the example a person is shown, in the format they are most likely to type. */
export function dottedDate(date: IsoDate): string {
  const [y, m, d] = date.split("-");
  return `${d}.${m}.${y}`;
}
