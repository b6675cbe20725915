import type { ChoiceOption, FormDefinitionInput } from "../core/forms/definition.js";
import { common } from "./ids.js";

/**
 * Option lists several forms share. The values are the same everywhere on purpose: the pairing code
 * compares a mentee's availability and format with a mentor's without any mapping.
 */

export const FORMAT_PREFERENCES: ChoiceOption[] = common.options("format", ["in_person", "online", "mixed"]);

export const GROUP_OR_INDIVIDUAL: ChoiceOption[] = common.options("group_or_individual", [
  "individual",
  "group",
  "any",
]);

export const WEEKDAYS: ChoiceOption[] = common.options("day", [
  "mon",
  "tue",
  "wed",
  "thu",
  "fri",
  "sat",
  "sun",
]);

export const TIMES_OF_DAY: ChoiceOption[] = common.options("time", ["morning", "afternoon", "evening"]);

type QuestionInput = FormDefinitionInput["questions"][number];

/**
 * Where and when a person can meet: the same three questions, with the same keys and codes, close
 * every entry questionnaire, so pairing can match a mentee's answers with a mentor's directly. The
 * texts stay each form's own (`id` is the form's text ids).
 */
export function availabilityQuestions(id: (...parts: string[]) => string): QuestionInput[] {
  return [
    { key: "format", kind: "single_choice", text: id("format"), options: FORMAT_PREFERENCES },
    { key: "available_days", kind: "multiple_choice", text: id("available_days"), min: 1, options: WEEKDAYS },
    {
      key: "available_times",
      kind: "multiple_choice",
      text: id("available_times"),
      min: 1,
      options: TIMES_OF_DAY,
    },
  ];
}

export const UNIT_YEARS = common.id("unit", "years");
export const UNIT_MINUTES = common.id("unit", "minutes");
export const UNIT_PEOPLE = common.id("unit", "people");

/** Ends of the 1-10 "how much" scales (satisfaction, support, clarity). */
export const SCALE_NOT_AT_ALL = common.id("scale", "not_at_all");
export const SCALE_FULLY = common.id("scale", "fully");

/** Run-time option sources the built-in forms name; the engine's caller must provide them. */
export const FORM_SOURCES = {
  /** People of the other side present at the group meeting the preference poll is about. */
  groupMeetingCandidates: "group_meeting_candidates",
  /** The mentees of the pair (group) whose meeting is being logged. */
  pairMentees: "pair_mentees",
} as const;
