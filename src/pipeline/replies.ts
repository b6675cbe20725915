import { isTextMessage, type MessageRef, type OutboundMessage } from "../core/messages.js";
import type { Messenger } from "../core/ports.js";

export interface CommandMenuEntry {
  command: string;
  description: string;
}

/** One thing a turn says back to the person who acted. */
export type ReplyOp =
  | { kind: "send"; message: OutboundMessage }
  /**
   * Replaces a message in place; when the messenger can no longer edit it, or the new version carries
   * a file (which no messenger puts into a sent message), the message is sent anew.
   */
  | { kind: "edit"; ref: MessageRef; message: OutboundMessage }
  | { kind: "menu"; commands: CommandMenuEntry[] };

/**
 * What a turn answers, collected while its transaction runs and sent only after it commits: a reply
 * never announces a change that was rolled back, and no network call is made while the person's lock
 * is held.
 */
export interface Replies {
  send(message: OutboundMessage): void;
  edit(ref: MessageRef, message: OutboundMessage): void;
  setCommandMenu(commands: CommandMenuEntry[]): void;
  readonly ops: readonly ReplyOp[];
}

export function createReplies(): Replies {
  const ops: ReplyOp[] = [];
  return {
    ops,
    send: (message) => ops.push({ kind: "send", message }),
    edit: (ref, message) => ops.push({ kind: "edit", ref, message }),
    setCommandMenu: (commands) => ops.push({ kind: "menu", commands }),
  };
}

/**
 * Longest text a merged message may reach. Telegram and VK both cut at 4096 characters; a merge stays
 * well inside, so an acknowledgement is never the reason a prompt gets split.
 */
const MERGED_TEXT_LIMIT = 3500;

/**
 * One message per step: a message without buttons travels in the same message as the next one
 * ("Спасибо! Согласие сохранено." above the age question), as long as the result stays short. Each
 * message costs the person a notification and the bot a call against its rate limit. A message with a
 * file is never merged either way: its text is the file's caption, and a merge keeps only one message's
 * fields.
 */
export function coalesce(ops: readonly ReplyOp[]): ReplyOp[] {
  const out: ReplyOp[] = [];
  for (const op of ops) {
    const previous = out.at(-1);
    if (
      op.kind === "send" &&
      previous?.kind === "send" &&
      !previous.message.buttons?.length &&
      isTextMessage(previous.message) &&
      isTextMessage(op.message) &&
      previous.message.text.length + op.message.text.length + 2 <= MERGED_TEXT_LIMIT
    ) {
      out[out.length - 1] = {
        kind: "send",
        message: { ...op.message, text: `${previous.message.text}\n\n${op.message.text}` },
      };
      continue;
    }
    out.push(op);
  }
  return out;
}

/** Sends the replies in order. Stops at the first refusal (the person blocked the bot): the rest would fail too. */
export async function deliverReplies(
  messenger: Messenger,
  chatId: string,
  ops: readonly ReplyOp[],
  gate?: { take(): void },
): Promise<void> {
  for (const op of coalesce(ops)) {
    gate?.take();
    switch (op.kind) {
      case "send": {
        const sent = await messenger.send(chatId, op.message);
        if (!sent.ok) return;
        break;
      }
      case "edit": {
        if (!isTextMessage(op.message)) {
          const sent = await messenger.send(chatId, op.message);
          if (!sent.ok) return;
          break;
        }
        const edited = await messenger.edit(op.ref, op.message);
        if (!edited.ok && edited.reason === "blocked") return;
        if (!edited.ok) {
          const sent = await messenger.send(chatId, op.message);
          if (!sent.ok) return;
        }
        break;
      }
      case "menu":
        await messenger.setCommandMenu?.(chatId, op.commands);
        break;
    }
  }
}
