import { describe, expect, it } from "vitest";
import { termWeeks } from "../../src/digest/digest.js";
import { dueWeek, isoWeek } from "../../src/digest/digest.service.js";
import { parseEntry } from "../../src/journey/digest-flow.js";

describe("the digest's week", () => {
  it("names ISO weeks across a year's end (2026 has 53)", () => {
    expect(isoWeek("2026-12-28")).toBe("2026-W53");
    expect(isoWeek("2027-01-03")).toBe("2026-W53");
    expect(isoWeek("2027-01-04")).toBe("2027-W01");
    expect(isoWeek("2026-01-01")).toBe("2026-W01");
  });

  it("is due from Monday 09:00 on the zone's clock until that Monday ends", () => {
    // Vladivostok (UTC+10): Monday 09:00 is Sunday 23:00 UTC.
    expect(dueWeek(new Date("2026-12-06T22:59:00Z"), "Asia/Vladivostok")).toBeUndefined();
    expect(dueWeek(new Date("2026-12-06T23:00:00Z"), "Asia/Vladivostok")).toBe("2026-W50");
    expect(dueWeek(new Date("2026-12-07T13:59:00Z"), "Asia/Vladivostok")).toBe("2026-W50");
    // Tuesday 00:00 there: the week's chance has passed.
    expect(dueWeek(new Date("2026-12-07T14:00:00Z"), "Asia/Vladivostok")).toBeUndefined();
    // Kaliningrad (UTC+2): Monday 09:00 is 07:00 UTC.
    expect(dueWeek(new Date("2026-12-07T06:59:00Z"), "Europe/Kaliningrad")).toBeUndefined();
    expect(dueWeek(new Date("2026-12-07T07:00:00Z"), "Europe/Kaliningrad")).toBe("2026-W50");
  });

  it("spans the term from the academic year's first week, at most 18 weeks", () => {
    expect(termWeeks("2026/2027", "2026-09-03")).toEqual(["2026-08-31"]);
    const late = termWeeks("2026/2027", "2027-03-10");
    expect(late).toHaveLength(18);
    expect(late.at(-1)).toBe("2027-03-08");
  });
});

describe("typed indicator entries", () => {
  it("reads each item's numbers and refuses what does not fit", () => {
    expect(parseEntry([1, 250, 40])).toEqual({ key: "mentees_10_18", denominator: 250, target: 40 });
    expect(parseEntry([3, 12])).toEqual({ key: "young_teachers", denominator: 12 });
    expect(parseEntry([4, 12, 3, 30])).toEqual({
      key: "partner_organisations",
      denominator: 12,
      enteredCount: 3,
      target: 30,
    });
    expect(parseEntry([6, 85])).toEqual({ key: "mentor_satisfaction", target: 85 });
    expect(parseEntry([7, 1])).toBeUndefined();
    expect(parseEntry([1, 250, 140])).toBeUndefined();
    expect(parseEntry([1, 2.5])).toBeUndefined();
    expect(parseEntry([4, 3, 12])).toBeUndefined();
    expect(parseEntry([5, 80, 90])).toBeUndefined();
    expect(parseEntry([1, -1])).toBeUndefined();
  });
});
