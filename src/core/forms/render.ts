import { dateArgs, dottedDate, shortcutDate } from "./dates.js";
import type { Question } from "./definition.js";
import {
  askableQuestions,
  dateBounds,
  isValidAnswer,
  multipleBounds,
  optionsOf,
  previousAskable,
  rankingBounds,
  textBounds,
  usesSource,
  type AnswerableQuestion,
  type Env,
  type ListOption,
} from "./model.js";
import { engineText } from "./texts.js";
import {
  SUMMARY_STEP,
  type ActionButton,
  type AnswerDisplay,
  type AnswerValue,
  type Draft,
  type ExpectedInput,
  type FormState,
  type OptionButton,
  type Paging,
  type Prompt,
  type QuestionPrompt,
  type SummaryPrompt,
  type Text,
} from "./types.js";

const SHORTCUT_MESSAGES = {
  today: "shortcut-today",
  yesterday: "shortcut-yesterday",
  tomorrow: "shortcut-tomorrow",
  in_a_week: "shortcut-in-a-week",
} as const;

/** The draft of the question under the cursor, or a fresh one that starts from its current answer. */
export function draftFor(question: Question, state: FormState, env: Env): Draft {
  if (state.draft?.question === question.key) return state.draft;
  const answer = state.answers[question.key];
  // Values that left a refreshed list are not carried into the draft: they could not be stored again.
  const values = new Set(optionsOf(question, env).map((o) => o.value));
  const selected = Array.isArray(answer) ? answer.filter((v) => values.has(v)) : [];
  let page = 0;
  // Open a list on the page holding the current answer, so "back" shows it selected.
  if (question.kind === "pick" && typeof answer === "string") {
    const index = optionsOf(question, env).findIndex((o) => o.value === answer);
    if (index > 0) page = Math.floor(index / question.pageSize);
  }
  return { question: question.key, selected, page };
}

/** The prompts that show the cursor's step: a question (with a notice when its list is empty), the summary, or done. */
export function renderStep(state: FormState, env: Env): Prompt[] {
  const cursor = state.cursor;
  if (cursor.at === "done") return [donePrompt(env)];
  if (cursor.at === "summary") return [renderSummary(state, env)];
  const question = env.definition.questions.find((q) => q.key === cursor.question);
  if (!question || question.kind === "info") {
    throw new Error(`Form state points at "${cursor.question}", which is not a question of this form`);
  }
  const prompts: Prompt[] = [];
  if (usesSource(question) && optionsOf(question, env).length === 0) {
    prompts.push({ type: "notice", tone: "info", text: engineText("source-empty") });
  }
  prompts.push(renderQuestion(question, state, env));
  return prompts;
}

export function donePrompt(env: Env): Prompt {
  return { type: "done", title: { key: env.definition.title }, text: engineText("done-text") };
}

export function renderQuestion(question: AnswerableQuestion, state: FormState, env: Env): QuestionPrompt {
  const askable = askableQuestions(env, state.answers);
  const index = askable.findIndex((q) => q.key === question.key);
  const current = index + 1;
  const total = askable.length;
  const answer = state.answers[question.key];
  const draft = draftFor(question, state, env);
  const fromSummary = state.cursor.at === "question" && state.cursor.fromSummary;
  const prompt: QuestionPrompt = {
    type: "question",
    question: question.key,
    kind: question.kind,
    text: { key: question.text },
    optional: question.optional,
    progress: { current, total, text: engineText("progress", { current, total }) },
    editing: fromSummary,
    expects: expectedInput(question, answer, draft, env),
    actions: actions(question, answer, draft, fromSummary, state, env),
  };
  if (question.hint) prompt.hint = { key: question.hint };
  if (draft.page > 0 && channelPaged(question)) prompt.page = draft.page;
  const help = helpText(question, env);
  if (help) prompt.help = help;
  if (answer !== undefined) {
    prompt.current = { heading: engineText("current-answer"), answer: displayAnswer(question, answer, env) };
  }
  return prompt;
}

/**
 * Lists that the engine leaves whole and a channel with few buttons per message may page (VK);
 * `page` inputs for them are checked against the number of options, the most pages there can be.
 */
export function channelPaged(question: AnswerableQuestion): number | undefined {
  switch (question.kind) {
    case "single_choice":
    case "multiple_choice":
      return question.options.length;
    case "scale":
      return question.max - question.min + 1;
    default:
      return undefined;
  }
}

function optionButtons(
  question: Question,
  options: ListOption[],
  isSelected: (value: string) => boolean,
  offset = 0,
): OptionButton[] {
  return options.map((o, i) => ({
    value: o.value,
    label: o.label,
    number: offset + i + 1,
    selected: isSelected(o.value),
    input: { type: "choose", question: question.key, value: o.value },
  }));
}

function paging(question: Question, count: number, pageSize: number, requested: number): Paging {
  const pageCount = Math.max(1, Math.ceil(count / pageSize));
  const page = Math.min(Math.max(requested, 0), pageCount - 1);
  const result: Paging = { page, pageCount, text: engineText("page", { page: page + 1, pages: pageCount }) };
  if (page > 0) {
    result.previous = {
      label: engineText("page-previous"),
      input: { type: "page", question: question.key, page: page - 1 },
    };
  }
  if (page < pageCount - 1) {
    result.next = {
      label: engineText("page-next"),
      input: { type: "page", question: question.key, page: page + 1 },
    };
  }
  return result;
}

function expectedInput(
  question: AnswerableQuestion,
  answer: AnswerValue | undefined,
  draft: Draft,
  env: Env,
): ExpectedInput {
  switch (question.kind) {
    case "single_choice":
      return {
        kind: "single_choice",
        options: optionButtons(question, optionsOf(question, env), (v) => v === answer),
      };
    case "multiple_choice":
      return {
        kind: "multiple_choice",
        options: optionButtons(question, optionsOf(question, env), (v) => draft.selected.includes(v)),
        ...multipleBounds(question),
      };
    case "scale": {
      const options: OptionButton[] = [];
      for (let v = question.min; v <= question.max; v++) {
        options.push({
          value: String(v),
          label: engineText("number", { value: v }),
          number: v,
          selected: answer === v,
          input: { type: "choose", question: question.key, value: String(v) },
        });
      }
      const expected: ExpectedInput = { kind: "scale", min: question.min, max: question.max, options };
      if (question.minLabel) expected.minLabel = { key: question.minLabel };
      if (question.maxLabel) expected.maxLabel = { key: question.maxLabel };
      return expected;
    }
    case "text": {
      const { min, max } = textBounds(question);
      return { kind: "text", long: question.long, minLength: min, maxLength: max };
    }
    case "number": {
      const expected: ExpectedInput = { kind: "number", integer: question.integer };
      if (question.min !== undefined) expected.min = question.min;
      if (question.max !== undefined) expected.max = question.max;
      if (question.unit) expected.unit = { key: question.unit };
      return expected;
    }
    case "date": {
      const bounds = dateBounds(question, env.today);
      const shortcuts: OptionButton[] = [];
      for (const shortcut of question.shortcuts) {
        const date = shortcutDate(shortcut, env.today);
        if ((bounds.min && date < bounds.min) || (bounds.max && date > bounds.max)) continue;
        shortcuts.push({
          value: shortcut,
          label: engineText(SHORTCUT_MESSAGES[shortcut], dateArgs(date)),
          number: shortcuts.length + 1,
          selected: answer === date,
          input: { type: "date", question: question.key, shortcut },
        });
      }
      const expected: ExpectedInput = { kind: "date", shortcuts };
      if (bounds.min) expected.min = bounds.min;
      if (bounds.max) expected.max = bounds.max;
      return expected;
    }
    case "yes_no":
      return {
        kind: "yes_no",
        options: [
          {
            value: "yes",
            label: engineText("yes"),
            number: 1,
            selected: answer === true,
            input: { type: "choose", question: question.key, value: "yes" },
          },
          {
            value: "no",
            label: engineText("no"),
            number: 2,
            selected: answer === false,
            input: { type: "choose", question: question.key, value: "no" },
          },
        ],
      };
    case "pick": {
      const all = optionsOf(question, env);
      const pages = paging(question, all.length, question.pageSize, draft.page);
      const offset = pages.page * question.pageSize;
      return {
        kind: "pick",
        options: optionButtons(
          question,
          all.slice(offset, offset + question.pageSize),
          question.multiple ? (v) => draft.selected.includes(v) : (v) => v === answer,
          offset,
        ),
        paging: pages,
        multiple: question.multiple,
      };
    }
    case "ranking": {
      const all = optionsOf(question, env);
      const pages = paging(question, all.length, question.pageSize, draft.page);
      const offset = pages.page * question.pageSize;
      const options = optionButtons(
        question,
        all.slice(offset, offset + question.pageSize),
        (v) => draft.selected.includes(v),
        offset,
      );
      for (const option of options) {
        const rank = draft.selected.indexOf(option.value);
        if (rank >= 0) option.rank = rank + 1;
      }
      const picks = draft.selected.map((value, i) => ({
        value,
        label: all.find((o) => o.value === value)?.label ?? rawText(value),
        rank: i + 1,
      }));
      return { kind: "ranking", options, picks, ...rankingBounds(question, env), paging: pages };
    }
  }
}

function actions(
  question: AnswerableQuestion,
  answer: AnswerValue | undefined,
  draft: Draft,
  fromSummary: boolean,
  state: FormState,
  env: Env,
): ActionButton[] {
  const key = question.key;
  const result: ActionButton[] = [];
  if (fromSummary) {
    result.push({
      action: "back",
      label: engineText("back-to-summary"),
      input: { type: "back", question: key },
    });
  } else if (previousAskable(env, state.answers, key)) {
    result.push({ action: "back", label: engineText("back"), input: { type: "back", question: key } });
  }
  if (question.kind === "ranking" && draft.selected.length > 0) {
    result.push({ action: "undo", label: engineText("undo"), input: { type: "undo", question: key } });
  }
  if (question.optional) {
    result.push({ action: "skip", label: engineText("skip"), input: { type: "skip", question: key } });
  }
  if (question.kind === "multiple_choice" || (question.kind === "pick" && question.multiple)) {
    result.push({ action: "done", label: engineText("done"), input: { type: "done", question: key } });
  } else if (question.kind === "ranking") {
    if (draft.selected.length >= Math.max(rankingBounds(question, env).min, 1)) {
      result.push({ action: "done", label: engineText("done"), input: { type: "done", question: key } });
    }
  } else if (answer !== undefined && (question.kind === "date" || isValidAnswer(question, answer, env))) {
    result.push({ action: "done", label: engineText("keep"), input: { type: "done", question: key } });
  }
  return result;
}

function helpText(question: AnswerableQuestion, env: Env): Text | undefined {
  switch (question.kind) {
    case "multiple_choice": {
      const { min, max } = multipleBounds(question);
      // "1 to 12" over a list of 12 reads like option numbers, not a count: say "all that apply".
      return engineText("help-multiple", { min, max, all: max === question.options.length ? "yes" : "no" });
    }
    case "scale":
      return engineText("help-scale", { min: question.min, max: question.max });
    case "text":
      return question.maxLength === undefined
        ? undefined
        : engineText("help-text", { max: question.maxLength });
    case "number":
      if (question.min !== undefined && question.max !== undefined) {
        return engineText("help-number-range", { min: question.min, max: question.max });
      }
      if (question.min !== undefined) return engineText("help-number-min", { min: question.min });
      if (question.max !== undefined) return engineText("help-number-max", { max: question.max });
      return engineText("help-number");
    case "date":
      return engineText("help-date", { example: dottedDate(env.today) });
    case "pick":
      if (optionsOf(question, env).length === 0) return undefined;
      return engineText(question.multiple ? "help-pick-multiple" : "help-pick");
    case "ranking": {
      const { max } = rankingBounds(question, env);
      return max > 0 ? engineText("help-ranking", { max }) : undefined;
    }
    default:
      return undefined;
  }
}

/** Free text and unknown list values are shown through a message that prints its argument as is. */
export function rawText(value: string): Text {
  return engineText("raw", { value });
}

/**
 * How an answer reads back (summary, "your current answer"). Values no longer in a refreshed list are
 * shown as their codes rather than hidden: the person can still see and fix them.
 */
export function displayAnswer(question: Question, value: AnswerValue, env: Env): AnswerDisplay {
  const label = (v: string) => optionsOf(question, env).find((o) => o.value === v)?.label ?? rawText(v);
  switch (question.kind) {
    case "single_choice":
      return { type: "options", labels: [label(String(value))], ordered: false };
    case "pick":
    case "multiple_choice":
    case "ranking":
      return {
        type: "options",
        labels: (Array.isArray(value) ? value : [String(value)]).map(label),
        ordered: question.kind === "ranking",
      };
    case "yes_no":
      return { type: "options", labels: [engineText(value === true ? "yes" : "no")], ordered: false };
    case "scale":
      return {
        type: "value",
        text: engineText("scale-value", { value: Number(value), max: question.max }),
        raw: String(value),
      };
    case "number": {
      const display: AnswerDisplay = {
        type: "value",
        text: engineText("number", { value: Number(value) }),
        raw: String(value),
      };
      if (question.unit) display.unit = { key: question.unit, args: { value: Number(value) } };
      return display;
    }
    case "date":
      return { type: "value", text: engineText("date", dateArgs(String(value))), raw: String(value) };
    case "text":
    case "info":
      return { type: "value", text: rawText(String(value)), raw: String(value) };
  }
}

/** The stored answer to `question` as the summary shows it; "skipped" when there is none. */
export function answerOf(question: Question, state: FormState, env: Env): AnswerDisplay {
  const answer = state.answers[question.key];
  return answer === undefined
    ? { type: "skipped", text: engineText("skipped") }
    : displayAnswer(question, answer, env);
}

export function renderSummary(state: FormState, env: Env): SummaryPrompt {
  const askable = askableQuestions(env, state.answers);
  const items = askable.map((q, i) => {
    return {
      question: q.key,
      text: { key: q.text },
      answer: answerOf(q, state, env),
      fix: { label: engineText("fix", { number: i + 1 }), input: { type: "edit", question: q.key } as const },
    };
  });
  const actions: ActionButton[] = [
    { action: "submit", label: engineText("submit"), input: { type: "submit", question: SUMMARY_STEP } },
  ];
  if (askable.length > 0) {
    actions.unshift({
      action: "back",
      label: engineText("back"),
      input: { type: "back", question: SUMMARY_STEP },
    });
  }
  return {
    type: "summary",
    question: SUMMARY_STEP,
    title: { key: env.definition.title },
    heading: engineText("summary-heading"),
    items,
    actions,
  };
}
