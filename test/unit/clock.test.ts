import { describe, expect, it } from "vitest";
import { createClock, type ClockJob } from "../../src/scheduler/clock.js";
import { createRecordingLogger } from "../support/recording-logger.js";

/** A job whose runs wait until the test releases them, so a test decides when a run ends. */
function gatedJob(name: string, seen: string[]) {
  const gates: (() => void)[] = [];
  const job: ClockJob = {
    name,
    run(now) {
      seen.push(`${name} ${now.toISOString()}`);
      return new Promise<void>((resolve) => gates.push(resolve));
    },
  };
  return { job, release: () => gates.shift()?.() };
}

function record(seen: string[], entry: string): Promise<void> {
  seen.push(entry);
  return Promise.resolve();
}

const minute = (n: number) => new Date(Date.UTC(2026, 11, 1, 9, n));

describe("the clock", () => {
  it("runs its jobs in the order registered, each with the tick's time", async () => {
    const { logger } = createRecordingLogger();
    const clock = createClock({ logger });
    const seen: string[] = [];
    for (const name of ["outbox", "leases", "ledger"]) {
      clock.register({ name, run: (now) => record(seen, `${name} ${now.toISOString()}`) });
    }
    await clock.tick(minute(1));
    await clock.tick(minute(2));
    expect(seen).toEqual([
      `outbox ${minute(1).toISOString()}`,
      `leases ${minute(1).toISOString()}`,
      `ledger ${minute(1).toISOString()}`,
      `outbox ${minute(2).toISOString()}`,
      `leases ${minute(2).toISOString()}`,
      `ledger ${minute(2).toISOString()}`,
    ]);
  });

  it("does not start a job again while its run from an earlier tick is still going", async () => {
    const { logger, logs } = createRecordingLogger();
    const clock = createClock({ logger });
    const seen: string[] = [];
    const slow = gatedJob("slow", seen);
    clock.register(slow.job);

    const first = clock.tick(minute(1));
    await clock.tick(minute(2));
    expect(seen).toEqual([`slow ${minute(1).toISOString()}`]);
    expect(logs).toContainEqual(expect.objectContaining({ level: "warn", fields: { job: "slow" } }));

    slow.release();
    await first;
    const third = clock.tick(minute(3));
    slow.release();
    await third;
    expect(seen).toEqual([`slow ${minute(1).toISOString()}`, `slow ${minute(3).toISOString()}`]);
  });

  it("logs a failing job by name and goes on with the next job and the next tick", async () => {
    const { logger, logs } = createRecordingLogger();
    const clock = createClock({ logger });
    const seen: string[] = [];
    clock.register({
      name: "broken",
      run: () => Promise.reject(new Error('relation "delivery" does not exist')),
    });
    clock.register({ name: "after", run: () => record(seen, "after") });

    await clock.tick(minute(1));
    await clock.tick(minute(2));
    expect(seen).toEqual(["after", "after"]);
    const failures = logs.filter((entry) => entry.message === "clock job failed");
    expect(failures).toHaveLength(2);
    expect(failures[0]!.fields).toMatchObject({
      job: "broken",
      error: { name: "Error", message: 'relation "delivery" does not exist' },
    });
  });

  it("stop() waits for the tick in progress and runs no job after it", async () => {
    const { logger } = createRecordingLogger();
    const clock = createClock({ logger });
    const seen: string[] = [];
    const slow = gatedJob("slow", seen);
    clock.register(slow.job);
    clock.register({ name: "later", run: () => record(seen, "later") });
    clock.start();

    void clock.tick(minute(1));
    let stopped = false;
    const stopping = clock.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    slow.release();
    await stopping;
    // The job in hand finished; the one after it was not begun once stop() was asked.
    expect(seen).toEqual([`slow ${minute(1).toISOString()}`]);
  });

  it("starts and stops its minute schedule without running anything at once", async () => {
    const { logger } = createRecordingLogger();
    const clock = createClock({ logger });
    const seen: string[] = [];
    clock.register({ name: "job", run: () => record(seen, "ran") });
    clock.start();
    clock.start();
    await clock.stop();
    await clock.stop();
    expect(seen).toEqual([]);
  });
});
