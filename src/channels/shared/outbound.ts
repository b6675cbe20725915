import type { Channel } from "../../storage/tables.js";
import type { MessageRef } from "./inbound.js";
import type { ButtonAction } from "./payload-codec.js";

export type OutboundButton = { label: string; action: ButtonAction } | { label: string; url: string };

/** A rendered message: the text is already in the person's language. */
export interface OutboundMessage {
  text: string;
  /** Rows of buttons under the message. */
  buttons?: OutboundButton[][];
}

export type SendFailure =
  /** The person blocked the bot or deleted their account; the account is marked, later sends skip it. */
  | "blocked"
  /** The message to edit no longer exists or can no longer be edited: send a new one instead. */
  | "gone";

export type SendResult = { ok: true; message: MessageRef } | { ok: false; reason: SendFailure };

/**
 * Sending through one messenger. Expected refusals come back as values; anything else (a bug, the
 * messenger unreachable after retries) throws.
 */
export interface ChannelMessenger {
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
