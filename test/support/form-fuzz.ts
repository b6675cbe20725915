import fc from "fast-check";
import { evaluateCondition } from "../../src/core/forms/conditions.js";
import { addDays, todayIn } from "../../src/core/forms/dates.js";
import type { FormDefinition, Question } from "../../src/core/forms/definition.js";
import { handleInput, startForm } from "../../src/core/forms/engine.js";
import { parseFormState } from "../../src/core/forms/state.js";
import type {
  AnswerDisplay,
  AnswerValue,
  Answers,
  Button,
  Context,
  DateShortcut,
  FormState,
  Input,
  Outcome,
  Prompt,
  Result,
  Sources,
  Text,
} from "../../src/core/forms/types.js";

/**
 * Property-based driver for the form engine: random and hostile input sequences against one
 * definition, checking after every step the invariants a session must keep whatever people send:
 *
 * 1. the state survives a JSON round trip and parses back (it is stored as jsonb after every step);
 * 2. every stored answer is valid for its question (kind, options, ranges; checked here
 *    independently of the engine's own validation);
 * 3. hidden questions have no answers and no skips; only optional questions are skipped;
 * 4. the cursor is on a visible, askable question, or at the summary/done with every askable question
 *    settled and every required one answered; a draft belongs to the question under the cursor;
 * 5. invalid, stale and shown inputs change nothing and emit no effects;
 * 6. no answer is ever lost: the answers after a step are exactly the answers before plus the step's
 *    set_answer effects minus its clear_answer effects, and a cleared answer belongs to a question that
 *    is hidden now or that this very input skipped;
 * 7. a submitted form stays submitted;
 * 8. the last prompt shows the cursor's step, and every button fits a 64-byte payload budget;
 * 9. (optional) every Text in every prompt renders (see `checkText`).
 */

export interface FuzzOptions {
  /** fast-check runs (sequences); default 150. */
  runs?: number;
  /** Longest input sequence; default 80. */
  maxSteps?: number;
  seed?: number;
  /** Fixed lists, or (default) random ones per run: empty sometimes, longer than a page sometimes. */
  sources?: Sources;
  /** Called for each distinct Text shown; throw to fail (e.g. a missing locale key). */
  checkText?: (text: Text) => void;
}

export interface FuzzStats {
  runs: number;
  steps: number;
  submitted: number;
  outcomes: Partial<Record<Outcome, number>>;
  /** Question keys that held an answer at some point. */
  answered: Set<string>;
}

type Move =
  | { kind: "smart"; pick: number }
  | { kind: "button"; pick: number }
  | { kind: "old-button"; pick: number }
  | { kind: "text"; text: string }
  | { kind: "forged"; input: Input }
  | { kind: "control"; type: ControlType; pinned: boolean };

type ControlType = "back" | "skip" | "show" | "submit" | "done" | "undo";

const ZONES = ["Europe/Moscow", "Europe/Kaliningrad", "Asia/Vladivostok", "Asia/Kamchatka", "UTC"];

/** Runs the property; throws (with fast-check's shrunk counterexample) when an invariant breaks. */
export function fuzzForm(definition: FormDefinition, options: FuzzOptions = {}): FuzzStats {
  const stats: FuzzStats = { runs: 0, steps: 0, submitted: 0, outcomes: {}, answered: new Set() };
  const seenTexts = new Set<string>();
  const checkText = (text: Text) => {
    if (!options.checkText) return;
    const id = JSON.stringify(text);
    if (seenTexts.has(id)) return;
    seenTexts.add(id);
    options.checkText(text);
  };

  const keys = definition.questions.map((q) => q.key);
  const values = [
    ...new Set(
      definition.questions.flatMap((q) => ("options" in q && q.options ? q.options.map((o) => o.value) : [])),
    ),
  ];
  const sourceNames = [
    ...new Set(
      definition.questions.flatMap((q) =>
        (q.kind === "pick" || q.kind === "ranking") && q.source ? [q.source] : [],
      ),
    ),
  ];

  const hostileText = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.integer({ min: -20, max: 120 }).map(String),
    fc.constantFrom(
      "",
      "   ",
      "1",
      "2",
      "0",
      "10",
      "1, 3",
      "1 2 3 4 5 6",
      "да",
      "Нет",
      "yes",
      "1,5",
      "-0",
      "1e400",
      "NaN",
      "Infinity",
      "сегодня",
      "вчера",
      "31.02.2026",
      "29.02.2028",
      "01.01.1900",
      "2100-12-31",
      "\u0000",
      "\ud800",
      "😀😀😀",
      "<b>x</b>",
      "Ан\u0000я",
      "x\ud800y",
      "\u0007 звонок \u0007",
      "'; drop table answer; --",
      "я".repeat(5000),
      "x".repeat(9000),
    ),
  );
  const questionRef = fc.oneof(
    fc.constantFrom(...keys, "_summary", "nope", ""),
    fc.string({ maxLength: 40 }),
  );
  const valueRef = fc.oneof(
    fc.constantFrom(...values, "yes", "no", "0", "1", "5", "10", "11", "-1", "p1", "p40", ""),
    fc.string({ maxLength: 30 }),
  );
  const forged: fc.Arbitrary<Input> = fc.oneof(
    fc.record({ type: fc.constant("choose" as const), question: questionRef, value: valueRef }),
    fc.record({ type: fc.constant("done" as const), question: questionRef }),
    fc.record({ type: fc.constant("undo" as const), question: questionRef }),
    fc.record({ type: fc.constant("back" as const), question: questionRef }),
    fc.record({ type: fc.constant("skip" as const), question: questionRef }),
    fc.record({ type: fc.constant("edit" as const), question: questionRef }),
    fc.record({ type: fc.constant("submit" as const), question: questionRef }),
    fc.record({
      type: fc.constant("page" as const),
      question: questionRef,
      page: fc.oneof(fc.integer({ min: -2, max: 6 }), fc.constant(Number.NaN), fc.constant(1.5)),
    }),
    fc.record({
      type: fc.constant("date" as const),
      question: questionRef,
      shortcut: fc.constantFrom<DateShortcut[]>("today", "yesterday", "tomorrow", "in_a_week"),
    }),
    fc.record({ type: fc.constant("text" as const), text: hostileText, question: questionRef }),
  );
  const move: fc.Arbitrary<Move> = fc.oneof(
    { weight: 6, arbitrary: fc.nat().map((pick) => ({ kind: "smart" as const, pick })) },
    { weight: 3, arbitrary: fc.nat().map((pick) => ({ kind: "button" as const, pick })) },
    { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: "old-button" as const, pick })) },
    { weight: 2, arbitrary: hostileText.map((text) => ({ kind: "text" as const, text })) },
    { weight: 1, arbitrary: forged.map((input) => ({ kind: "forged" as const, input })) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("control" as const),
        type: fc.constantFrom<ControlType[]>("back", "skip", "show", "submit", "done", "undo"),
        pinned: fc.boolean(),
      }),
    },
  );
  const sourcesArb: fc.Arbitrary<Sources> = options.sources
    ? fc.constant(options.sources)
    : fc
        .tuple(
          ...sourceNames.map(() =>
            fc.oneof(
              { weight: 1, arbitrary: fc.constant(0) },
              { weight: 5, arbitrary: fc.integer({ min: 1, max: 25 }) },
            ),
          ),
        )
        .map((sizes) => Object.fromEntries(sourceNames.map((name, i) => [name, people(sizes[i]!)])));
  const contextArb = fc.record({
    now: fc.date({
      min: new Date("2025-01-01T00:00:00Z"),
      max: new Date("2030-12-31T23:59:59Z"),
      noInvalidDate: true,
    }),
    timeZone: fc.constantFrom(...ZONES),
  });

  fc.assert(
    fc.property(
      contextArb,
      sourcesArb,
      fc.array(move, { maxLength: options.maxSteps ?? 80, size: "max" }),
      (base, sources, moves) => {
        stats.runs++;
        const context: Context = { ...base, sources };
        const plain: Context = { now: base.now, timeZone: base.timeZone };
        let result = startForm(definition, context);
        checkStep(definition, undefined, result, undefined, context, checkText);
        const oldButtons: Button[] = [];
        for (const m of moves) {
          const input = toInput(m, result, oldButtons);
          collectButtons(result.prompts, oldButtons);
          // What the next call sees is what the database gave back.
          const stored = parseFormState(JSON.parse(JSON.stringify(result.state)));
          const next = handleInput(definition, stored, input, plain);
          stats.steps++;
          stats.outcomes[next.outcome] = (stats.outcomes[next.outcome] ?? 0) + 1;
          if (next.outcome === "submitted") stats.submitted++;
          checkStep(definition, stored, next, input, context, checkText);
          for (const key of Object.keys(next.state.answers)) stats.answered.add(key);
          result = next;
        }
      },
    ),
    { numRuns: options.runs ?? 150, seed: options.seed, endOnFailure: true },
  );
  return stats;
}

function people(count: number): Sources[string] {
  return Array.from({ length: count }, (_, i) => ({
    value: `p${i + 1}`,
    label: { key: "forms-engine-raw", args: { value: `Person ${i + 1}` } },
  }));
}

function collectButtons(prompts: Prompt[], into: Button[]): void {
  for (const prompt of prompts) {
    if (prompt.type === "question") {
      const expects = prompt.expects;
      if ("options" in expects) into.push(...expects.options);
      if (expects.kind === "date") into.push(...expects.shortcuts);
      if ("paging" in expects) {
        if (expects.paging.previous) into.push(expects.paging.previous);
        if (expects.paging.next) into.push(expects.paging.next);
      }
      into.push(...prompt.actions);
    } else if (prompt.type === "summary") {
      into.push(...prompt.items.map((i) => i.fix), ...prompt.actions);
    }
  }
  // Keep the pool small: only fairly recent messages are tapped in real life.
  if (into.length > 200) into.splice(0, into.length - 200);
}

function stepId(state: FormState): string {
  return state.cursor.at === "question"
    ? state.cursor.question
    : state.cursor.at === "summary"
      ? "_summary"
      : "_done";
}

function toInput(m: Move, current: Result, oldButtons: Button[]): Input {
  switch (m.kind) {
    case "text":
      return { type: "text", text: m.text };
    case "forged":
      return m.input;
    case "control": {
      const question = m.pinned ? stepId(current.state) : undefined;
      if (m.type === "show") return { type: "show" };
      if (m.type === "done" || m.type === "undo") return { type: m.type, question: question ?? "" };
      return question === undefined ? { type: m.type } : { type: m.type, question };
    }
    case "old-button":
      if (oldButtons.length > 0) return oldButtons[m.pick % oldButtons.length]!.input;
      return { type: "show" };
    case "button": {
      const buttons: Button[] = [];
      collectButtons(current.prompts, buttons);
      return buttons.length > 0 ? buttons[m.pick % buttons.length]!.input : { type: "show" };
    }
    case "smart":
      return smartInput(current.prompts, m.pick);
  }
}

/** An input likely to be accepted, so sequences reach deep questions, the summary and submit. */
function smartInput(prompts: Prompt[], pick: number): Input {
  const prompt = prompts.at(-1);
  if (!prompt) return { type: "show" };
  if (prompt.type === "summary") {
    if (pick % 5 !== 0 || prompt.items.length === 0) return { type: "submit", question: "_summary" };
    return prompt.items[pick % prompt.items.length]!.fix.input;
  }
  if (prompt.type !== "question") return { type: "show" };
  const q = prompt.question;
  const e = prompt.expects;
  const skip = prompt.actions.find((a) => a.action === "skip");
  if (skip && pick % 11 === 0) return skip.input;
  switch (e.kind) {
    case "single_choice":
    case "yes_no":
    case "scale":
      return e.options[pick % e.options.length]!.input;
    case "pick":
      if (e.options.length === 0) return skip?.input ?? { type: "show" };
      if (e.multiple && e.options.some((o) => o.selected) && pick % 3 === 0) {
        return { type: "done", question: q };
      }
      return e.options[pick % e.options.length]!.input;
    case "multiple_choice": {
      const selected = e.options.filter((o) => o.selected).length;
      const unselected = e.options.filter((o) => !o.selected);
      if (selected >= e.min && (pick % 3 === 0 || selected >= e.max || unselected.length === 0)) {
        return { type: "done", question: q };
      }
      return (unselected[pick % Math.max(unselected.length, 1)] ?? e.options[0]!).input;
    }
    case "ranking": {
      if (e.max === 0) return skip?.input ?? { type: "show" };
      if (e.picks.length >= Math.max(e.min, 1) && pick % 3 === 0) return { type: "done", question: q };
      const free = e.options.filter((o) => o.rank === undefined);
      if (free.length > 0) return free[pick % free.length]!.input;
      return e.paging.next?.input ?? e.paging.previous?.input ?? { type: "done", question: q };
    }
    case "text": {
      const length = Math.min(e.minLength + (pick % 15), e.maxLength);
      const plain = "ответ".repeat(length).slice(0, length);
      // Now and then with what Postgres jsonb refuses (NUL, a lone surrogate) and padding to trim.
      if (pick % 4 === 0) return { type: "text", text: ` \u0000${plain}\u001b\ud800 ` };
      return { type: "text", text: plain };
    }
    case "number": {
      const low = e.min ?? (e.max !== undefined ? e.max - 10 : 0);
      const high = e.max ?? low + 10;
      const n = e.integer
        ? Math.ceil(low) + (pick % (Math.floor(high) - Math.ceil(low) + 1))
        : low + ((pick % 100) / 100) * (high - low);
      return { type: "text", text: String(n).replace(".", pick % 2 ? "," : ".") };
    }
    case "date": {
      if (e.shortcuts.length > 0 && pick % 2 === 0) return e.shortcuts[pick % e.shortcuts.length]!.input;
      const date = e.min ?? e.max ?? "2026-05-01";
      const [y, m, d] = date.split("-");
      return { type: "text", text: `${d}.${m}.${y}` };
    }
  }
}

/** Independent of the engine's code: what a stored answer to each kind must look like. */
function answerProblem(q: Question, value: AnswerValue, sources: Sources, today: string): string | undefined {
  const listOf = (): string[] => {
    if ("options" in q && q.options) return q.options.map((o) => o.value);
    if ((q.kind === "pick" || q.kind === "ranking") && q.source)
      return (sources[q.source] ?? []).map((o) => o.value);
    return [];
  };
  const list = listOf();
  switch (q.kind) {
    case "info":
      return "an info item has an answer";
    case "pick":
      if (q.multiple) {
        if (!Array.isArray(value) || value.length === 0) return "not a non-empty list";
        if (new Set(value).size !== value.length) return "repeats an option";
        if (!value.every((v) => list.includes(v))) return "unknown option";
        const sorted = [...value].sort((a, b) => list.indexOf(a) - list.indexOf(b));
        return sorted.join() === value.join() ? undefined : "not in list order";
      }
      return typeof value === "string" && list.includes(value) ? undefined : "not one of the options";
    case "single_choice":
      return typeof value === "string" && list.includes(value) ? undefined : "not one of the options";
    case "multiple_choice": {
      if (!Array.isArray(value)) return "not a list";
      if (new Set(value).size !== value.length) return "repeats an option";
      if (!value.every((v) => list.includes(v))) return "unknown option";
      const sorted = [...value].sort((a, b) => list.indexOf(a) - list.indexOf(b));
      if (sorted.join() !== value.join()) return "not in option order";
      const max = Math.min(q.max ?? list.length, list.length);
      if (value.length > max || value.length < Math.min(q.min, max)) return "count out of bounds";
      return undefined;
    }
    case "ranking": {
      if (!Array.isArray(value) || value.length === 0) return "not a non-empty list";
      if (new Set(value).size !== value.length) return "repeats an option";
      if (!value.every((v) => list.includes(v))) return "unknown option";
      const max = Math.min(q.maxChoices, list.length);
      if (value.length > max || value.length < Math.min(q.minChoices, max)) return "count out of bounds";
      return undefined;
    }
    case "scale":
      return Number.isInteger(value) && (value as number) >= q.min && (value as number) <= q.max
        ? undefined
        : "out of scale";
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return "not a finite number";
      if (q.integer && !Number.isInteger(value)) return "not whole";
      if ((q.min !== undefined && value < q.min) || (q.max !== undefined && value > q.max))
        return "out of range";
      return Object.is(value, -0) ? "negative zero" : undefined;
    case "text": {
      if (typeof value !== "string") return "not text";
      if (value !== value.trim()) return "not trimmed";
      // eslint-disable-next-line no-control-regex -- jsonb refuses NUL; other controls are noise
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(value)) return "control characters";
      if (!value.isWellFormed()) return "lone surrogate";
      const length = [...value].length;
      if (length < q.minLength || length > (q.maxLength ?? 4000)) return "length out of bounds";
      return undefined;
    }
    case "date": {
      if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return "not an ISO date";
      if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) return "no such day";
      if (q.minDaysFromToday !== undefined && value < addDays(today, q.minDaysFromToday)) return "too early";
      if (q.maxDaysFromToday !== undefined && value > addDays(today, q.maxDaysFromToday)) return "too late";
      return undefined;
    }
    case "yes_no":
      return typeof value === "boolean" ? undefined : "not a boolean";
  }
}

function texts(prompt: Prompt): Text[] {
  switch (prompt.type) {
    case "intro":
      return [prompt.title, ...(prompt.text ? [prompt.text] : [])];
    case "info":
      return [prompt.text, ...(prompt.hint ? [prompt.hint] : [])];
    case "notice":
      return [prompt.text];
    case "done":
      return [prompt.title, prompt.text];
    case "summary":
      return [
        prompt.title,
        prompt.heading,
        ...prompt.actions.map((a) => a.label),
        ...prompt.items.flatMap((i) => [i.text, i.fix.label, ...answerTexts(i.answer)]),
      ];
    case "question": {
      const e = prompt.expects;
      const list: Text[] = [prompt.text, prompt.progress.text, ...prompt.actions.map((a) => a.label)];
      if (prompt.hint) list.push(prompt.hint);
      if (prompt.help) list.push(prompt.help);
      if (prompt.current) list.push(prompt.current.heading, ...answerTexts(prompt.current.answer));
      if ("options" in e) list.push(...e.options.map((o) => o.label));
      if (e.kind === "date") list.push(...e.shortcuts.map((o) => o.label));
      if (e.kind === "scale") list.push(...[e.minLabel, e.maxLabel].filter((t): t is Text => !!t));
      if (e.kind === "number" && e.unit) list.push(e.unit);
      if ("paging" in e) {
        list.push(e.paging.text);
        if (e.paging.next) list.push(e.paging.next.label);
        if (e.paging.previous) list.push(e.paging.previous.label);
      }
      if (e.kind === "ranking") list.push(...e.picks.map((p) => p.label));
      return list;
    }
  }
}

function answerTexts(answer: AnswerDisplay): Text[] {
  if (answer.type === "options") return answer.labels;
  if (answer.type === "value") return [answer.text, ...(answer.unit ? [answer.unit] : [])];
  return [answer.text];
}

function fail(message: string, detail: unknown): never {
  throw new Error(`${message}: ${JSON.stringify(detail)}`);
}

function checkStep(
  definition: FormDefinition,
  before: FormState | undefined,
  result: Result,
  input: Input | undefined,
  context: Context,
  checkText: (text: Text) => void,
): void {
  const state = result.state;
  const sources = state.sources;
  const today = todayIn(context.now, context.timeZone);

  // 1. Storable.
  const roundTrip = parseFormState(JSON.parse(JSON.stringify(state)));
  if (JSON.stringify(roundTrip) !== JSON.stringify(state)) fail("state does not round-trip", state);
  if (state.formKey !== definition.key || state.formVersion !== definition.version) fail("wrong form", state);

  // 2 and 3. Answers and skips.
  const byKey = new Map(definition.questions.map((q) => [q.key, q]));
  const visible = (q: Question) => !q.showIf || evaluateCondition(q.showIf, state.answers);
  const listEmpty = (q: Question) =>
    (q.kind === "pick" || (q.kind === "ranking" && !!q.source)) &&
    (sources[(q as { source: string }).source] ?? []).length === 0;
  const askable = definition.questions.filter(
    (q) => q.kind !== "info" && visible(q) && !(q.optional && listEmpty(q)),
  );
  for (const [key, value] of Object.entries(state.answers)) {
    const q = byKey.get(key);
    if (!q) fail("answer to an unknown question", key);
    if (!visible(q)) fail("hidden question has an answer", { key, answers: state.answers });
    const problem = answerProblem(q, value, sources, today);
    if (problem) fail(`invalid stored answer (${problem})`, { key, value });
  }
  for (const key of state.skipped) {
    const q = byKey.get(key);
    if (!q || !q.optional) fail("a required or unknown question is marked skipped", key);
    if (!visible(q)) fail("hidden question is marked skipped", key);
    if (state.answers[key] !== undefined) fail("question both answered and skipped", key);
  }
  if (new Set(state.skipped).size !== state.skipped.length) fail("skipped twice", state.skipped);

  // 4. Cursor and draft.
  const cursor = state.cursor;
  if (cursor.at === "question") {
    const q = byKey.get(cursor.question);
    if (!q || !askable.includes(q)) fail("cursor on a question that is not askable", cursor);
  } else {
    for (const q of askable) {
      if (state.answers[q.key] === undefined && !(q.optional && state.skipped.includes(q.key))) {
        fail(`${cursor.at} reached with ${q.key} unsettled`, state);
      }
    }
  }
  if (state.draft) {
    if (cursor.at !== "question" || state.draft.question !== cursor.question)
      fail("draft of another question", state);
    const q = byKey.get(state.draft.question)!;
    // A single choice or a scale shown a page at a time (VK's ten buttons) keeps only its page.
    const pageOnly = ["single_choice", "scale"].includes(q.kind) && state.draft.selected.length === 0;
    if (!["multiple_choice", "ranking", "pick"].includes(q.kind) && !pageOnly)
      fail("draft on a single-step question", state);
    if (new Set(state.draft.selected).size !== state.draft.selected.length)
      fail("draft repeats a value", state);
  }

  // 7 and 8. Prompts.
  const last = result.prompts.at(-1);
  if (!last) fail("no prompt", result);
  if (cursor.at === "question" && (last.type !== "question" || last.question !== cursor.question)) {
    fail("last prompt is not the current question", { cursor, last });
  }
  if (cursor.at === "summary" && last.type !== "summary") fail("last prompt is not the summary", last);
  if (
    cursor.at === "done" &&
    last.type !== "done" &&
    !(last.type === "notice" && result.outcome === "stale")
  ) {
    fail("last prompt after submit", last);
  }
  if (
    last.type === "question" &&
    (last.progress.current < 1 || last.progress.current > last.progress.total)
  ) {
    fail("progress out of range", last.progress);
  }
  const buttons: Button[] = [];
  collectButtons(result.prompts, buttons);
  for (const button of buttons) {
    const i = button.input as { question?: string; value?: string };
    const bytes = Buffer.byteLength(i.question ?? "") + Buffer.byteLength(i.value ?? "");
    if (bytes > 56) fail("button payload too long for 64 bytes", button.input);
  }
  for (const prompt of result.prompts) for (const text of texts(prompt)) checkText(text);

  if (!before || !input) return;
  // 5. Refusals change nothing.
  if (["invalid", "stale", "shown"].includes(result.outcome)) {
    if (JSON.stringify(state) !== JSON.stringify(before))
      fail(`${result.outcome} input changed the state`, input);
    if (result.effects.length > 0) fail(`${result.outcome} input has effects`, input);
  }
  if (before.cursor.at === "done" && cursor.at !== "done") fail("a submitted form reopened", input);
  if (result.outcome === "submitted" && cursor.at !== "done") fail("submitted but not done", state);

  // 6. Nothing lost: answers change only through effects, and clears only what is hidden or skipped.
  const expected: Answers = { ...before.answers };
  for (const effect of result.effects) {
    if (effect.type === "set_answer") expected[effect.question] = effect.value;
    if (effect.type === "clear_answer") {
      delete expected[effect.question];
      const q = byKey.get(effect.question)!;
      const skippedNow =
        input.type === "skip" && before.cursor.at === "question" && before.cursor.question === q.key;
      if (visible(q) && !skippedNow) fail("cleared the answer to a visible question", { effect, input });
    }
  }
  if (JSON.stringify(sortKeys(expected)) !== JSON.stringify(sortKeys(state.answers))) {
    fail("answers changed other than by effects", {
      before: before.answers,
      after: state.answers,
      effects: result.effects,
    });
  }
}

function sortKeys(answers: Answers): [string, AnswerValue][] {
  return Object.entries(answers).sort(([a], [b]) => a.localeCompare(b));
}
