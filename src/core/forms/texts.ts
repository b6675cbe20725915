import type { Text } from "./types.js";

/**
 * The engine's own messages (locales/<lang>/forms-engine.ftl), without the "forms-engine-" prefix.
 * Listed here so a test can check every one exists in every locale.
 */
export const ENGINE_MESSAGES = [
  "progress",
  "back",
  "back-to-summary",
  "skip",
  "done",
  "keep",
  "undo",
  "submit",
  "fix",
  "yes",
  "no",
  "shortcut-today",
  "shortcut-yesterday",
  "shortcut-tomorrow",
  "shortcut-in-a-week",
  "page",
  "page-previous",
  "page-next",
  "current-answer",
  "summary-heading",
  "skipped",
  "done-text",
  "number",
  "scale-value",
  "date",
  "raw",
  "help-multiple",
  "help-scale",
  "help-text",
  "help-number",
  "help-number-range",
  "help-number-min",
  "help-number-max",
  "help-date",
  "help-pick",
  "help-ranking",
  "source-empty",
  "stale",
  "stale-finished",
  "use-buttons",
  "summary-use-buttons",
  "cannot-skip",
  "cannot-go-back",
  "invalid-option-number",
  "invalid-multiple-min",
  "invalid-multiple-max",
  "invalid-multiple-exclusive",
  "invalid-scale",
  "invalid-text-empty",
  "invalid-text-short",
  "invalid-text-long",
  "invalid-number",
  "invalid-number-integer",
  "invalid-number-min",
  "invalid-number-max",
  "invalid-date",
  "invalid-date-early",
  "invalid-date-late",
  "invalid-yes-no",
  "invalid-ranking-already",
  "invalid-ranking-full",
  "invalid-ranking-min",
  "nothing-to-undo",
  "missing-answer",
] as const;
export type EngineMessage = (typeof ENGINE_MESSAGES)[number];

export const ENGINE_PREFIX = "forms-engine-";

export function engineText(name: EngineMessage, args?: Text["args"]): Text {
  return args ? { key: ENGINE_PREFIX + name, args } : { key: ENGINE_PREFIX + name };
}
