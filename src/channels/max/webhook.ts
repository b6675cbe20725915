import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChannelLogger } from "../shared/logger.js";
import type { MaxBot } from "./bot.js";
import { describeMaxError } from "./errors.js";

export type MaxWebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The header MAX sends the subscription's secret in (POST /subscriptions { secret }). */
export const MAX_SECRET_HEADER = "x-max-bot-api-secret";

export interface MaxWebhookOptions {
  bot: Pick<MaxBot, "claim" | "process">;
  /** The secret given with the subscription; every request must carry it. */
  secret: string;
  logger: ChannelLogger;
  /** False before start() and after stop(): requests get 503 and MAX delivers them again later. */
  accepting(): boolean;
  maxBodyBytes?: number;
}

/**
 * MAX's POSTs, on the service's own HTTP port. The package's webhook callback is not used: it accepts
 * every request when no secret is set, and answers 200 before the update is handled or even stored,
 * so an update that arrives while the database is away is lost. Here, in order: POST, running, the
 * secret header (timing-safe; a request without it gets 401 before its body is read and changes
 * nothing), a readable body; then 200 as soon as the update is recorded in the update ledger (MAX's
 * retries of a slow answer then do nothing twice), 500 when it cannot be, so MAX delivers it again.
 */
export function createMaxWebhookHandler(options: MaxWebhookOptions): MaxWebhookHandler {
  const { bot, logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const expected = digest(options.secret);

  const reply = (res: ServerResponse, status: number) => {
    if (res.headersSent) return;
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(status === 200 ? "ok" : "");
  };

  return async (req, res) => {
    if (req.method !== "POST") return reply(res, 405);
    if (!options.accepting()) return reply(res, 503);
    const given = req.headers[MAX_SECRET_HEADER];
    if (typeof given !== "string" || !timingSafeEqual(digest(given), expected)) {
      logger.warn({}, "max webhook refused: secret");
      req.resume();
      return reply(res, 401);
    }

    let update: unknown;
    try {
      update = JSON.parse(await readBody(req, maxBodyBytes));
    } catch (error) {
      return reply(res, error instanceof BodyTooLarge ? 413 : 400);
    }
    let claimed: boolean;
    try {
      claimed = await bot.claim(update);
    } catch (error) {
      logger.error({ error: describeMaxError(error) }, "max webhook update not recorded");
      return reply(res, 500);
    }
    reply(res, 200);
    if (claimed) await bot.process(update);
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
