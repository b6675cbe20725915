/**
 * The updates a long poll has recorded and handed to the pipeline, not yet handled. A long poll asks
 * for its next batch as soon as the last one is recorded (a person's later message must not wait for
 * everyone else's earlier ones to be answered), but not while `limit` are still in hand: a burst
 * cannot fill the memory, and a slow database slows the polling down instead.
 */
export interface InHand {
  /** Counts `work` until it settles (a rejection only frees its place: the pipeline logs failures). */
  add(work: Promise<void>): void;
  /** Resolves once fewer than the limit are in hand (at once when they are), or when `signal` aborts. */
  room(signal?: AbortSignal): Promise<void>;
  readonly size: number;
}

export function createInHand(limit: number): InHand {
  const handling = new Set<Promise<void>>();
  return {
    add(work) {
      const tracked = work.catch(() => undefined).finally(() => handling.delete(tracked));
      handling.add(tracked);
    },
    async room(signal) {
      if (handling.size < limit || signal?.aborted) return;
      const aborted = signal
        ? new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }))
        : undefined;
      while (handling.size >= limit && !signal?.aborted) {
        await Promise.race(aborted ? [...handling, aborted] : handling);
      }
    },
    get size() {
      return handling.size;
    },
  };
}

/** Updates in hand before a long poll waits: enough for every person of a busy school at once. */
export const DEFAULT_IN_HAND_LIMIT = 500;
