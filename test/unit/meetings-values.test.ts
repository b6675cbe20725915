import { describe, expect, it } from "vitest";
import { expectedType, parseSubject, SUBJECTS } from "../../src/meetings/meetings.repository.js";
import {
  canChange,
  daysBetween,
  holidayDaysBetween,
  valuesFromCheckin,
} from "../../src/meetings/meetings.service.js";

/** The pure parts of meetings: a check-in's answers as a row, subjects, the type order, the edit window. */

describe("a check-in's answers as a meeting", () => {
  it("takes version 2's topic codes and note", () => {
    expect(
      valuesFromCheckin({
        meeting_type: "regular",
        held_on: "2026-12-03",
        format: "online",
        length_minutes: 45,
        attendance: ["7"],
        topics: ["study", "goals"],
        topics_note: "Разобрали контрольную",
        next_on: "2026-12-10",
      }),
    ).toEqual({
      type: "regular",
      heldOn: "2026-12-03",
      format: "online",
      lengthMinutes: 45,
      topicCodes: ["study", "goals"],
      topics: "Разобрали контрольную",
      nextOn: "2026-12-10",
    });
  });

  it("keeps version 1's typed topics as the note, and refuses what is not a meeting", () => {
    expect(
      valuesFromCheckin({
        meeting_type: "first",
        held_on: "2026-12-01",
        format: "in_person",
        topics: "Знакомство",
      }),
    ).toMatchObject({ topicCodes: [], topics: "Знакомство", lengthMinutes: null, nextOn: null });
    expect(
      valuesFromCheckin({ meeting_type: "party", held_on: "2026-12-01", format: "online" }),
    ).toBeUndefined();
    expect(
      valuesFromCheckin({ meeting_type: "first", held_on: "2026-12-01", format: "mixed" }),
    ).toBeUndefined();
  });
});

describe("subjects", () => {
  it("round-trip and refuse the rest", () => {
    expect(parseSubject(SUBJECTS.log(12))).toEqual({ kind: "log", pairId: 12 });
    expect(parseSubject(SUBJECTS.edit(5, "people"))).toEqual({
      kind: "edit",
      meetingId: 5,
      reason: "people",
    });
    expect(parseSubject(SUBJECTS.confirm(9))).toEqual({ kind: "confirm", meetingId: 9 });
    expect(parseSubject("meeting-edit:5:whim")).toBeUndefined();
    expect(parseSubject("group-meeting:3")).toBeUndefined();
    expect(parseSubject("")).toBeUndefined();
  });
});

describe("the order of meeting types", () => {
  it("expects first, trial and planning in order, whatever came before, then regular", () => {
    expect(expectedType([])).toBe("first");
    expect(expectedType(["first"])).toBe("trial");
    expect(expectedType(["trial", "first"])).toBe("planning");
    expect(expectedType(["first", "trial", "planning"])).toBe("regular");
    expect(expectedType(["first", "trial", "planning", "regular", "final"])).toBe("regular");
    // A pair that skipped the trial is still expected to have it.
    expect(expectedType(["first", "planning", "regular"])).toBe("trial");
  });
});

describe("the edit window and day counts", () => {
  const created = new Date("2026-12-03T10:00:00Z");
  it("allows a change for three days, never of a withdrawn meeting", () => {
    expect(canChange({ createdAt: created, deletedAt: null }, new Date("2026-12-06T09:59:59Z"))).toBe(true);
    expect(canChange({ createdAt: created, deletedAt: null }, new Date("2026-12-06T10:00:00Z"))).toBe(false);
    expect(canChange({ createdAt: created, deletedAt: created }, created)).toBe(false);
  });

  it("counts calendar days across months and years", () => {
    expect(daysBetween("2026-11-10", "2026-12-01")).toBe(21);
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(daysBetween("2026-12-01", "2026-12-01")).toBe(0);
  });

  it("counts holiday days after the start up to the end once, however holidays overlap or stick out", () => {
    const winter = { startsOn: "2026-12-29", endsOn: "2027-01-11" };
    expect(holidayDaysBetween("2026-12-15", "2027-01-19", [winter])).toBe(14);
    // Cut at both ends: the first day itself is not counted, the last is.
    expect(holidayDaysBetween("2026-12-30", "2027-01-02", [winter])).toBe(3);
    // Overlapping holidays count their shared days once.
    expect(
      holidayDaysBetween("2026-12-15", "2027-01-19", [
        winter,
        { startsOn: "2027-01-10", endsOn: "2027-01-12" },
      ]),
    ).toBe(15);
    expect(holidayDaysBetween("2026-11-10", "2026-12-01", [winter])).toBe(0);
    expect(holidayDaysBetween("2026-11-10", "2026-12-01", [])).toBe(0);
  });
});
