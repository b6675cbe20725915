import { evaluateCondition } from "../core/forms/conditions.js";
import type { FormDefinition, Question } from "../core/forms/definition.js";
import { STATE_VERSION, type AnswerValue, type Answers, type FormState } from "../core/forms/types.js";
import { addDays, type CalendarDay } from "../programs/academic-year.js";
import type { Rng } from "./prng.js";

export type { AnswerValue };

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
      return Math.max(min, Math.min(max, Math.round((min + rng.next() * (max - min)) * 10) / 10));
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
      if (!values || values.length === 0) return undefined;
      if (!question.multiple) return rng.pick(values);
      const chosen = new Set(rng.sample(values, rng.int(1, values.length)));
      return values.filter((v) => chosen.has(v));
    }
    case "ranking": {
      const values = question.options?.map((o) => o.value) ?? context.sources?.[question.source ?? ""] ?? [];
      if (values.length < question.minChoices) return undefined;
      return rng.sample(values, rng.int(question.minChoices, Math.min(question.maxChoices, values.length)));
    }
  }
}

/** One question a person went through: answered (with a value) or skipped (without). */
export interface SampledStep {
  questionKey: string;
  value?: AnswerValue;
}

/**
 * A person's way through a whole form: every question whose show-if holds on the answers so far, in
 * order, optional ones skipped now and then, as the engine would have walked it.
 */
export function sampleSteps(form: FormDefinition, rng: Rng, context: SampleContext): SampledStep[] {
  const answers: Answers = {};
  const steps: SampledStep[] = [];
  for (const question of form.questions) {
    if (question.kind === "info") continue;
    if (question.showIf && !evaluateCondition(question.showIf, answers)) continue;
    const value = question.optional && rng.chance(0.2) ? undefined : sampleAnswer(question, rng, context);
    if (value === undefined) {
      steps.push({ questionKey: question.key });
      continue;
    }
    answers[question.key] = value;
    steps.push({ questionKey: question.key, value });
  }
  return steps;
}

/** The answers of a whole filled-in form, in question order. */
export function sampleAnswers(
  form: FormDefinition,
  rng: Rng,
  context: SampleContext,
): { questionKey: string; value: AnswerValue }[] {
  return sampleSteps(form, rng, context).filter(
    (step): step is { questionKey: string; value: AnswerValue } => step.value !== undefined,
  );
}

/**
 * The engine's saved state after the first `settled` steps (all of them: submitted), so a seeded
 * session reads back, resumes and reports exactly like one a person filled in.
 */
export function sampledState(form: FormDefinition, steps: SampledStep[], settled = steps.length): FormState {
  const done = steps.slice(0, settled);
  const next = steps[settled];
  return {
    stateVersion: STATE_VERSION,
    formKey: form.key,
    formVersion: form.version,
    cursor: next ? { at: "question", question: next.questionKey, fromSummary: false } : { at: "done" },
    answers: Object.fromEntries(
      done.flatMap((step) => (step.value === undefined ? [] : [[step.questionKey, step.value]])),
    ),
    skipped: done.filter((step) => step.value === undefined).map((step) => step.questionKey),
    draft: null,
    sources: {},
  };
}

/** Within the question's limits, counted in characters (code points) as the engine counts them. */
function fitLength(text: string, min: number, max: number): string {
  const base = Array.from(text.trim() || "-");
  let chars = base;
  while (chars.length < min) chars = [...chars, " ", ...base];
  chars = chars.slice(0, max);
  // A cut may end on a space; the engine stores trimmed text, so end on a letter of the text instead.
  if (/\s/.test(chars[chars.length - 1]!)) chars[chars.length - 1] = base[0]!;
  return chars.join("");
}
