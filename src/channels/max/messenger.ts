import type { Button } from "@maxhub/max-bot-api/types";
import type { ChannelAccountRepository } from "../../accounts/channel-account.repository.js";
import type { MessageRef, OutboundMessage, SendResult } from "../../core/messages.js";
import type { Messenger } from "../../core/ports.js";
import type { ChannelLogger } from "../shared/logger.js";
import type { PayloadCodec } from "../shared/payload-codec.js";
import { splitText } from "../shared/text.js";
import type { MaxApiClient } from "./api.js";
import { describeMaxError, isMaxGoneForEdit, isMaxUnreachable } from "./errors.js";

/** POST and PUT /messages take at most 4000 characters of text. */
export const MAX_TEXT_LIMIT = 4000;
/** An inline keyboard row holds at most 7 buttons, or 3 when it has a link button. */
const ROW_LIMIT = 7;
const LINK_ROW_LIMIT = 3;

export interface MaxMessengerDependencies {
  client: MaxApiClient;
  codec: PayloadCodec;
  accounts: Pick<ChannelAccountRepository, "markBlocked">;
  logger: ChannelLogger;
}

type InlineKeyboard = { type: "inline_keyboard"; payload: { buttons: Button[][] } };

/**
 * Sends rendered messages through the package's API client: plain text (no markdown, so nothing a
 * person typed can break it; link previews off), buttons as an inline keyboard signed for the chat,
 * long text in parts of at most 4000 characters with the buttons on the last.
 */
export function createMaxMessenger(deps: MaxMessengerDependencies): Messenger {
  const { client, codec, accounts, logger } = deps;
  const { api } = client;

  function keyboard(message: OutboundMessage, chatId: string): InlineKeyboard | undefined {
    if (!message.buttons?.length) return undefined;
    const rows: Button[][] = [];
    for (const row of message.buttons) {
      const buttons = row.map((button): Button => {
        if ("url" in button) return { type: "link", text: button.label, url: button.url };
        const encoded = codec.encode("max", button.action, chatId);
        // The renderer chose ids that do not fit: a bug to fix there, not a person's mistake.
        if (!encoded.ok) {
          throw new Error(
            `button payload for "${button.action.type}" is ${encoded.reason}: ${encoded.detail}`,
          );
        }
        return { type: "callback", text: button.label, payload: encoded.payload };
      });
      // A row longer than MAX takes is laid out over several, in the same order.
      const limit = buttons.some((b) => b.type === "link") ? LINK_ROW_LIMIT : ROW_LIMIT;
      for (let start = 0; start < buttons.length; start += limit)
        rows.push(buttons.slice(start, start + limit));
    }
    return { type: "inline_keyboard", payload: { buttons: rows } };
  }

  function chatOf(chatId: string): number {
    const id = Number(chatId);
    if (!Number.isSafeInteger(id) || id === 0) throw new Error(`not a MAX chat id: ${chatId}`);
    return id;
  }

  async function markBlocked(chatId: string): Promise<void> {
    try {
      const marked = await accounts.markBlocked("max", chatId);
      logger.info({ marked }, "max recipient marked blocked");
    } catch (error) {
      logger.error({ error: describeMaxError(error) }, "max blocked mark failed");
    }
  }

  return {
    channel: "max",

    async send(chatId, message) {
      // A file would need MAX's upload flow; sending the text alone would lose it without a word.
      if ("document" in message && message.document !== undefined) {
        throw new Error("the MAX channel does not send files yet");
      }
      const chat = chatOf(chatId);
      const markup = keyboard(message, chatId);
      const chunks = splitText(message.text, MAX_TEXT_LIMIT);
      let last: MessageRef | undefined;
      try {
        for (const [index, chunk] of chunks.entries()) {
          const isLast = index === chunks.length - 1;
          const sent = await client.call("send", () =>
            api.sendMessageToChat(chat, chunk, {
              disable_link_preview: true,
              ...(isLast && markup && { attachments: [markup] }),
            }),
          );
          last = { chatId, messageId: sent.body.mid };
        }
      } catch (error) {
        if (!isMaxUnreachable(error)) throw error;
        await markBlocked(chatId);
        return { ok: false, reason: "blocked" };
      }
      return { ok: true, message: last! };
    },

    async edit(ref, message): Promise<SendResult> {
      if (message.text.length > MAX_TEXT_LIMIT) {
        throw new Error(`an edited message holds at most ${MAX_TEXT_LIMIT} characters`);
      }
      const markup = keyboard(message, ref.chatId);
      let answer: { success: boolean };
      try {
        answer = await client.call("edit", () =>
          // An empty attachment list removes the old buttons; leaving it out would keep them.
          api.editMessage(ref.messageId, { text: message.text, attachments: markup ? [markup] : [] }),
        );
      } catch (error) {
        if (isMaxGoneForEdit(error)) return { ok: false, reason: "gone" };
        if (isMaxUnreachable(error)) {
          await markBlocked(ref.chatId);
          return { ok: false, reason: "blocked" };
        }
        throw error;
      }
      // MAX may refuse an edit with success: false (a message it no longer lets the bot change): the
      // journey sends the new version instead.
      return answer.success ? { ok: true, message: ref } : { ok: false, reason: "gone" };
    },
  };
}
