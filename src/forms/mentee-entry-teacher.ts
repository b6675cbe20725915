import type { FormDefinitionInput } from "../core/forms/definition.js";
import { availabilityQuestions, GROUP_OR_INDIVIDUAL, UNIT_YEARS } from "./common.js";
import { formTexts } from "./ids.js";

const t = formTexts("mentee_entry_teacher");

/**
 * Entry questionnaire of a young teacher or specialist (педагог-педагог, руководитель-учитель):
 * professional gaps go under the same `needs` key as a pupil's needs and use the mentor's `can_offer`
 * codes; `mentor_type` follows the seeds' mentor types (subject mentor, consultant, tutor).
 */
export const menteeEntryTeacher = {
  key: "mentee_entry_teacher",
  version: 1,
  audience: "mentee",
  title: t.id("title"),
  intro: t.id("intro"),
  questions: [
    {
      key: "experience_years",
      kind: "number",
      text: t.id("experience_years"),
      hint: t.id("experience_years", "hint"),
      min: 0,
      max: 50,
      integer: true,
      unit: UNIT_YEARS,
    },
    {
      key: "subject",
      kind: "text",
      text: t.id("subject"),
      hint: t.id("subject", "hint"),
      maxLength: 120,
    },
    {
      key: "needs",
      kind: "multiple_choice",
      text: t.id("needs"),
      hint: t.id("needs", "hint"),
      min: 1,
      max: 4,
      options: t.options("needs", [
        "lesson_planning",
        "discipline",
        "motivation",
        "parents",
        "assessment",
        "digital",
        "documentation",
        "inclusive",
        "class_teacher",
        "exams",
        "adaptation",
        "other",
      ]),
    },
    {
      key: "needs_details",
      kind: "text",
      text: t.id("needs_details"),
      maxLength: 300,
      showIf: { question: "needs", includes: "other" },
    },
    {
      key: "goals",
      kind: "text",
      long: true,
      text: t.id("goals"),
      hint: t.id("goals", "hint"),
      minLength: 3,
      maxLength: 1000,
    },
    {
      key: "mentor_type",
      kind: "single_choice",
      text: t.id("mentor_type"),
      options: t.options("mentor_type", ["subject", "consultant", "tutor", "any"]),
    },
    {
      key: "group_or_individual",
      kind: "single_choice",
      text: t.id("group_or_individual"),
      options: GROUP_OR_INDIVIDUAL,
    },
    ...availabilityQuestions(t.id),
    {
      key: "anything_else",
      kind: "text",
      long: true,
      optional: true,
      text: t.id("anything_else"),
      maxLength: 1000,
    },
  ],
} satisfies FormDefinitionInput;
