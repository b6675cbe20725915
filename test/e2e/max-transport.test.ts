import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMaxChannel } from "../../src/channels/max/channel.js";
import { ChannelRefusedError, type ChannelFailure } from "../../src/channels/shared/health.js";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createOutboxSender } from "../../src/outbox/outbox-sender.js";
import { notifyPerson } from "../../src/outbox/outbox.service.js";
import { createRateGate, type RateGate } from "../../src/outbox/rate-gate.js";
import { createMaxDriver } from "../support/channel-driver.js";
import { createFakeMaxApi } from "../support/fake-max-api.js";
import { createJourneyEnv, silentLogger, type JourneyEnv } from "../support/journey-env.js";

let env: JourneyEnv;
beforeAll(async () => {
  env = await createJourneyEnv();
});
afterAll(() => env.close());

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const t = (key: string) => env.translator.t("ru", key);

async function driver() {
  const created = await createMaxDriver(env);
  cleanups.push(() => created.close());
  return created;
}

/** The texts the bot sent (new messages only) from call `since` on. */
function sentTexts(fake: Awaited<ReturnType<typeof driver>>["fake"], since = 0): string[] {
  return fake.calls
    .filter((c) => c.seq >= since && c.ok && c.method === "POST /messages")
    .map((c) => String(c.body.text));
}

async function accountOf(externalId: number) {
  return env.database.db
    .selectFrom("channel_account")
    .select(["id", "person_id", "chat_id", "blocked_at"])
    .where("channel", "=", "max")
    .where("external_id", "=", String(externalId))
    .executeTakeFirstOrThrow();
}

describe("MAX long polling", { timeout: 60_000 }, () => {
  it("stores the marker; after a restart resumes from it, takes a batch in order and a repeated update once", async () => {
    const user = await driver();
    await user.send(`/start ${env.menteeCode}`);
    await user.expectMessage(t("journey-language-question"));
    await user.fake.waitForConfirmed();
    const cursor = await env.database.db
      .selectFrom("channel_cursor")
      .select(["key", "value"])
      .where("channel", "=", "max")
      .executeTakeFirstOrThrow();
    expect(cursor.key).toBe(String(user.fake.botInfo.user_id));

    // Written while no instance polls (a deploy): one batch, with the first update delivered twice.
    await user.current().stop();
    const help = user.fake.messageCreated(user.user, "/help");
    const language = user.fake.messageCreated(user.user, "/language");
    user.fake.enqueue(help);
    user.fake.enqueue(language);
    user.fake.enqueue(help);
    const since = user.fake.calls.length;
    await user.restart();

    const firstPoll = await user.fake.waitForCall("GET /updates", undefined, { since, pending: true });
    expect(firstPoll.query.marker).toBe(cursor.value);
    await user.fake.waitForConfirmed();
    await user.current().max.idle();
    const texts = sentTexts(user.fake, since);
    const helpAt = texts.findIndex((text) => text.includes(t("journey-help").slice(0, 30)));
    const languageAt = texts.findIndex((text) => text.includes(t("journey-language-question")));
    expect(helpAt).toBeGreaterThanOrEqual(0);
    expect(languageAt).toBeGreaterThan(helpAt);
    expect(texts.filter((text) => text.includes(t("journey-help").slice(0, 30)))).toHaveLength(1);
    const stored = await env.database.db
      .selectFrom("processed_update")
      .select("update_id")
      .where("channel", "=", "max")
      .where("update_id", "like", "message:%")
      .execute();
    // Recorded under the message's mid: the repeat found its id taken.
    expect(stored.map((row) => row.update_id)).toEqual(
      expect.arrayContaining([
        `message:${(help.message as { body: { mid: string } }).body.mid}`,
        `message:${(language.message as { body: { mid: string } }).body.mid}`,
      ]),
    );
  });

  it("answers every press; a forged payload changes nothing and says so in the answer", async () => {
    const user = await driver();
    await user.send(`/start ${env.menteeCode}`);
    await user.expectMessage(t("journey-language-question"));
    await user.press(t("journey-language-name"));
    await user.expectMessage(t("journey-age-question"));
    await user.fake.waitForConfirmed();
    // Confirmed is recorded, not yet handled: the press is answered after the replies go out.
    await user.current().max.idle();
    const pressed = user.fake.answers.at(-1)!;
    expect(pressed.callbackId).toMatch(/^cb-/);

    const since = user.fake.calls.length;
    const forged = user.fake.enqueue(user.fake.callback(user.user, "1AAAAAAAAanswer|1|age|adult"));
    await user.fake.waitForCall("POST /answers", (c) => c.seq >= since);
    const answer = user.fake.answers.find(
      (a) => a.callbackId === (forged.callback as { callback_id: string }).callback_id,
    );
    expect(answer?.body).toEqual({ notification: t("channel-button-stale") });
    await user.current().max.idle();
    expect(sentTexts(user.fake, since)).toEqual([]);
    const person = await env.database.db
      .selectFrom("person")
      .select("is_minor")
      .where("id", "=", await user.personId())
      .executeTakeFirstOrThrow();
    expect(person.is_minor).toBeNull();
  });

  it("splits long text at 4000 characters with the buttons on the last part, edits in place, and tells a gone message", async () => {
    const user = await driver();
    const { messenger } = user.current();
    const chatId = String(user.user.chatId);
    const text = `${"Первая часть. ".repeat(400)}\n${"Вторая часть. ".repeat(400)}`;
    const since = user.fake.calls.length;
    const sent = await messenger.send(chatId, {
      text,
      buttons: [[{ label: "Дальше", action: { type: "page", session: 1, page: 2 } }]],
    });
    expect(sent.ok).toBe(true);
    const posts = user.fake.callsTo("POST /messages", (c) => c.seq >= since);
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts) expect(String(post.body.text).length).toBeLessThanOrEqual(4000);
    expect(posts.map((post) => post.body.attachments === undefined)).toEqual([
      ...posts.slice(1).map(() => true),
      false,
    ]);
    // Nothing lost or repeated at the cuts (spaces at a cut are dropped, as splitText does).
    const squeeze = (value: string) => value.replace(/\s+/g, " ").trim();
    const joined = squeeze(posts.map((post) => String(post.body.text)).join(" "));
    expect(joined === squeeze(text)).toBe(true);
    const last = user.fake.chatMessages(user.user.chatId).at(-1)!;
    expect(sent.ok && sent.message).toEqual({ chatId, messageId: last.mid });
    // The button is signed for this chat by the shared codec: it verifies from this chat only.
    const payload = last.buttons![0]![0]!.payload;
    const codec = createPayloadCodec({ secret: "contract-secret" });
    expect(codec.decode("max", payload, chatId)).toEqual({
      ok: true,
      action: { type: "page", session: 1, page: 2 },
    });
    expect(codec.decode("max", payload, String(user.user.chatId + 1))).toEqual({
      ok: false,
      reason: "bad_signature",
    });

    const edited = await messenger.edit({ chatId, messageId: last.mid }, { text: "Готово" });
    expect(edited).toEqual({ ok: true, message: { chatId, messageId: last.mid } });
    expect(user.fake.chatMessages(user.user.chatId).at(-1)).toMatchObject({ text: "Готово", edited: true });
    expect(user.fake.chatMessages(user.user.chatId).at(-1)!.buttons).toBeUndefined();
    expect(await messenger.edit({ chatId, messageId: "mid.unknown" }, { text: "Готово" })).toEqual({
      ok: false,
      reason: "gone",
    });
    await expect(messenger.edit({ chatId, messageId: last.mid }, { text: "я".repeat(4001) })).rejects.toThrow(
      /4000/,
    );
  });

  it("repeats a send MAX refused with 429, and marks a person who stopped the bot blocked (403)", async () => {
    const user = await driver();
    await user.send(`/start ${env.menteeCode}`);
    await user.expectMessage(t("journey-language-question"));
    const { messenger } = user.current();
    const chatId = String(user.user.chatId);

    user.fake.failNext("POST /messages", { status: 429, code: "too.many.requests" });
    expect((await messenger.send(chatId, { text: "Ещё раз" })).ok).toBe(true);
    expect(
      user.fake
        .callsTo("POST /messages")
        .slice(-2)
        .map((c) => c.status),
    ).toEqual([429, 200]);

    user.fake.failNext("POST /messages", { status: 403, code: "chat.denied" });
    expect(await messenger.send(chatId, { text: "Напоминание" })).toEqual({ ok: false, reason: "blocked" });
    expect((await accountOf(user.user.user_id)).blocked_at).not.toBeNull();
  });

  it("asks for the next batch once the last is recorded, while its updates are still being handled", async () => {
    const fake = await createFakeMaxApi({ firstUserId: 92_000_000 });
    cleanups.push(() => fake.close());
    const { pipeline } = env.hub;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Handling the first update takes as long as the test says.
    const slow: typeof pipeline = {
      ...pipeline,
      async process(channel, updateId, raw) {
        await held;
        return pipeline.process(channel, updateId, raw);
      },
    };
    const channel = createMaxChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      db: env.database.db,
      translator: env.translator,
      codec: createPayloadCodec({ secret: "max-transport" }),
      logger: silentLogger,
      mode: { kind: "polling", timeoutSeconds: 1, retryDelayMs: 20 },
      pipeline: slow,
    });
    await channel.start();
    cleanups.unshift(async () => {
      release();
      await channel.stop();
    });
    const user = fake.user();
    fake.enqueue(fake.botStarted(user, env.menteeCode));
    // The batch is recorded and confirmed by the next poll although nothing has been answered yet.
    await fake.waitForConfirmed();
    expect(fake.callsTo("POST /messages")).toEqual([]);
    release();
    await fake.waitForCall("POST /messages", undefined, { timeoutMs: 10_000 });
  });

  it("asks again for a batch it could not record, from the same marker, and handles it once", async () => {
    const fake = await createFakeMaxApi({ firstUserId: 91_000_000 });
    cleanups.push(() => fake.close());
    const { pipeline } = env.hub;
    let failures = 1;
    // The database is away for one write: the update ledger refuses the batch.
    const flaky: typeof pipeline = {
      ...pipeline,
      recordBatch(channel, updates) {
        if (failures-- > 0) return Promise.reject(new Error("database away"));
        return pipeline.recordBatch(channel, updates);
      },
    };
    const channel = createMaxChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      db: env.database.db,
      translator: env.translator,
      codec: createPayloadCodec({ secret: "max-transport" }),
      logger: silentLogger,
      mode: { kind: "polling", timeoutSeconds: 1, retryDelayMs: 20 },
      pipeline: flaky,
    });
    await channel.start();
    cleanups.unshift(() => channel.stop());
    const first = await fake.waitForCall("GET /updates", undefined, { pending: true });
    const user = fake.user();
    fake.enqueue(fake.botStarted(user, env.menteeCode));
    await fake.waitForCall("POST /messages", undefined, { timeoutMs: 10_000 });
    await fake.waitForConfirmed();
    await channel.max.idle();
    // The poll after the failure carried the marker from before the batch, so MAX served it again.
    const polls = fake.callsTo("GET /updates", (c) => c.seq >= first.seq);
    const served = polls.findIndex((c) => (c.result as { updates: unknown[] }).updates.length > 0);
    expect(polls[served + 1]!.query.marker).toBe(polls[served]!.query.marker);
    expect((polls[served + 1]!.result as { updates: unknown[] }).updates).toHaveLength(1);
    expect(failures).toBe(-1);
    expect(
      fake.callsTo("POST /messages", (c) => String(c.body.text).includes(t("journey-language-question"))),
    ).toHaveLength(1);
  });

  it("pauses the bot's push traffic when MAX answers any call with 429", async () => {
    const fake = await createFakeMaxApi();
    cleanups.push(() => fake.close());
    const paused: number[] = [];
    const channel = createMaxChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      db: env.database.db,
      translator: env.translator,
      codec: createPayloadCodec({ secret: "max-transport" }),
      logger: silentLogger,
      mode: { kind: "polling", timeoutSeconds: 1, retryDelayMs: 20 },
      pipeline: env.hub.pipeline,
      pushGate: { pause: (ms) => paused.push(ms) },
      retry: { baseDelayMs: 10 },
    });
    fake.failNext("POST /messages", { status: 429, code: "too.many.requests" }, { times: 2 });
    expect((await channel.messenger.send("900000123", { text: "Ответ" })).ok).toBe(true);
    expect(paused).toEqual([10, 20]);
  });

  it("reads bot_stopped as blocked and «Начать» again as reachable; ignores group chats", async () => {
    const user = await driver();
    await user.send(`/start ${env.menteeCode}`);
    await user.expectMessage(t("journey-language-question"));
    const account = await accountOf(user.user.user_id);
    expect(account.chat_id).toBe(String(user.user.chatId));

    user.fake.enqueue(user.fake.botStopped(user.user));
    await user.fake.waitForConfirmed();
    await user.current().max.idle();
    expect((await accountOf(user.user.user_id)).blocked_at).not.toBeNull();

    await user.send("/start");
    await user.expectMessage(t("journey-language-question"));
    expect((await accountOf(user.user.user_id)).blocked_at).toBeNull();

    const since = user.fake.calls.length;
    const stranger = user.fake.user({ firstName: "Гость" });
    user.fake.enqueue(user.fake.groupMessage(stranger, "/start"));
    await user.fake.waitForConfirmed();
    await user.current().max.idle();
    expect(sentTexts(user.fake, since)).toEqual([]);
    const accounts = await env.database.db
      .selectFrom("channel_account")
      .select("id")
      .where("channel", "=", "max")
      .where("external_id", "=", String(stranger.user_id))
      .execute();
    expect(accounts).toEqual([]);
  });

  it("backs off when GET /updates fails and goes on; removes a webhook subscription before polling", async () => {
    const fake = await createFakeMaxApi({ firstUserId: 90_000_000 });
    cleanups.push(() => fake.close());
    await fetch(`${fake.apiRoot}/subscriptions`, {
      method: "POST",
      headers: { authorization: fake.token, "content-type": "application/json" },
      body: JSON.stringify({ url: "https://old.example.org/webhooks/max", secret: "old-secret-0123456789" }),
    });
    fake.failNext("GET /updates", { status: 503, code: "service.unavailable" }, { times: 2 });
    const channel = createMaxChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      db: env.database.db,
      translator: env.translator,
      codec: createPayloadCodec({ secret: "max-transport" }),
      logger: silentLogger,
      mode: { kind: "polling", timeoutSeconds: 1, retryDelayMs: 20 },
      pipeline: env.hub.pipeline,
    });
    await channel.start();
    cleanups.unshift(() => channel.stop());
    expect(fake.callsTo("DELETE /subscriptions").map((c) => c.query.url)).toEqual([
      "https://old.example.org/webhooks/max",
    ]);
    expect(fake.subscriptions).toEqual([]);
    const user = fake.user();
    fake.enqueue(fake.botStarted(user, env.menteeCode));
    await fake.waitForCall("POST /messages", undefined, { timeoutMs: 10_000 });
    expect(
      fake
        .callsTo("GET /updates")
        .slice(0, 3)
        .map((c) => c.status),
    ).toEqual([503, 503, 200]);
  });

  it("refuses to start with a token MAX refuses, and stops for good on a 401 while polling", async () => {
    const fake = await createFakeMaxApi();
    cleanups.push(() => fake.close());
    const options = {
      apiRoot: fake.apiRoot,
      db: env.database.db,
      translator: env.translator,
      codec: createPayloadCodec({ secret: "max-transport" }),
      logger: silentLogger,
      mode: { kind: "polling" as const, timeoutSeconds: 1, retryDelayMs: 20 },
      pipeline: env.hub.pipeline,
    };
    const wrong = createMaxChannel({ ...options, token: "not-the-token-of-this-bot" });
    const refused = await wrong.start().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChannelRefusedError);
    expect((refused as ChannelRefusedError).failure.setting).toBe("token");

    const failures: ChannelFailure[] = [];
    let fatal = 0;
    const channel = createMaxChannel({
      ...options,
      token: fake.token,
      health: { starting() {}, ready() {}, unreachable() {}, dead: (failure) => failures.push(failure) },
      onFatal: () => fatal++,
    });
    fake.failNext("GET /updates", { status: 401, code: "verify.token", message: "Invalid access_token" });
    await channel.start();
    cleanups.unshift(() => channel.stop());
    await expect.poll(() => fatal).toBe(1);
    expect(failures).toEqual([expect.objectContaining({ setting: "token" })]);
  });

  it("delivers notices through the outbox at the MAX rate", async () => {
    const user = await driver();
    await user.send(`/start ${env.menteeCode}`);
    await user.expectMessage(t("journey-language-question"));
    const personId = await user.personId();
    const rate = 5;
    // Only this sender, with its gate, may take these deliveries: the environment's own sender
    // (every channel, no gate) would otherwise send some of them at once.
    await env.outbox.stop();
    // The slots the sender is given, not when requests reach the fake: on a loaded machine requests
    // bunch up in transit (and a late sender catches up), while the slots are the pacing itself.
    const paced = createRateGate({ ratePerSecond: rate });
    const slots: number[] = [];
    const gate: RateGate = {
      ratePerSecond: rate,
      take: () => paced.take(),
      pause: (ms) => paced.pause(ms),
      get pausedUntil() {
        return paced.pausedUntil;
      },
      waitTurn(at, signal) {
        slots.push(at);
        return paced.waitTurn(at, signal);
      },
      drainReplies: () => paced.drainReplies(),
    };
    const sender = createOutboxSender({
      db: env.database.db,
      messenger: (channel) => env.hub.pipeline.messenger(channel),
      channels: ["max"],
      gates: { max: gate },
      rateKey: () => `max:test-${personId}`,
      idleMs: 20,
    });
    const since = user.fake.calls.length;
    for (let i = 0; i < 4; i++) {
      await notifyPerson(
        env.database.db,
        {
          personId,
          kind: "test.reminder",
          dedupeKey: `max-reminder:${personId}:${i}`,
          render: () => ({ text: `Напоминание ${i}` }),
        },
        { defaultTimeZone: "Europe/Moscow", channels: ["max"] },
      );
    }
    sender.start();
    cleanups.unshift(() => sender.stop());
    await expect
      .poll(() => sentTexts(user.fake, since).filter((text) => text.startsWith("Напоминание")).length, {
        timeout: 10_000,
      })
      .toBe(4);
    // Paced: four push messages were given slots 1/rate apart, never one burst.
    expect(slots).toHaveLength(4);
    for (let i = 1; i < slots.length; i++) {
      expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(1000 / rate - 1);
    }
  });
});
