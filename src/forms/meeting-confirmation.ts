import type { FormDefinitionInput } from "../core/forms/definition.js";
import { formTexts } from "./ids.js";

const t = formTexts("meeting_confirmation");

/**
 * A mentee confirms a meeting the mentor logged (subject_key "meeting:<id>"). The answers map onto the
 * meeting_confirmation table: happened, usefulness (1-5), comment, flag_to_curator. The question
 * promises that only the curator sees the flag: whatever shows answers to the mentor must leave it out.
 */
export const meetingConfirmation = {
  key: "meeting_confirmation",
  version: 1,
  audience: "mentee",
  title: t.id("title"),
  intro: t.id("intro"),
  questions: [
    { key: "happened", kind: "yes_no", text: t.id("happened") },
    {
      key: "usefulness",
      kind: "scale",
      text: t.id("usefulness"),
      min: 1,
      max: 5,
      minLabel: t.id("usefulness", "min"),
      maxLabel: t.id("usefulness", "max"),
      showIf: { question: "happened", equals: true },
    },
    {
      key: "comment",
      kind: "text",
      long: true,
      optional: true,
      text: t.id("comment"),
      maxLength: 1000,
    },
    {
      key: "flag_to_curator",
      kind: "yes_no",
      optional: true,
      text: t.id("flag_to_curator"),
      hint: t.id("flag_to_curator", "hint"),
    },
  ],
} satisfies FormDefinitionInput;
