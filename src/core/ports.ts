import type { Channel } from "../storage/tables.js";
import type { MessageRef, OutboundMessage, SendResult } from "./messages.js";

/**
 * Sending through one messenger. Expected refusals come back as values; anything else (a bug, the
 * messenger unreachable after retries) throws.
 */
export interface Messenger {
  readonly channel: Channel;
  send(chatId: string, message: OutboundMessage): Promise<SendResult>;
  /** Replaces a message's text and buttons; editing to identical content counts as success. */
  edit(ref: MessageRef, message: OutboundMessage): Promise<SendResult>;
  /**
   * Where the messenger has a command menu (Telegram), shows this chat the menu of the person's role.
   * Absent where commands are only typed or offered as buttons.
   */
  setCommandMenu?(chatId: string, commands: { command: string; description: string }[]): Promise<void>;
  /**
   * Where one call reaches many chats (VK: messages.send with up to 100 peer_ids), the same message to
   * each of them: one result per distinct chat id, in the order given. The outbox uses it for
   * identical texts. Throws only when the whole call fails.
   */
  sendMany?(chatIds: readonly string[], message: OutboundMessage): Promise<BulkDelivery[]>;
}

/** What became of one chat of a sendMany: sent, blocked, or refused for a reason of the platform's. */
export interface BulkDelivery {
  chatId: string;
  result: SendResult | { ok: false; reason: "refused"; code: number; description: string };
}
