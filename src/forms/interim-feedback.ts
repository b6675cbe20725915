import type { FormDefinitionInput } from "../core/forms/definition.js";
import { formTexts } from "./ids.js";

const t = formTexts("interim_feedback");

/**
 * Mid-programme check for mentors and mentees alike (the roadmap's "текущий контроль", feedback forms
 * for the interim evaluation). Kept to four questions so it is answered in a minute; a "yes" to
 * `talk_to_curator` is meant to reach the curator's digest.
 */
export const interimFeedback = {
  key: "interim_feedback",
  version: 1,
  audience: "any",
  title: t.id("title"),
  intro: t.id("intro"),
  questions: [
    {
      key: "how_it_goes",
      kind: "scale",
      text: t.id("how_it_goes"),
      min: 1,
      max: 10,
      minLabel: t.id("how_it_goes", "min"),
      maxLabel: t.id("how_it_goes", "max"),
    },
    {
      key: "what_helps",
      kind: "text",
      long: true,
      optional: true,
      text: t.id("what_helps"),
      maxLength: 1000,
    },
    {
      key: "what_blocks",
      kind: "text",
      long: true,
      optional: true,
      text: t.id("what_blocks"),
      maxLength: 1000,
    },
    { key: "talk_to_curator", kind: "yes_no", text: t.id("talk_to_curator") },
  ],
} satisfies FormDefinitionInput;
