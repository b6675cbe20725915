import type { FormDefinitionInput } from "../core/forms/definition.js";
import { SCALE_FULLY, SCALE_NOT_AT_ALL } from "./common.js";
import { formTexts } from "./ids.js";

/**
 * Final satisfaction polls (stage 1 of the methodology's monitoring: quality of the programme). The
 * mentee and mentor variants share question keys where the item is the same (comfort, usefulness of
 * meetings, clarity of goals, expectations met, overall, frequency), so the two sides can be compared;
 * `overall` is the satisfaction indicator the yearly targets are set on.
 */

type QuestionInput = FormDefinitionInput["questions"][number];
type Texts = ReturnType<typeof formTexts>;

/** A 1-10 item; `skippable` ones (group meetings, mentor training) may not have happened at all. */
function rating(t: Texts, key: string, skippable = false): QuestionInput {
  return {
    key,
    kind: "scale",
    text: t.id(key),
    ...(skippable && { hint: t.id(key, "hint"), optional: true }),
    min: 1,
    max: 10,
    minLabel: SCALE_NOT_AT_ALL,
    maxLabel: SCALE_FULLY,
  };
}

function closingQuestions(t: Texts): QuestionInput[] {
  return [
    {
      key: "meeting_frequency",
      kind: "single_choice",
      text: t.id("meeting_frequency"),
      options: t.options("meeting_frequency", [
        "more_than_weekly",
        "weekly",
        "twice_a_month",
        "monthly",
        "rarely",
      ]),
    },
    {
      key: "most_valuable",
      kind: "text",
      long: true,
      optional: true,
      text: t.id("most_valuable"),
      maxLength: 2000,
    },
    {
      key: "what_to_change",
      kind: "text",
      long: true,
      optional: true,
      text: t.id("what_to_change"),
      maxLength: 2000,
    },
    { key: "would_continue", kind: "yes_no", text: t.id("would_continue") },
  ];
}

const mentee = formTexts("final_satisfaction_mentee");

export const finalSatisfactionMentee = {
  key: "final_satisfaction_mentee",
  version: 1,
  audience: "mentee",
  title: mentee.id("title"),
  intro: mentee.id("intro"),
  questions: [
    rating(mentee, "comfort"),
    rating(mentee, "one_to_one_useful"),
    rating(mentee, "group_useful", true),
    rating(mentee, "support_felt"),
    rating(mentee, "goals_clear"),
    rating(mentee, "expectations_met"),
    rating(mentee, "overall"),
    ...closingQuestions(mentee),
    {
      key: "would_become_mentor",
      kind: "single_choice",
      text: mentee.id("would_become_mentor"),
      options: mentee.options("would_become_mentor", ["yes", "maybe", "no"]),
    },
  ],
} satisfies FormDefinitionInput;

const mentor = formTexts("final_satisfaction_mentor");

export const finalSatisfactionMentor = {
  key: "final_satisfaction_mentor",
  version: 1,
  audience: "mentor",
  title: mentor.id("title"),
  intro: mentor.id("intro"),
  questions: [
    rating(mentor, "comfort"),
    rating(mentor, "one_to_one_useful"),
    rating(mentor, "group_useful", true),
    rating(mentor, "mentee_engagement"),
    rating(mentor, "org_support"),
    rating(mentor, "training_useful", true),
    rating(mentor, "goals_clear"),
    rating(mentor, "expectations_met"),
    rating(mentor, "overall"),
    ...closingQuestions(mentor),
  ],
} satisfies FormDefinitionInput;
