import type { FormDefinition } from "../core/forms/definition.js";
import { finalSatisfactionMentee, finalSatisfactionMentor } from "./final-satisfaction.js";
import { growthEvaluation } from "./growth-evaluation.js";
import { interimFeedback } from "./interim-feedback.js";
import { meetingCheckin, meetingCheckinV1 } from "./meeting-checkin.js";
import { meetingConfirmation } from "./meeting-confirmation.js";
import { menteeEntryPupil } from "./mentee-entry-pupil.js";
import { menteeEntryTeacher } from "./mentee-entry-teacher.js";
import { mentorEntry } from "./mentor-entry.js";
import { preferencePoll } from "./preference-poll.js";
import { parseFormDefinition } from "./parse.js";

export { FORM_SOURCES } from "./common.js";
export { GROWTH_ITEMS } from "./growth-evaluation.js";
export { MEETING_TOPICS } from "./meeting-checkin.js";

/** Keys of the built-in forms; answers, sessions and reminders refer to forms by these. */
export const FORM_KEYS = {
  menteeEntryPupil: "mentee_entry_pupil",
  menteeEntryTeacher: "mentee_entry_teacher",
  mentorEntry: "mentor_entry",
  preferencePoll: "preference_poll",
  meetingCheckin: "meeting_checkin",
  meetingConfirmation: "meeting_confirmation",
  interimFeedback: "interim_feedback",
  finalSatisfactionMentee: "final_satisfaction_mentee",
  finalSatisfactionMentor: "final_satisfaction_mentor",
  growthEvaluation: "growth_evaluation",
} as const;
export type BuiltInFormKey = (typeof FORM_KEYS)[keyof typeof FORM_KEYS];

/** The growth evaluation is filled twice per person; the session's subject_key tells which time. */
export const GROWTH_SUBJECTS = { entry: "entry", exit: "exit" } as const;

/**
 * Every built-in form, parsed and validated (defaults filled in) when this module loads: a mistake in
 * one is a bug, so the import throws naming the form and the path inside it.
 */
export const builtInForms: FormDefinition[] = [
  menteeEntryPupil,
  menteeEntryTeacher,
  mentorEntry,
  preferencePoll,
  meetingCheckin,
  meetingConfirmation,
  interimFeedback,
  finalSatisfactionMentee,
  finalSatisfactionMentor,
  growthEvaluation,
  // Older versions last, so a search by key finds the latest first; they stay for open sessions.
  meetingCheckinV1,
].map((input) => parseFormDefinition(input, `built-in form ${input.key}`));
