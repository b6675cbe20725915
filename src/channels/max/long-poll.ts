import { setTimeout as delay } from "node:timers/promises";
import type { ChannelLogger } from "../shared/logger.js";
import type { MaxApiClient } from "./api.js";
import { describeMaxError, isMaxNetworkError, maxStatus } from "./errors.js";
import { MAX_UPDATE_TYPES } from "./inbound-event.js";

/**
 * Long polling (GET /updates with a marker), our own loop rather than the package's Bot.start(), which
 * does not fit a service that must lose nothing:
 * - it hands the updates of a batch to its handlers all at once (Promise.all), so one person's two
 *   messages of a batch may be handled in either order; here a batch is recorded in order and each
 *   person's updates are handled one after another by the pipeline;
 * - it moves its marker on before the batch is handled and keeps it only in memory, so a crash
 *   loses the batch in hand; here the marker is stored only after the batch is recorded, and a
 *   restart resumes from it;
 * - a handler's error ends its loop and restarts it five seconds later with no marker, and a refused
 *   token is retried every five seconds for ever with console.error; here a 401 stops the channel
 *   (the service names MAX_BOT_TOKEN) and other failures back off and report the channel unhealthy;
 * - stop() leaves a restart timer, and start() deletes every webhook subscription first.
 */
export interface MaxLongPollOptions {
  client: MaxApiClient;
  logger: ChannelLogger;
  /** Takes one batch; a rejection means "not taken": the same batch is asked for again. */
  onBatch(updates: unknown[]): Promise<void>;
  /** Seconds MAX may hold a request open (0-90; 30 unless told). */
  timeoutSeconds?: number;
  /** First pause after a failure, doubled up to 30 s. */
  retryDelayMs?: number;
  /** Called once when polling gives up for good (the token refused). */
  onFatal?(error: unknown): void;
  /** Called after each failed poll (the loop pauses and retries), for health reporting. */
  onFailing?(error: unknown): void;
  /** Called on the first successful poll after failures. */
  onRecovered?(): void;
  /** Where polling stopped last time; without it every start takes what MAX still holds. */
  cursor?: MaxLongPollCursor;
}

export interface MaxLongPollCursor {
  load(): Promise<string | undefined>;
  /** Stores a marker whose earlier updates were all recorded; must never move the stored one back. */
  save(marker: string): Promise<void>;
}

export interface MaxLongPoll {
  /** Reads the stored marker, then polls in the background. */
  start(): Promise<void>;
  /** Aborts the request in flight and resolves when the loop (and the batch in hand) has ended. */
  stop(): Promise<void>;
}

export function createMaxLongPoll(options: MaxLongPollOptions): MaxLongPoll {
  const { client, logger } = options;
  const timeoutSeconds = options.timeoutSeconds ?? 30;
  const firstDelay = options.retryDelayMs ?? 1000;
  let marker: number | undefined;
  let saved: string | undefined;
  let running = false;
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;

  async function pollOnce(signal: AbortSignal): Promise<void> {
    // A request MAX holds longer than it promised is a dead connection: give up on it.
    const limit = AbortSignal.any([signal, AbortSignal.timeout((timeoutSeconds + 15) * 1000)]);
    const answer = await client.api.getUpdates([...MAX_UPDATE_TYPES], {
      ...(marker !== undefined && { marker }),
      timeout: timeoutSeconds,
      limit: 100,
      signal: limit,
    });
    const updates: unknown[] = Array.isArray(answer.updates) ? answer.updates : [];
    if (updates.length > 0) await options.onBatch(updates);
    // Only a batch taken moves the marker on (and the stored one); a rejection above leaves both,
    // so the batch comes again, and a crash before this line re-reads it after the restart.
    if (typeof answer.marker === "number") marker = answer.marker;
    await remember();
  }

  /** A failure to store is only logged: the worst a crash then costs is reading a batch again. */
  async function remember(): Promise<void> {
    if (!options.cursor || marker === undefined || String(marker) === saved) return;
    try {
      await options.cursor.save(String(marker));
      saved = String(marker);
    } catch (error) {
      logger.warn({ error: describeMaxError(error) }, "max marker not stored");
    }
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      controller = new AbortController();
      try {
        await pollOnce(controller.signal);
        if (failures > 0) options.onRecovered?.();
        failures = 0;
      } catch (error) {
        if (!running) break;
        if (maxStatus(error) === 401) {
          logger.error({ error: describeMaxError(error) }, "max long poll stopped");
          running = false;
          options.onFatal?.(error);
          break;
        }
        failures++;
        options.onFailing?.(error);
        const wait = Math.min(30_000, firstDelay * 2 ** Math.min(failures - 1, 10));
        const fields = { failures, wait, error: describeMaxError(error) };
        if (isMaxNetworkError(error) || (maxStatus(error) ?? 500) >= 429) {
          logger.warn(fields, "max long poll failed, retrying");
        } else {
          // 400 and the like will not pass by waiting alone, but a restart would not help either.
          logger.error(fields, "max long poll refused, retrying");
        }
        await delay(wait, undefined, { signal: controller.signal }).catch(() => undefined);
      }
    }
  }

  return {
    async start() {
      if (running) throw new Error("max long poll already running");
      // Read before asking MAX: a database that is away fails the start rather than losing the place.
      const stored = await options.cursor?.load();
      if (stored !== undefined) {
        marker = Number(stored);
        saved = stored;
        logger.info({ marker: stored }, "max long poll resumes from the stored marker");
      }
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
