import { setTimeout as delay } from "node:timers/promises";
import { Bot, type Api } from "@maxhub/max-bot-api";
import type { ChannelLogger } from "../shared/logger.js";
import { describeMaxError, isMaxRetryable, maxStatus } from "./errors.js";

/** The package's own default host (botapi v2); MAX_API_ROOT replaces it (a proxy, the fake in tests). */
export const DEFAULT_MAX_API_ROOT = "https://platform-api2.max.ru";
/** MAX documents about 30 requests a second per bot for platform-api. */
export const MAX_REQUESTS_PER_SECOND = 30;

export interface MaxRetryOptions {
  /** Repeats after 429, a 5xx, or a network failure before the request left. */
  attempts: number;
  /** First pause, doubled each time up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Short waits only: a reply minutes late is worse than an error the journey can report. */
export const DEFAULT_MAX_RETRY: MaxRetryOptions = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 15_000 };

export interface MaxApiOptions {
  token: string;
  /** Host root (MAX_API_ROOT), e.g. http://127.0.0.1:1234 for the fake API. */
  apiRoot?: string;
  /** How long one ordinary request may take (a long poll sets its own limit), ms. */
  requestTimeoutMs?: number;
  retry?: Partial<MaxRetryOptions>;
  logger: ChannelLogger;
  /** Told of every 429, so the outbox's push traffic for this bot pauses too. */
  onFlood?: (pauseMs: number) => void;
}

export interface MaxApiClient {
  /** The package's API client, bound to our host and a per-request timeout. */
  readonly api: Api;
  readonly apiRoot: string;
  /**
   * Runs one call, repeating it after 429, a 5xx, or a network failure before the request left, with
   * doubling pauses; any other failure (or the last) rejects with what the package threw.
   */
  call<T>(what: string, run: () => Promise<T>): Promise<T>;
}

export function createMaxApi(options: MaxApiOptions): MaxApiClient {
  const retry = { ...DEFAULT_MAX_RETRY, ...options.retry };
  const apiRoot = (options.apiRoot ?? DEFAULT_MAX_API_ROOT).replace(/\/+$/, "");
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const { logger } = options;
  // The package's fetch has no timeout: a request the network swallows would hang a turn forever.
  // A caller's own signal (the long poll's) wins, since it waits longer than an ordinary call.
  const timedFetch: typeof fetch = (input, init) =>
    fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(requestTimeoutMs) });
  // Bot is used only as the package's way to build its API client; its polling and webhook are not
  // (see long-poll.ts and webhook.ts for why). The trailing slash keeps a path in MAX_API_ROOT.
  const { api } = new Bot(options.token, { clientOptions: { baseUrl: `${apiRoot}/`, fetch: timedFetch } });

  return {
    api,
    apiRoot,
    async call<T>(what: string, run: () => Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await run();
        } catch (error) {
          const pause = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
          if (maxStatus(error) === 429) options.onFlood?.(pause);
          logger.warn({ call: what, attempt, error: describeMaxError(error) }, "max api call failed");
          if (!isMaxRetryable(error) || attempt >= retry.attempts) throw error;
          await delay(pause);
        }
      }
    },
  };
}
