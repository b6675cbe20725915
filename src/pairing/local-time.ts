import type { IsoDate } from "../core/forms/dates.js";

/**
 * The instant a wall clock in `timeZone` shows `hour:minute` on `day`. Russia has kept no daylight
 * saving since 2014, so one offset per day is exact there; elsewhere a time inside a DST gap lands
 * an hour off, which a deadline can live with.
 *
 * @example
 *   atLocalTime("2026-12-06", 20, 0, "Asia/Irkutsk"); // 2026-12-06T12:00:00Z
 */
export function atLocalTime(day: IsoDate, hour: number, minute: number, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const asIfUtc = Date.UTC(y, m - 1, d, hour, minute);
  return new Date(asIfUtc - offsetMs(new Date(asIfUtc), timeZone));
}

/** How far the zone's wall clock runs ahead of UTC at `at`. */
function offsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}
