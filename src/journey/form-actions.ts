import type { ButtonAction } from "../core/messages.js";
import type { DateShortcut, Input } from "../core/forms/types.js";

/**
 * Form buttons travel as a one-letter action tag plus the session id, the step and a value, so a
 * payload stays far inside Telegram's 64 bytes. The session id makes a button from another form (or
 * another person's message, forwarded) stale rather than meaningful.
 */
const TAGS = {
  choose: "fc",
  done: "fd",
  undo: "fu",
  back: "fb",
  skip: "fs",
  page: "fp",
  date: "ft",
  edit: "fe",
  submit: "fx",
} as const;

const DATE_SHORTCUTS: readonly DateShortcut[] = ["today", "yesterday", "tomorrow", "in_a_week"];

export function isFormAction(action: ButtonAction): boolean {
  return action.type.length === 2 && action.type.startsWith("f");
}

export function formInputToAction(session: number, input: Input): ButtonAction | undefined {
  switch (input.type) {
    case "choose":
      return { type: TAGS.choose, session, question: input.question, value: input.value };
    case "done":
    case "undo":
    case "edit":
      return { type: TAGS[input.type], session, question: input.question };
    case "back":
    case "skip":
    case "submit":
      return {
        type: TAGS[input.type],
        session,
        ...(input.question !== undefined && { question: input.question }),
      };
    case "page":
      return { type: TAGS.page, session, question: input.question, page: input.page };
    case "date":
      return { type: TAGS.date, session, question: input.question, value: input.shortcut };
    case "text":
    case "show":
      return undefined;
  }
}

/** The reverse of formInputToAction; undefined for anything that is not a well-formed form button. */
export function formActionToInput(action: ButtonAction): { session: number; input: Input } | undefined {
  const { session, question, value, page } = action;
  if (session === undefined) return undefined;
  const withQuestion = (type: "back" | "skip" | "submit") => ({
    session,
    input: question !== undefined ? { type, question } : { type },
  });
  switch (action.type) {
    case TAGS.choose:
      return question !== undefined && value !== undefined
        ? { session, input: { type: "choose", question, value } }
        : undefined;
    case TAGS.done:
    case TAGS.undo:
    case TAGS.edit: {
      if (question === undefined) return undefined;
      const type = action.type === TAGS.done ? "done" : action.type === TAGS.undo ? "undo" : "edit";
      return { session, input: { type, question } };
    }
    case TAGS.back:
      return withQuestion("back");
    case TAGS.skip:
      return withQuestion("skip");
    case TAGS.submit:
      return withQuestion("submit");
    case TAGS.page:
      return question !== undefined && page !== undefined
        ? { session, input: { type: "page", question, page } }
        : undefined;
    case TAGS.date:
      return question !== undefined && DATE_SHORTCUTS.includes(value as DateShortcut)
        ? { session, input: { type: "date", question, shortcut: value as DateShortcut } }
        : undefined;
    default:
      return undefined;
  }
}
