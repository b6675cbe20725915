import { addDays, todayIn, type IsoDate } from "../core/forms/dates.js";
import { atLocalTime } from "../pairing/local-time.js";

/**
 * When a reminder may reach a person: not in the quiet hours of their own clock, and for pupils not
 * during the school holidays of the programme. Pure functions of the moment and the rules, so the
 * planner and its tests agree on every case without a database.
 */
export interface SendingRules {
  /** Minutes after local midnight; from > to means the quiet hours span midnight (21:00-09:00). */
  quietFrom: number;
  quietTo: number;
  /** Inclusive day ranges; empty for people who are not pupils. */
  holidays: readonly { startsOn: IsoDate; endsOn: IsoDate }[];
}

/** Reminders of a stage go out at this local time on their day, the morning of a school day. */
export const SEND_HOUR = 10;

export function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part("hour") * 60 + part("minute");
}

export function isQuiet(minutes: number, rules: Pick<SendingRules, "quietFrom" | "quietTo">): boolean {
  const { quietFrom, quietTo } = rules;
  if (quietFrom === quietTo) return false;
  return quietFrom < quietTo
    ? minutes >= quietFrom && minutes < quietTo
    : minutes >= quietFrom || minutes < quietTo;
}

function holidayOn(day: IsoDate, rules: SendingRules) {
  return rules.holidays.find((h) => h.startsOn <= day && day <= h.endsOn);
}

/**
 * The first moment at or after `at` when a reminder may be sent. Each step jumps to the end of the
 * quiet hours or of a holiday, so a handful of steps settle even overlapping holidays.
 */
export function nextAllowed(at: Date, timeZone: string, rules: SendingRules): Date {
  let moment = at;
  for (let step = 0; step < 100; step++) {
    const day = todayIn(moment, timeZone);
    const holiday = holidayOn(day, rules);
    if (holiday) {
      moment = atLocalTime(addDays(holiday.endsOn, 1), 0, 0, timeZone);
      continue;
    }
    const minutes = localMinutes(moment, timeZone);
    if (!isQuiet(minutes, rules)) return moment;
    // The quiet hours end later today, or (past their start in the evening) tomorrow.
    const endDay = minutes >= rules.quietTo ? addDays(day, 1) : day;
    moment = atLocalTime(endDay, Math.floor(rules.quietTo / 60), rules.quietTo % 60, timeZone);
  }
  return moment;
}

export function isAllowed(at: Date, timeZone: string, rules: SendingRules): boolean {
  return nextAllowed(at, timeZone, rules).getTime() === at.getTime();
}

/** "21:00" → 1260; undefined for anything else. */
export function parseClock(value: string): number | undefined {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
