import { setTimeout as delay } from "node:timers/promises";
import type { BotInfo } from "@maxhub/max-bot-api/types";
import type { Messenger } from "../../core/ports.js";
import { DEFAULT_LOCALE } from "../../i18n/translator.js";
import { commandMenu } from "../../journey/commands.js";
import {
  createChannelCursorRepository,
  type ChannelCursorRepository,
} from "../../updates/cursor.repository.js";
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
import { createInHand, DEFAULT_IN_HAND_LIMIT, type InHand } from "../shared/in-hand.js";
import type { ChannelLogger } from "../shared/logger.js";
import { createMaxBot, type MaxBot, type MaxBotOptions } from "./bot.js";
import { describeMaxError, isMaxNetworkError, maxStatus } from "./errors.js";
import { MAX_UPDATE_TYPES } from "./inbound-event.js";
import { createMaxLongPoll, type MaxLongPoll, type MaxLongPollCursor } from "./long-poll.js";
import { createMaxWebhookHandler, type MaxWebhookHandler } from "./webhook.js";

export type MaxMode =
  /** One instance asks MAX for updates (GET /updates); the marker is stored per bot. */
  | { kind: "polling"; timeoutSeconds?: number; retryDelayMs?: number }
  /**
   * MAX posts updates to `url`, where `handleWebhook` must be mounted; several instances may share it
   * behind a load balancer. Without `url` the subscription is assumed to be made already.
   */
  | { kind: "webhook"; secret: string; url?: string };

export interface MaxChannelOptions extends MaxBotOptions {
  mode: MaxMode;
  /** Called when polling stops for good (the token revoked). */
  onFatal?: (error: unknown) => void;
  /** Where the long poll stopped reading (built from `db` otherwise). */
  cursors?: ChannelCursorRepository;
  /** Where the channel reports starting, ready, unreachable and dead (for /readyz). */
  health?: ChannelHealth;
  /** Pauses between attempts to reach the MAX API when it does not answer at start. */
  connectRetry?: Partial<RetryDelays>;
}

export interface MaxChannel extends ChannelRunner {
  readonly name: "max";
  readonly max: MaxBot;
  readonly messenger: Messenger;
  /** The bot as GET /me described it, once start() reached MAX (its username makes deep links). */
  botInfo(): BotInfo | undefined;
  /**
   * Webhook mode only: the Node handler for MAX's POSTs. A request without the right
   * X-Max-Bot-Api-Secret gets 401 and changes nothing; after stop() every request gets 503.
   */
  readonly handleWebhook?: MaxWebhookHandler;
}

/**
 * The MAX channel as the composition root sees it. start() asks GET /me once: a 401 rejects it (the
 * token is wrong or revoked); an API that does not answer leaves the channel "unreachable" and start()
 * resolves, while a background loop keeps asking with backoff and begins once MAX answers. A long poll
 * that MAX refuses later (401) reports the channel dead.
 */
export function createMaxChannel(options: MaxChannelOptions): MaxChannel {
  const { logger, mode } = options;
  const health = options.health ?? ignoredHealth;
  const delays: RetryDelays = { ...DEFAULT_CONNECT_RETRY, ...options.connectRetry };
  const max = createMaxBot(options);
  const inHand = createInHand(DEFAULT_IN_HAND_LIMIT);
  const { api } = max.client;
  const host = hostOf(max.client.apiRoot);
  let me: BotInfo | undefined;
  let accepting = false;
  let poll: MaxLongPoll | undefined;
  let stopping: AbortController | undefined;
  let connecting: Promise<void> | undefined;
  let dead = false;

  const handleWebhook =
    mode.kind === "webhook"
      ? createMaxWebhookHandler({ bot: max, secret: mode.secret, logger, accepting: () => accepting })
      : undefined;

  function die(failure: ChannelFailure, error: unknown): void {
    if (dead) return;
    dead = true;
    accepting = false;
    health.dead(failure);
    options.onFatal?.(error);
  }

  /** GET /me: the bot's info when MAX answers, undefined when it cannot be reached. */
  async function probe(signal: AbortSignal): Promise<BotInfo | undefined> {
    try {
      const aborted = new Promise<never>((_, reject) =>
        signal.addEventListener("abort", () => reject(new Error("stopped")), { once: true }),
      );
      return await Promise.race([api.getMyInfo(), aborted]);
    } catch (error) {
      if (signal.aborted) return undefined;
      if (maxStatus(error) === 401) {
        throw new ChannelRefusedError(
          "max",
          { setting: "token", reason: "MAX answered GET /me with 401 (invalid access_token)" },
          { cause: error },
        );
      }
      const status = maxStatus(error);
      const cause = status !== undefined ? `HTTP ${status}` : networkCause(error);
      health.unreachable(host, cause);
      logger.warn({ host, cause }, "max API unreachable; the channel is not ready and keeps trying");
      return undefined;
    }
  }

  async function registerCommands(): Promise<void> {
    // MAX keeps one menu per bot, not one per language or chat: the default language's.
    const commands = commandMenu(options.translator, DEFAULT_LOCALE, "everyone").map((item) => ({
      name: item.command,
      description: item.description,
    }));
    try {
      await api.setMyCommands(commands);
    } catch (error) {
      // The menu is a convenience; commands typed still work.
      logger.warn({ error: describeMaxError(error) }, "max commands not registered");
    }
  }

  async function begin(info: BotInfo, signal: AbortSignal): Promise<void> {
    me = info;
    await registerCommands();
    if (mode.kind === "webhook") {
      if (mode.url) {
        // Every instance subscribes the same URL; MAX keeps one subscription per URL.
        await max.client.call("subscribe", () =>
          api.subscribe(mode.url!, mode.secret, [...MAX_UPDATE_TYPES]),
        );
      }
      accepting = true;
      health.ready();
      logger.info({ mode: "webhook" }, "max channel started");
      return;
    }
    // MAX sends nothing to GET /updates while a webhook subscription exists: polling takes over.
    const { subscriptions = [] } = await max.client.call("subscriptions", () =>
      api.raw.subscriptions.getSubscriptions(),
    );
    for (const subscription of subscriptions) {
      logger.warn({ url: subscription.url }, "max webhook subscription removed for long polling");
      await max.client.call("unsubscribe", () => api.unsubscribe(subscription.url));
    }
    const created = createMaxLongPoll({
      client: max.client,
      logger,
      ...(mode.timeoutSeconds !== undefined && { timeoutSeconds: mode.timeoutSeconds }),
      ...(mode.retryDelayMs !== undefined && { retryDelayMs: mode.retryDelayMs }),
      onBatch: (updates) => takeBatch(max, updates, inHand, logger),
      cursor: markerCursor(options.cursors ?? createChannelCursorRepository(options.db), info.user_id),
      onFatal: (error) =>
        die({ setting: "token", reason: "MAX answered GET /updates with 401 (invalid access_token)" }, error),
      onFailing: (error) => {
        if (isMaxNetworkError(error)) health.unreachable(host, networkCause(error));
      },
      onRecovered: () => health.ready(),
    });
    await created.start();
    if (signal.aborted) {
      await created.stop();
      return;
    }
    poll = created;
    health.ready();
    logger.info({ mode: "polling" }, "max channel started");
  }

  async function keepConnecting(signal: AbortSignal): Promise<void> {
    for (let attempt = 0; !signal.aborted; attempt++) {
      await delay(retryDelay(delays, attempt), undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      try {
        const info = await probe(signal);
        if (!info || signal.aborted) continue;
        logger.info({ host }, "max API reachable again");
        await begin(info, signal);
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ChannelRefusedError) {
          die(error.failure, error);
          return;
        }
        // A subscription call refused, or the database (the stored marker) away: try again later.
        logger.warn({ error: describeMaxError(error) }, "max channel start failed; retrying");
      }
    }
  }

  return {
    name: "max",
    max,
    messenger: max.messenger,
    botInfo: () => me,
    ...(handleWebhook && { handleWebhook }),

    async start() {
      stopping = new AbortController();
      dead = false;
      health.starting();
      const info = await probe(stopping.signal);
      if (info) {
        await begin(info, stopping.signal);
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
      await max.idle();
      logger.info({}, "max channel stopped");
    },
  };
}

/** One bot's stored marker, keyed by its user id, so a token of another bot starts afresh. */
function markerCursor(cursors: ChannelCursorRepository, botId: number): MaxLongPollCursor {
  const key = String(botId);
  return {
    load: () => cursors.get("max", key),
    async save(marker) {
      await cursors.advance("max", key, marker);
    },
  };
}

/**
 * Records a batch in one statement, in order, and hands each new update to its person's queue;
 * resolves once it is recorded (and there is room in hand), so the next poll need not wait for this
 * batch's answers. A record that fails (the database is away) rejects the batch, and the long poll
 * asks for it again.
 */
async function takeBatch(
  max: MaxBot,
  updates: unknown[],
  inHand: InHand,
  logger: ChannelLogger,
): Promise<void> {
  let claimed: unknown[];
  try {
    claimed = await max.claimBatch(updates);
  } catch (error) {
    logger.error({ error: describeMaxError(error) }, "max batch not recorded");
    throw error;
  }
  for (const update of claimed) inHand.add(max.process(update));
  await inHand.room();
}
