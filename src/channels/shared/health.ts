/**
 * How a channel tells the service whether it works, so /readyz tells the truth. A channel reports;
 * the service decides what follows (not ready, or in polling mode a restart by the supervisor).
 */

/** Which setting the messenger refused, named neutrally; the service maps it to its variable. */
export type ChannelSetting = "token" | "groupId";

/** Why a channel stopped for good. `reason` goes to /readyz and the log: no token, no personal data. */
export interface ChannelFailure {
  reason: string;
  /** Set when the messenger refused one of our settings (a revoked token, a wrong group id). */
  setting?: ChannelSetting;
}

export interface ChannelHealth {
  /** Start began; not ready yet. */
  starting(): void;
  /** Takes updates (polling loop running, or webhook registered). */
  ready(): void;
  /** The messenger's API cannot be reached; the channel keeps trying. `host` only, never a URL (Telegram's carry the token). */
  unreachable(host: string, cause: string): void;
  /** Stopped for good: only a restart with other settings (or after the other instance is gone) helps. */
  dead(failure: ChannelFailure): void;
}

export const ignoredHealth: ChannelHealth = {
  starting() {},
  ready() {},
  unreachable() {},
  dead() {},
};

/**
 * The messenger refused our settings at start (Telegram's 401, VK's "authorization failed"): waiting
 * will not help, so start() rejects with this and the service names the variable to fix.
 */
export class ChannelRefusedError extends Error {
  readonly code = "channel-refused";
  constructor(
    readonly channel: string,
    readonly failure: ChannelFailure & { setting: ChannelSetting },
    options?: { cause?: unknown },
  ) {
    super(`${channel} refused the ${failure.setting}: ${failure.reason}`, options);
    this.name = "ChannelRefusedError";
  }
}

/** The host of an API root, for the log: a URL may carry a token in its path, the host never does. */
export function hostOf(apiRoot: string): string {
  try {
    return new URL(apiRoot).host;
  } catch {
    return "(unparsable API root)";
  }
}

/**
 * A network failure's cause in a word (ECONNREFUSED, ENOTFOUND, TimeoutError), never its message:
 * node-fetch puts the whole request URL into the message, and a Bot API URL holds the token.
 */
export function networkCause(error: unknown): string {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    const next =
      (current as { cause?: unknown; error?: unknown }).cause ?? (current as { error?: unknown }).error;
    if (!next) {
      const name = (current as { name?: unknown }).name;
      return typeof name === "string" ? name : "network error";
    }
    current = next;
  }
  return "network error";
}

/** Doubling pauses between connection attempts: first `firstMs`, at most `maxMs`. */
export interface RetryDelays {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_CONNECT_RETRY: RetryDelays = { firstMs: 1_000, maxMs: 30_000 };

export function retryDelay(delays: RetryDelays, attempt: number): number {
  return Math.min(delays.maxMs, delays.firstMs * 2 ** Math.min(attempt, 20));
}
