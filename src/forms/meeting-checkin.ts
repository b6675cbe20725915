import type { FormDefinitionInput } from "../core/forms/definition.js";
import { FORM_SOURCES, UNIT_MINUTES } from "./common.js";
import { formTexts } from "./ids.js";

const t = formTexts("meeting_checkin");

/**
 * A mentor logs one meeting of the pair or group. The values of `meeting_type` and `format` are the
 * meeting table's own (first, trial, planning, regular, final; in_person, online), so an answer is
 * stored as is. `attendance` ranks (order unused) the group's mentees from the `pair_mentees` source. A
 * definition cannot see whether a pair is a group, so the caller passes an empty list for a one-to-one
 * pair: the engine skips an optional list question with nothing to pick.
 */
export const meetingCheckin = {
  key: "meeting_checkin",
  version: 1,
  audience: "mentor",
  title: t.id("title"),
  questions: [
    {
      key: "meeting_type",
      kind: "single_choice",
      text: t.id("meeting_type"),
      hint: t.id("meeting_type", "hint"),
      options: t.options("meeting_type", ["first", "trial", "planning", "regular", "final"]),
    },
    {
      key: "held_on",
      kind: "date",
      text: t.id("held_on"),
      minDaysFromToday: -60,
      maxDaysFromToday: 0,
      shortcuts: ["today", "yesterday"],
    },
    {
      key: "format",
      kind: "single_choice",
      text: t.id("format"),
      options: t.options("format", ["in_person", "online"]),
    },
    {
      key: "length_minutes",
      kind: "number",
      text: t.id("length_minutes"),
      min: 5,
      max: 480,
      integer: true,
      unit: UNIT_MINUTES,
    },
    {
      key: "attendance",
      kind: "ranking",
      text: t.id("attendance"),
      hint: t.id("attendance", "hint"),
      optional: true,
      source: FORM_SOURCES.pairMentees,
      minChoices: 1,
      maxChoices: 10,
    },
    {
      key: "topics",
      kind: "text",
      long: true,
      text: t.id("topics"),
      hint: t.id("topics", "hint"),
      minLength: 3,
      maxLength: 1000,
    },
    {
      key: "next_on",
      kind: "date",
      text: t.id("next_on"),
      optional: true,
      minDaysFromToday: 0,
      maxDaysFromToday: 90,
      shortcuts: ["tomorrow", "in_a_week"],
    },
  ],
} satisfies FormDefinitionInput;
