import type { FormDefinitionInput } from "../core/forms/definition.js";
import { availabilityQuestions, UNIT_PEOPLE, UNIT_YEARS } from "./common.js";
import { formTexts } from "./ids.js";

const t = formTexts("mentor_entry");

/**
 * Entry questionnaire of a mentor: stage "формирование базы наставников". Mentors come from every
 * category (an older pupil, a student, a teacher, an employer, a parent), so the experience questions
 * depend on `category`. `can_offer` lists the same codes as the mentees' `needs`, and `capacity`
 * above 1 makes group mentoring possible when pairs are proposed.
 */
export const mentorEntry = {
  key: "mentor_entry",
  version: 1,
  audience: "mentor",
  title: t.id("title"),
  intro: t.id("intro"),
  questions: [
    {
      key: "category",
      kind: "single_choice",
      text: t.id("category"),
      options: t.options("category", ["pupil", "student", "teacher", "employer", "parent", "other"]),
    },
    {
      key: "grade",
      kind: "single_choice",
      text: t.id("grade"),
      options: t.options("grade", ["7", "8", "9", "10", "11"]),
      showIf: { question: "category", equals: "pupil" },
    },
    {
      key: "study_year",
      kind: "number",
      text: t.id("study_year"),
      min: 1,
      max: 6,
      integer: true,
      showIf: { question: "category", equals: "student" },
    },
    {
      key: "experience_years",
      kind: "number",
      text: t.id("experience_years"),
      hint: t.id("experience_years", "hint"),
      min: 0,
      max: 60,
      integer: true,
      unit: UNIT_YEARS,
      showIf: { question: "category", in: ["teacher", "employer", "parent", "other"] },
    },
    {
      key: "subject",
      kind: "text",
      text: t.id("subject"),
      maxLength: 120,
      showIf: { question: "category", equals: "teacher" },
    },
    {
      key: "occupation",
      kind: "text",
      text: t.id("occupation"),
      hint: t.id("occupation", "hint"),
      maxLength: 160,
      showIf: { question: "category", in: ["student", "employer", "parent", "other"] },
    },
    {
      key: "strengths",
      kind: "multiple_choice",
      text: t.id("strengths"),
      hint: t.id("strengths", "hint"),
      min: 1,
      max: 3,
      options: t.options("strengths", [
        "explaining",
        "listening",
        "motivating",
        "organising",
        "leadership",
        "creativity",
        "critical_thinking",
        "expertise",
      ]),
    },
    {
      key: "can_offer",
      kind: "multiple_choice",
      text: t.id("can_offer"),
      hint: t.id("can_offer", "hint"),
      min: 1,
      options: t.options("can_offer", [
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
        "workplace_visits",
        "lesson_planning",
        "discipline",
        "motivation",
        "parents",
        "assessment",
        "digital",
        "documentation",
        "inclusive",
        "class_teacher",
      ]),
    },
    {
      key: "capacity",
      kind: "number",
      text: t.id("capacity"),
      hint: t.id("capacity", "hint"),
      min: 1,
      max: 10,
      integer: true,
      unit: UNIT_PEOPLE,
    },
    ...availabilityQuestions(t.id),
    {
      key: "motivation",
      kind: "text",
      long: true,
      optional: true,
      text: t.id("motivation"),
      maxLength: 1000,
    },
  ],
} satisfies FormDefinitionInput;
