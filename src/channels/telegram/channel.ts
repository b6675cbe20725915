import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { Api, GrammyError, webhookCallback } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { ChannelRunner } from "../shared/channel.js";
import {
  ChannelRefusedError,
  DEFAULT_CONNECT_RETRY,
  hostOf,
  ignoredHealth,
  networkCause,
  retryDelay,
  type ChannelFailure,
  type ChannelHealth,
  type RetryDelays,
} from "../shared/health.js";
import type { Messenger } from "../../core/ports.js";
import {
  createTelegramBot,
  TELEGRAM_ALLOWED_UPDATES,
  type TelegramBot,
  type TelegramBotOptions,
} from "./bot.js";
import { describeError } from "./errors.js";
import { createTelegramLongPoll, type TelegramLongPoll } from "./long-poll.js";

export type TelegramMode =
  /** One instance asks Telegram for updates (getUpdates), recording each batch before confirming it. */
  | { kind: "polling"; timeoutSeconds?: number; maxInFlight?: number }
  /**
   * Telegram posts updates to `url`, where `handleWebhook` must be mounted; several instances may
   * share it behind a load balancer. Without `url` the webhook is assumed to be set already.
   */
  | { kind: "webhook"; secret: string; url?: string };

export interface TelegramChannelOptions extends TelegramBotOptions {
  mode: TelegramMode;
  /** Called when polling stops for good (token revoked, another instance polling the same bot). */
  onFatal?: (error: unknown) => void;
  /** Where the channel reports starting, ready, unreachable and dead (for /readyz). */
  health?: ChannelHealth;
  /** Pauses between attempts to reach the Bot API when it does not answer at start. */
  connectRetry?: Partial<RetryDelays>;
  /** How long one attempt (getMe) may take before it counts as unreachable (ms). */
  connectTimeoutMs?: number;
  /** How long a webhook request may take before Telegram gets its answer and work goes on (ms). */
  webhookTimeoutMs?: number;
}

export type WebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface TelegramChannel extends ChannelRunner {
  readonly name: "telegram";
  readonly telegram: TelegramBot;
  readonly messenger: Messenger;
  /**
   * Webhook mode only: the Node handler for Telegram's POSTs. A request without the right
   * X-Telegram-Bot-Api-Secret-Token gets 401 and changes nothing; after stop() every request gets 503
   * so Telegram delivers it again, to an instance still running.
   */
  readonly handleWebhook?: WebhookHandler;
}

/** Telegram's Bot API host, when TELEGRAM_API_ROOT does not name another one. */
export const DEFAULT_TELEGRAM_API_ROOT = "https://api.telegram.org";

/**
 * The Telegram channel as the composition root sees it: start, stop, and in webhook mode a request
 * handler to mount on the service's HTTP server.
 *
 * start() first asks getMe outside the bot's retrying transformers (auto-retry would wait out a dead
 * network for up to an hour per call): a 401 rejects start() at once (the token is wrong or
 * revoked), an API that does not answer leaves the channel "unreachable" and start() resolves, while
 * a background loop keeps asking with backoff and starts polling (or sets the webhook) once it
 * answers. Polling that stops for good later (401, or 409 from another instance or a webhook)
 * reports the channel dead.
 */
export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  const { logger, mode } = options;
  const health = options.health ?? ignoredHealth;
  const delays: RetryDelays = { ...DEFAULT_CONNECT_RETRY, ...options.connectRetry };
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const apiRoot = options.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT;
  const host = hostOf(apiRoot);
  const telegram = createTelegramBot(options);
  const { bot } = telegram;
  // A bare client for the start-up probe: no retries, no throttling, a timeout of our own.
  const probeApi = new Api(options.token, { apiRoot });
  let poll: TelegramLongPoll | undefined;
  let accepting = false;
  /** Aborted by stop(): ends the connect loop and its pauses. */
  let stopping: AbortController | undefined;
  let connecting: Promise<void> | undefined;
  let dead = false;

  function die(failure: ChannelFailure, error: unknown): void {
    if (dead) return;
    dead = true;
    accepting = false;
    health.dead(failure);
    options.onFatal?.(error);
  }

  /** One getMe: the bot's info when Telegram answers, undefined when it cannot be reached. */
  async function probe(signal: AbortSignal): Promise<UserFromGetMe | undefined> {
    try {
      const limit = AbortSignal.any([signal, AbortSignal.timeout(connectTimeoutMs)]);
      // grammY types its signal with the abort-controller shim's class; Node's is the same at runtime.
      return await probeApi.getMe(limit as Parameters<Api["getMe"]>[0]);
    } catch (error) {
      if (signal.aborted) return undefined;
      if (error instanceof GrammyError && error.error_code === 401) {
        throw new ChannelRefusedError(
          "telegram",
          { setting: "token", reason: `Telegram answered getMe with 401 ${error.description}` },
          { cause: error },
        );
      }
      // The host and a one-word cause: the request URL (in a network error's message) holds the token.
      const cause = error instanceof GrammyError ? `HTTP ${error.error_code}` : networkCause(error);
      health.unreachable(host, cause);
      logger.warn({ host, cause }, "telegram API unreachable; the channel is not ready and keeps trying");
      return undefined;
    }
  }

  async function prepare(me: UserFromGetMe): Promise<void> {
    if (!bot.isInited()) bot.botInfo = me;
    await bot.init();
    try {
      await telegram.registerCommands();
    } catch (error) {
      // The command menu is a convenience; a bot without it still works.
      logger.warn({ error: describeError(error) }, "telegram commands not registered");
    }
  }

  /** Keeps asking until Telegram answers, then begins; a 401 on the way is a dead channel. */
  async function keepConnecting(signal: AbortSignal): Promise<void> {
    for (let attempt = 0; !signal.aborted; attempt++) {
      await delay(retryDelay(delays, attempt), undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      try {
        const me = await probe(signal);
        if (!me) continue;
        if (signal.aborted) return;
        logger.info({ host }, "telegram API reachable again");
        await begin(me);
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ChannelRefusedError) {
          die(error.failure, error);
          return;
        }
        // setWebhook or deleteWebhook refused: try the whole start again after the next pause.
        logger.warn({ error: describeError(error) }, "telegram channel start failed; retrying");
      }
    }
  }

  async function begin(me: UserFromGetMe): Promise<void> {
    await prepare(me);
    if (mode.kind === "webhook") {
      if (mode.url) {
        await bot.api.setWebhook(mode.url, {
          secret_token: mode.secret,
          allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
        });
      }
      accepting = true;
      health.ready();
      logger.info({ mode: "webhook" }, "telegram channel started");
      return;
    }
    // Polling and a webhook exclude each other; updates still pending are kept, not dropped.
    await bot.api.deleteWebhook({ drop_pending_updates: false });
    const { pipeline } = options;
    poll = createTelegramLongPoll({
      api: bot.api,
      logger,
      allowedUpdates: TELEGRAM_ALLOWED_UPDATES,
      ...(mode.timeoutSeconds !== undefined && { timeoutSeconds: mode.timeoutSeconds }),
      ...(mode.maxInFlight !== undefined && { maxInFlight: mode.maxInFlight }),
      async onBatch(updates) {
        const batch = updates.map((update) => ({ updateId: String(update.update_id), raw: update }));
        const recorded = await pipeline.recordBatch("telegram", batch);
        return batch
          .filter(({ updateId }) => recorded.has(updateId))
          .map(({ updateId, raw }) => pipeline.process("telegram", updateId, raw));
      },
      onFatal: (error) => die(pollingFailure(error), error),
    });
    poll.start();
    health.ready();
    logger.info({ mode: "polling" }, "telegram channel started");
  }

  let handleWebhook: WebhookHandler | undefined;
  if (mode.kind === "webhook") {
    const callback = webhookCallback(bot, "http", {
      secretToken: mode.secret,
      // Answer Telegram in time and let the update finish; the ledger makes a redelivery harmless.
      onTimeout: "return",
      timeoutMilliseconds: options.webhookTimeoutMs ?? 50_000,
    });
    handleWebhook = async (req, res) => {
      if (!accepting) {
        res.writeHead(503).end();
        return;
      }
      try {
        await callback(req, res);
      } catch (error) {
        // Errors in the journey never get here (the bot's error boundary takes them); this is the
        // ledger or the account store failing, or a body that is not JSON. A 500 makes Telegram retry.
        logger.error({ error: describeError(error) }, "telegram webhook request failed");
        if (!res.headersSent) res.writeHead(500).end();
      }
    };
  }

  return {
    name: "telegram",
    telegram,
    messenger: telegram.messenger,
    ...(handleWebhook && { handleWebhook }),

    async start() {
      stopping = new AbortController();
      dead = false;
      health.starting();
      const me = await probe(stopping.signal);
      if (me) {
        await begin(me);
        return;
      }
      connecting = keepConnecting(stopping.signal);
    },

    async stop() {
      accepting = false;
      stopping?.abort();
      await connecting;
      connecting = undefined;
      await poll?.stop();
      poll = undefined;
      await telegram.idle();
      logger.info({}, "telegram channel stopped");
    },
  };
}

/** Why polling ended, in words safe for /readyz: Telegram's own description names the cause. */
function pollingFailure(error: unknown): ChannelFailure {
  if (error instanceof GrammyError) {
    const reason = `polling stopped: Telegram answered ${error.method} with ${error.error_code} ${error.description}`;
    // 409: another instance polls the same bot, or a webhook is set for it.
    return error.error_code === 401 ? { reason, setting: "token" } : { reason };
  }
  return { reason: `polling stopped: ${error instanceof Error ? error.name : "unknown error"}` };
}
