import type { FormDefinitionInput } from "../core/forms/definition.js";
import { FORM_SOURCES, UNIT_MINUTES } from "./common.js";
import { formTexts } from "./ids.js";

const t = formTexts("meeting_checkin");

type QuestionInput = FormDefinitionInput["questions"][number];

/** What a meeting was about, as codes: a busy mentor taps them, and curators can count them. */
export const MEETING_TOPICS = [
  "study",
  "goals",
  "project",
  "career",
  "skills",
  "wellbeing",
  "other",
] as const;

const typeQuestion: QuestionInput = {
  key: "meeting_type",
  kind: "single_choice",
  text: t.id("meeting_type"),
  hint: t.id("meeting_type", "hint"),
  options: t.options("meeting_type", ["first", "trial", "planning", "regular", "final"]),
};

const heldOnQuestion: QuestionInput = {
  key: "held_on",
  kind: "date",
  text: t.id("held_on"),
  minDaysFromToday: -60,
  maxDaysFromToday: 0,
  shortcuts: ["today", "yesterday"],
};

const formatQuestion: QuestionInput = {
  key: "format",
  kind: "single_choice",
  text: t.id("format"),
  options: t.options("format", ["in_person", "online"]),
};

const lengthQuestion: QuestionInput = {
  key: "length_minutes",
  kind: "number",
  text: t.id("length_minutes"),
  min: 5,
  max: 480,
  integer: true,
  unit: UNIT_MINUTES,
};

const nextOnQuestion: QuestionInput = {
  key: "next_on",
  kind: "date",
  text: t.id("next_on"),
  optional: true,
  minDaysFromToday: 0,
  maxDaysFromToday: 90,
  shortcuts: ["tomorrow", "in_a_week"],
};

/**
 * A mentor logs one meeting of the pair or group. The values of `meeting_type` and `format` are the
 * meeting table's own (first, trial, planning, regular, final; in_person, online), so an answer is
 * stored as is. The caller starts it with defaults (the next type in the programme's order, today,
 * the last format and length, everyone present), so with the usual meeting only the topics and the
 * next date are asked before the summary. `attendance` picks several of the group's mentees from the
 * `pair_mentees` source; a definition cannot see whether a pair is a group, so the caller passes an
 * empty list for a one-to-one pair: the engine skips an optional list question with nothing to pick.
 */
export const meetingCheckin = {
  key: "meeting_checkin",
  version: 2,
  audience: "mentor",
  title: t.id("title"),
  questions: [
    typeQuestion,
    heldOnQuestion,
    formatQuestion,
    lengthQuestion,
    {
      key: "attendance",
      kind: "pick",
      multiple: true,
      text: t.id("attendance"),
      hint: t.id("attendance", "who"),
      optional: true,
      source: FORM_SOURCES.pairMentees,
      // Five names a page: with page turns, «back», «skip» and «done» that is ten buttons, what a VK
      // message holds and can still redraw in place.
      pageSize: 5,
    },
    {
      key: "topics",
      kind: "multiple_choice",
      text: t.id("topics"),
      hint: t.id("topics", "choose"),
      min: 1,
      options: t.options("topics", [...MEETING_TOPICS]),
    },
    {
      key: "topics_note",
      kind: "text",
      long: true,
      optional: true,
      text: t.id("topics_note"),
      maxLength: 1000,
    },
    nextOnQuestion,
  ],
} satisfies FormDefinitionInput;

/**
 * Version 1, kept registered so a check-in started on it finishes on it: attendance was a ranking
 * whose order meant nothing, topics were typed.
 */
export const meetingCheckinV1 = {
  key: "meeting_checkin",
  version: 1,
  audience: "mentor",
  title: t.id("title"),
  questions: [
    typeQuestion,
    heldOnQuestion,
    formatQuestion,
    lengthQuestion,
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
    nextOnQuestion,
  ],
} satisfies FormDefinitionInput;
