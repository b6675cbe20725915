import type { Channel } from "../storage/tables.js";
import type { ChannelPresentation } from "./presentation.js";
import type {
  ButtonAction,
  InboundUpdate,
  MessageRef,
  OutboundMessage,
  SendResult,
  TextMessage,
} from "./messages.js";

/**
 * Sending through one messenger. Expected refusals come back as values; anything else (a bug, the
 * messenger unreachable after retries) throws.
 */
export interface Messenger {
  readonly channel: Channel;
  /** Where the channel shows or takes messages unlike a messenger with tappable buttons (VK, console). */
  readonly presentation?: ChannelPresentation;
  /** With a document, the result names the message that carries the file. */
  send(chatId: string, message: OutboundMessage): Promise<SendResult>;
  /** Replaces a message's text and buttons; editing to identical content counts as success. */
  edit(ref: MessageRef, message: TextMessage): Promise<SendResult>;
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
  sendMany?(chatIds: readonly string[], message: TextMessage): Promise<BulkDelivery[]>;
}

/** What became of one chat of a sendMany: sent, blocked, or refused for a reason of the platform's. */
export interface BulkDelivery {
  chatId: string;
  result: SendResult | { ok: false; reason: "refused"; code: number; description: string };
}

/**
 * One messenger as the inbound pipeline sees it: the adapter reads platform updates into
 * channel-neutral ones and sends through its messenger; it decides nothing. The pipeline records,
 * orders, identifies, limits and routes (see src/pipeline).
 */
export interface ChannelIngress {
  readonly channel: Channel;
  readonly messenger: Messenger;
  /**
   * The key that orders a person's updates, read synchronously as the update arrives (Telegram: the
   * sender's id; VK: the peer). Updates with the same key are handled one after another, on any
   * instance.
   */
  orderKey(raw: unknown): string;
  /** Reads a platform update as received (or as stored in the ledger after a crash). */
  read(raw: unknown): Promise<InboundUpdate>;
  /** Checks a pressed button's payload with this channel's signing key, as pressed in chat `chatId`. */
  decodeButton(
    payload: unknown,
    chatId: string,
  ): { ok: true; action: ButtonAction } | { ok: false; reason: string };
  /** Answers a button press (stops the spinner); with text, shows it briefly (a toast, a snackbar). */
  answerPress?(press: unknown, text?: string): Promise<void>;
}
