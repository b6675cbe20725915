import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChannelLogger } from "../shared/logger.js";
import type { VkBot } from "./bot.js";
import { describeVkError } from "./errors.js";
import { parseVkEvent } from "./events.js";

export type VkCallbackHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface VkCallbackOptions {
  bot: Pick<VkBot, "claim" | "process">;
  groupId: number;
  /** The community's "secret key" (Callback API settings); every request must carry it. */
  secret: string;
  /** The string VK expects back for the `confirmation` event (groups.getCallbackConfirmationCode). */
  confirmation: string;
  logger: ChannelLogger;
  /** False before start() and after stop(): requests get 503 and VK delivers them again later. */
  accepting(): boolean;
  /** Larger bodies are refused (a message with many attachments stays far below). */
  maxBodyBytes?: number;
}

/**
 * The Callback API endpoint. Checks, in order: POST, running, a readable JSON body, the secret
 * (timing-safe; a request without it gets 403 and changes nothing), the community; then answers the
 * `confirmation` event with the confirmation string, and any other event with "ok" as soon as its
 * event_id is claimed in the update ledger, so VK's retries of a slow answer do nothing twice.
 * Handling goes on after the answer; a ledger failure answers 500, so VK delivers the event again.
 */
export function createVkCallbackHandler(options: VkCallbackOptions): VkCallbackHandler {
  const { bot, groupId, logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const expectedSecret = digest(options.secret);

  const reply = (res: ServerResponse, status: number, body = "") => {
    if (res.headersSent) return;
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(body);
  };

  return async (req, res) => {
    if (req.method !== "POST") return reply(res, 405);
    if (!options.accepting()) return reply(res, 503);

    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, maxBodyBytes));
    } catch (error) {
      if (error instanceof BodyTooLarge) return reply(res, 413);
      return reply(res, 400);
    }

    const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
    if (typeof fields.secret !== "string" || !timingSafeEqual(digest(fields.secret), expectedSecret)) {
      logger.warn(
        { type: typeof fields.type === "string" ? fields.type : undefined },
        "vk callback refused: secret",
      );
      return reply(res, 403);
    }
    if (Number(fields.group_id) !== groupId) {
      logger.warn({ groupId: fields.group_id }, "vk callback refused: another community");
      return reply(res, 403);
    }
    if (fields.type === "confirmation") return reply(res, 200, options.confirmation);

    const parsed = parseVkEvent(body);
    if (!parsed.ok) {
      // Answered "ok" all the same: VK would only repeat something we cannot read.
      logger.warn({ type: fields.type, reason: parsed.reason }, "vk callback event unreadable");
      return reply(res, 200, "ok");
    }
    let claimed: boolean;
    try {
      claimed = await bot.claim(parsed.event);
    } catch (error) {
      logger.error({ error: describeVkError(error) }, "vk callback event not claimed");
      return reply(res, 500);
    }
    reply(res, 200, "ok");
    if (claimed) await bot.process(parsed.event);
  };
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Equal-length digests, so the comparison takes the same time whatever the length of the guess. */
function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
