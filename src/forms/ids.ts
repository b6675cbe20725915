import type { ChoiceOption } from "../core/forms/definition.js";

/** Fluent ids allow no underscores, while question keys and option values are snake_case. */
export function kebab(value: string): string {
  return value.replaceAll("_", "-");
}

/**
 * The Fluent ids of one built-in form: `form-<form-key>-<question>[-<option>]`, all in kebab-case,
 * so every text of a form sits in its own locales/<lang>/forms-<form-key>.ftl and the id tells where.
 *
 * @example
 * const t = formTexts("mentee_entry_pupil");
 * t.id("goals"); // "form-mentee-entry-pupil-goals"
 * t.options("format", ["in_person"]); // [{ value: "in_person", label: "form-mentee-entry-pupil-format-in-person" }]
 */
export function formTexts(formKey: string) {
  const prefix = `form-${kebab(formKey)}`;
  const id = (...parts: string[]): string => [prefix, ...parts.map(kebab)].join("-");
  const options = (question: string, values: readonly string[]): ChoiceOption[] =>
    values.map((value) => ({ value, label: id(question, value) }));
  return { id, options };
}

/** Texts several forms share (days, times, formats, units, scale ends): locales/<lang>/forms-common.ftl. */
export const common = formTexts("common");
