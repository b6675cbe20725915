/**
 * The language every channel adapter translates to and from: what a person did (inbound events) and
 * what the service says (outbound messages, with buttons carrying actions). Nothing here knows a
 * messenger; adapters in channels/ render and parse these.
 */
import type { Locale } from "../i18n/translator.js";
import type { Channel } from "../storage/tables.js";

/**
 * What a button carries, before the channel's codec signs and packs it (see channels/shared/payload-codec).
 *
 * @example
 *   { type: "answer", session: 42, question: "goal", value: "grades" }
 *   { type: "page", session: 42, question: "mentor", page: 2 }
 */
export interface ButtonAction {
  type: string;
  session?: number;
  question?: string;
  value?: string;
  page?: number;
}

/** Where a message sits in a messenger, so it can be edited in place later. Store both parts together. */
export interface MessageRef {
  chatId: string;
  messageId: string;
}

/** Who sent an event, as far as the core needs to know: our ids plus where to answer. */
export interface InboundAccount {
  channel: Channel;
  /** channel_account.id */
  accountId: number;
  personId: number;
  /** The messenger's user id. */
  externalId: string;
  /** Where replies go. */
  chatId: string;
  /** The language to answer in: the person's choice, else the messenger's hint, else Russian. */
  locale: Locale;
  /** The person has chosen a language (onboarding may still have to ask). */
  localeChosen: boolean;
  /** This event created the account: the very first message from this person on this channel. */
  firstContact: boolean;
}

/**
 * What the messenger told about the sender, for this event only. Nothing here is stored by the
 * transport: before consent to personal data processing the journey may only offer it back to them.
 */
export interface SenderHints {
  firstName?: string;
  /** The messenger's language tag as given ("en-US", "ru"). */
  languageTag?: string;
}

interface InboundBase {
  channel: Channel;
  /** Unique per channel (the messenger's update id); already claimed once, so never seen twice. */
  eventId: string;
  account: InboundAccount;
  sender: SenderHints;
  receivedAt: Date;
}

/**
 * One thing a person did, in the same shape on every channel. Each adapter turns its updates into
 * these and the journey (one handler) decides what they mean.
 *
 * @example
 *   { kind: "command", command: "start", argument: "INVITE42", ... }     // Telegram deep link, VK ref
 *   { kind: "button", action: { type: "answer", session: 7, question: "goal", value: "grades" }, ... }
 */
export type InboundEvent =
  | (InboundBase & {
      kind: "command";
      /** Lower case, without the slash or a bot's @name. */
      command: string;
      /** Whatever followed the command, trimmed; "" when nothing did. */
      argument: string;
      message?: MessageRef;
    })
  | (InboundBase & { kind: "text"; text: string; message?: MessageRef })
  | (InboundBase & {
      kind: "button";
      /** Already decoded and its signature checked: forged or garbled presses never get here. */
      action: ButtonAction;
      /** The message that carries the pressed button, for editing it in place. */
      message?: MessageRef;
    })
  /** A sticker, photo, voice note...: the journey may re-ask its question in words. */
  | (InboundBase & { kind: "unsupported"; message?: MessageRef });

export type InboundKind = InboundEvent["kind"];

export type OutboundButton = { label: string; action: ButtonAction } | { label: string; url: string };

/**
 * A file that goes with a message (a spreadsheet export). Replies only: the bytes live in memory for
 * one turn and are never stored, so the outbox and bulk sends take a `TextMessage` instead.
 */
export interface OutboundDocument {
  /** What the person sees and saves it as, extension included ("pairs-2026-12-03.xlsx"). */
  fileName: string;
  mimeType: string;
  content: Uint8Array;
}

/** A rendered message: the text is already in the person's language. */
export interface OutboundMessage {
  /**
   * With a document, its caption where the messenger allows one that long (Telegram: 1024
   * characters); a longer text goes first as a message of its own and the file follows it.
   */
  text: string;
  /** A file sent with the text; the message's buttons go under the file. */
  document?: OutboundDocument;
  /** Rows of buttons under the message. */
  buttons?: OutboundButton[][];
  /**
   * Typed text is the answer here (a free-text question): a channel that presses buttons by a typed
   * key (the console's letters) must not read "a" as a press.
   */
  takesText?: boolean;
}

/**
 * A message without a file: what the outbox stores for later, what one call sends to many chats, and
 * what an existing message can be edited into (no messenger puts a file into a sent text).
 */
export type TextMessage = OutboundMessage & { document?: never };

/** Narrows a message to one without a file. */
export function isTextMessage(message: OutboundMessage): message is TextMessage {
  return message.document === undefined;
}

export type SendFailure =
  /** The person blocked the bot or deleted their account; the account is marked, later sends skip it. */
  | "blocked"
  /** The message to edit no longer exists or can no longer be edited: send a new one instead. */
  | "gone";

export type SendResult = { ok: true; message: MessageRef } | { ok: false; reason: SendFailure };

/** What an adapter reads from a platform update before anyone knows who sent it. */
export type InboundBody =
  | { kind: "command"; command: string; argument: string }
  | { kind: "text"; text: string }
  /** A press of one of our buttons, still encoded: the pipeline checks it with the channel's codec. */
  | { kind: "button"; payload: unknown }
  | { kind: "unsupported" };

/**
 * One platform update, read by its channel's adapter: a person did something in a private chat, the
 * person blocked or unblocked the bot, or something the service does not address (a group, a bot).
 */
export type InboundUpdate =
  | {
      kind: "event";
      /** The messenger's user id and the chat replies go to. */
      externalId: string;
      chatId: string;
      sender: SenderHints;
      body: InboundBody;
      /** The message that carries the pressed button, or the message itself. */
      message?: MessageRef;
      /** Whatever the adapter needs to answer a button press (stop its spinner, show a toast). */
      press?: unknown;
    }
  | { kind: "blocked" | "unblocked"; chatId: string }
  | { kind: "ignored"; why: string };
