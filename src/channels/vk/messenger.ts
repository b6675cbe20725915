import { randomInt } from "node:crypto";
import type { ChannelAccountRepository } from "../../accounts/channel-account.repository.js";
import type {
  MessageRef,
  OutboundDocument,
  OutboundMessage,
  SendResult,
  TextMessage,
} from "../../core/messages.js";
import type { ChannelLogger } from "../shared/logger.js";
import type { Messenger } from "../../core/ports.js";
import type { PayloadCodec } from "../shared/payload-codec.js";
import { splitText } from "../shared/text.js";
import type { VkApiClient } from "./api.js";
import type { VkClientDirectory } from "./client-directory.js";
import {
  describeVkError,
  isGoneForEdit,
  isUnreachable,
  VK_RETRY_CODES,
  VK_UNREACHABLE_CODES,
  VkDeliveryError,
} from "./errors.js";
import {
  EMPTY_INLINE_KEYBOARD,
  renderVkKeyboard,
  VK_KEYBOARD_LIMITS,
  type VkClientCapabilities,
} from "./keyboard.js";

/** messages.send and messages.edit take at most 4096 characters of text. */
export const VK_TEXT_LIMIT = 4096;

/** messages.send takes at most 100 peer_ids in one call. */
export const VK_PEER_IDS_PER_CALL = 100;

/** How long the upload of one document may take; an export is small, a stalled upload is not. */
const VK_UPLOAD_TIMEOUT_MS = 60_000;

/** What became of one recipient: sent, blocked, or refused for another reason VK gave. */
export type VkDeliveryResult =
  SendResult | { ok: false; reason: "refused"; code: number; description: string };

export interface VkDelivery {
  chatId: string;
  result: VkDeliveryResult;
}

export interface VkMessenger extends Messenger {
  readonly channel: "vk";
  /**
   * The same message to many people at once (a reminder, an announcement): messages.send with up to
   * 100 peer_ids per call, people grouped by what their client can show. One result per distinct
   * chat id, in the order given; blocked people are marked. Throws only when VK or the network fails
   * the whole call after retries.
   */
  sendMany(chatIds: readonly string[], message: TextMessage): Promise<VkDelivery[]>;
}

export interface VkMessengerDependencies {
  client: VkApiClient;
  codec: PayloadCodec;
  accounts: Pick<ChannelAccountRepository, "markBlocked">;
  directory: VkClientDirectory;
  logger: ChannelLogger;
}

interface SendItem {
  peer_id: number;
  message_id?: number;
  conversation_message_id?: number;
  error?: { code: number; description?: string };
}

/**
 * Sends rendered messages through the VK API: plain text (links not expanded into snippets), buttons
 * laid out for each person's client within VK's limits, long text in parts with the buttons on the
 * last. Every call carries a random_id, so a repeat after a lost answer is not a second message.
 */
export function createVkMessenger(deps: VkMessengerDependencies): VkMessenger {
  const { client, codec, accounts, directory, logger } = deps;

  function render(message: OutboundMessage, capabilities: VkClientCapabilities, peerId: number) {
    const rendered = renderVkKeyboard(message.buttons, capabilities, codec, String(peerId));
    const links = rendered.linksAsText.map((link) => `${link.label}: ${link.url}`);
    const text = links.length > 0 ? `${message.text}\n\n${links.join("\n")}` : message.text;
    return { text, keyboard: rendered.keyboard };
  }

  async function markBlocked(peerIds: readonly number[]): Promise<void> {
    for (const peerId of peerIds) {
      try {
        const marked = await accounts.markBlocked("vk", String(peerId));
        logger.info({ marked }, "vk recipient marked blocked");
      } catch (error) {
        logger.error({ error: describeVkError(error) }, "vk blocked mark failed");
      }
    }
  }

  /**
   * Puts a file where a message to `peerId` can attach it: docs.getMessagesUploadServer, a multipart
   * POST of the bytes to the address it gives, docs.save. The calls go through the client, so they get
   * its retries and logging; the upload itself is a plain fetch, since vk-io's upload helper would
   * need an agent of its own for an http:// API root (see createVkApi).
   */
  async function uploadDocument(
    peerId: number,
    document: OutboundDocument,
  ): Promise<{ ok: true; attachment: string } | { ok: false; reason: "blocked" }> {
    let server: { upload_url?: string };
    try {
      server = await client.call("docs.getMessagesUploadServer", { type: "doc", peer_id: peerId });
    } catch (error) {
      if (isUnreachable(error)) {
        await markBlocked([peerId]);
        return { ok: false, reason: "blocked" };
      }
      throw error;
    }
    if (!server.upload_url) throw new Error("docs.getMessagesUploadServer answered without upload_url");
    const form = new FormData();
    form.append(
      "file",
      new Blob([new Uint8Array(document.content)], { type: document.mimeType }),
      document.fileName,
    );
    const response = await fetch(server.upload_url, {
      method: "POST",
      body: form,
      signal: AbortSignal.timeout(VK_UPLOAD_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`VK document upload answered HTTP ${response.status}`);
    const uploaded = (await response.json()) as { file?: string; error?: string; error_descr?: string };
    if (!uploaded.file) {
      throw new Error(
        `VK document upload refused: ${uploaded.error ?? "no file"} ${uploaded.error_descr ?? ""}`,
      );
    }
    const saved = await client.call<{
      type?: string;
      doc?: { id: number; owner_id: number; access_key?: string };
    }>("docs.save", { file: uploaded.file, title: document.fileName });
    const doc = saved.doc;
    if (!doc) throw new Error(`docs.save answered with ${saved.type ?? "nothing"} instead of a doc`);
    // A document in a private dialog is private: the attachment needs its access key to be shown.
    const key = doc.access_key ? `_${doc.access_key}` : "";
    return { ok: true, attachment: `doc${doc.owner_id}_${doc.id}${key}` };
  }

  /** One messages.send to a batch; each peer's outcome, or a throw when the whole call failed. */
  async function sendOnce(
    peerIds: readonly number[],
    text: string,
    keyboard: string | undefined,
    randomId: number,
    attachment: string | undefined,
  ): Promise<Map<number, SendItem>> {
    let response: unknown;
    try {
      response = await client.call("messages.send", {
        peer_ids: peerIds.join(","),
        random_id: randomId,
        message: text,
        dont_parse_links: 1,
        ...(keyboard && { keyboard }),
        ...(attachment && { attachment }),
      });
    } catch (error) {
      // With a single peer VK may refuse the call itself rather than the item.
      if (isUnreachable(error)) {
        const code = (error as { code: number }).code;
        return new Map(peerIds.map((peer_id) => [peer_id, { peer_id, error: { code: Number(code) } }]));
      }
      throw error;
    }
    if (!Array.isArray(response)) throw new Error("messages.send with peer_ids answered without a list");
    return new Map((response as SendItem[]).map((item) => [Number(item.peer_id), item]));
  }

  /**
   * sendOnce, repeating for the recipients whose items came back with flood control or an internal
   * error (the call's own such errors are repeated by the API client). The same random_id each time.
   */
  async function sendWithRetries(
    peerIds: readonly number[],
    text: string,
    keyboard: string | undefined,
    attachment: string | undefined,
  ): Promise<Map<number, SendItem>> {
    const randomId = randomInt(1, 2 ** 31 - 1);
    const items = await sendOnce(peerIds, text, keyboard, randomId, attachment);
    for (let attempt = 0; attempt < client.retry.attempts; attempt++) {
      const again = peerIds.filter((peerId) => VK_RETRY_CODES.has(items.get(peerId)?.error?.code ?? 0));
      if (again.length === 0) break;
      await client.backoff(attempt);
      for (const [peerId, item] of await sendOnce(again, text, keyboard, randomId, attachment))
        items.set(peerId, item);
    }
    return items;
  }

  /** `attachment` (an uploaded document) goes with the last part, under the same keyboard. */
  async function deliver(
    peerIds: readonly number[],
    message: OutboundMessage,
    attachment?: string,
  ): Promise<Map<number, VkDeliveryResult>> {
    if (message.text.trim() === "") throw new Error("a VK message needs text");
    const results = new Map<number, VkDeliveryResult>();
    // People whose clients show the same thing share calls; the layout is worked out once per kind.
    const groups = new Map<string, { text: string; keyboard?: string; peers: number[] }>();
    // Buttons are signed per peer, so only a message without any shares its layout between peers.
    const signed = message.buttons?.some((row) => row.some((button) => "action" in button)) ?? false;
    const rendered = new Map<VkClientCapabilities, { text: string; keyboard?: string }>();
    for (const peerId of peerIds) {
      const capabilities = directory.capabilities(peerId);
      let variant = signed ? undefined : rendered.get(capabilities);
      if (!variant) {
        const { text, keyboard } = render(message, capabilities, peerId);
        variant = { text, ...(keyboard && { keyboard: JSON.stringify(keyboard) }) };
        if (!signed) rendered.set(capabilities, variant);
      }
      const key = `${variant.keyboard ?? ""}\u0000${variant.text}`;
      const group = groups.get(key) ?? { ...variant, peers: [] };
      group.peers.push(peerId);
      groups.set(key, group);
    }

    for (const group of groups.values()) {
      const chunks = splitText(group.text, VK_TEXT_LIMIT);
      for (let start = 0; start < group.peers.length; start += VK_PEER_IDS_PER_CALL) {
        let alive = group.peers.slice(start, start + VK_PEER_IDS_PER_CALL);
        const last = new Map<number, MessageRef>();
        for (const [index, chunk] of chunks.entries()) {
          if (alive.length === 0) break;
          const isLast = index === chunks.length - 1;
          const items = await sendWithRetries(
            alive,
            chunk,
            isLast ? group.keyboard : undefined,
            isLast ? attachment : undefined,
          );
          const blocked: number[] = [];
          for (const peerId of alive) {
            const item = items.get(peerId);
            if (item && !item.error) {
              last.set(peerId, {
                chatId: String(peerId),
                messageId: String(item.conversation_message_id ?? 0),
              });
              continue;
            }
            const code = item?.error?.code ?? -1;
            if (VK_UNREACHABLE_CODES.has(code)) {
              blocked.push(peerId);
              results.set(peerId, { ok: false, reason: "blocked" });
            } else {
              const description = item?.error?.description ?? "no answer for this peer";
              logger.warn({ code, description }, "vk refused a message for one recipient");
              results.set(peerId, { ok: false, reason: "refused", code, description });
            }
          }
          await markBlocked(blocked);
          alive = alive.filter((peerId) => !results.has(peerId));
        }
        for (const peerId of alive) results.set(peerId, { ok: true, message: last.get(peerId)! });
      }
    }
    return results;
  }

  function peerOf(chatId: string): number {
    const peerId = Number(chatId);
    if (!Number.isSafeInteger(peerId) || peerId === 0) throw new Error(`not a VK peer id: ${chatId}`);
    return peerId;
  }

  return {
    channel: "vk",
    // Buttons that fit an inline keyboard belong to their message, which a tap can then redraw.
    presentation: { maxButtons: VK_KEYBOARD_LIMITS.inline.buttons },

    async send(chatId, message) {
      const peerId = peerOf(chatId);
      let attachment: string | undefined;
      if (message.document) {
        const uploaded = await uploadDocument(peerId, message.document);
        if (!uploaded.ok) return uploaded;
        attachment = uploaded.attachment;
      }
      const result = (await deliver([peerId], message, attachment)).get(peerId)!;
      if (!result.ok && result.reason === "refused")
        throw new VkDeliveryError(result.code, result.description);
      return result;
    },

    async sendMany(chatIds, message) {
      const unique = [...new Set(chatIds)];
      const peers = unique.map(peerOf);
      const results = await deliver(peers, message);
      return unique.map((chatId, index) => ({ chatId, result: results.get(peers[index]!)! }));
    },

    async edit(ref, message): Promise<SendResult> {
      const peerId = peerOf(ref.chatId);
      const { text, keyboard } = render(message, directory.capabilities(peerId), peerId);
      if (text.length > VK_TEXT_LIMIT) {
        throw new Error(`an edited message holds at most ${VK_TEXT_LIMIT} characters`);
      }
      // Only an inline keyboard belongs to a message; buttons that need the keyboard under the input
      // field come with a new message, so the journey is told to send one.
      if (keyboard && !keyboard.inline) return { ok: false, reason: "gone" };
      try {
        await client.call("messages.edit", {
          peer_id: peerId,
          conversation_message_id: Number(ref.messageId),
          message: text,
          dont_parse_links: 1,
          // Without buttons the old ones must go, which takes an explicitly empty keyboard.
          keyboard: JSON.stringify(keyboard ?? EMPTY_INLINE_KEYBOARD),
        });
      } catch (error) {
        if (isGoneForEdit(error)) return { ok: false, reason: "gone" };
        if (isUnreachable(error)) {
          await markBlocked([peerId]);
          return { ok: false, reason: "blocked" };
        }
        throw error;
      }
      return { ok: true, message: ref };
    },
  };
}
