import type { Message, Update } from "grammy/types";
import type { InboundAccount, InboundEvent, MessageRef, SenderHints } from "../../core/messages.js";
import type { ButtonAction } from "../shared/payload-codec.js";

export function messageRef(message: Pick<Message, "chat" | "message_id">): MessageRef {
  return { chatId: String(message.chat.id), messageId: String(message.message_id) };
}

interface EventContext {
  update: Update;
  account: InboundAccount;
  sender: SenderHints;
  receivedAt: Date;
}

function base(context: EventContext) {
  return {
    channel: "telegram" as const,
    eventId: String(context.update.update_id),
    account: context.account,
    sender: context.sender,
    receivedAt: context.receivedAt,
  };
}

/**
 * A message becomes a command when it opens with a bot_command entity (that is how Telegram marks
 * `/start CODE` from a deep link), plain text otherwise; anything without text is unsupported.
 */
export function messageEvent(message: Message, context: EventContext, botUsername: string): InboundEvent {
  const ref = messageRef(message);
  const text = message.text;
  if (text === undefined) return { ...base(context), kind: "unsupported", message: ref };
  const entity = message.entities?.[0];
  if (entity?.type === "bot_command" && entity.offset === 0) {
    const [name = "", mention] = text.slice(1, entity.length).split("@");
    // A command addressed to another bot (possible in groups) is just text to us.
    if (mention === undefined || mention.toLowerCase() === botUsername.toLowerCase()) {
      return {
        ...base(context),
        kind: "command",
        command: name.toLowerCase(),
        argument: text.slice(entity.length).trim(),
        message: ref,
      };
    }
  }
  return { ...base(context), kind: "text", text, message: ref };
}

export function buttonEvent(
  action: ButtonAction,
  message: Pick<Message, "chat" | "message_id"> | undefined,
  context: EventContext,
): InboundEvent {
  return {
    ...base(context),
    kind: "button",
    action,
    ...(message && { message: messageRef(message) }),
  };
}
