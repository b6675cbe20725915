import { describe, expect, it } from "vitest";
import { isQuiet, nextAllowed, parseClock } from "../../src/roadmap/schedule.js";

const rules = { quietFrom: 21 * 60, quietTo: 9 * 60, holidays: [] };

describe("when a reminder may go out", () => {
  it("skips the quiet hours across midnight on the person's clock", () => {
    // 22:30 in Irkutsk (UTC+8) → 09:00 the next morning there.
    expect(nextAllowed(new Date("2026-10-05T14:30:00Z"), "Asia/Irkutsk", rules)).toEqual(
      new Date("2026-10-06T01:00:00Z"),
    );
    // 03:00 in Moscow → 09:00 the same day.
    expect(nextAllowed(new Date("2026-10-05T00:00:00Z"), "Europe/Moscow", rules)).toEqual(
      new Date("2026-10-05T06:00:00Z"),
    );
    // 15:00 in Tomsk is fine as it is.
    const afternoon = new Date("2026-10-05T08:00:00Z");
    expect(nextAllowed(afternoon, "Asia/Tomsk", rules)).toEqual(afternoon);
  });

  it("handles quiet hours inside one day and none at all", () => {
    const lunch = { quietFrom: 13 * 60, quietTo: 14 * 60, holidays: [] };
    expect(isQuiet(13 * 60 + 30, lunch)).toBe(true);
    expect(isQuiet(14 * 60, lunch)).toBe(false);
    expect(nextAllowed(new Date("2026-10-05T10:30:00Z"), "Europe/Moscow", lunch)).toEqual(
      new Date("2026-10-05T11:00:00Z"),
    );
    expect(isQuiet(0, { quietFrom: 0, quietTo: 0 })).toBe(false);
  });

  it("waits out back-to-back holidays, then the night after them", () => {
    const holidays = [
      { startsOn: "2026-12-29", endsOn: "2027-01-03" },
      { startsOn: "2027-01-04", endsOn: "2027-01-11" },
    ];
    expect(nextAllowed(new Date("2026-12-30T05:00:00Z"), "Asia/Tomsk", { ...rules, holidays })).toEqual(
      new Date("2027-01-12T02:00:00Z"),
    );
  });

  it("reads clock times", () => {
    expect(parseClock("21:00")).toBe(1260);
    expect(parseClock("9:05")).toBe(545);
    expect(parseClock("24:00")).toBeUndefined();
  });
});
