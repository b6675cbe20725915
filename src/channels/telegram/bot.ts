import { autoRetry, type AutoRetryOptions } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { apiThrottler, type APIThrottlerOptions } from "@grammyjs/transformer-throttler";
import { Bot, type BotError, type Context, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import {
  createChannelAccountRepository,
  type ChannelAccountRepository,
  type TouchedAccount,
} from "../../accounts/channel-account.repository.js";
import { createUpdateLedger } from "../../updates/update-ledger.js";
import type { ChannelBotOptions } from "../shared/bot-options.js";
import { floodLimiterFor } from "../shared/flood-limiter.js";
import { createInFlight } from "../shared/in-flight.js";
import { localeFor, toInboundAccount } from "../shared/inbound-account.js";
import type { SenderHints } from "../../core/messages.js";
import type { ChannelLogger } from "../shared/logger.js";
import type { Messenger } from "../../core/ports.js";
import { registerTelegramCommands } from "./commands.js";
import { describeError, isRecipientUnreachable, isUnreachableDescription } from "./errors.js";
import { buttonEvent, messageEvent } from "./inbound-event.js";
import { createTelegramMessenger } from "./messenger.js";
import { createPlaceholderHandler } from "./placeholder-handler.js";

/** What the transport learned about an update before the journey sees it. */
export interface TelegramContextFlavor {
  account?: TouchedAccount;
}
export type TelegramContext = Context & TelegramContextFlavor;

export interface TelegramBotOptions extends ChannelBotOptions {
  token: string;
  /** A self-hosted Bot API server (TELEGRAM_API_ROOT), or the fake one in tests. */
  apiRoot?: string;
  /** Known bot info skips the getMe call at start (tests, or a cached value). */
  botInfo?: UserFromGetMe;
  /** Outgoing rate limits (@grammyjs/transformer-throttler); `false` turns them off. */
  throttle?: APIThrottlerOptions | false;
  /** 429 and 5xx handling (@grammyjs/auto-retry). */
  retry?: Partial<AutoRetryOptions>;
}

export interface TelegramBot {
  bot: Bot<TelegramContext>;
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
 * 5xx or network failures a few times with backoff; past that the error reaches the handler.
 */
const DEFAULT_RETRY: Partial<AutoRetryOptions> = { maxRetryAttempts: 5, maxDelaySeconds: 60 };

/**
 * Builds the grammY bot: API root, retries, throttling and blocked-user marking on every API call;
 * then, per update: per-chat ordering, at-most-once processing through the ledger, the sender's
 * account, a flood limit, and translation into channel-neutral events for the handler. An error in
 * the handler is logged with the update id (no personal data) and the person gets an apology; it
 * never stops the bot.
 */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { translator, codec, logger } = options;
  const ledger = options.ledger ?? createUpdateLedger(options.db);
  const accounts = options.accounts ?? createChannelAccountRepository(options.db);
  const bot = new Bot<TelegramContext>(options.token, {
    ...(options.botInfo && { botInfo: options.botInfo }),
    client: { ...(options.apiRoot && { apiRoot: options.apiRoot }) },
  });

  // Transformers wrap each other: the last installed runs first. Order, inside out: log every failed
  // attempt; retry; throttle (outside the retry, so a message waiting out a 429 keeps its place in its
  // chat's queue); finally mark the recipient blocked if the final answer says so.
  bot.api.config.use(logFailedCalls(logger));
  bot.api.config.use(autoRetry({ ...DEFAULT_RETRY, ...options.retry }));
  if (options.throttle !== false) bot.api.config.use(apiThrottler(options.throttle ?? {}));
  bot.api.config.use(markUnreachableRecipients(accounts, logger));

  const messenger = createTelegramMessenger(bot.api, codec);
  const handler = options.createHandler
    ? options.createHandler(messenger)
    : createPlaceholderHandler({ messenger, translator });
  const flood = floodLimiterFor(options.flood, options.now);
  const inFlight = createInFlight();

  async function apologise(error: BotError<TelegramContext>): Promise<void> {
    const ctx = error.ctx;
    const fields = {
      updateId: ctx.update.update_id,
      accountId: ctx.account?.id,
      error: describeError(error),
    };
    if (isRecipientUnreachable(error)) {
      // Already marked by the transformer; there is nobody to apologise to.
      logger.info(fields, "telegram recipient unreachable, update dropped");
      return;
    }
    logger.error(fields, "telegram update failed");
    const chat = ctx.chat;
    if (!chat || chat.type !== "private") return;
    try {
      await ctx.api.sendMessage(
        chat.id,
        translator.t(localeFor(ctx.account, ctx.from?.language_code), "error-generic"),
      );
    } catch (sendError) {
      logger.warn(
        { updateId: ctx.update.update_id, error: describeError(sendError) },
        "telegram apology not delivered",
      );
    }
  }

  // Counts updates in progress so a webhook instance can finish them before it stops.
  bot.use((_ctx, next) => inFlight.track(next));

  // The runner processes updates concurrently; one person's updates must still go in order.
  bot.use(
    sequentialize((ctx: TelegramContext) => {
      const keys: string[] = [];
      if (ctx.chat) keys.push(`chat:${ctx.chat.id}`);
      if (ctx.from) keys.push(`user:${ctx.from.id}`);
      return keys;
    }),
  );

  // At most once: claimed before anything else happens, so a redelivery after a crash or a webhook
  // timeout changes nothing. A failure here (database down) stays outside the error boundary: in
  // webhook mode Telegram then gets an error and delivers the update again later.
  bot.use(async (ctx, next) => {
    if (!(await ledger.claim("telegram", ctx.update.update_id))) {
      logger.debug({ updateId: ctx.update.update_id }, "telegram update already processed");
      return;
    }
    await next();
  });

  const guarded = bot.errorBoundary(apologise);

  // Telegram reports a person blocking or unblocking the bot in their private chat.
  guarded.on("my_chat_member", async (ctx) => {
    const update = ctx.myChatMember;
    if (update.chat.type !== "private") return;
    const chatId = String(update.chat.id);
    if (update.new_chat_member.status === "kicked") await accounts.markBlocked("telegram", chatId);
    else if (update.new_chat_member.status === "member") await accounts.markUnblocked("telegram", chatId);
  });

  // Conversations happen in private chats only; groups and channels are not addressed.
  guarded.use(async (ctx, next) => {
    const chat = ctx.chat ?? ctx.callbackQuery?.message?.chat;
    if (!ctx.from || ctx.from.is_bot || chat?.type !== "private") {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      return;
    }
    ctx.account = await accounts.touch({
      channel: "telegram",
      externalId: String(ctx.from.id),
      chatId: String(chat.id),
    });
    if (ctx.account.unblocked) logger.info({ accountId: ctx.account.id }, "telegram account unblocked");
    await next();
  });

  if (flood) {
    guarded.use(async (ctx, next) => {
      const verdict = flood.take(String(ctx.from!.id));
      if (verdict.allowed) return next();
      logger.info({ updateId: ctx.update.update_id, accountId: ctx.account?.id }, "telegram flood limit hit");
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      if (verdict.warn) {
        await messenger.send(ctx.account!.chatId, {
          text: translator.t(localeFor(ctx.account, ctx.from?.language_code), "channel-flood"),
        });
      }
    });
  }

  const eventContext = (ctx: TelegramContext) => {
    const sender: SenderHints = {
      ...(ctx.from?.first_name && { firstName: ctx.from.first_name }),
      ...(ctx.from?.language_code && { languageTag: ctx.from.language_code }),
    };
    return {
      update: ctx.update,
      account: toInboundAccount("telegram", ctx.account!, ctx.from?.language_code),
      sender,
      receivedAt: new Date(),
    };
  };

  guarded.on("callback_query", async (ctx) => {
    const query = ctx.callbackQuery;
    const decoded = codec.decode("telegram", query.data);
    if (!decoded.ok) {
      // A forged, garbled or outdated button: say so in a toast and touch nothing else.
      logger.info(
        { updateId: ctx.update.update_id, reason: decoded.reason },
        "telegram button payload rejected",
      );
      await ctx.answerCallbackQuery({
        text: translator.t(localeFor(ctx.account, ctx.from.language_code), "channel-button-stale"),
      });
      return;
    }
    try {
      await handler(buttonEvent(decoded.action, query.message, eventContext(ctx)));
    } finally {
      // Stops the spinner on the button whatever happened; a query older than Telegram keeps is fine.
      await ctx.answerCallbackQuery().catch(() => undefined);
    }
  });

  guarded.on("message", async (ctx) => {
    await handler(messageEvent(ctx.message, eventContext(ctx), ctx.me.username));
  });

  bot.catch(async (error) => {
    // Only errors outside the boundary get here (the ledger or the account lookup failing).
    await apologise(error);
  });

  return {
    bot,
    messenger,
    registerCommands: () => registerTelegramCommands(bot.api, translator),
    idle: () => inFlight.idle(),
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
