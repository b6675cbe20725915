import { evaluateCondition } from "./conditions.js";
import { addDays, isIsoDate, type IsoDate } from "./dates.js";
import type { FormDefinition, Question } from "./definition.js";
import { textLength } from "./typed.js";
import type { AnswerValue, Answers, Cursor, FormState, Sources, Text } from "./types.js";

/**
 * The facts about a form that every step needs: which questions are visible and askable, which are
 * settled, where the cursor goes next, what a valid answer is. Pure functions of (definition, state).
 */

/** Everything one engine call works with besides the state. */
export interface Env {
  definition: FormDefinition;
  sources: Sources;
  today: IsoDate;
}

/** Text questions without a maxLength still stop somewhere: one messenger message. */
export const DEFAULT_TEXT_MAX = 4000;

export interface ListOption {
  value: string;
  label: Text;
}

export type AnswerableQuestion = Exclude<Question, { kind: "info" }>;

export function findQuestion(definition: FormDefinition, key: string): Question | undefined {
  return definition.questions.find((q) => q.key === key);
}

/** Fixed options of a choice or ranking, or the run-time list of a pick or a sourced ranking. */
export function optionsOf(question: Question, env: Env): ListOption[] {
  switch (question.kind) {
    case "single_choice":
    case "multiple_choice":
      return question.options.map((o) => ({ value: o.value, label: { key: o.label } }));
    case "ranking":
      if (question.options) return question.options.map((o) => ({ value: o.value, label: { key: o.label } }));
      return env.sources[question.source ?? ""] ?? [];
    case "pick":
      return env.sources[question.source] ?? [];
    default:
      return [];
  }
}

export function usesSource(question: Question): boolean {
  return question.kind === "pick" || (question.kind === "ranking" && question.source !== undefined);
}

export function isVisible(question: Question, answers: Answers): boolean {
  return !question.showIf || evaluateCondition(question.showIf, answers);
}

/**
 * An optional list question whose list is empty (nobody to pick) is skipped without asking. A required
 * one is still asked: the person sees that there is nothing to choose yet and can come back later,
 * when the caller passes a filled list (see Context.sources).
 */
export function isAutoSkipped(question: Question, env: Env): boolean {
  return usesSource(question) && question.optional && optionsOf(question, env).length === 0;
}

/** Questions a person is asked now, in order: visible, not info, not skipped automatically. */
export function askableQuestions(env: Env, answers: Answers): AnswerableQuestion[] {
  return env.definition.questions.filter(
    (q): q is AnswerableQuestion => q.kind !== "info" && isVisible(q, answers) && !isAutoSkipped(q, env),
  );
}

export function isSettled(state: FormState, key: string): boolean {
  return state.answers[key] !== undefined || state.skipped.includes(key);
}

/** Where the person continues: the first askable question without an answer or a skip; else the summary. */
export function openStep(env: Env, state: FormState): Cursor {
  const next = askableQuestions(env, state.answers).find((q) => !isSettled(state, q.key));
  return next ? { at: "question", question: next.key, fromSummary: false } : { at: "summary" };
}

/** The askable question before `key` in the form ("back"), or the last one when `key` is undefined (from the summary). */
export function previousAskable(env: Env, answers: Answers, key?: string): AnswerableQuestion | undefined {
  const askable = askableQuestions(env, answers);
  if (key === undefined) return askable.at(-1);
  const index = env.definition.questions.findIndex((q) => q.key === key);
  return askable.filter((q) => env.definition.questions.indexOf(q) < index).at(-1);
}

/**
 * Clears what a change made obsolete: answers and skips of questions now hidden. In form order, so a
 * hidden question's cleared answer also hides the questions that depended on it. Returns the keys
 * whose stored answers were removed.
 */
export function clearHidden(env: Env, state: FormState): string[] {
  const cleared: string[] = [];
  for (const q of env.definition.questions) {
    if (isVisible(q, state.answers)) continue;
    if (state.answers[q.key] !== undefined) {
      delete state.answers[q.key];
      cleared.push(q.key);
    }
    state.skipped = state.skipped.filter((k) => k !== q.key);
  }
  return cleared;
}

export function multipleBounds(question: Extract<Question, { kind: "multiple_choice" }>): {
  min: number;
  max: number;
} {
  const max = Math.min(question.max ?? question.options.length, question.options.length);
  return { min: Math.min(question.min, max), max };
}

/** A list shorter than maxChoices caps the ranking at its length (three wishes among two mentors). */
export function rankingBounds(
  question: Extract<Question, { kind: "ranking" }>,
  env: Env,
): { min: number; max: number } {
  const max = Math.min(question.maxChoices, optionsOf(question, env).length);
  return { min: Math.min(question.minChoices, max), max };
}

export function dateBounds(
  question: Extract<Question, { kind: "date" }>,
  today: IsoDate,
): { min?: IsoDate; max?: IsoDate } {
  return {
    min: question.minDaysFromToday === undefined ? undefined : addDays(today, question.minDaysFromToday),
    max: question.maxDaysFromToday === undefined ? undefined : addDays(today, question.maxDaysFromToday),
  };
}

export function textBounds(question: Extract<Question, { kind: "text" }>): { min: number; max: number } {
  return { min: question.minLength, max: question.maxLength ?? DEFAULT_TEXT_MAX };
}

/**
 * Whether `value` is a valid stored answer to `question` today, with these lists. The engine checks
 * every answer it stores with this; the property tests check every stored answer with their own copy.
 */
export function isValidAnswer(question: Question, value: AnswerValue, env: Env): boolean {
  const inOptions = (v: unknown) => optionsOf(question, env).some((o) => o.value === v);
  switch (question.kind) {
    case "pick":
      if (question.multiple) {
        const order = optionsOf(question, env).map((o) => o.value);
        return inListOrder(value, order) && value.length >= 1;
      }
      return typeof value === "string" && inOptions(value);
    case "single_choice":
      return typeof value === "string" && inOptions(value);
    case "multiple_choice": {
      const { min, max } = multipleBounds(question);
      const order = question.options.map((o) => o.value);
      return (
        Array.isArray(value) &&
        value.length >= min &&
        value.length <= max &&
        value.every(
          (v, i) => order.includes(v) && (i === 0 || order.indexOf(v) > order.indexOf(value[i - 1]!)),
        )
      );
    }
    case "ranking": {
      const { min, max } = rankingBounds(question, env);
      return (
        Array.isArray(value) &&
        value.length >= Math.max(min, 1) &&
        value.length <= max &&
        new Set(value).size === value.length &&
        value.every(inOptions)
      );
    }
    case "scale":
      return (
        Number.isInteger(value) && (value as number) >= question.min && (value as number) <= question.max
      );
    case "text": {
      if (typeof value !== "string" || value !== value.trim()) return false;
      const { min, max } = textBounds(question);
      const length = textLength(value);
      return length >= min && length <= max;
    }
    case "number":
      return (
        typeof value === "number" &&
        Number.isFinite(value) &&
        (!question.integer || Number.isInteger(value)) &&
        (question.min === undefined || value >= question.min) &&
        (question.max === undefined || value <= question.max)
      );
    case "date": {
      if (!isIsoDate(value)) return false;
      const { min, max } = dateBounds(question, env.today);
      return (min === undefined || value >= min) && (max === undefined || value <= max);
    }
    case "yes_no":
      return typeof value === "boolean";
    case "info":
      return false;
  }
}

/** Distinct values of `order`, in its order (a multiple choice's or a multiple pick's answer). */
function inListOrder(value: AnswerValue, order: string[]): value is string[] {
  return (
    Array.isArray(value) &&
    value.every((v, i) => order.includes(v) && (i === 0 || order.indexOf(v) > order.indexOf(value[i - 1]!)))
  );
}
