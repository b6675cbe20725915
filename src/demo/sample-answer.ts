import type { Condition, FormDefinition, Question } from "../core/forms/definition.js";
import { addDays, type CalendarDay } from "../programs/academic-year.js";
import type { Rng } from "./prng.js";

/** What an answer row stores (as JSON): the value shape each question kind produces. */
export type AnswerValue = string | number | boolean | string[];

export interface SampleContext {
  /** "Today" for date questions, whose ranges are relative to it. */
  today: CalendarDay;
  /** Free text to draw from (sentences in the operator's language). */
  texts: readonly string[];
  /** Option values of run-time sources (pick, ranking), e.g. participant ids of the mentors met. */
  sources?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A valid answer to one question, chosen at random within its constraints; undefined when the question
 * takes no answer (info) or draws on a run-time source the context does not supply.
 */
export function sampleAnswer(question: Question, rng: Rng, context: SampleContext): AnswerValue | undefined {
  switch (question.kind) {
    case "info":
      return undefined;
    case "single_choice":
      return rng.pick(question.options).value;
    case "multiple_choice": {
      const max = Math.min(question.max ?? question.options.length, question.options.length);
      const count = rng.int(Math.min(question.min, max), max);
      const chosen = new Set(rng.sample(question.options, count).map((o) => o.value));
      // Stored in the order the options are listed, as a person ticking boxes would produce.
      return question.options.filter((o) => chosen.has(o.value)).map((o) => o.value);
    }
    case "scale":
      return rng.int(question.min, question.max);
    case "text":
      return fitLength(
        rng.pick(context.texts),
        question.minLength,
        question.maxLength ?? (question.long ? 4000 : 200),
      );
    case "number": {
      const min = question.min ?? 0;
      const max = question.max ?? min + 100;
      if (question.integer) return rng.int(Math.ceil(min), Math.floor(max));
      return Math.min(max, Math.round((min + rng.next() * (max - min)) * 10) / 10);
    }
    case "date": {
      const from = question.minDaysFromToday ?? (question.maxDaysFromToday ?? 0) - 30;
      const to = question.maxDaysFromToday ?? from + 60;
      return addDays(context.today, rng.int(from, to));
    }
    case "yes_no":
      return rng.chance(0.5);
    case "pick": {
      const values = context.sources?.[question.source];
      return values && values.length > 0 ? rng.pick(values) : undefined;
    }
    case "ranking": {
      const values = question.options?.map((o) => o.value) ?? context.sources?.[question.source ?? ""] ?? [];
      if (values.length < question.minChoices) return undefined;
      return rng.sample(values, rng.int(question.minChoices, Math.min(question.maxChoices, values.length)));
    }
  }
}

/**
 * A whole filled-in form: every question whose show-if holds on the answers so far, optional ones
 * skipped now and then, as the engine would have stored them.
 */
export function sampleAnswers(
  form: FormDefinition,
  rng: Rng,
  context: SampleContext,
): { questionKey: string; value: AnswerValue }[] {
  const answers = new Map<string, AnswerValue>();
  for (const question of form.questions) {
    if (question.showIf && !conditionHolds(question.showIf, answers)) continue;
    if (question.optional && rng.chance(0.2)) continue;
    const value = sampleAnswer(question, rng, context);
    if (value !== undefined) answers.set(question.key, value);
  }
  return [...answers].map(([questionKey, value]) => ({ questionKey, value }));
}

/** Show-if on earlier answers; an unanswered question satisfies only `answered: false` and `notEquals`. */
export function conditionHolds(condition: Condition, answers: ReadonlyMap<string, AnswerValue>): boolean {
  if ("all" in condition) return condition.all.every((c) => conditionHolds(c, answers));
  if ("any" in condition) return condition.any.some((c) => conditionHolds(c, answers));
  const answer = answers.get(condition.question);
  if ("answered" in condition) return (answer !== undefined) === condition.answered;
  if ("notEquals" in condition) return answer !== condition.notEquals;
  if (answer === undefined) return false;
  if ("equals" in condition) return answer === condition.equals;
  if ("in" in condition)
    return typeof answer !== "boolean" && !Array.isArray(answer) && condition.in.includes(answer);
  if ("includes" in condition)
    return Array.isArray(answer) ? answer.includes(condition.includes) : answer === condition.includes;
  if ("atLeast" in condition) return typeof answer === "number" && answer >= condition.atLeast;
  return typeof answer === "number" && answer <= condition.atMost;
}

function fitLength(text: string, min: number, max: number): string {
  let result = text;
  while (result.length < min) result = `${result} ${text}`;
  if (result.length <= max) return result;
  const cut = result.slice(0, max);
  const trimmed = cut.trimEnd();
  return trimmed.length >= min ? trimmed : cut;
}
