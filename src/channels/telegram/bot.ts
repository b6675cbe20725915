import { autoRetry, type AutoRetryOptions } from "@grammyjs/auto-retry";
import { Bot, type Transformer } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import {
  createChannelAccountRepository,
  type ChannelAccountRepository,
} from "../../accounts/channel-account.repository.js";
import type { ChannelIngress } from "../../core/ports.js";
import type { InboundPipeline } from "../../pipeline/inbound-pipeline.js";
import type { ChannelLogger } from "../shared/logger.js";
import type { PayloadCodec } from "../shared/payload-codec.js";
import type { Messenger } from "../../core/ports.js";
import type { Kysely } from "kysely";
import type { Database } from "../../storage/tables.js";
import type { Translator } from "../../i18n/translator.js";
import { registerTelegramCommands } from "./commands.js";
import { describeError, isUnreachableDescription } from "./errors.js";
import { readTelegramUpdate, telegramOrderKey } from "./inbound-event.js";
import { createTelegramMessenger } from "./messenger.js";
import { pausePushOnFloodWait } from "./push-pause.js";
import type { RateGate } from "../../outbox/rate-gate.js";

export interface TelegramBotOptions {
  token: string;
  /** A self-hosted Bot API server (TELEGRAM_API_ROOT), or the fake one in tests. */
  apiRoot?: string;
  /** Known bot info skips the getMe call at start (tests, or a cached value). */
  botInfo?: UserFromGetMe;
  /** 429 and 5xx handling (@grammyjs/auto-retry). */
  retry?: Partial<AutoRetryOptions>;
  db: Kysely<Database>;
  translator: Translator;
  codec: PayloadCodec;
  logger: ChannelLogger;
  /** Where updates go: recorded, ordered per person, handled once (src/pipeline). */
  pipeline: InboundPipeline;
  accounts?: ChannelAccountRepository;
  /** The outbox's gate for this bot: a 429 on any call pauses push traffic for its retry_after. */
  pushGate?: Pick<RateGate, "pause">;
}

export interface TelegramBot {
  bot: Bot;
  messenger: Messenger;
  /** setMyCommands for every locale. */
  registerCommands(): Promise<void>;
  /** Resolves when no update is being processed (for a graceful webhook shutdown). */
  idle(): Promise<void>;
}

/** Updates the bot asks for: messages, button presses, and being blocked or unblocked. */
export const TELEGRAM_ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;

/**
 * Retry a 429 as Telegram asks (short waits only: a reply minutes late is worse than an error) and
 * 5xx or network failures a few times with backoff; past that the error reaches the caller.
 */
const DEFAULT_RETRY: Partial<AutoRetryOptions> = { maxRetryAttempts: 5, maxDelaySeconds: 60 };

/**
 * The Telegram adapter: grammY's client with retries and blocked-user marking on every API call, and
 * an ingress that reads updates into channel-neutral ones for the inbound pipeline. There is no fixed
 * per-chat pause: a reply to a person's own tap goes out at once (Telegram allows short bursts in a
 * private chat), and push traffic is paced by the outbox's limiter, which yields to replies.
 */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { codec, logger, pipeline } = options;
  const accounts = options.accounts ?? createChannelAccountRepository(options.db);
  const bot = new Bot(options.token, {
    ...(options.botInfo && { botInfo: options.botInfo }),
    client: { ...(options.apiRoot && { apiRoot: options.apiRoot }) },
  });

  // Transformers wrap each other: the last installed runs first. Inside out: log every failed attempt;
  // pause push traffic on every 429 (inside the retries, so none is missed); retry; finally mark the
  // recipient blocked if the final answer says so.
  bot.api.config.use(logFailedCalls(logger));
  if (options.pushGate) bot.api.config.use(pausePushOnFloodWait(options.pushGate));
  bot.api.config.use(autoRetry({ ...DEFAULT_RETRY, ...options.retry }));
  bot.api.config.use(markUnreachableRecipients(accounts, logger));

  const messenger = createTelegramMessenger(bot.api, codec);
  const ingress: ChannelIngress = {
    channel: "telegram",
    messenger,
    orderKey: (raw) => telegramOrderKey(raw as Update),
    read: (raw) => Promise.resolve(readTelegramUpdate(raw as Update, bot.botInfo.username)),
    decodeButton: (payload, chatId) => codec.decode("telegram", payload, chatId),
    async answerPress(press, text) {
      await bot.api.answerCallbackQuery(press as string, text ? { text } : undefined);
    },
  };
  pipeline.connect(ingress);

  // Every update goes to the pipeline; it resolves once handled, so a webhook answers Telegram only
  // then, and a failure to record it (database down) reaches grammY and Telegram delivers it again.
  bot.use((ctx) => pipeline.receive("telegram", String(ctx.update.update_id), ctx.update));

  return {
    bot,
    messenger,
    registerCommands: () => registerTelegramCommands(bot.api, options.translator),
    idle: () => pipeline.idle(),
  };
}

/** Logs each failed API attempt (retries included) without its payload, which may hold personal data. */
function logFailedCalls(logger: ChannelLogger): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) {
        logger.warn(
          {
            method,
            code: result.error_code,
            description: result.description,
            retryAfter: result.parameters?.retry_after,
          },
          "telegram api call refused",
        );
      }
      return result;
    } catch (error) {
      if (!signal?.aborted) logger.warn({ method, error: describeError(error) }, "telegram api call failed");
      throw error;
    }
  };
}

/** Whenever Telegram says a person cannot be reached, the account is marked so deliveries skip it. */
function markUnreachableRecipients(accounts: ChannelAccountRepository, logger: ChannelLogger): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok && isUnreachableDescription(result.error_code, result.description)) {
      const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
      if (typeof chatId === "number" || typeof chatId === "string") {
        try {
          const marked = await accounts.markBlocked("telegram", String(chatId));
          logger.info({ method, marked }, "telegram recipient marked blocked");
        } catch (error) {
          logger.error({ method, error: describeError(error) }, "telegram blocked mark failed");
        }
      }
    }
    return result;
  };
}
