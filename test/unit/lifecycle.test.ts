import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { createConfig } from "../../src/config.js";
import { createShutdown, type SignalSource } from "../../src/lifecycle/shutdown.js";
import { createLogger } from "../../src/logging/logger.js";

function captureLogger() {
  const raw: string[] = [];
  const logger = createLogger(createConfig({ LOG_LEVEL: "debug" }), {
    destination: { write: (line: string) => void raw.push(line) },
  });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Lets every already-queued promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("createShutdown", () => {
  it("runs the steps last-registered first and resolves 0", async () => {
    const order: string[] = [];
    const shutdown = createShutdown({ logger: captureLogger().logger, exit: () => {} });
    shutdown.defer("database", () => void order.push("database"));
    shutdown.defer("http server", async () => {
      await settle();
      order.push("http server");
    });
    shutdown.defer("channel telegram", () => void order.push("channel telegram"));

    expect(await shutdown.run("SIGTERM")).toBe(0);
    expect(order).toEqual(["channel telegram", "http server", "database"]);
  });

  it("aborts its signal before the first step runs, so readiness turns false first", async () => {
    const shutdown = createShutdown({ logger: captureLogger().logger, exit: () => {} });
    let abortedDuringStep: boolean | undefined;
    shutdown.defer("channel", () => void (abortedDuringStep = shutdown.signal.aborted));
    expect(shutdown.signal.aborted).toBe(false);
    await shutdown.run("SIGTERM");
    expect(abortedDuringStep).toBe(true);
  });

  it("keeps going after a failing step and resolves 1", async () => {
    const log = captureLogger();
    const order: string[] = [];
    const shutdown = createShutdown({ logger: log.logger, exit: () => {} });
    shutdown.defer("database", () => void order.push("database"));
    shutdown.defer("channel vk", () => Promise.reject(new Error("network gone")));

    expect(await shutdown.run("SIGTERM")).toBe(1);
    expect(order).toEqual(["database"]);
    expect(log.lines().find((line) => line.msg === "shutdown step failed")).toMatchObject({
      level: "error",
      step: "channel vk",
    });
  });

  it("runs once however often it is asked", async () => {
    let runs = 0;
    const shutdown = createShutdown({ logger: captureLogger().logger, exit: () => {} });
    shutdown.defer("database", () => void (runs += 1));
    const [first, second] = await Promise.all([shutdown.run("SIGTERM"), shutdown.run("SIGINT")]);
    expect([first, second, runs]).toEqual([0, 0, 1]);
  });

  it("gives up after the timeout with 1 and names the step that hung", async () => {
    const log = captureLogger();
    const shutdown = createShutdown({ logger: log.logger, timeoutMs: 20, exit: () => {} });
    shutdown.defer("database", () => {});
    shutdown.defer("channel telegram", () => new Promise<void>(() => {}));

    expect(await shutdown.run("SIGTERM")).toBe(1);
    expect(log.lines().find((line) => line.msg === "shutdown timed out")).toMatchObject({
      stuckAt: "channel telegram",
      pending: ["database"],
    });
  });

  it("runs a step registered after shutdown finished at once (start-up raced a signal)", async () => {
    const shutdown = createShutdown({ logger: captureLogger().logger, exit: () => {} });
    await shutdown.run("SIGTERM");
    let closed = false;
    shutdown.defer("database", () => void (closed = true));
    await settle();
    expect(closed).toBe(true);
  });

  it("picks up a step registered while it is running", async () => {
    const order: string[] = [];
    const shutdown = createShutdown({ logger: captureLogger().logger, exit: () => {} });
    shutdown.defer("first", () => {
      order.push("first");
      shutdown.defer("late", () => void order.push("late"));
    });
    expect(await shutdown.run("SIGTERM")).toBe(0);
    expect(order).toEqual(["first", "late"]);
  });
});

describe("createShutdown().listen", () => {
  const signals = () => new EventEmitter() as EventEmitter & SignalSource;

  it("on SIGTERM runs the steps and exits with their code", async () => {
    const exits: number[] = [];
    const source = signals();
    const shutdown = createShutdown({
      logger: captureLogger().logger,
      exit: (code) => void exits.push(code),
    });
    let stopped = false;
    shutdown.defer("channel", () => void (stopped = true));
    shutdown.listen(source);

    source.emit("SIGTERM", "SIGTERM");
    await settle();
    expect(stopped).toBe(true);
    expect(exits).toEqual([0]);
  });

  it("on a second signal exits 1 at once, without waiting for a stuck step", async () => {
    const log = captureLogger();
    const exits: number[] = [];
    const source = signals();
    const shutdown = createShutdown({ logger: log.logger, exit: (code) => void exits.push(code) });
    const stuck = gate();
    shutdown.defer("channel", () => stuck.opened);
    shutdown.listen(source);

    source.emit("SIGINT", "SIGINT");
    await settle();
    expect(exits).toEqual([]);
    source.emit("SIGINT", "SIGINT");
    expect(exits).toEqual([1]);
    expect(log.lines().some((line) => line.msg === "second signal: exiting without waiting")).toBe(true);
    stuck.open();
    await settle();
    expect(exits).toEqual([1, 0]);
  });

  it("stops listening when unsubscribed", () => {
    const source = signals();
    const shutdown = createShutdown({ logger: captureLogger().logger, exit: () => {} });
    const unsubscribe = shutdown.listen(source);
    expect(source.listenerCount("SIGTERM")).toBe(1);
    unsubscribe();
    expect(source.listenerCount("SIGTERM") + source.listenerCount("SIGINT")).toBe(0);
  });
});
