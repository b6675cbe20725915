import type { OutboundButton, OutboundMessage } from "../core/messages.js";
import type {
  AnsweredQuestion,
  AnswerDisplay,
  Button,
  ExpectedInput,
  Prompt,
  QuestionPrompt,
  Text,
} from "../core/forms/types.js";
import type { Locale, Translator } from "../i18n/translator.js";
import type { ChannelPresentation } from "../core/presentation.js";
import { engineText } from "../core/forms/texts.js";
import { formInputToAction } from "./form-actions.js";

/**
 * Turns the engine's channel-neutral prompts into messages with button rows. Every channel draws these
 * the same way; a channel only reflows rows to its own limits. Plain text, no markup: the same string
 * must read well in Telegram, VK and a terminal.
 */
export function renderFormPrompts(
  prompts: Prompt[],
  context: { session: number; locale: Locale; translator: Translator; presentation?: ChannelPresentation },
): OutboundMessage[] {
  const presentation = context.presentation ?? {};
  const t = (text: Text) =>
    context.translator.t(context.locale, wordingFor(text.key, presentation), text.args);
  const button = (b: Button, prefix = ""): OutboundButton | undefined => {
    const action = formInputToAction(context.session, b.input);
    return action ? { label: `${prefix}${t(b.label)}`, action } : undefined;
  };
  const row = (...buttons: (OutboundButton | undefined)[]) =>
    buttons.filter((b): b is OutboundButton => b !== undefined);
  const answerText = (answer: AnswerDisplay) => renderAnswer(answer, t);

  return prompts.map((prompt): OutboundMessage => {
    switch (prompt.type) {
      case "intro":
        return { text: joinLines(t(prompt.title), prompt.text && t(prompt.text)) };
      case "info":
        return { text: joinLines(t(prompt.text), prompt.hint && t(prompt.hint)) };
      case "notice":
        return { text: `${prompt.tone === "error" ? "⚠️ " : "ℹ️ "}${t(prompt.text)}` };
      case "done":
        return { text: joinLines(`✅ ${t(prompt.title)}`, t(prompt.text)) };
      case "summary":
        return {
          text: joinLines(
            t(prompt.title),
            t(prompt.heading),
            "",
            ...prompt.items.map(
              (item, index) => `${index + 1}. ${t(item.text)}\n   → ${answerText(item.answer)}`,
            ),
          ),
          buttons: [
            ...chunk(
              prompt.items.map((item) => button(item.fix, "✏️ ")),
              4,
            ),
            row(...prompt.actions.map((a) => button(a))),
          ].filter((r) => r.length > 0),
        };
      case "question":
        return renderQuestion(pageFor(prompt, presentation.maxButtons), t, button, answerText);
    }
  });
}

/**
 * Texts that tell how to pick an option, in the wording of a channel where buttons are pressed by
 * typing their letter (the console): there "press a button" or "type a number" alone would mislead.
 */
const LETTER_WORDING: Readonly<Record<string, string>> = {
  "forms-engine-invalid-option-number": "console-invalid-option-letter",
  "forms-engine-use-buttons": "console-use-letters",
  "forms-engine-help-pick": "console-help-pick-letters",
};

function wordingFor(key: string, presentation: ChannelPresentation): string {
  return (presentation.lettersForButtons && LETTER_WORDING[key]) || key;
}

/** A question as one channel shows it: perhaps one page of its options, with the buttons to turn pages. */
type PagedPrompt = QuestionPrompt & { pageTurns?: Button[] };

/**
 * A choice or scale whose buttons would not fit the channel's message (VK: 10), cut to the page the
 * person turned to, with "previous" and "next" under it, so every tap redraws the one message in
 * place. Pages are as even as possible (a 1-10 scale: 1-5 and 6-10); the page turns are the engine's
 * `page` inputs, which keep the page in the draft.
 */
function pageFor(prompt: QuestionPrompt, maxButtons: number | undefined): PagedPrompt {
  const { expects } = prompt;
  if (
    maxButtons === undefined ||
    (expects.kind !== "single_choice" && expects.kind !== "multiple_choice" && expects.kind !== "scale")
  ) {
    return prompt;
  }
  const count = expects.options.length;
  const room = maxButtons - prompt.actions.length;
  if (count <= room) return prompt;
  // Both page turns are counted even on the first and last page, so pages keep their size as they turn.
  const pageCount = Math.ceil(count / Math.max(room - 2, 1));
  const size = Math.ceil(count / pageCount);
  const page = Math.min(Math.max(prompt.page ?? 0, 0), pageCount - 1);
  const turn = (to: number, label: "page-previous" | "page-next"): Button => ({
    label: engineText(label),
    input: { type: "page", question: prompt.question, page: to },
  });
  const turns: Button[] = [];
  if (page > 0) turns.push(turn(page - 1, "page-previous"));
  if (page < pageCount - 1) turns.push(turn(page + 1, "page-next"));
  return {
    ...prompt,
    expects: { ...expects, options: expects.options.slice(page * size, (page + 1) * size) },
    pageTurns: turns,
  };
}

function renderQuestion(
  prompt: PagedPrompt,
  t: (text: Text) => string,
  button: (b: Button, prefix?: string) => OutboundButton | undefined,
  answerText: (answer: AnswerDisplay) => string,
): OutboundMessage {
  const text = joinLines(
    t(prompt.progress.text),
    "",
    t(prompt.text),
    prompt.hint && t(prompt.hint),
    prompt.current && `${t(prompt.current.heading)} ${answerText(prompt.current.answer)}`,
    prompt.help && t(prompt.help),
  );
  const rows = [...optionRows(prompt.expects, t, button)];
  if (prompt.pageTurns) rows.push(compact(prompt.pageTurns.map((b) => button(b))));
  const actions = prompt.actions.map((a) => button(a)).filter((b): b is OutboundButton => b !== undefined);
  if (actions.length > 0) rows.push(actions);
  const buttons = rows.filter((r) => r.length > 0);
  const takesText = prompt.expects.kind === "text" ? { takesText: true } : {};
  return buttons.length > 0 ? { text, buttons, ...takesText } : { text, ...takesText };
}

function optionRows(
  expects: ExpectedInput,
  t: (text: Text) => string,
  button: (b: Button, prefix?: string) => OutboundButton | undefined,
): OutboundButton[][] {
  switch (expects.kind) {
    case "single_choice":
      return expects.options.map((o) => compact([button(o, o.selected ? "● " : "")]));
    case "multiple_choice":
      return expects.options.map((o) => compact([button(o, o.selected ? "✅ " : "▫️ ")]));
    case "scale":
      // Numbers fit five to a row on every messenger (VK allows at most five per row).
      return chunk(
        expects.options.map((o) => button(o, o.selected ? "●" : "")),
        5,
      );
    case "yes_no":
      return [compact(expects.options.map((o) => button(o, o.selected ? "● " : "")))];
    case "date":
      return [compact(expects.shortcuts.map((o) => button(o)))];
    case "pick":
      return [
        ...expects.options.map((o) =>
          compact([button(o, expects.multiple ? (o.selected ? "✅ " : "▫️ ") : o.selected ? "● " : "")]),
        ),
        pagingRow(expects.paging, t, button),
      ];
    case "ranking":
      return [
        ...expects.options.map((o) => compact([button(o, o.rank !== undefined ? `${o.rank}. ` : "")])),
        pagingRow(expects.paging, t, button),
      ];
    case "text":
    case "number":
      return [];
  }
}

function pagingRow(
  paging: { pageCount: number; previous?: Button; next?: Button },
  _t: (text: Text) => string,
  button: (b: Button, prefix?: string) => OutboundButton | undefined,
): OutboundButton[] {
  if (paging.pageCount <= 1) return [];
  return compact([paging.previous && button(paging.previous), paging.next && button(paging.next)]);
}

/**
 * An answered question's message as a record of what was asked and what was answered: its number,
 * its text and hint, then "→ the answer" as the summary shows it. No buttons, so the old message
 * offers nothing to press; how-to-answer help and the earlier answer are left out, they are spent.
 */
export function renderAnsweredQuestion(
  answered: AnsweredQuestion,
  context: { locale: Locale; translator: Translator },
): OutboundMessage {
  const t = (text: Text) => context.translator.t(context.locale, text.key, text.args);
  const { question, answer } = answered;
  return {
    text: joinLines(
      t(question.progress.text),
      "",
      t(question.text),
      question.hint && t(question.hint),
      `→ ${renderAnswer(answer, t)}`,
    ),
  };
}

export function renderAnswer(answer: AnswerDisplay, t: (text: Text) => string): string {
  switch (answer.type) {
    case "options":
      return answer.ordered
        ? answer.labels.map((label, index) => `${index + 1}. ${t(label)}`).join("; ")
        : answer.labels.map(t).join(", ");
    case "value":
      return answer.unit ? `${t(answer.text)} ${t(answer.unit)}` : t(answer.text);
    case "skipped":
      return t(answer.text);
  }
}

function compact(buttons: (OutboundButton | undefined | false)[]): OutboundButton[] {
  return buttons.filter((b): b is OutboundButton => !!b);
}

function chunk(buttons: (OutboundButton | undefined)[], size: number): OutboundButton[][] {
  const present = compact(buttons);
  const rows: OutboundButton[][] = [];
  for (let i = 0; i < present.length; i += size) rows.push(present.slice(i, i + size));
  return rows;
}

function joinLines(...lines: (string | undefined | false | null)[]): string {
  return lines
    .filter((line): line is string => typeof line === "string")
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
