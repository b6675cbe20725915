import { setTimeout as delay } from "node:timers/promises";
import type { AttachmentRequest, Button, Message } from "@maxhub/max-bot-api/types";
import type { ChannelAccountRepository } from "../../accounts/channel-account.repository.js";
import type { MessageRef, OutboundDocument, OutboundMessage, SendResult } from "../../core/messages.js";
import type { Messenger } from "../../core/ports.js";
import type { ChannelLogger } from "../shared/logger.js";
import type { PayloadCodec } from "../shared/payload-codec.js";
import { splitText } from "../shared/text.js";
import type { MaxApiClient } from "./api.js";
import { describeMaxError, isMaxAttachmentNotReady, isMaxGoneForEdit, isMaxUnreachable } from "./errors.js";

/** POST and PUT /messages take at most 4000 characters of text. */
export const MAX_TEXT_LIMIT = 4000;
/** An inline keyboard row holds at most 7 buttons, or 3 when it has a link button. */
const ROW_LIMIT = 7;
const LINK_ROW_LIMIT = 3;

/** How long the upload of one file may take; an export is small, a stalled upload is not. */
const MAX_UPLOAD_TIMEOUT_MS = 60_000;

/**
 * MAX refuses a message whose file it is still processing (`attachment.not.ready`): the send is
 * repeated `attempts` times in all, `delayMs` apart.
 */
export interface MaxAttachmentRetry {
  attempts: number;
  delayMs: number;
}

export const DEFAULT_MAX_ATTACHMENT_RETRY: MaxAttachmentRetry = { attempts: 3, delayMs: 1000 };

export interface MaxMessengerDependencies {
  client: MaxApiClient;
  codec: PayloadCodec;
  accounts: Pick<ChannelAccountRepository, "markBlocked">;
  logger: ChannelLogger;
  /** Shorter pauses in tests. */
  attachmentRetry?: Partial<MaxAttachmentRetry>;
}

type InlineKeyboard = { type: "inline_keyboard"; payload: { buttons: Button[][] } };

/**
 * Sends rendered messages through the package's API client: plain text (no markdown, so nothing a
 * person typed can break it; link previews off), buttons as an inline keyboard signed for the chat,
 * long text in parts of at most 4000 characters with the buttons on the last. A file (an export) is
 * uploaded first and goes with the last part, under the same buttons.
 */
export function createMaxMessenger(deps: MaxMessengerDependencies): Messenger {
  const { client, codec, accounts, logger } = deps;
  const { api } = client;
  const attachmentRetry = { ...DEFAULT_MAX_ATTACHMENT_RETRY, ...deps.attachmentRetry };

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

  /**
   * Puts a file where a message can attach it: POST /uploads?type=file gives an address, the bytes go
   * there as multipart field `data`, and the token (from the first answer, or else the upload's) is
   * what the message carries. The package's own helper (api.uploadFile) names a file sent from a
   * Buffer with a random UUID, so the person would save "3f2a….bin" instead of the export's name: the
   * upload here is a plain fetch with the real file name. Like the package, it sends no token to the
   * upload address (the address itself is what MAX signed).
   */
  async function uploadDocument(document: OutboundDocument): Promise<string> {
    const target = await client.call("upload url", () => api.raw.uploads.getUploadUrl({ type: "file" }));
    if (!target.url) throw new Error("POST /uploads answered without url");
    const form = new FormData();
    form.append(
      "data",
      new Blob([new Uint8Array(document.content)], { type: document.mimeType }),
      document.fileName,
    );
    const response = await client.call("upload", () =>
      fetch(target.url, {
        method: "POST",
        body: form,
        signal: AbortSignal.timeout(MAX_UPLOAD_TIMEOUT_MS),
      }),
    );
    const answer = await response.text();
    // Neither the address (signed) nor the answer goes into the error: only the status.
    if (!response.ok) throw new Error(`MAX file upload answered HTTP ${response.status}`);
    if (target.token) return target.token;
    let uploaded: { token?: unknown };
    try {
      uploaded = JSON.parse(answer) as { token?: unknown };
    } catch {
      throw new Error("MAX file upload answered with something other than JSON");
    }
    if (typeof uploaded?.token !== "string" || uploaded.token === "") {
      throw new Error("MAX file upload answered without a token");
    }
    return uploaded.token;
  }

  /**
   * POST /messages with a file, repeated while MAX still processes it. The raw call, not
   * api.sendMessageToChat: that one repeats `attachment.not.ready` on its own with fixed pauses of 1
   * and 2 s, which would nest inside these repeats.
   */
  async function sendWithFile(
    chat: number,
    text: string,
    attachments: AttachmentRequest[],
  ): Promise<Message> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { message } = await client.call("send", () =>
          api.raw.post("messages", {
            query: { chat_id: chat, disable_link_preview: true },
            body: { text, attachments },
          }),
        );
        return message;
      } catch (error) {
        if (!isMaxAttachmentNotReady(error) || attempt >= attachmentRetry.attempts) throw error;
        logger.debug({ attempt }, "max file not ready yet; sending again");
        await delay(attachmentRetry.delayMs);
      }
    }
  }

  return {
    channel: "max",

    async send(chatId, message) {
      const chat = chatOf(chatId);
      const markup = keyboard(message, chatId);
      const chunks = splitText(message.text, MAX_TEXT_LIMIT);
      // Uploaded before any text goes, so a failed upload leaves no half-sent reply.
      const file = message.document ? await uploadDocument(message.document) : undefined;
      let last: MessageRef | undefined;
      try {
        for (const [index, chunk] of chunks.entries()) {
          const isLast = index === chunks.length - 1;
          const sent =
            isLast && file !== undefined
              ? await sendWithFile(chat, chunk, [
                  { type: "file", payload: { token: file } },
                  ...(markup ? [markup] : []),
                ])
              : await client.call("send", () =>
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
