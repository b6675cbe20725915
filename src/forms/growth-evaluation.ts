import type { FormDefinitionInput } from "../core/forms/definition.js";
import { formTexts } from "./ids.js";

const t = formTexts("growth_evaluation");

/**
 * The before/after self-evaluation (stage 2 of the methodology's monitoring: growth of participants).
 * Everyone fills it twice, with subject_key "entry" at the start and "exit" at the end; the items
 * and their keys never differ between the two, so exit minus entry per item is the person's change.
 * Changing an item is a new version, and entry and exit of one person must then share that version.
 */
export const GROWTH_ITEMS = [
  "confidence",
  "motivation",
  "communication",
  "goal_setting",
  "knowledge",
  "self_organisation",
  "teamwork",
  "leadership",
  "future_clarity",
] as const;

export const growthEvaluation = {
  key: "growth_evaluation",
  version: 1,
  audience: "any",
  title: t.id("title"),
  intro: t.id("intro"),
  questions: GROWTH_ITEMS.map((key) => ({
    key,
    kind: "scale" as const,
    text: t.id(key),
    min: 1,
    max: 10,
    minLabel: t.id("scale", "low"),
    maxLabel: t.id("scale", "high"),
  })),
} satisfies FormDefinitionInput;
