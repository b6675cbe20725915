import { setTimeout as sleep } from "node:timers/promises";

/**
 * One bot's send rate inside this process, shared by replies and push traffic (see
 * docs/decisions/0003-rate-limits.md). Replies are never held back: `take()` only records them, and
 * push traffic makes room for them. Push waits its turn with `waitTurn`, and a platform's "slow down"
 * (Telegram's 429 retry_after) pauses push only.
 *
 * @example
 *   const gate = createRateGate({ ratePerSecond: 30 });
 *   gate.take();                         // a reply goes out now
 *   await gate.waitTurn(Date.now());     // a reminder waits for a free slot after it
 */
export interface RateGate {
  readonly ratePerSecond: number;
  /** A reply to a person's own action: goes now, never waits; push traffic after it waits longer. */
  take(): void;
  /** The platform asked to slow down: push waits `ms` from now (replies do not). */
  pause(ms: number): void;
  /** Until when push is paused (epoch ms; in the past when it is not). */
  readonly pausedUntil: number;
  /**
   * Push: resolves at `at` (epoch ms) or later, once replies taken in this process and any pause
   * allow, keeping 1/rate between push messages. A late caller catches up (it is not pushed back
   * further), so the average rate holds while the spacing stays close to even.
   */
  waitTurn(at: number, signal?: AbortSignal): Promise<void>;
  /** Replies taken since the last call: the sender charges them to the shared window of all instances. */
  drainReplies(): number;
}

export interface RateGateOptions {
  ratePerSecond: number;
  /** Epoch ms (tests). */
  now?: () => number;
}

export function createRateGate(options: RateGateOptions): RateGate {
  const { ratePerSecond } = options;
  if (!(ratePerSecond > 0)) throw new Error(`a send rate must be positive, got ${ratePerSecond}`);
  const now = options.now ?? Date.now;
  const interval = 1000 / ratePerSecond;
  /** The earliest moment the next push message may go, after replies and earlier push. */
  let nextFree = 0;
  let pausedUntil = 0;
  let replies = 0;

  return {
    ratePerSecond,
    get pausedUntil() {
      return pausedUntil;
    },
    take() {
      nextFree = Math.max(nextFree, now()) + interval;
      replies++;
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + Math.max(0, ms));
    },
    async waitTurn(at, signal) {
      for (;;) {
        const turn = Math.max(at, nextFree, pausedUntil);
        const wait = turn - now();
        if (wait <= 0) {
          nextFree = Math.max(nextFree, turn) + interval;
          return;
        }
        // Checked again after the sleep: a reply or a 429 may have moved the turn meanwhile.
        await sleep(Math.ceil(wait), undefined, signal ? { signal } : undefined);
      }
    },
    drainReplies() {
      const taken = replies;
      replies = 0;
      return taken;
    },
  };
}
