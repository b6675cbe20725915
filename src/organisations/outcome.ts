import type { MessageArgs } from "../i18n/translator.js";

/**
 * Expected bad input, as a value: which input field is wrong and the locale key that says why. The
 * caller maps the field onto its own vocabulary (a CLI option, a chat question) and renders the key.
 */
/**
 * Ids go into message args as strings: they are labels, and Fluent would print the number 313131 as
 * "313 131" in Russian.
 */
export interface FieldProblem {
  field: string;
  key: string;
  args?: MessageArgs;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

export function succeed<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail<T = never>(field: string, key: string, args?: MessageArgs): Outcome<T> {
  return { ok: false, problem: { field, key, ...(args && { args }) } };
}
