import { describe, expect, it } from "vitest";
import { createInHand } from "../../src/channels/shared/in-hand.js";

describe("updates in hand", () => {
  it("has room below the limit, waits at it, and frees a place when work settles, rejected or not", async () => {
    const inHand = createInHand(2);
    let finishA!: () => void;
    let failB!: (error: Error) => void;
    inHand.add(new Promise<void>((resolve) => (finishA = resolve)));
    await inHand.room();
    inHand.add(new Promise<void>((_, reject) => (failB = reject)));
    expect(inHand.size).toBe(2);
    let roomy = false;
    const waiting = inHand.room().then(() => (roomy = true));
    await Promise.resolve();
    expect(roomy).toBe(false);
    failB(new Error("handled elsewhere"));
    await waiting;
    expect(inHand.size).toBe(1);
    finishA();
    await new Promise((resolve) => setImmediate(resolve));
    expect(inHand.size).toBe(0);
  });

  it("stops waiting when the signal aborts", async () => {
    const inHand = createInHand(1);
    inHand.add(new Promise<void>(() => {}));
    const controller = new AbortController();
    const waiting = inHand.room(controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
    expect(inHand.size).toBe(1);
  });
});
