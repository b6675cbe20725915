import { setTimeout as delay } from "node:timers/promises";
import { GrammyError, type Api } from "grammy";
import type { Update } from "grammy/types";
import { createInHand, DEFAULT_IN_HAND_LIMIT } from "../shared/in-hand.js";
import type { ChannelLogger } from "../shared/logger.js";
import { describeError } from "./errors.js";

/**
 * Long polling (getUpdates with an offset), our own loop rather than @grammyjs/runner, because a
 * service that must lose nothing cannot use the runner's order of things: it asks for the next batch
 * (and with its offset confirms the last one to Telegram, which then forgets it) while the updates
 * of the last batch still wait in the bot's queues, not yet recorded, so a crash at that moment lost
 * them (seen in CI: a /start killed at once never took effect). Here a batch is recorded in one
 * statement before the next getUpdates confirms it; handling goes on in the background, ordered per
 * person by the pipeline, with at most `maxInFlight` updates in hand before the loop waits.
 */
export interface TelegramLongPollOptions {
  /** The bot's client (retries, logging and blocked-user marking included). */
  api: Api;
  logger: ChannelLogger;
  allowedUpdates: readonly string[];
  /**
   * Records a batch; resolves once it is stored, with a promise per update taken for handling. A
   * rejection means "not taken": the offset stays and the same batch is asked for again.
   */
  onBatch(updates: Update[]): Promise<Promise<void>[]>;
  /** Seconds Telegram may hold a request open (30 unless told). */
  timeoutSeconds?: number;
  /** Updates handled at once before the loop stops fetching (a burst cannot fill the memory). */
  maxInFlight?: number;
  /** First pause after a failure, doubled up to 30 s. */
  retryDelayMs?: number;
  /** Called once when polling stops for good (401: the token; 409: another poller or a webhook). */
  onFatal?(error: unknown): void;
}

export interface TelegramLongPoll {
  start(): void;
  /** Aborts the request in flight and resolves when the loop has ended (handling may go on). */
  stop(): Promise<void>;
}

/** Telegram's largest batch. */
const BATCH_LIMIT = 100;

export function createTelegramLongPoll(options: TelegramLongPollOptions): TelegramLongPoll {
  const { api, logger } = options;
  const timeoutSeconds = options.timeoutSeconds ?? 30;
  const inHand = createInHand(options.maxInFlight ?? DEFAULT_IN_HAND_LIMIT);
  const firstDelay = options.retryDelayMs ?? 1000;
  let offset: number | undefined;
  let running = false;
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;

  async function pollOnce(signal: AbortSignal): Promise<void> {
    await inHand.room(signal);
    if (signal.aborted) return;
    const updates = await api.getUpdates(
      {
        ...(offset !== undefined && { offset }),
        limit: BATCH_LIMIT,
        timeout: timeoutSeconds,
        allowed_updates: options.allowedUpdates as never,
      },
      // grammY types its signal with the abort-controller shim's class; Node's is the same at runtime.
      signal as Parameters<Api["getUpdates"]>[1],
    );
    if (updates.length === 0) return;
    for (const work of await options.onBatch(updates)) inHand.add(work);
    // Recorded: the next getUpdates may confirm the batch.
    offset = updates[updates.length - 1]!.update_id + 1;
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      controller = new AbortController();
      try {
        await pollOnce(controller.signal);
        failures = 0;
      } catch (error) {
        if (!running) break;
        if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 409)) {
          logger.error({ error: describeError(error) }, "telegram polling stopped");
          running = false;
          options.onFatal?.(error);
          break;
        }
        failures++;
        const wait = Math.min(30_000, firstDelay * 2 ** Math.min(failures - 1, 10));
        logger.warn({ failures, wait, error: describeError(error) }, "telegram polling failed, retrying");
        await delay(wait, undefined, { signal: controller.signal }).catch(() => undefined);
      }
    }
  }

  return {
    start() {
      if (running) throw new Error("telegram long poll already running");
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      controller?.abort();
      await loop;
      loop = undefined;
    },
  };
}
