/**
 * A token bucket per sender, in process memory: enough to stop one person's runaway client or a
 * stuck key from flooding the database. With several instances each keeps its own buckets, which
 * only makes the limit looser by that factor.
 */
export interface FloodLimiter {
  /**
   * Takes one token for this sender. `allowed: false, warn: true` comes once per flood, so the person
   * is told politely once rather than once per message.
   */
  take(senderKey: string): { allowed: true } | { allowed: false; warn: boolean };
}

export interface FloodLimiterOptions {
  /** Messages allowed in a burst. */
  capacity: number;
  /** Tokens regained per second. */
  refillPerSecond: number;
  /** Milliseconds clock; tests pass their own. */
  now?: () => number;
  /** Buckets kept at most; full buckets are dropped first (a full bucket is the default state). */
  maxSenders?: number;
}

export const DEFAULT_FLOOD_LIMIT = { capacity: 20, refillPerSecond: 1 } as const;

interface Bucket {
  tokens: number;
  updatedAt: number;
  warned: boolean;
}

export function createFloodLimiter(options: FloodLimiterOptions): FloodLimiter {
  const { capacity, refillPerSecond } = options;
  if (capacity < 1 || refillPerSecond <= 0) throw new Error("flood limit needs capacity >= 1 and refill > 0");
  const now = options.now ?? (() => performance.now());
  const maxSenders = options.maxSenders ?? 10_000;
  const buckets = new Map<string, Bucket>();

  function sweep(at: number) {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + ((at - bucket.updatedAt) / 1000) * refillPerSecond >= capacity) buckets.delete(key);
    }
  }

  return {
    take(senderKey) {
      const at = now();
      let bucket = buckets.get(senderKey);
      if (!bucket) {
        if (buckets.size >= maxSenders) sweep(at);
        bucket = { tokens: capacity, updatedAt: at, warned: false };
        buckets.set(senderKey, bucket);
      }
      bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.updatedAt) / 1000) * refillPerSecond);
      bucket.updatedAt = at;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        bucket.warned = false;
        return { allowed: true };
      }
      const warn = !bucket.warned;
      bucket.warned = true;
      return { allowed: false, warn };
    },
  };
}

/**
 * The limiter a channel runs with: the default limit with the channel's overrides, or none when its
 * options say `false` (tests that send faster than a person could).
 */
export function floodLimiterFor(
  flood: Omit<FloodLimiterOptions, "now"> | false | undefined,
  now?: () => number,
): FloodLimiter | undefined {
  if (flood === false) return undefined;
  return createFloodLimiter({ ...DEFAULT_FLOOD_LIMIT, ...flood, ...(now && { now }) });
}
