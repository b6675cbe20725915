import type { FormDefinitionInput } from "../core/forms/definition.js";
import { availabilityQuestions, GROUP_OR_INDIVIDUAL } from "./common.js";
import { formTexts } from "./ids.js";

const t = formTexts("mentee_entry_pupil");

/**
 * Entry questionnaire of a pupil (or college student) mentee: stage "формирование базы наставляемых".
 * `needs` uses the same codes as the mentor's `can_offer`, so the two can be compared when pairing.
 */
export const menteeEntryPupil = {
  key: "mentee_entry_pupil",
  version: 1,
  audience: "mentee",
  title: t.id("title"),
  intro: t.id("intro"),
  questions: [
    {
      key: "grade",
      kind: "single_choice",
      text: t.id("grade"),
      options: t.options("grade", ["5", "6", "7", "8", "9", "10", "11", "college"]),
    },
    {
      key: "needs",
      kind: "multiple_choice",
      text: t.id("needs"),
      hint: t.id("needs", "hint"),
      min: 1,
      max: 3,
      options: t.options("needs", [
        "subjects",
        "exams",
        "olympiads",
        "career",
        "projects",
        "adaptation",
        "communication",
        "leadership",
        "self_organisation",
        "hobbies",
        "other",
      ]),
    },
    {
      key: "needs_details",
      kind: "text",
      text: t.id("needs_details"),
      maxLength: 200,
      showIf: { question: "needs", includes: "other" },
    },
    {
      key: "interests",
      kind: "multiple_choice",
      text: t.id("interests"),
      min: 1,
      options: t.options("interests", [
        "science",
        "it",
        "engineering",
        "humanities",
        "languages",
        "arts",
        "music",
        "sport",
        "business",
        "volunteering",
        "media",
        "other",
      ]),
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
      key: "mentor_kind",
      kind: "multiple_choice",
      text: t.id("mentor_kind"),
      min: 1,
      options: t
        .options("mentor_kind", ["older_pupil", "student", "teacher", "professional", "any"])
        .map((o) => (o.value === "any" ? { ...o, exclusive: true } : o)),
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
