import type { Logger } from "../logging/logger.js";

export type ShutdownStep = () => void | Promise<void>;

/** The part of `process` shutdown listens on; tests pass an EventEmitter. */
export interface SignalSource {
  on(event: "SIGTERM" | "SIGINT", listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: "SIGTERM" | "SIGINT", listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface ShutdownOptions {
  logger: Logger;
  /**
   * How long the whole shutdown may take before the process exits anyway. The default stays under
   * Docker's 10 s between SIGTERM and SIGKILL, so our own "timed out" line is what the logs show.
   */
  timeoutMs?: number;
  /** Ends the process; injected so tests can watch the exit code instead of dying. */
  exit?: (code: number) => void;
}

export interface Shutdown {
  /**
   * Aborted the moment shutdown begins. Readiness reads it (so the load balancer stops sending
   * traffic first), and start-up checks it between steps so a signal during start stops the start.
   */
  readonly signal: AbortSignal;
  /**
   * Registers how to release something just acquired. Steps run in reverse order of registration,
   * last opened first closed: channels stop taking updates and finish the ones in hand, then the HTTP
   * server drains, then the database pool closes. A step added after shutdown began runs at once.
   */
  defer(name: string, step: ShutdownStep): void;
  /** Runs every step once (later calls share the run); resolves with the exit code: 0, or 1 if a step failed or time ran out. */
  run(reason: string): Promise<number>;
  /** First SIGTERM/SIGINT runs the shutdown and exits with its code; a second one exits 1 at once. */
  listen(source?: SignalSource): () => void;
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  const { logger } = options;
  const timeoutMs = options.timeoutMs ?? 8_000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const controller = new AbortController();
  const steps: { name: string; step: ShutdownStep }[] = [];
  let running: Promise<number> | undefined;
  let finished = false;
  let current: string | undefined;

  async function runSteps(): Promise<number> {
    let code = 0;
    for (let next = steps.pop(); next; next = steps.pop()) {
      if (!(await runStep(next.name, next.step))) code = 1;
    }
    finished = true;
    return code;
  }

  async function runStep(name: string, step: ShutdownStep): Promise<boolean> {
    current = name;
    try {
      logger.debug({ step: name }, "shutdown step");
      await step();
      return true;
    } catch (error) {
      logger.error({ err: error, step: name }, "shutdown step failed");
      return false;
    }
  }

  const shutdown: Shutdown = {
    signal: controller.signal,

    defer(name, step) {
      if (finished) {
        void runStep(name, step);
        return;
      }
      steps.push({ name, step });
    },

    run(reason) {
      if (running) return running;
      logger.info({ reason }, "shutting down");
      controller.abort(reason);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<number>((resolve) => {
        timer = setTimeout(() => {
          logger.error(
            { timeoutMs, stuckAt: current, pending: steps.map((s) => s.name).reverse() },
            "shutdown timed out",
          );
          resolve(1);
        }, timeoutMs);
        timer.unref();
      });
      running = Promise.race([runSteps(), timedOut]).then((code) => {
        clearTimeout(timer);
        logger.info({ code }, code === 0 ? "stopped" : "stopped with errors");
        return code;
      });
      return running;
    },

    listen(source = process) {
      const onSignal = (signal: NodeJS.Signals) => {
        if (running) {
          logger.warn({ signal }, "second signal: exiting without waiting");
          exit(1);
          return;
        }
        void shutdown.run(signal).then(exit);
      };
      source.on("SIGTERM", onSignal);
      source.on("SIGINT", onSignal);
      return () => {
        source.off("SIGTERM", onSignal);
        source.off("SIGINT", onSignal);
      };
    },
  };
  return shutdown;
}
