import type { Text } from "../../i18n/translator.js";
import type { QuestionKind } from "./definition.js";

// The translator module reads files, but this is a type-only import: it is erased at build time, so
// the core still loads nothing but itself and zod.
export type { Text };

/**
 * What is stored for one answered question (JSON, also the `answer.value` column):
 * single_choice and pick: the option value; multiple_choice and a `multiple` pick: the chosen values
 * in option (list) order;
 * ranking: the chosen values, most preferred first; scale and number: a number; text: the trimmed
 * text; date: an ISO calendar date "YYYY-MM-DD"; yes_no: a boolean. Info items store nothing.
 */
export type AnswerValue = string | number | boolean | string[];
export type Answers = Record<string, AnswerValue>;

/** One option of a run-time list (a `pick` or a `ranking` with a `source`). */
export interface SourceOption {
  /** Short code (the same rules as an option value): it travels in button payloads. */
  value: string;
  /** Usually a person's name: a Text whose args are plain strings or numbers, so it can be stored. */
  label: Text;
}
export type Sources = Record<string, SourceOption[]>;

export interface Context {
  now: Date;
  /** IANA zone ("Europe/Moscow", "Asia/Vladivostok"): "today" for date questions is computed in it. */
  timeZone: string;
  /**
   * Run-time lists by source name. Given at the start, they are kept in the state (a snapshot), so
   * later calls need not repeat them; given again, they replace the stored lists of those names.
   */
  sources?: Sources;
}

/** The step id of the summary, used by its buttons. Question keys start with a letter, so it never collides. */
export const SUMMARY_STEP = "_summary";

export type Cursor =
  /** `fromSummary`: the person is fixing this one answer from the summary; "back" returns there. */
  { at: "question"; question: string; fromSummary: boolean } | { at: "summary" } | { at: "done" };

/** Work in progress on a multi-step question; dropped when the cursor leaves it. */
export interface Draft {
  question: string;
  /** Multiple choice and pick: the toggled values (option order); ranking: the picks so far, best first. */
  selected: string[];
  /** List page (0-based) of a pick or ranking. */
  page: number;
}

/** The state format: bump STATE_VERSION and add a migration in state.ts when its shape changes. */
export const STATE_VERSION = 1;

/**
 * A person's progress through one form, as stored in `form_session.state`. Plain JSON.
 *
 * There is no stored history stack: forms are linear (show-if only hides questions), so "the previous
 * asked question" is the previous visible one in the definition, computed from the answers. A stored
 * stack could drift from the answers after a "back" and a change; a derived one cannot.
 */
export interface FormState {
  stateVersion: typeof STATE_VERSION;
  formKey: string;
  formVersion: number;
  cursor: Cursor;
  answers: Answers;
  /** Optional questions the person chose to skip: settled, with no answer. */
  skipped: string[];
  draft: Draft | null;
  /** Snapshot of the run-time lists this form uses (see Context.sources). */
  sources: Sources;
}

export type DateShortcut = "today" | "yesterday" | "tomorrow" | "in_a_week";

/**
 * What a person did, in channel-neutral form. Buttons carry `question`, the step they were rendered
 * for (a question key, or SUMMARY_STEP): a button from an older message whose step is no longer the
 * current one is "stale" and changes nothing. Free text may carry it too (the service stamps it when
 * it retries after a concurrent write, so a text meant for one question never lands on the next).
 */
export type Input =
  /** Typed text: an answer to a text/number/date question, an option number, "да"/"нет", a scale value. */
  | { type: "text"; text: string; question?: string }
  /** A tapped option: single choice, a multiple-choice toggle, a scale value, yes/no ("yes"/"no"), a list or ranking pick. */
  | { type: "choose"; question: string; value: string }
  /** Finish a multiple choice or a ranking; on other questions that already have an answer, keep it and go on. */
  | { type: "done"; question: string }
  /** Ranking: take back the last pick. */
  | { type: "undo"; question: string }
  | { type: "back"; question?: string }
  | { type: "skip"; question?: string }
  /** List paging (0-based page) for pick and ranking. */
  | { type: "page"; question: string; page: number }
  | { type: "date"; question: string; shortcut: DateShortcut }
  /** From the summary: fix the answer to `question`. */
  | { type: "edit"; question: string }
  | { type: "submit"; question?: string }
  /** Show the current step again (resume, /start, a reminder). Never changes anything. */
  | { type: "show" };

/** A button: its label and the input to send back when it is tapped. */
export interface Button {
  label: Text;
  input: Input;
}

export interface OptionButton extends Button {
  value: string;
  /** 1-based number of the option in the whole list: typing it works too. */
  number: number;
  selected: boolean;
  /** Ranking: the place this option got (1 = most preferred). */
  rank?: number;
}

export interface Paging {
  /** 0-based. */
  page: number;
  pageCount: number;
  /** "Page 2 of 3". */
  text: Text;
  previous?: Button;
  next?: Button;
}

/** What kind of answer the question expects, with everything an adapter needs to draw it. */
export type ExpectedInput =
  | { kind: "single_choice"; options: OptionButton[] }
  | { kind: "multiple_choice"; options: OptionButton[]; min: number; max: number }
  | {
      kind: "scale";
      min: number;
      max: number;
      options: OptionButton[];
      minLabel?: Text;
      maxLabel?: Text;
    }
  | { kind: "text"; long: boolean; minLength: number; maxLength: number }
  | { kind: "number"; min?: number; max?: number; integer: boolean; unit?: Text }
  /** min/max: ISO dates of the allowed range; shortcuts: only those inside it. */
  | { kind: "date"; min?: string; max?: string; shortcuts: OptionButton[] }
  | { kind: "yes_no"; options: OptionButton[] }
  /** One page of a run-time list; `multiple`: options toggle (`selected`) until "Done". */
  | { kind: "pick"; options: OptionButton[]; paging: Paging; multiple: boolean }
  | {
      kind: "ranking";
      /** The current page; picked options carry `rank`. */
      options: OptionButton[];
      /** Everything picked so far, in order. */
      picks: { value: string; label: Text; rank: number }[];
      min: number;
      max: number;
      paging: Paging;
    };

/** An answer shown back: option labels (choices, yes/no, lists, ranking) or one value (text, number, date, scale). */
export type AnswerDisplay =
  | { type: "options"; labels: Text[]; ordered: boolean }
  /** `raw`: the stored value as a string (text as typed, "1.5", "2026-11-23", "7"); `text`: ready to show. */
  | { type: "value"; text: Text; raw: string; unit?: Text }
  | { type: "skipped"; text: Text };

export type QuestionAction = "back" | "skip" | "done" | "undo";

export interface ActionButton extends Button {
  action: QuestionAction | "submit";
}

export interface QuestionPrompt {
  type: "question";
  /** The step id: echo it in every button input (already done in the buttons given here). */
  question: string;
  kind: Exclude<QuestionKind, "info">;
  text: Text;
  hint?: Text;
  /** How to answer ("tick and press Done", "type a date like 23.11.2026"), when there is something to say. */
  help?: Text;
  optional: boolean;
  /** Position among the questions visible now; "Вопрос 3 из 12" is `progress.text`. */
  progress: { current: number; total: number; text: Text };
  /** Opened from the summary to fix one answer. */
  editing: boolean;
  /** The answer given earlier (after "back" or from the summary). */
  current?: { heading: Text; answer: AnswerDisplay };
  expects: ExpectedInput;
  /** Back, skip, done (or "keep"), undo: only those allowed now. */
  actions: ActionButton[];
  /**
   * The page of options the person turned to where a channel shows a long choice or scale a page at a
   * time (its size is the channel's); pick and ranking are paged by the engine itself, in `expects`.
   */
  page?: number;
}

export interface SummaryItem {
  question: string;
  text: Text;
  answer: AnswerDisplay;
  /** "Fix" this answer. */
  fix: Button;
}

export interface SummaryPrompt {
  type: "summary";
  question: typeof SUMMARY_STEP;
  title: Text;
  heading: Text;
  items: SummaryItem[];
  /** Submit, and back to the last question. */
  actions: ActionButton[];
}

export type Prompt =
  /** Once, before the first question. */
  | { type: "intro"; title: Text; text?: Text }
  /** An info item of the form: text to read, no answer. */
  | { type: "info"; question: string; text: Text; hint?: Text }
  /** Before a re-asked question: why the input was not taken (error) or what happened (info). */
  | { type: "notice"; tone: "error" | "info"; text: Text }
  | QuestionPrompt
  | SummaryPrompt
  | { type: "done"; title: Text; text: Text };

/** What the persistence layer must write besides the state itself. */
export type Effect =
  | { type: "set_answer"; question: string; value: AnswerValue }
  /** The answer no longer applies: skipped, or its question is hidden now by a changed earlier answer. */
  | { type: "clear_answer"; question: string }
  | { type: "submit"; answers: Answers };

/**
 * started: a new state; shown: the current step again; accepted: an answer (or a skip) was taken;
 * updated: a draft changed (a toggle, a ranking pick, a page); moved: back or "fix" navigation;
 * invalid: the input could not be taken (a notice says why); stale: the input was for another step
 * or a finished form; submitted: the form is done.
 * invalid and stale never change the state.
 */
export type Outcome =
  "started" | "shown" | "accepted" | "updated" | "moved" | "invalid" | "stale" | "submitted";

/** A question just settled, for redrawing its message as a record: "the question → the answer". */
export interface AnsweredQuestion {
  /** The question as it was shown before this input (its draft and buttons included). */
  question: QuestionPrompt;
  /** The answer as the summary shows it ("skipped" for a skip). */
  answer: AnswerDisplay;
}

export interface Result {
  state: FormState;
  /** In order: notices and info items first, then the step to answer. */
  prompts: Prompt[];
  effects: Effect[];
  outcome: Outcome;
  /** With "accepted": the question this input answered or skipped. */
  answered?: AnsweredQuestion;
}
