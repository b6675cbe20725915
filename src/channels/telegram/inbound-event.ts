import type { Message, Update } from "grammy/types";
import type { InboundBody, InboundUpdate, MessageRef, SenderHints } from "../../core/messages.js";

export function messageRef(message: Pick<Message, "chat" | "message_id">): MessageRef {
  return { chatId: String(message.chat.id), messageId: String(message.message_id) };
}

/**
 * One person's updates share a key: the sender's user id (the same in every private chat with the
 * bot); block notices are keyed by the chat, which in a private chat is that same id.
 */
export function telegramOrderKey(update: Update): string {
  const id =
    update.message?.from?.id ??
    update.callback_query?.from.id ??
    update.my_chat_member?.chat.id ??
    `update:${update.update_id}`;
  return String(id);
}

/**
 * Reads an update: conversations happen in private chats with people; groups, channels and other
 * bots are not addressed. A message becomes a command when it opens with a bot_command entity (that
 * is how Telegram marks `/start CODE` from a deep link), plain text otherwise; anything without text
 * is unsupported.
 */
export function readTelegramUpdate(update: Update, botUsername: string | undefined): InboundUpdate {
  const member = update.my_chat_member;
  if (member) {
    if (member.chat.type !== "private") return { kind: "ignored", why: "not a private chat" };
    const status = member.new_chat_member.status;
    if (status === "kicked") return { kind: "blocked", chatId: String(member.chat.id) };
    if (status === "member") return { kind: "unblocked", chatId: String(member.chat.id) };
    return { kind: "ignored", why: `membership ${status}` };
  }
  const query = update.callback_query;
  const message = update.message;
  const from = query?.from ?? message?.from;
  const chat = query?.message?.chat ?? message?.chat;
  if (!from || from.is_bot || chat?.type !== "private")
    return { kind: "ignored", why: "not a person in a private chat" };
  const sender: SenderHints = {
    ...(from.first_name && { firstName: from.first_name }),
    ...(from.language_code && { languageTag: from.language_code }),
  };
  const base = { kind: "event" as const, externalId: String(from.id), chatId: String(chat.id), sender };
  if (query) {
    return {
      ...base,
      body: { kind: "button", payload: query.data },
      ...(query.message && { message: messageRef(query.message) }),
      press: query.id,
    };
  }
  return { ...base, body: readMessage(message!, botUsername), message: messageRef(message!) };
}

function readMessage(message: Message, botUsername: string | undefined): InboundBody {
  const text = message.text;
  if (text === undefined) return { kind: "unsupported" };
  const entity = message.entities?.[0];
  if (entity?.type === "bot_command" && entity.offset === 0) {
    const [name = "", mention] = text.slice(1, entity.length).split("@");
    // A command addressed to another bot (possible in groups) is just text to us.
    if (mention === undefined || mention.toLowerCase() === botUsername?.toLowerCase()) {
      return { kind: "command", command: name.toLowerCase(), argument: text.slice(entity.length).trim() };
    }
  }
  return { kind: "text", text };
}
