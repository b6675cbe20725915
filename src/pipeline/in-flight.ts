/**
 * Counts the updates a channel is handling, so stop() can resolve once those already taken are done
 * (a webhook instance leaving the load balancer must not drop what it acknowledged).
 */
export interface InFlight {
  /** Runs `work`, counted until it settles; resolves or rejects as `work` does. */
  track<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves when nothing is being handled (at once when nothing is). */
  idle(): Promise<void>;
}

export function createInFlight(): InFlight {
  let active = 0;
  let waiting: { promise: Promise<void>; resolve: () => void } | undefined;

  return {
    async track(work) {
      // Counted before the first await, so an idle() asked right after the call already waits for it.
      active++;
      try {
        return await work();
      } finally {
        active--;
        if (active === 0 && waiting) {
          waiting.resolve();
          waiting = undefined;
        }
      }
    },

    idle() {
      if (active === 0) return Promise.resolve();
      waiting ??= Promise.withResolvers<void>();
      return waiting.promise;
    },
  };
}
