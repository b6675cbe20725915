import { z } from "zod";
import type { InboundBody, InboundUpdate, SenderHints } from "../../core/messages.js";

/**
 * MAX updates as we read them: only the fields we use, checked, so an update of an unexpected shape is
 * ignored rather than breaking the person's queue. Times are epoch milliseconds.
 */
const user = z.object({
  user_id: z.number(),
  first_name: z.string().nullish(),
  /** Deprecated by MAX in favour of first_name, still sent. */
  name: z.string().nullish(),
  is_bot: z.boolean().nullish(),
});

const message = z.object({
  sender: user.nullish(),
  recipient: z.object({
    chat_id: z.number().nullish(),
    chat_type: z.string(),
  }),
  body: z.object({
    mid: z.string(),
    text: z.string().nullish(),
  }),
});

const messageCreated = z.object({
  update_type: z.literal("message_created"),
  timestamp: z.number(),
  message,
  user_locale: z.string().nullish(),
});

const messageCallback = z.object({
  update_type: z.literal("message_callback"),
  timestamp: z.number(),
  callback: z.object({ callback_id: z.string(), payload: z.string().nullish(), user }),
  message: message.nullish(),
  user_locale: z.string().nullish(),
});

/** bot_started: the person pressed «Начать», possibly through a deep link max.ru/<bot>?start=<payload>. */
const dialogEvent = z.object({
  update_type: z.enum(["bot_started", "bot_stopped"]),
  timestamp: z.number(),
  chat_id: z.number(),
  user,
  payload: z.string().nullish(),
  user_locale: z.string().nullish(),
});

const anyUpdate = z.object({
  update_type: z.string(),
  timestamp: z.number().optional(),
  chat_id: z.number().nullish(),
  user: z.object({ user_id: z.number() }).nullish(),
});

/** The update types the bot asks MAX for (polling) or subscribes to (webhook). */
export const MAX_UPDATE_TYPES = [
  "message_created",
  "message_callback",
  "bot_started",
  "bot_stopped",
] as const;

/**
 * The id the update ledger dedups by. MAX gives updates no id of their own, but what they carry is
 * unique: a message's mid, a press's callback_id; a start or stop is one person's dialog at one
 * millisecond. A redelivered update (a webhook retried, a batch read again after a restart) carries
 * the same values, so it maps to the same id.
 */
export function maxEventId(raw: unknown): string {
  const created = messageCreated.safeParse(raw);
  if (created.success) return `message:${created.data.message.body.mid}`;
  const pressed = messageCallback.safeParse(raw);
  if (pressed.success) return `callback:${pressed.data.callback.callback_id}`;
  const update = anyUpdate.safeParse(raw);
  if (!update.success) throw new Error("not a MAX update");
  const { update_type, chat_id, timestamp } = update.data;
  return `${update_type}:${chat_id ?? ""}:${update.data.user?.user_id ?? ""}:${timestamp ?? ""}`;
}

/** One person's updates share a key: the user id, the same in their dialog whatever the update. */
export function maxOrderKey(raw: unknown): string {
  const created = messageCreated.safeParse(raw);
  if (created.success && created.data.message.sender) return `user:${created.data.message.sender.user_id}`;
  const pressed = messageCallback.safeParse(raw);
  if (pressed.success) return `user:${pressed.data.callback.user.user_id}`;
  const update = anyUpdate.safeParse(raw);
  if (update.success && update.data.user) return `user:${update.data.user.user_id}`;
  throw new Error("a MAX update without a user");
}

/** A press's answer needs its callback_id only. */
export type MaxPress = string;

/**
 * Reads an update: conversations happen in dialogs with people; group chats, channels and bots are
 * not addressed. Text opening with "/" is a command (MAX marks commands no other way), «Начать» with
 * a deep link's payload is `/start <payload>`, and a message without text is unsupported.
 */
export function readMaxUpdate(raw: unknown): InboundUpdate {
  const created = messageCreated.safeParse(raw);
  if (created.success) {
    const { message: msg, user_locale } = created.data;
    const from = msg.sender;
    if (!from || from.is_bot || msg.recipient.chat_type !== "dialog" || msg.recipient.chat_id == null)
      return { kind: "ignored", why: "not a person in a dialog" };
    const chatId = String(msg.recipient.chat_id);
    return {
      kind: "event",
      externalId: String(from.user_id),
      chatId,
      sender: senderHints(from, user_locale),
      body: readText(msg.body.text),
      message: { chatId, messageId: msg.body.mid },
    };
  }

  const pressed = messageCallback.safeParse(raw);
  if (pressed.success) {
    const { callback, message: msg, user_locale } = pressed.data;
    if (callback.user.is_bot || !msg || msg.recipient.chat_type !== "dialog" || msg.recipient.chat_id == null)
      return { kind: "ignored", why: "not a press in a dialog" };
    const chatId = String(msg.recipient.chat_id);
    return {
      kind: "event",
      externalId: String(callback.user.user_id),
      chatId,
      sender: senderHints(callback.user, user_locale),
      body: { kind: "button", payload: callback.payload ?? undefined },
      message: { chatId, messageId: msg.body.mid },
      press: callback.callback_id satisfies MaxPress,
    };
  }

  const dialog = dialogEvent.safeParse(raw);
  if (dialog.success) {
    const { update_type, chat_id, user: from, payload, user_locale } = dialog.data;
    if (update_type === "bot_stopped") return { kind: "blocked", chatId: String(chat_id) };
    if (from.is_bot) return { kind: "ignored", why: "a bot" };
    // Starting again after a stop is the person's first message since; the pipeline sees the
    // account was blocked and marks it reachable.
    return {
      kind: "event",
      externalId: String(from.user_id),
      chatId: String(chat_id),
      sender: senderHints(from, user_locale),
      body: { kind: "command", command: "start", argument: (payload ?? "").trim() },
    };
  }

  const update = anyUpdate.safeParse(raw);
  return { kind: "ignored", why: update.success ? `update type ${update.data.update_type}` : "unreadable" };
}

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@\S+)?(?:\s+([\s\S]*))?$/;

function readText(text: string | null | undefined): InboundBody {
  const trimmed = text?.trim() ?? "";
  if (trimmed === "") return { kind: "unsupported" };
  const command = COMMAND.exec(trimmed);
  if (command) {
    return { kind: "command", command: command[1]!.toLowerCase(), argument: (command[2] ?? "").trim() };
  }
  return { kind: "text", text: text! };
}

function senderHints(from: z.infer<typeof user>, locale: string | null | undefined): SenderHints {
  const firstName = from.first_name ?? from.name ?? undefined;
  return { ...(firstName && { firstName }), ...(locale && { languageTag: locale }) };
}
