import { InputFile, type Api } from "grammy";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { MessageRef } from "../../core/messages.js";
import type { OutboundMessage, SendResult } from "../../core/messages.js";
import type { Messenger } from "../../core/ports.js";
import type { PayloadCodec } from "../shared/payload-codec.js";
import { splitText } from "../shared/text.js";
import { isGrammyError, isRecipientUnreachable } from "./errors.js";

/** sendMessage and editMessageText take at most 4096 characters of text. */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** sendDocument takes a caption of at most 1024 characters. */
export const TELEGRAM_CAPTION_LIMIT = 1024;

const NOT_MODIFIED = /message is not modified/i;
// A message that carries a file has no text to edit: its new version is sent instead.
const GONE =
  /message to edit not found|message can't be edited|message to be edited not found|there is no text in the message to edit/i;

/**
 * Sends rendered messages through a grammY Api (the bot's, so retries, throttling and blocked-user
 * marking apply). Plain text only: no parse mode, so nothing a person typed can break the markup.
 */
export function createTelegramMessenger(api: Api, codec: PayloadCodec): Messenger {
  /** Buttons signed for the chat they go to (see PayloadCodec.encode). */
  function keyboard(message: OutboundMessage, chatId: string): InlineKeyboardMarkup | undefined {
    if (!message.buttons?.length) return undefined;
    return {
      inline_keyboard: message.buttons.map((row) =>
        row.map((button): InlineKeyboardButton => {
          if ("url" in button) return { text: button.label, url: button.url };
          const encoded = codec.encode("telegram", button.action, chatId);
          // The renderer chose ids that do not fit 64 bytes: a bug to fix there, not a person's mistake.
          if (!encoded.ok) {
            throw new Error(
              `button payload for "${button.action.type}" is ${encoded.reason}: ${encoded.detail}`,
            );
          }
          return { text: button.label, callback_data: encoded.payload };
        }),
      ),
    };
  }

  return {
    channel: "telegram",

    async send(chatId, message) {
      const markup = keyboard(message, chatId);
      const { document } = message;
      // A text too long for a caption goes ahead of the file as messages of its own.
      const caption = document && message.text.length <= TELEGRAM_CAPTION_LIMIT ? message.text : undefined;
      const chunks =
        document && (caption !== undefined || message.text === "")
          ? []
          : splitText(message.text, TELEGRAM_TEXT_LIMIT);
      let last: MessageRef | undefined;
      try {
        for (const [index, chunk] of chunks.entries()) {
          const isLast = index === chunks.length - 1 && !document;
          const sent = await api.sendMessage(chatId, chunk, {
            link_preview_options: { is_disabled: true },
            ...(isLast && markup && { reply_markup: markup }),
          });
          last = { chatId: String(sent.chat.id), messageId: String(sent.message_id) };
        }
        if (document) {
          // grammY writes the name unquoted into the part's header (filename=...): a quote, a
          // semicolon or a line break there would end it early or break the request.
          const name = document.fileName.replace(/[\r\n";]/g, " ");
          const sent = await api.sendDocument(chatId, new InputFile(document.content, name), {
            ...(caption && { caption }),
            ...(markup && { reply_markup: markup }),
          });
          last = { chatId: String(sent.chat.id), messageId: String(sent.message_id) };
        }
      } catch (error) {
        if (isRecipientUnreachable(error)) return { ok: false, reason: "blocked" };
        throw error;
      }
      return { ok: true, message: last! };
    },

    async setCommandMenu(chatId, commands) {
      // A chat-scoped menu outranks the default one for that chat only, so a curator sees their commands
      // and everyone else keeps the short menu.
      await api.setMyCommands(commands, { scope: { type: "chat", chat_id: Number(chatId) } });
    },

    async edit(ref, message): Promise<SendResult> {
      if (message.text.length > TELEGRAM_TEXT_LIMIT) {
        throw new Error(`an edited message holds at most ${TELEGRAM_TEXT_LIMIT} characters`);
      }
      const markup = keyboard(message, ref.chatId);
      try {
        await api.editMessageText(ref.chatId, Number(ref.messageId), message.text, {
          link_preview_options: { is_disabled: true },
          // Without reply_markup Telegram drops the old buttons, which is what an edit without buttons means.
          ...(markup && { reply_markup: markup }),
        });
      } catch (error) {
        if (isGrammyError(error, 400, NOT_MODIFIED)) return { ok: true, message: ref };
        if (isGrammyError(error, 400, GONE)) return { ok: false, reason: "gone" };
        if (isRecipientUnreachable(error)) return { ok: false, reason: "blocked" };
        throw error;
      }
      return { ok: true, message: ref };
    },
  };
}
