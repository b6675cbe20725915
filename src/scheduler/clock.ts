import { createTask, type ScheduledTask } from "node-cron";
import type { ChannelLogger } from "../channels/shared/logger.js";

/**
 * One piece of periodic work. The clock only says "it is now `now`"; what is due lives in Postgres
 * and is claimed there (`FOR UPDATE SKIP LOCKED`, leases), so every instance may tick the same
 * minute and none does the same work twice.
 *
 * @example
 * clock.register({ name: "outbox sweep", run: (now) => outbox.sweep(now) });
 */
export interface ClockJob {
  /** Appears in the log when the job fails or is skipped; no personal data. */
  readonly name: string;
  run(now: Date): Promise<void>;
}

export interface Clock {
  /** Adds a job; jobs run in the order registered. Registering after start() is allowed. */
  register(job: ClockJob): void;
  /** Starts ticking once a minute (at second 0 of each minute). */
  start(): void;
  /**
   * One tick: runs every job in order with `now`, skipping a job whose previous run has not finished.
   * The cron calls it every minute; tests call it directly, so no test waits for a real minute.
   */
  tick(now?: Date): Promise<void>;
  /** Stops ticking and resolves once the ticks in progress have finished. */
  stop(): Promise<void>;
}

export interface ClockOptions {
  logger: ChannelLogger;
  /** The time handed to jobs when tick() is called without one. */
  now?: () => Date;
  /** Cron expression; once a minute unless a test or a tool wants otherwise. */
  schedule?: string;
}

export const EVERY_MINUTE = "* * * * *";

export function createClock(options: ClockOptions): Clock {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const jobs: ClockJob[] = [];
  /** Jobs whose last run is still going: a slow sweep must not pile up one run per minute. */
  const busy = new Set<ClockJob>();
  const ticks = new Set<Promise<void>>();
  let task: ScheduledTask | undefined;
  let stopped = false;

  async function runJob(job: ClockJob, at: Date): Promise<void> {
    if (busy.has(job)) {
      logger.warn({ job: job.name }, "clock job still running from an earlier tick; skipped this time");
      return;
    }
    busy.add(job);
    try {
      await job.run(at);
    } catch (error) {
      // Name and message only: an error from a query may carry row values in its other fields.
      logger.error({ job: job.name, error: describe(error) }, "clock job failed");
    } finally {
      busy.delete(job);
    }
  }

  async function runTick(at: Date): Promise<void> {
    for (const job of [...jobs]) {
      if (stopped) return;
      await runJob(job, at);
    }
  }

  const clock: Clock = {
    register(job) {
      jobs.push(job);
    },

    start() {
      if (task) return;
      stopped = false;
      task = createTask(options.schedule ?? EVERY_MINUTE, () => clock.tick(), {
        name: "nastavnik-clock",
        // node-cron writes its own warnings (a missed tick after a long pause) to the console otherwise.
        logger: {
          info: (message) => logger.debug({}, message),
          warn: (message) => logger.warn({}, message),
          error: (message) => logger.error({}, String(message)),
          debug: (message) => logger.debug({}, String(message)),
        },
      });
      void task.start();
    },

    tick(at = now()) {
      const ticking = runTick(at);
      ticks.add(ticking);
      void ticking.finally(() => ticks.delete(ticking));
      return ticking;
    },

    async stop() {
      stopped = true;
      const current = task;
      task = undefined;
      await current?.destroy();
      // runTick never rejects (each job's error is caught), so this waits without throwing.
      await Promise.all([...ticks]);
    },
  };
  return clock;
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { thrown: typeof error };
}
