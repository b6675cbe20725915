import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { setTimeout as delay } from "node:timers/promises";
import { API } from "vk-io";
import type { ChannelLogger } from "../shared/logger.js";
import { describeVkError, isRetryable } from "./errors.js";
import { VK_COMMUNITY_REQUESTS_PER_SECOND } from "./limits.js";

/** The API version every call and every event is read in (vk-io 4's default). */
export const VK_API_VERSION = "5.199";
/** VK's API host; VK_API_ROOT replaces it (a proxy, or the fake API in tests). */
export const DEFAULT_VK_API_ROOT = "https://api.vk.ru";
export { VK_COMMUNITY_REQUESTS_PER_SECOND } from "./limits.js";

/**
 * Calls vk-io sends together as one VK `execute`. VK counts an execute as one call against the
 * community's 20 a second whatever it carries (up to 25 calls), so under load one community answers
 * many times more people a second. Fewer than the 25 allowed: VK runs a batch's calls one after
 * another before it answers, the code carries every call's text (up to 4096 characters each), and one
 * lost or refused request fails every call in it. 20 still lifts the cap to some 350 calls (160
 * inputs at 2.2 calls each) a second.
 */
export const VK_EXECUTE_BATCH = 20;

export interface VkRetryOptions {
  /** Repeats of a request the network lost or answered with something unreadable (a 5xx page). */
  networkAttempts: number;
  /** Pause before each of those, ms. */
  networkWaitMs: number;
  /** Repeats after flood control (9) or an internal error (1, 10). */
  attempts: number;
  /** First pause before such a repeat, doubled each time up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Short waits only: a reply minutes late is worse than an error the journey can report. Every repeat
 * carries the same parameters, random_id included, so VK never delivers a message twice.
 */
export const DEFAULT_VK_RETRY: VkRetryOptions = {
  networkAttempts: 3,
  networkWaitMs: 1000,
  attempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 15_000,
};

export interface VkApiOptions {
  token: string;
  /** Host without `/method`, e.g. https://api.vk.ru (VK_API_ROOT). */
  apiRoot?: string;
  requestsPerSecond?: number;
  retry?: Partial<VkRetryOptions>;
  logger: ChannelLogger;
}

/** vk-io's API plus one way to call it with our retries and logging. */
export interface VkApiClient {
  readonly api: API;
  readonly retry: VkRetryOptions;
  /** The pause before repeat number `attempt` (from 0) after flood control or an internal error. */
  backoff(attempt: number): Promise<void>;
  /**
   * Calls a method; VK's refusals reject with vk-io's APIError (an ExecuteError when refused inside a
   * batched execute) after the retries above.
   */
  call<T>(method: string, params: Record<string, unknown>): Promise<T>;
}

export function createVkApi(options: VkApiOptions): VkApiClient {
  const retry = { ...DEFAULT_VK_RETRY, ...options.retry };
  const root = (options.apiRoot ?? DEFAULT_VK_API_ROOT).replace(/\/+$/, "");
  // vk-io passes its agent to node-fetch, which refuses an https agent for an http:// URL
  // (ERR_INVALID_PROTOCOL); a plain http root (a local proxy, the fake API) needs an http agent.
  const agent = root.startsWith("http://")
    ? (new HttpAgent({ keepAlive: true }) as unknown as HttpsAgent)
    : new HttpsAgent({ keepAlive: true });
  const api = new API({
    token: options.token,
    apiBaseUrl: `${root}/method`,
    apiVersion: VK_API_VERSION,
    agent,
    apiLimit: options.requestsPerSecond ?? VK_COMMUNITY_REQUESTS_PER_SECOND,
    // Queued calls go out as one execute each 57 ms (see VK_EXECUTE_BATCH); uploads' saves
    // (docs.save) stay single calls, by vk-io's apiExecuteUnsupportedMethods.
    apiMode: "parallel",
    apiExecuteCount: VK_EXECUTE_BATCH,
    apiRetryLimit: retry.networkAttempts,
    apiWait: retry.networkWaitMs,
  });
  const { logger } = options;
  const backoff = (attempt: number) =>
    delay(Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt)).then(() => undefined);

  return {
    api,
    retry,
    backoff,
    async call<T>(method: string, params: Record<string, unknown>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await api.call<T>(method, params);
        } catch (error) {
          // vk-io rejects with undefined when an execute answers more `false` than execute_errors.
          if (error === undefined)
            throw new Error(`VK answered ${method} with false inside an execute`, { cause: error });
          logger.warn({ method, attempt, error: describeVkError(error) }, "vk api call failed");
          if (!isRetryable(error) || attempt >= retry.attempts) throw error;
          await backoff(attempt);
        }
      }
    },
  };
}
