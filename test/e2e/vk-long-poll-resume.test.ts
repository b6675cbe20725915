import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/core/messages.js";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createVkChannel, type VkChannel } from "../../src/channels/vk/channel.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createChannelCursorRepository } from "../../src/updates/cursor.repository.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import {
  createFakeVkApi,
  type FakeVkApi,
  type FakeVkUser,
  type RecordedVkCall,
} from "../support/fake-vk-api.js";
import { createRecordingLogger } from "../support/recording-logger.js";
import { createStandInPipeline } from "../support/stand-in-pipeline.js";
import type { InboundPipeline } from "../../src/pipeline/inbound-pipeline.js";

/**
 * Bots Long Poll across restarts, over HTTP against the fake VK API and a real database: the `ts`
 * after each handled batch is stored per community, a new instance resumes from it, a crash mid-batch
 * re-reads the batch, history VK no longer keeps is skipped with VK's new `ts`, and the stored `ts`
 * never moves back. Each test has its own community (group id) and people, on one shared database.
 */

let database: TestDatabase;
let translator: Translator;
const codec = createPayloadCodec({ secret: "resume-secret" });
const { logger, logs } = createRecordingLogger();
const handled: InboundEvent[] = [];
const fakes: FakeVkApi[] = [];
const running = new Set<VkChannel>();
/** Text that makes the handler of a crashing instance fail, as a crash mid-handling would leave it. */
const CRASH = "crash";
const pipelines = new Map<VkChannel, InboundPipeline>();
let nextGroupId = 218_500_001;

async function newCommunity(): Promise<FakeVkApi> {
  const groupId = nextGroupId++;
  const fake = await createFakeVkApi({ groupId, firstUserId: (groupId - 218_500_000) * 1_000_000 });
  fakes.push(fake);
  return fake;
}

function channelFor(fake: FakeVkApi, fatal: unknown[] = [], crashing = false): VkChannel {
  const { pipeline } = createStandInPipeline({
    db: database.db,
    translator,
    logger,
    // Lapses at once, so a successor may take over what a crashed instance left.
    leaseMs: 1,
    welcomeKey: "vk-welcome",
    helpKey: "vk-help",
    before(event) {
      handled.push(event);
      if (crashing && event.kind === "text" && event.text === CRASH) throw new Error("instance crashed");
      return Promise.resolve(false);
    },
  });
  const channel = createVkChannel({
    token: fake.token,
    groupId: fake.groupId,
    apiRoot: fake.apiRoot,
    db: database.db,
    translator,
    codec,
    logger,
    mode: { kind: "polling", retryDelayMs: 20 },
    retry: { networkWaitMs: 20, baseDelayMs: 20, maxDelayMs: 100 },
    onFatal: (error) => fatal.push(error),
    pipeline,
  });
  running.add(channel);
  pipelines.set(channel, pipeline);
  return channel;
}

async function stop(channel: VkChannel): Promise<void> {
  await channel.stop();
  running.delete(channel);
}

const storedTs = (fake: FakeVkApi) =>
  createChannelCursorRepository(database.db).get("vk", String(fake.groupId));
const toPeer = (user: FakeVkUser) => (c: RecordedVkCall) =>
  (c.params.peer_ids ?? c.params.peer_id ?? "").split(",").includes(String(user.id));
const replyTo = (fake: FakeVkApi, user: FakeVkUser, text: string, since = 0) =>
  fake.waitForCall("messages.send", (c) => toPeer(user)(c) && c.params.message === text && c.ok, { since });
const timesHandled = (eventId: string) => handled.filter((e) => e.eventId === eventId).length;
const polls = (fake: FakeVkApi, since: number) =>
  fake.calls.filter((c) => c.method === "longpoll" && c.seq >= since);

beforeAll(async () => {
  [database, translator] = await Promise.all([createTestDatabase(), loadTranslator()]);
});

afterAll(async () => {
  for (const channel of running) await channel.stop();
  for (const fake of fakes) await fake.close();
  await database?.close();
});

describe("vk long poll across restarts", () => {
  it("handles a message sent while no instance polled, once, after the restart", async () => {
    const fake = await newCommunity();
    let channel = channelFor(fake);
    await channel.start();
    // The first start stores VK's current ts at once.
    expect(await storedTs(fake)).toBe(String(fake.currentTs()));
    const user = fake.user();
    fake.sendText(user, "/start");
    await replyTo(fake, user, translator.t("ru", "vk-welcome"));
    await fake.waitForTaken();
    expect(await storedTs(fake)).toBe(String(fake.currentTs()));
    await stop(channel);

    const beforeDowntime = fake.currentTs();
    const whileStopped = fake.sendText(user, "/help");
    // VK's "now" has moved past the message: starting there would never see it.
    expect(fake.currentTs()).toBeGreaterThan(beforeDowntime);

    const since = fake.calls.length;
    channel = channelFor(fake);
    await channel.start();
    await replyTo(fake, user, translator.t("ru", "vk-help"), since);
    expect(polls(fake, since)[0]!.params.ts).toBe(String(beforeDowntime));
    await fake.waitForTaken();
    await channel.vk.idle();
    expect(timesHandled(whileStopped.event_id)).toBe(1);
    expect(await storedTs(fake)).toBe(String(fake.currentTs()));

    // Restarting again repeats nothing: the stored ts is past everything handled.
    await stop(channel);
    channel = channelFor(fake);
    await channel.start();
    const again = fake.sendText(user, "/start");
    await replyTo(fake, user, translator.t("ru", "vk-welcome"), since + 1);
    await fake.waitForTaken();
    await channel.vk.idle();
    expect(timesHandled(whileStopped.event_id)).toBe(1);
    expect(timesHandled(again.event_id)).toBe(1);
    await stop(channel);
  });

  it("takes over an event whose handler died, answers it once, and a restart does not read it again", async () => {
    const fake = await newCommunity();
    const crashed = channelFor(fake, [], true);
    await crashed.start();
    const user = fake.user();
    const lost = fake.sendText(user, CRASH);
    await expect.poll(() => timesHandled(lost.event_id)).toBe(1);
    await fake.waitForTaken();
    await crashed.vk.idle();
    // Recorded in the update ledger before the cursor moved: the ledger keeps it until it is handled.
    expect(await storedTs(fake)).toBe(String(fake.currentTs()));
    await stop(crashed);

    const since = fake.calls.length;
    const successor = channelFor(fake);
    await successor.start();
    expect(await pipelines.get(successor)!.recover()).toBe(1);
    await replyTo(fake, user, translator.t("ru", "vk-help"), since);
    expect(timesHandled(lost.event_id)).toBe(2);
    // Nothing is read again from VK, and nothing is left to take over.
    expect(polls(fake, since)[0]!.params.ts).toBe(String(fake.currentTs()));
    expect(await pipelines.get(successor)!.recover()).toBe(0);
    const answers = fake.calls.filter(
      (c) => c.method === "messages.send" && toPeer(user)(c) && c.seq >= since,
    );
    expect(answers).toHaveLength(1);
    await stop(successor);
  });

  it("continues from VK's new ts when the stored one is older than VK keeps (failed: 1)", async () => {
    const fake = await newCommunity();
    const fatal: unknown[] = [];
    let channel = channelFor(fake, fatal);
    await channel.start();
    const user = fake.user();
    fake.sendText(user, "/start");
    await replyTo(fake, user, translator.t("ru", "vk-welcome"));
    await fake.waitForTaken();
    await stop(channel);
    const stored = await storedTs(fake);

    const lost = fake.sendText(user, "/help");
    const current = fake.forgetHistory();
    const since = fake.calls.length;
    channel = channelFor(fake, fatal);
    await channel.start();
    const first = await fake.waitForCall("longpoll", () => true, { since });
    expect(first.params.ts).toBe(stored);
    expect(first.result).toEqual({ failed: 1, ts: String(current) });
    const second = await fake.waitForCall("longpoll", () => true, { since: first.seq + 1, pending: true });
    expect(second.params.ts).toBe(String(current));
    await expect.poll(() => storedTs(fake)).toBe(String(current));

    const after = fake.sendText(user, "/start");
    await replyTo(fake, user, translator.t("ru", "vk-welcome"), since);
    await fake.waitForTaken();
    await channel.vk.idle();
    expect(timesHandled(after.event_id)).toBe(1);
    // VK said those events are gone; nothing pretends otherwise.
    expect(timesHandled(lost.event_id)).toBe(0);
    expect(fatal).toEqual([]);
    expect(logs.some((l) => l.level === "warn" && /history lost/.test(l.message ?? ""))).toBe(true);
    expect(Number(await storedTs(fake))).toBeGreaterThan(current);
    await stop(channel);
  });

  it("keeps the stored ts across a new key (failed: 2) and takes VK's when key and ts expired (failed: 3)", async () => {
    const fake = await newCommunity();
    let channel = channelFor(fake);
    await channel.start();
    const user = fake.user();
    const outcome: Record<number, number> = {};
    for (const failed of [2, 3] as const) {
      await stop(channel);
      const stored = await storedTs(fake);
      const whileStopped = fake.sendText(user, `/start ${failed}`);
      // The restart's first request meets the failure.
      fake.failNextPoll(failed);
      const since = fake.calls.length;
      channel = channelFor(fake);
      await channel.start();
      const first = await fake.waitForCall("longpoll", () => true, { since });
      expect(first.params.ts).toBe(stored);
      expect(first.result).toEqual({ failed });
      // Sent once the loop holds a request with its new key, so it cannot fall before VK's new ts.
      await fake.waitForCall("longpoll", () => true, { since: first.seq + 1, pending: true });
      const after = fake.sendText(user, "/help");
      await replyTo(fake, user, translator.t("ru", "vk-help"), since);
      await fake.waitForTaken();
      await channel.vk.idle();
      expect(timesHandled(after.event_id)).toBe(1);
      outcome[failed] = timesHandled(whileStopped.event_id);
      await expect.poll(() => storedTs(fake)).toBe(String(fake.currentTs()));
    }
    // 2: only the key expired, so the stored ts still reads what was sent meanwhile; 3: VK says the
    // ts expired too, and the loop starts from the one VK gives with the new key.
    expect(outcome).toEqual({ 2: 1, 3: 0 });
    await stop(channel);
  });

  it("refuses to start when the stored ts cannot be read, rather than starting at VK's now", async () => {
    const fake = await newCommunity();
    const channel = createVkChannel({
      token: fake.token,
      groupId: fake.groupId,
      apiRoot: fake.apiRoot,
      db: database.db,
      translator,
      codec,
      logger,
      mode: { kind: "polling", retryDelayMs: 20 },
      pipeline: createStandInPipeline({
        db: database.db,
        translator,
        logger,
        welcomeKey: "vk-welcome",
        helpKey: "vk-help",
      }).pipeline,
      cursors: {
        get: () => Promise.reject(new Error("database away")),
        advance: () => Promise.reject(new Error("database away")),
      },
    });
    await expect(channel.start()).rejects.toThrow("database away");
    expect(fake.calls.filter((c) => c.method === "longpoll")).toEqual([]);
  });
});
