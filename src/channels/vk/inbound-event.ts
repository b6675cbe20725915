import type { InboundAccount, InboundEvent, MessageRef, SenderHints } from "../../core/messages.js";
import type { ButtonAction, PayloadCodec } from "../shared/payload-codec.js";
import type { VkMessage } from "./events.js";

/**
 * Where a message sits: its peer and its conversation_message_id, the one id that messages.send
 * (with peer_ids), message_new, message_event and messages.edit all share in a community dialog.
 */
export function messageRef(
  peerId: number,
  conversationMessageId: number | undefined,
): MessageRef | undefined {
  return conversationMessageId === undefined
    ? undefined
    : { chatId: String(peerId), messageId: String(conversationMessageId) };
}

/** What a person's message means, before we know who they are. */
export type MessageReading =
  | { kind: "command"; command: string; argument: string }
  | { kind: "text"; text: string }
  /** A text button of ours (a keyboard under the input field), already checked by the codec. */
  | { kind: "button"; action: ButtonAction }
  /** A payload in our format that does not verify: forged, garbled, or from an old format. */
  | { kind: "stale-button"; reason: string }
  | { kind: "unsupported" };

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@\S+)?(?:\s+([\s\S]*))?$/;

/**
 * Reads a `message_new`:
 * - a `ref` (the person came by a community link `vk.me/club<id>?ref=CODE`) is `/start CODE`;
 * - VK's own "Начать" button (payload `{"command":"start"}`) is `/start`;
 * - a payload in our format is a button press, checked by the codec;
 * - text opening with "/" is a command; other text is text;
 * - anything without text (a sticker, a photo, a voice message) is unsupported.
 */
export function readMessage(message: VkMessage, codec: PayloadCodec): MessageReading {
  const ref = message.ref?.trim();
  if (ref) return { kind: "command", command: "start", argument: ref };

  if (message.payload !== undefined) {
    const payload = parseJson(message.payload);
    if (isRecord(payload) && payload.command === "start")
      return { kind: "command", command: "start", argument: "" };
    if (isRecord(payload) && "p" in payload) {
      const decoded = codec.decode("vk", payload);
      return decoded.ok
        ? { kind: "button", action: decoded.action }
        : { kind: "stale-button", reason: decoded.reason };
    }
    // Someone else's payload (a keyboard from before this bot): the text is what counts.
  }

  const text = message.text ?? "";
  const command = COMMAND.exec(text.trim());
  if (command) {
    return { kind: "command", command: command[1]!.toLowerCase(), argument: (command[2] ?? "").trim() };
  }
  if (text.trim() !== "") return { kind: "text", text };
  return { kind: "unsupported" };
}

export interface EventContext {
  eventId: string;
  account: InboundAccount;
  sender: SenderHints;
  receivedAt: Date;
}

function base(context: EventContext) {
  return {
    channel: "vk" as const,
    eventId: context.eventId,
    account: context.account,
    sender: context.sender,
    receivedAt: context.receivedAt,
  };
}

/** The channel-neutral event for a reading; a stale button has none (the channel answers it itself). */
export function messageEvent(
  reading: Exclude<MessageReading, { kind: "stale-button" }>,
  message: VkMessage,
  context: EventContext,
): InboundEvent {
  const ref = messageRef(message.peer_id, message.conversation_message_id);
  const where = ref ? { message: ref } : {};
  switch (reading.kind) {
    case "command":
      return {
        ...base(context),
        kind: "command",
        command: reading.command,
        argument: reading.argument,
        ...where,
      };
    case "text":
      return { ...base(context), kind: "text", text: reading.text, ...where };
    // The press of a button under the input field: the person's message carries no buttons of ours,
    // so there is nothing to edit in place.
    case "button":
      return { ...base(context), kind: "button", action: reading.action };
    case "unsupported":
      return { ...base(context), kind: "unsupported", ...where };
  }
}

export function buttonEvent(
  action: ButtonAction,
  message: MessageRef | undefined,
  context: EventContext,
): InboundEvent {
  return { ...base(context), kind: "button", action, ...(message && { message }) };
}

function parseJson(text: string): unknown {
  // VK keeps payloads within 255 characters; anything far longer is not one of ours.
  if (text.length > 4096) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
