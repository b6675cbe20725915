import type { InboundBody, MessageRef } from "../../core/messages.js";
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

/**
 * What a person's message means, before we know who they are. A text button of ours (a keyboard
 * under the input field) is a button whose payload the pipeline checks with the codec.
 */
export type MessageReading = InboundBody;

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@\S+)?(?:\s+([\s\S]*))?$/;

/**
 * Reads a `message_new`:
 * - a `ref` (the person came by a community link `vk.me/club<id>?ref=CODE`) is `/start CODE`;
 * - VK's own "Начать" button (payload `{"command":"start"}`) is `/start`;
 * - a payload in our format is a button press (the pipeline checks it with the codec);
 * - text opening with "/" is a command; other text is text;
 * - anything without text (a sticker, a photo, a voice message) is unsupported.
 */
export function readMessage(message: VkMessage): MessageReading {
  const ref = message.ref?.trim();
  if (ref) return { kind: "command", command: "start", argument: ref };

  if (message.payload !== undefined) {
    const payload = parseJson(message.payload);
    if (isRecord(payload) && payload.command === "start")
      return { kind: "command", command: "start", argument: "" };
    if (isRecord(payload) && "p" in payload) return { kind: "button", payload };
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
