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
}
