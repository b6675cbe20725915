import { dateArgs, dottedDate, parseDate, shortcutDate, todayIn, type IsoDate } from "./dates.js";
import type { FormDefinition, Question } from "./definition.js";
import {
  askableQuestions,
  clearHidden,
  dateBounds,
  findQuestion,
  isAutoSkipped,
  isValidAnswer,
  isVisible,
  multipleBounds,
  openStep,
  optionsOf,
  previousAskable,
  rankingBounds,
  textBounds,
  type AnswerableQuestion,
  type Env,
} from "./model.js";
import { answerOf, channelPaged, draftFor, renderQuestion, renderStep } from "./render.js";
import { checkSources } from "./state.js";
import { engineText, type EngineMessage } from "./texts.js";
import {
  cleanText,
  MAX_INPUT_LENGTH,
  parseNumber,
  parseNumberList,
  parseWholeNumber,
  parseYesNo,
  textLength,
} from "./typed.js";
import {
  STATE_VERSION,
  SUMMARY_STEP,
  type AnswerValue,
  type Answers,
  type Context,
  type Cursor,
  type Effect,
  type FormState,
  type Input,
  type Outcome,
  type Prompt,
  type Result,
  type Sources,
  type Text,
} from "./types.js";

/**
 * Starts a form: a fresh state with the cursor on the first question, and the prompts to show (the
 * form's title and intro, any info items before the first question, the first question). Nothing is
 * stored yet: the caller saves `result.state`.
 *
 * `defaults` are answers given in advance (a check-in's usual values): each one that is valid, on a
 * question visible with the defaults before it, is taken as answered (a `set_answer` effect), so the
 * cursor opens on the first question left, or on the summary, where every default can be fixed.
 *
 * @example
 * const { state, prompts } = startForm(definition, { now: new Date(), timeZone: "Europe/Moscow" });
 * // prompts: [{ type: "intro", ... }, { type: "question", question: "grade", progress: { current: 1, total: 9, ... } }]
 */
export function startForm(definition: FormDefinition, context: Context, defaults?: Answers): Result {
  const sources = context.sources ? usedSources(definition, checkSources(context.sources)) : {};
  const env: Env = { definition, sources, today: todayIn(context.now, context.timeZone) };
  const state: FormState = {
    stateVersion: STATE_VERSION,
    formKey: definition.key,
    formVersion: definition.version,
    cursor: { at: "summary" },
    answers: {},
    skipped: [],
    draft: null,
    sources,
  };
  const effects: Effect[] = [];
  // In form order, so a default is kept only when the defaults before it make its question visible.
  for (const question of definition.questions) {
    const value = defaults?.[question.key];
    if (value === undefined || question.kind === "info") continue;
    if (!isVisible(question, state.answers) || isAutoSkipped(question, env)) continue;
    if (!isValidAnswer(question, value, env)) continue;
    state.answers[question.key] = value;
    effects.push({ type: "set_answer", question: question.key, value });
  }
  state.cursor = openStep(env, state);
  const intro: Prompt = { type: "intro", title: { key: definition.title } };
  if (definition.intro) intro.text = { key: definition.intro };
  return {
    state,
    prompts: [intro, ...infoBetween(env, state, -1, state.cursor), ...renderStep(state, env)],
    effects,
    outcome: "started",
  };
}

/**
 * Applies one input to a saved state. Pure: the saved state is never mutated; the result carries the
 * new state, the prompts to show, and the effects to persist (answers to set or clear, submit).
 * Invalid input (a notice with a locale key, then the same question) and stale input (a button for
 * another step, a finished form, an unknown option) return the state unchanged and no effects.
 *
 * `definition` must be the version the state was started on (a session finishes on its version).
 *
 * @example
 * let r = startForm(form, ctx);
 * r = handleInput(form, r.state, { type: "text", text: "1,5" }, ctx); // a number question
 * r.outcome; // "accepted"
 * r.effects; // [{ type: "set_answer", question: "hours", value: 1.5 }]
 * r = handleInput(form, r.state, { type: "choose", question: "hours", value: "x" }, ctx);
 * r.outcome; // "stale": that button belonged to the previous question
 */
export function handleInput(
  definition: FormDefinition,
  saved: FormState,
  input: Input,
  context: Context,
): Result {
  if (saved.formKey !== definition.key || saved.formVersion !== definition.version) {
    throw new Error(
      `Form state of ${saved.formKey} v${saved.formVersion} given with definition ${definition.key} v${definition.version}`,
    );
  }
  let state = saved;
  if (context.sources) {
    state = {
      ...saved,
      sources: { ...saved.sources, ...usedSources(definition, checkSources(context.sources)) },
    };
  }
  const env: Env = { definition, sources: state.sources, today: todayIn(context.now, context.timeZone) };
  const at = state.cursor;
  if (state !== saved && at.at === "question" && isAutoSkipped(findQuestion(definition, at.question)!, env)) {
    // The refreshed list emptied the optional question under the cursor: it is skipped like any other.
    state = { ...state, cursor: openStep(env, state), draft: null };
  }
  if (input.type === "show") return result(state, renderStep(state, env), [], "shown");
  const cursor = state.cursor;
  if (cursor.at === "done") {
    return result(state, [{ type: "notice", tone: "info", text: engineText("stale-finished") }], [], "stale");
  }
  if (cursor.at === "summary") return onSummary(state, input, env);
  const question = findQuestion(definition, cursor.question);
  if (!question || question.kind === "info") {
    throw new Error(
      `Form state points at "${cursor.question}", which is not a question of ${definition.key}`,
    );
  }
  return onQuestion(state, question, input, env);
}

/**
 * The current step again, changing nothing: for /start, a reminder, or "where was I".
 *
 * @example
 * const { prompts } = showCurrent(definition, session.state, { now, timeZone });
 */
export function showCurrent(definition: FormDefinition, state: FormState, context: Context): Result {
  return handleInput(definition, state, { type: "show" }, context);
}

/**
 * Where a person is, for lists of open forms: the question number among those visible now, or
 * `current === total` at the summary and when done.
 */
export function progressOf(definition: FormDefinition, state: FormState): { current: number; total: number } {
  const env: Env = { definition, sources: state.sources, today: "1970-01-01" };
  const askable = askableQuestions(env, state.answers);
  const cursor = state.cursor;
  if (cursor.at !== "question") return { current: askable.length, total: askable.length };
  return { current: askable.findIndex((q) => q.key === cursor.question) + 1, total: askable.length };
}

/** The step id stored in `form_session.step`: a question key, the summary, or "_done". */
export function stepOf(state: FormState): string {
  if (state.cursor.at === "question") return state.cursor.question;
  return state.cursor.at === "summary" ? SUMMARY_STEP : "_done";
}

function usedSources(definition: FormDefinition, sources: Sources): Sources {
  const used: Sources = {};
  for (const q of definition.questions) {
    if ((q.kind === "pick" || q.kind === "ranking") && q.source && sources[q.source]) {
      used[q.source] = sources[q.source]!;
    }
  }
  return used;
}

function result(state: FormState, prompts: Prompt[], effects: Effect[], outcome: Outcome): Result {
  return { state, prompts, effects, outcome };
}

function stale(state: FormState, env: Env): Result {
  return result(
    state,
    [{ type: "notice", tone: "info", text: engineText("stale") }, ...renderStep(state, env)],
    [],
    "stale",
  );
}

function invalid(state: FormState, env: Env, text: Text): Result {
  return result(state, [{ type: "notice", tone: "error", text }, ...renderStep(state, env)], [], "invalid");
}

function invalidKey(state: FormState, env: Env, name: EngineMessage, args?: Text["args"]): Result {
  return invalid(state, env, engineText(name, args));
}

function clone(state: FormState): FormState {
  return structuredClone(state);
}

function moved(state: FormState, env: Env, cursor: Cursor, notice?: Text): Result {
  const next = clone(state);
  next.cursor = cursor;
  next.draft = null;
  const prompts = renderStep(next, env);
  if (notice) prompts.unshift({ type: "notice", tone: "info", text: notice });
  return result(next, prompts, [], "moved");
}

/** Info items the person passes on the way from question index `from` to `to`. */
function infoBetween(env: Env, state: FormState, from: number, to: Cursor): Prompt[] {
  const questions = env.definition.questions;
  const end = to.at === "question" ? questions.findIndex((q) => q.key === to.question) : questions.length;
  const prompts: Prompt[] = [];
  for (let i = from + 1; i < end; i++) {
    const q = questions[i]!;
    if (q.kind !== "info" || !isVisible(q, state.answers)) continue;
    const info: Prompt = { type: "info", question: q.key, text: { key: q.text } };
    if (q.hint) info.hint = { key: q.hint };
    prompts.push(info);
  }
  return prompts;
}

/**
 * Moves the cursor on from `from` after an answer or a skip, showing the info items passed on the way.
 * `before` is the state `from` was shown in: the result tells how it looked and what it got.
 */
function advance(
  env: Env,
  before: FormState,
  next: FormState,
  from: AnswerableQuestion,
  effects: Effect[],
): Result {
  next.draft = null;
  next.cursor = openStep(env, next);
  const index = env.definition.questions.indexOf(from);
  const accepted = result(
    next,
    [...infoBetween(env, next, index, next.cursor), ...renderStep(next, env)],
    effects,
    "accepted",
  );
  accepted.answered = { question: renderQuestion(from, before, env), answer: answerOf(from, next, env) };
  // An answer that shows or hides later questions changes the total ("из 10" becomes "из 11"): the
  // next question says why, so the count does not jump without a word.
  const change = askableQuestions(env, next.answers).length - askableQuestions(env, before.answers).length;
  const shown = accepted.prompts.find((p) => p.type === "question");
  if (change !== 0 && shown) {
    const { current, total } = shown.progress;
    shown.progress.text = engineText("progress-changed", {
      current,
      total,
      change: change > 0 ? "more" : "fewer",
      count: Math.abs(change),
    });
  }
  return accepted;
}

function sameAnswer(a: AnswerValue | undefined, b: AnswerValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

function commit(state: FormState, env: Env, question: AnswerableQuestion, value: AnswerValue): Result {
  if (!isValidAnswer(question, value, env)) {
    // Every caller validated already; storing an invalid answer would corrupt the session.
    throw new Error(`Refusing to store an invalid answer to ${question.key}: ${JSON.stringify(value)}`);
  }
  const next = clone(state);
  const effects: Effect[] = [];
  if (!sameAnswer(next.answers[question.key], value)) {
    next.answers[question.key] = value;
    effects.push({ type: "set_answer", question: question.key, value });
  }
  next.skipped = next.skipped.filter((k) => k !== question.key);
  for (const key of clearHidden(env, next)) effects.push({ type: "clear_answer", question: key });
  return advance(env, state, next, question, effects);
}

function skip(state: FormState, env: Env, question: AnswerableQuestion): Result {
  const next = clone(state);
  const effects: Effect[] = [];
  if (next.answers[question.key] !== undefined) {
    delete next.answers[question.key];
    effects.push({ type: "clear_answer", question: question.key });
  }
  if (!next.skipped.includes(question.key)) next.skipped.push(question.key);
  for (const key of clearHidden(env, next)) effects.push({ type: "clear_answer", question: key });
  return advance(env, state, next, question, effects);
}

function withDraft(state: FormState, env: Env, question: Question, selected: string[], page: number): Result {
  const next = clone(state);
  next.draft = { question: question.key, selected, page };
  return result(next, renderStep(next, env), [], "updated");
}

function onSummary(state: FormState, input: Exclude<Input, { type: "show" }>, env: Env): Result {
  switch (input.type) {
    case "edit": {
      const target = askableQuestions(env, state.answers).find((q) => q.key === input.question);
      if (!target) return stale(state, env);
      return moved(state, env, { at: "question", question: target.key, fromSummary: true });
    }
    case "submit": {
      if (input.question !== undefined && input.question !== SUMMARY_STEP) return stale(state, env);
      const open = openStep(env, state);
      if (open.at === "question") {
        // Only a list that filled in since the summary was reached can leave a question open here.
        return moved(state, env, open, engineText("missing-answer"));
      }
      const next = clone(state);
      next.cursor = { at: "done" };
      next.draft = null;
      return result(next, renderStep(next, env), [{ type: "submit", answers: next.answers }], "submitted");
    }
    case "back": {
      if (input.question !== undefined && input.question !== SUMMARY_STEP) return stale(state, env);
      const previous = previousAskable(env, state.answers);
      if (!previous) return invalidKey(state, env, "cannot-go-back");
      return moved(state, env, { at: "question", question: previous.key, fromSummary: false });
    }
    case "text":
      if (input.question !== undefined && input.question !== SUMMARY_STEP) return stale(state, env);
      return invalidKey(state, env, "summary-use-buttons");
    default:
      return stale(state, env);
  }
}

function onQuestion(
  state: FormState,
  question: AnswerableQuestion,
  input: Exclude<Input, { type: "show" }>,
  env: Env,
): Result {
  // edit and submit belong to the summary; `question` in an edit names the answer to fix, not a step.
  if (input.type === "edit" || input.type === "submit") return stale(state, env);
  if (input.question !== undefined && input.question !== question.key) return stale(state, env);
  const options = optionsOf(question, env);
  switch (input.type) {
    case "back": {
      if (state.cursor.at === "question" && state.cursor.fromSummary) {
        return moved(state, env, { at: "summary" });
      }
      const previous = previousAskable(env, state.answers, question.key);
      if (!previous) return invalidKey(state, env, "cannot-go-back");
      return moved(state, env, { at: "question", question: previous.key, fromSummary: false });
    }
    case "skip":
      if (!question.optional) return invalidKey(state, env, "cannot-skip");
      return skip(state, env, question);
    case "text":
      return onText(state, env, question, input.text);
    case "choose": {
      if (
        !options.some((o) => o.value === input.value) &&
        question.kind !== "scale" &&
        question.kind !== "yes_no"
      ) {
        return stale(state, env);
      }
      return onChoose(state, env, question, input.value);
    }
    case "done":
      return onDone(state, env, question);
    case "undo": {
      if (question.kind !== "ranking") return stale(state, env);
      const draft = draftFor(question, state, env);
      if (draft.selected.length === 0) return invalidKey(state, env, "nothing-to-undo");
      return withDraft(state, env, question, draft.selected.slice(0, -1), draft.page);
    }
    case "page": {
      // Pick and ranking page here; a long choice or scale is paged by a channel, in pages of its size.
      const pageCount =
        question.kind === "pick" || question.kind === "ranking"
          ? Math.max(1, Math.ceil(options.length / question.pageSize))
          : channelPaged(question);
      if (pageCount === undefined) return stale(state, env);
      if (!Number.isInteger(input.page) || input.page < 0 || input.page >= pageCount)
        return stale(state, env);
      return withDraft(state, env, question, draftFor(question, state, env).selected, input.page);
    }
    case "date": {
      if (question.kind !== "date" || !question.shortcuts.includes(input.shortcut)) return stale(state, env);
      return commitDate(state, env, question, shortcutDate(input.shortcut, env.today));
    }
  }
}

function onChoose(state: FormState, env: Env, question: AnswerableQuestion, value: string): Result {
  switch (question.kind) {
    case "pick":
      if (question.multiple) return togglePick(state, env, question, value);
      return commit(state, env, question, value);
    case "single_choice":
      return commit(state, env, question, value);
    case "multiple_choice":
      return toggle(state, env, question, value);
    case "ranking":
      return rank(state, env, question, value);
    case "scale": {
      const n = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
      if (!(n >= question.min && n <= question.max)) return stale(state, env);
      return commit(state, env, question, n);
    }
    case "yes_no":
      if (value !== "yes" && value !== "no") return stale(state, env);
      return commit(state, env, question, value === "yes");
    default:
      // A button for a question of another kind: an old keyboard of another form version.
      return stale(state, env);
  }
}

function toggle(
  state: FormState,
  env: Env,
  question: Extract<Question, { kind: "multiple_choice" }>,
  value: string,
): Result {
  const draft = draftFor(question, state, env);
  const { max } = multipleBounds(question);
  const exclusive = new Set(question.options.filter((o) => o.exclusive).map((o) => o.value));
  let selected: string[];
  if (draft.selected.includes(value)) {
    selected = draft.selected.filter((v) => v !== value);
  } else if (exclusive.has(value)) {
    selected = [value];
  } else {
    const kept = draft.selected.filter((v) => !exclusive.has(v));
    if (kept.length >= max) return invalidKey(state, env, "invalid-multiple-max", { max });
    selected = [...kept, value];
  }
  const order = question.options.map((o) => o.value);
  selected.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return withDraft(state, env, question, selected, draft.page);
}

/** A multiple pick's toggle: the selection stays in list order, whichever page a value was on. */
function togglePick(
  state: FormState,
  env: Env,
  question: Extract<Question, { kind: "pick" }>,
  value: string,
): Result {
  const draft = draftFor(question, state, env);
  const order = optionsOf(question, env).map((o) => o.value);
  const selected = draft.selected.includes(value)
    ? draft.selected.filter((v) => v !== value)
    : [...draft.selected, value].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return withDraft(state, env, question, selected, draft.page);
}

function finishPick(
  state: FormState,
  env: Env,
  question: Extract<Question, { kind: "pick" }>,
  selected: string[],
): Result {
  if (selected.length === 0) return invalidKey(state, env, "invalid-multiple-min", { min: 1 });
  const order = optionsOf(question, env).map((o) => o.value);
  return commit(
    state,
    env,
    question,
    [...selected].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
  );
}

function finishMultiple(
  state: FormState,
  env: Env,
  question: Extract<Question, { kind: "multiple_choice" }>,
  selected: string[],
): Result {
  const { min, max } = multipleBounds(question);
  if (selected.length > 1) {
    const index = question.options.findIndex((o) => o.exclusive && selected.includes(o.value));
    if (index >= 0) return invalidKey(state, env, "invalid-multiple-exclusive", { number: index + 1 });
  }
  if (selected.length < min) return invalidKey(state, env, "invalid-multiple-min", { min });
  if (selected.length > max) return invalidKey(state, env, "invalid-multiple-max", { max });
  const order = question.options.map((o) => o.value);
  return commit(
    state,
    env,
    question,
    [...selected].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
  );
}

function rank(
  state: FormState,
  env: Env,
  question: Extract<Question, { kind: "ranking" }>,
  value: string,
): Result {
  const draft = draftFor(question, state, env);
  const { max } = rankingBounds(question, env);
  if (draft.selected.includes(value)) return invalidKey(state, env, "invalid-ranking-already");
  if (draft.selected.length >= max) return invalidKey(state, env, "invalid-ranking-full", { max });
  const selected = [...draft.selected, value];
  // The last allowed pick completes the ranking: there is nothing left to decide.
  if (selected.length === max) return commit(state, env, question, selected);
  return withDraft(state, env, question, selected, draft.page);
}

function onDone(state: FormState, env: Env, question: AnswerableQuestion): Result {
  if (question.kind === "multiple_choice") {
    return finishMultiple(state, env, question, draftFor(question, state, env).selected);
  }
  if (question.kind === "pick" && question.multiple) {
    return finishPick(state, env, question, draftFor(question, state, env).selected);
  }
  if (question.kind === "ranking") {
    const { selected } = draftFor(question, state, env);
    const min = Math.max(rankingBounds(question, env).min, 1);
    if (selected.length < min) return invalidKey(state, env, "invalid-ranking-min", { min });
    return commit(state, env, question, selected);
  }
  // "Keep": the question was answered before (back, or fixing from the summary) and stays as it is.
  const answer = state.answers[question.key];
  if (answer === undefined) return stale(state, env);
  // A date given days ago may have left its range ("no earlier than a week ago"): say which range.
  if (question.kind === "date" && typeof answer === "string") return commitDate(state, env, question, answer);
  if (!isValidAnswer(question, answer, env)) return stale(state, env);
  return commit(state, env, question, answer);
}

function commitDate(
  state: FormState,
  env: Env,
  question: Extract<Question, { kind: "date" }>,
  date: IsoDate,
): Result {
  const { min, max } = dateBounds(question, env.today);
  if (min !== undefined && date < min) return invalidKey(state, env, "invalid-date-early", dateArgs(min));
  if (max !== undefined && date > max) return invalidKey(state, env, "invalid-date-late", dateArgs(max));
  return commit(state, env, question, date);
}

function onText(state: FormState, env: Env, question: AnswerableQuestion, raw: string): Result {
  if (raw.length > MAX_INPUT_LENGTH) {
    if (question.kind === "text") {
      return invalidKey(state, env, "invalid-text-long", { max: textBounds(question).max });
    }
    return invalidKey(state, env, "use-buttons");
  }
  const options = optionsOf(question, env);
  const byNumber = () => {
    const n = parseWholeNumber(raw);
    return n === undefined ? undefined : options[n - 1];
  };
  switch (question.kind) {
    case "pick":
    case "single_choice": {
      if (options.length === 0) return invalidKey(state, env, "source-empty");
      if (question.kind === "pick" && question.multiple) {
        const numbers = parseNumberList(raw);
        if (!numbers || numbers.some((n) => n < 1 || n > options.length)) {
          return invalidKey(state, env, "invalid-option-number", { count: options.length });
        }
        const values = [...new Set(numbers)].map((n) => options[n - 1]!.value);
        return finishPick(state, env, question, values);
      }
      const option = byNumber();
      if (!option) return invalidKey(state, env, "invalid-option-number", { count: options.length });
      return commit(state, env, question, option.value);
    }
    case "multiple_choice": {
      const numbers = parseNumberList(raw);
      if (!numbers || numbers.some((n) => n < 1 || n > options.length)) {
        return invalidKey(state, env, "invalid-option-number", { count: options.length });
      }
      const values = [...new Set(numbers)].map((n) => options[n - 1]!.value);
      return finishMultiple(state, env, question, values);
    }
    case "ranking": {
      if (options.length === 0) return invalidKey(state, env, "source-empty");
      const option = byNumber();
      if (!option) return invalidKey(state, env, "invalid-option-number", { count: options.length });
      return rank(state, env, question, option.value);
    }
    case "scale": {
      const n = parseWholeNumber(raw);
      if (n === undefined || n < question.min || n > question.max) {
        return invalidKey(state, env, "invalid-scale", { min: question.min, max: question.max });
      }
      return commit(state, env, question, n);
    }
    case "yes_no": {
      const answer = parseYesNo(raw);
      if (answer === undefined) return invalidKey(state, env, "invalid-yes-no");
      return commit(state, env, question, answer);
    }
    case "text": {
      const text = cleanText(raw);
      const { min, max } = textBounds(question);
      const length = textLength(text);
      if (length === 0) return invalidKey(state, env, "invalid-text-empty");
      if (length < min) return invalidKey(state, env, "invalid-text-short", { min });
      if (length > max) return invalidKey(state, env, "invalid-text-long", { max });
      return commit(state, env, question, text);
    }
    case "number": {
      const n = parseNumber(raw);
      if (n === undefined) {
        // An integer question must not suggest a fraction as an example.
        return invalidKey(state, env, "invalid-number", { integer: question.integer ? "yes" : "no" });
      }
      if (question.integer && !Number.isInteger(n)) return invalidKey(state, env, "invalid-number-integer");
      if (question.min !== undefined && n < question.min) {
        return invalidKey(state, env, "invalid-number-min", { min: question.min });
      }
      if (question.max !== undefined && n > question.max) {
        return invalidKey(state, env, "invalid-number-max", { max: question.max });
      }
      // -0 would be stored as 0 and read back as 0: store 0 from the start.
      return commit(state, env, question, n === 0 ? 0 : n);
    }
    case "date": {
      const date = parseDate(raw, env.today);
      if (!date) return invalidKey(state, env, "invalid-date", { example: dottedDate(env.today) });
      return commitDate(state, env, question, date);
    }
  }
}
