/** A calendar day as 'YYYY-MM-DD'; the same day everywhere, unlike a Date. */
export type CalendarDay = string;

/** The day it is now on the organisation's wall clock (Russia spans eleven zones). */
export function todayIn(timeZone: string, now: Date): CalendarDay {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** The school year runs September to August: "2026/2027" from 1 Sept 2026 to 31 Aug 2027. */
export function academicYearOf(day: CalendarDay): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const first = month >= 9 ? year : year - 1;
  return `${first}/${first + 1}`;
}

export function isAcademicYear(value: string): boolean {
  const match = /^(\d{4})\/(\d{4})$/.exec(value);
  return !!match && Number(match[2]) === Number(match[1]) + 1;
}

/** True for a real day in the Gregorian calendar written as YYYY-MM-DD (rejects 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Adds whole days to a calendar day without touching any time zone. */
export function addDays(day: CalendarDay, days: number): CalendarDay {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
