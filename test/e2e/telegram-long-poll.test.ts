import { Api } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelegramLongPoll, type TelegramLongPoll } from "../../src/channels/telegram/long-poll.js";
import { createFakeTelegramApi, type FakeTelegramApi } from "../support/fake-telegram-api.js";

/**
 * The polling loop against the fake Bot API over HTTP: a batch is confirmed to Telegram (by the next
 * getUpdates offset) only after it was taken, so a crash or a failed record never loses it.
 */

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let fake: FakeTelegramApi;
let poll: TelegramLongPoll | undefined;

beforeEach(async () => {
  fake = await createFakeTelegramApi();
});

afterEach(async () => {
  await poll?.stop();
  poll = undefined;
  await fake.close();
});

function startPoll(onBatch: (updates: Update[]) => Promise<Promise<void>[]>, maxInFlight?: number) {
  poll = createTelegramLongPoll({
    api: new Api(fake.token, { apiRoot: fake.apiRoot }),
    logger: silent,
    allowedUpdates: ["message"],
    timeoutSeconds: 1,
    retryDelayMs: 10,
    onBatch,
    ...(maxInFlight !== undefined && { maxInFlight }),
  });
  poll.start();
}

const offsetOf = (call: { payload: Record<string, unknown> }) =>
  call.payload.offset === undefined ? undefined : Number(call.payload.offset);

describe("Telegram long polling", () => {
  it("does not ask for (and so confirm) the next batch until the last one is taken", async () => {
    const user = fake.user();
    const first = fake.sendText(user, "one");
    let release!: () => void;
    const taken: number[] = [];
    startPoll(async (updates) => {
      await new Promise<void>((resolve) => (release = resolve));
      taken.push(...updates.map((u) => u.update_id));
      return [];
    });
    await fake.waitForCall("getUpdates", (c) => Array.isArray(c.result) && (c.result as Update[]).length > 0);
    // While the batch is being recorded, no later getUpdates carries an offset past it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.callsTo("getUpdates").map(offsetOf)).toEqual([undefined]);
    release();
    const next = await fake.waitForCall("getUpdates", (c) => offsetOf(c) !== undefined, { pending: true });
    expect(taken).toEqual([first.update_id]);
    expect(offsetOf(next)).toBe(first.update_id + 1);
  });

  it("asks for the same batch again when taking it failed, and confirms it once taken", async () => {
    const user = fake.user();
    const a = fake.sendText(user, "a");
    const b = fake.sendText(user, "b");
    const seen: number[][] = [];
    startPoll((updates) => {
      seen.push(updates.map((u) => u.update_id));
      return seen.length === 1 ? Promise.reject(new Error("database away")) : Promise.resolve([]);
    });
    const next = await fake.waitForCall("getUpdates", (c) => offsetOf(c) !== undefined, { pending: true });
    expect(offsetOf(next)).toBe(b.update_id + 1);
    expect(seen).toEqual([
      [a.update_id, b.update_id],
      [a.update_id, b.update_id],
    ]);
    expect(fake.callsTo("getUpdates").slice(0, 2).map(offsetOf)).toEqual([undefined, undefined]);
  });

  it("stops fetching while as many updates as allowed are still being handled", async () => {
    const user = fake.user();
    fake.sendText(user, "1");
    let finish!: () => void;
    const handled = new Promise<void>((resolve) => (finish = resolve));
    startPoll(() => Promise.resolve([handled]), 1);
    await fake.waitForCall("getUpdates", (c) => Array.isArray(c.result) && (c.result as Update[]).length > 0);
    const later = fake.sendText(user, "2");
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The batch was taken but its update is still in hand: the next one is not asked for yet.
    expect(fake.callsTo("getUpdates")).toHaveLength(1);
    finish();
    await fake.waitForCall(
      "getUpdates",
      (c) => (c.result as Update[] | undefined)?.some((u) => u.update_id === later.update_id) === true,
    );
  });
});
