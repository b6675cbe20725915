import { Api } from "grammy";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createChannelAccountRepository } from "../../src/accounts/channel-account.repository.js";
import { silentLogger } from "../../src/channels/shared/logger.js";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createTelegramMessenger } from "../../src/channels/telegram/messenger.js";
import { pausePushOnFloodWait } from "../../src/channels/telegram/push-pause.js";
import { createVkApi } from "../../src/channels/vk/api.js";
import { createVkClientDirectory } from "../../src/channels/vk/client-directory.js";
import { createVkMessenger } from "../../src/channels/vk/messenger.js";
import type { OutboundMessage, SendResult } from "../../src/core/messages.js";
import type { Messenger } from "../../src/core/ports.js";
import { createOutboxSender, type OutboxSenderOptions } from "../../src/outbox/outbox-sender.js";
import { createOutboxRepository } from "../../src/outbox/outbox.repository.js";
import { enqueueForAccount, notifyPerson } from "../../src/outbox/outbox.service.js";
import { createRateGate } from "../../src/outbox/rate-gate.js";
import type { Channel } from "../../src/storage/tables.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { createFakeTelegramApi, type FakeTelegramApi } from "../support/fake-telegram-api.js";
import { createFakeVkApi, type FakeVkApi } from "../support/fake-vk-api.js";

let database: TestDatabase;
let telegramFake: FakeTelegramApi;
let vkFake: FakeVkApi;
const codec = createPayloadCodec({ secret: "outbox-test-secret" });
const ZONE = "Europe/Moscow";
let nextExternal = 1_000_000;

beforeAll(async () => {
  [database, telegramFake, vkFake] = await Promise.all([
    createTestDatabase(),
    createFakeTelegramApi({ firstUserId: 800_001 }),
    createFakeVkApi({ firstUserId: 900_001 }),
  ]);
});

afterAll(async () => {
  await telegramFake?.close();
  await vkFake?.close();
  await database?.close();
});

beforeEach(async () => {
  // Each test counts its own rows; earlier tests' deliveries must not be claimed again.
  await database.db.deleteFrom("delivery").execute();
  await database.db.deleteFrom("outbox_rate_window").execute();
});

/** A person with one account per entry, `lastSeen` minutes ago (most recent first wins). */
async function person(
  accounts: { channel: Channel; chatId?: string; blocked?: boolean; lastSeenMinutesAgo?: number }[],
  fields: { locale?: "ru" | "en"; timeZone?: string } = {},
) {
  const db = database.db;
  const row = await db
    .insertInto("person")
    .values({ locale: fields.locale ?? null, time_zone: fields.timeZone ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const account of accounts) {
    const external = String(nextExternal++);
    const created = await db
      .insertInto("channel_account")
      .values({
        person_id: row.id,
        channel: account.channel,
        external_id: external,
        chat_id: account.chatId ?? external,
        blocked_at: account.blocked ? new Date() : null,
        last_seen_at: new Date(Date.now() - (account.lastSeenMinutesAgo ?? 0) * 60_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(created.id);
  }
  return { personId: row.id, accountIds: ids };
}

const text = (value: string) => () => ({ text: value });

/** A messenger that records each send per chat, optionally failing or answering "blocked". */
function recordingMessenger(
  channel: Channel,
  behaviour: (chatId: string) => SendResult | Error | undefined = () => undefined,
) {
  const sends: { chatId: string; message: OutboundMessage }[] = [];
  const messenger: Messenger = {
    channel,
    async send(chatId, message) {
      // Let the other sender run in between, as a network call would.
      await new Promise((resolve) => setImmediate(resolve));
      const scripted = behaviour(chatId);
      if (scripted instanceof Error) throw scripted;
      if (scripted) return scripted;
      sends.push({ chatId, message });
      return { ok: true, message: { chatId, messageId: String(sends.length) } };
    },
    edit() {
      return Promise.reject(new Error("the outbox never edits"));
    },
  };
  return { messenger, sends };
}

function sender(options: Partial<OutboxSenderOptions> & Pick<OutboxSenderOptions, "messenger">) {
  return createOutboxSender({
    db: database.db,
    channels: ["telegram", "vk"],
    logger: silentLogger,
    backoff: { baseMs: 1000, maxMs: 60_000, random: () => 0.5 },
    ...options,
  });
}

async function statuses() {
  const rows = await database.db
    .selectFrom("delivery")
    .select(["dedupe_key", "status", "attempts", "last_error", "due_at"])
    .orderBy("id")
    .execute();
  return new Map(rows.map((row) => [row.dedupe_key, row]));
}

describe("notifyPerson", () => {
  it("queues one delivery on the most recently seen reachable account, rendered in the person's language and zone", async () => {
    const { personId, accountIds } = await person(
      [
        { channel: "telegram", lastSeenMinutesAgo: 30 },
        { channel: "vk", lastSeenMinutesAgo: 5 },
        { channel: "telegram", blocked: true, lastSeenMinutesAgo: 1 },
      ],
      { locale: "en", timeZone: "Asia/Irkutsk" },
    );
    const rendered: string[] = [];
    const outcome = await notifyPerson(
      database.db,
      {
        personId,
        kind: "test.hello",
        dedupeKey: `hello:${personId}`,
        render: (locale, zone) => {
          rendered.push(`${locale} ${zone}`);
          return { text: "Hello" };
        },
      },
      { defaultTimeZone: ZONE },
    );
    expect(outcome).toMatchObject({ status: "queued", channel: "vk" });
    expect(rendered).toEqual(["en Asia/Irkutsk"]);
    const row = await database.db
      .selectFrom("delivery")
      .selectAll()
      .where("dedupe_key", "=", `hello:${personId}`)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: "vk", channel_account_id: accountIds[1], status: "pending" });
    expect(row.payload).toEqual({ text: "Hello" });
  });

  it("answers Russian and the organisation's zone by default; the same dedupe key twice changes nothing", async () => {
    const { personId } = await person([{ channel: "telegram" }]);
    const organisation = await database.db
      .insertInto("organisation")
      .values({ name: "Школа", kind: "school", time_zone: "Asia/Vladivostok" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const program = await database.db
      .insertInto("program")
      .values({
        organisation_id: organisation.id,
        name: "П",
        form_key: "teacher_pupil",
        academic_year: "2026/2027",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto("participant")
      .values({ program_id: program.id, person_id: personId, side: "mentee", category: "pupil" })
      .execute();
    const seen: string[] = [];
    const notice = {
      personId,
      kind: "test.twice",
      dedupeKey: `twice:${personId}`,
      render: (locale: string, zone: string) => {
        seen.push(`${locale} ${zone}`);
        return { text: "Дважды" };
      },
    };
    expect((await notifyPerson(database.db, notice, { defaultTimeZone: ZONE })).status).toBe("queued");
    expect(await notifyPerson(database.db, notice, { defaultTimeZone: ZONE })).toEqual({
      status: "duplicate",
    });
    expect(seen[0]).toBe("ru Asia/Vladivostok");
    const count = await database.db
      .selectFrom("delivery")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("dedupe_key", "=", notice.dedupeKey)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);

    const { messenger, sends } = recordingMessenger("telegram");
    await sender({ messenger: () => messenger }).runOnce();
    expect(sends.map((s) => s.message.text)).toEqual(["Дважды"]);
  });

  it("renders a notice about a programme in that programme's organisation's zone, by the one rule", async () => {
    const { personId } = await person([{ channel: "telegram" }]);
    const programs: number[] = [];
    for (const zone of ["Asia/Kamchatka", "Europe/Kaliningrad"]) {
      const organisation = await database.db
        .insertInto("organisation")
        .values({ name: `Школа ${zone}`, kind: "school", time_zone: zone })
        .returning("id")
        .executeTakeFirstOrThrow();
      const program = await database.db
        .insertInto("program")
        .values({
          organisation_id: organisation.id,
          name: "П",
          form_key: "teacher_pupil",
          academic_year: "2026/2027",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await database.db
        .insertInto("participant")
        .values({
          program_id: program.id,
          person_id: personId,
          side: "mentee",
          category: "pupil",
          status: "active",
        })
        .execute();
      programs.push(program.id);
    }
    const seen: string[] = [];
    const notice = (programId: number | undefined, key: string) => ({
      personId,
      kind: "test.zone",
      dedupeKey: `zone:${key}:${personId}`,
      ...(programId !== undefined && { programId }),
      render: (_locale: string, zone: string) => {
        seen.push(zone);
        return { text: "Зона" };
      },
    });
    await notifyPerson(database.db, notice(programs[1], "second"), { defaultTimeZone: ZONE });
    // No programme named: the most recent active participation's organisation.
    await notifyPerson(database.db, notice(undefined, "none"), { defaultTimeZone: ZONE });
    await database.db
      .updateTable("person")
      .set({ time_zone: "Asia/Omsk" })
      .where("id", "=", personId)
      .execute();
    await notifyPerson(database.db, notice(programs[0], "own"), { defaultTimeZone: ZONE });
    expect(seen).toEqual(["Europe/Kaliningrad", "Europe/Kaliningrad", "Asia/Omsk"]);
  });

  it("keeps a 'skipped' row for a person the bot cannot reach, and for one on a channel not run", async () => {
    const blocked = await person([{ channel: "telegram", blocked: true }]);
    const nowhere = await person([]);
    const vkOnly = await person([{ channel: "vk" }]);
    const outcomes = [];
    for (const { personId } of [blocked, nowhere, vkOnly]) {
      outcomes.push(
        await notifyPerson(
          database.db,
          {
            personId,
            kind: "test.unreachable",
            dedupeKey: `unreachable:${personId}`,
            render: text("Привет"),
          },
          { defaultTimeZone: ZONE, channels: ["telegram"] },
        ),
      );
    }
    expect(outcomes.map((o) => o.status)).toEqual(["skipped", "skipped", "skipped"]);
    const rows = await statuses();
    for (const { personId } of [blocked, nowhere, vkOnly]) {
      expect(rows.get(`unreachable:${personId}`)).toMatchObject({
        status: "skipped",
        last_error: "unreachable",
      });
    }
  });

  it("writes inside the caller's transaction: rolled back with it, never on another connection", async () => {
    const { personId } = await person([{ channel: "telegram" }]);
    await expect(
      database.db.transaction().execute(async (trx) => {
        const outcome = await notifyPerson(
          trx,
          { personId, kind: "test.rollback", dedupeKey: `rollback:${personId}`, render: text("x") },
          { defaultTimeZone: ZONE },
        );
        expect(outcome.status).toBe("queued");
        throw new Error("the caller's change failed");
      }),
    ).rejects.toThrow("the caller's change failed");
    expect((await statuses()).has(`rollback:${personId}`)).toBe(false);
  });
});

describe("the sender", () => {
  it("two senders on one database never send a delivery twice", async () => {
    const count = 240;
    const people = [];
    for (let i = 0; i < count; i++) people.push(await person([{ channel: "telegram" }]));
    for (const { personId } of people) {
      await notifyPerson(
        database.db,
        { personId, kind: "test.fanout", dedupeKey: `fanout:${personId}`, render: text("Напоминание") },
        { defaultTimeZone: ZONE },
      );
    }
    const { messenger, sends } = recordingMessenger("telegram");
    const senders = [1, 2].map(() => sender({ messenger: () => messenger, batchSize: 7 }));
    const perSender = [0, 0];
    await Promise.all(
      senders.map(async (s, index) => {
        for (;;) {
          const report = await s.runOnce();
          if (report.claimed === 0) return;
          perSender[index]! += report.sent;
        }
      }),
    );
    const perChat = new Map<string, number>();
    for (const send of sends) perChat.set(send.chatId, (perChat.get(send.chatId) ?? 0) + 1);
    expect(sends).toHaveLength(count);
    expect(perChat.size).toBe(count);
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);
    // Both took part (SKIP LOCKED let them share), and every row is recorded as sent.
    expect(perSender[0]! + perSender[1]!).toBe(count);
    expect([...(await statuses()).values()].every((row) => row.status === "sent")).toBe(true);
  });

  it("started loops on two senders deliver everything once, then stop cleanly", async () => {
    const people = [];
    for (let i = 0; i < 60; i++) people.push(await person([{ channel: "telegram" }]));
    const { messenger, sends } = recordingMessenger("telegram");
    const gate = createRateGate({ ratePerSecond: 1000 });
    const senders = [1, 2].map(() =>
      sender({ messenger: () => messenger, batchSize: 5, idleMs: 20, gates: { telegram: gate } }),
    );
    for (const s of senders) s.start();
    for (const { personId } of people) {
      await notifyPerson(
        database.db,
        { personId, kind: "test.loop", dedupeKey: `loop:${personId}`, render: text("Привет") },
        { defaultTimeZone: ZONE },
      );
      senders[personId % 2]!.poke();
    }
    await expect.poll(() => sends.length, { timeout: 10_000 }).toBe(60);
    await Promise.all(senders.map((s) => s.stop()));
    expect(new Set(sends.map((s) => s.chatId)).size).toBe(60);
    expect([...(await statuses()).values()].every((row) => row.status === "sent")).toBe(true);
  });

  it("recovers a claim whose sender died between claiming and sending, once the lease has passed", async () => {
    let now = new Date("2026-12-03T10:00:00Z");
    const clock = () => now;
    const { accountIds } = await person([{ channel: "telegram" }]);
    await enqueueForAccount(
      database.db,
      {
        accountId: accountIds[0]!,
        kind: "test.crash",
        dedupeKey: "crash:1",
        message: { text: "После сбоя" },
      },
      new Date("2026-12-03T09:59:00Z"),
    );
    // A worker claims and is gone before it sends anything.
    const dead = await createOutboxRepository(database.db).claim({
      channels: ["telegram"],
      limit: 10,
      now,
      leaseMs: 60_000,
    });
    expect(dead).toHaveLength(1);

    const { messenger, sends } = recordingMessenger("telegram");
    const survivor = sender({ messenger: () => messenger, clock, leaseMs: 60_000 });
    expect((await survivor.runOnce()).claimed).toBe(0);
    now = new Date("2026-12-03T10:00:59Z");
    expect(await survivor.sweep()).toEqual({ requeued: 0, failed: 0 });
    now = new Date("2026-12-03T10:01:01Z");
    expect(await survivor.sweep()).toEqual({ requeued: 1, failed: 0 });
    expect((await survivor.runOnce()).sent).toBe(1);
    expect(sends).toHaveLength(1);
    expect((await statuses()).get("crash:1")).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("a claim that outlived its lease before its turn is given back untried, not sent beside its new owner", async () => {
    let now = new Date("2026-12-03T10:00:00Z");
    const { accountIds } = await person([{ channel: "telegram" }]);
    await enqueueForAccount(
      database.db,
      { accountId: accountIds[0]!, kind: "test.late", dedupeKey: "late:1", message: { text: "x" } },
      now,
    );
    const { messenger, sends } = recordingMessenger("telegram");
    const s = sender({
      messenger: () => messenger,
      clock: () => {
        // Time jumps past the lease between the claim and the send.
        const current = now;
        now = new Date(now.getTime() + 61_000);
        return current;
      },
      leaseMs: 60_000,
    });
    expect(await s.runOnce()).toMatchObject({ claimed: 1, sent: 0, released: 1 });
    expect(sends).toHaveLength(0);
    expect((await statuses()).get("late:1")).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("skips accounts blocked since the message was queued, without a send", async () => {
    const { accountIds } = await person([{ channel: "telegram" }]);
    await enqueueForAccount(database.db, {
      accountId: accountIds[0]!,
      kind: "test.blocked",
      dedupeKey: "blocked:1",
      message: { text: "x" },
    });
    await createChannelAccountRepository(database.db).markBlocked(
      "telegram",
      (
        await database.db
          .selectFrom("channel_account")
          .select("chat_id")
          .where("id", "=", accountIds[0]!)
          .executeTakeFirstOrThrow()
      ).chat_id,
    );
    const { messenger, sends } = recordingMessenger("telegram");
    expect(await sender({ messenger: () => messenger }).runOnce()).toMatchObject({ claimed: 1, skipped: 1 });
    expect(sends).toHaveLength(0);
    expect((await statuses()).get("blocked:1")).toMatchObject({ status: "skipped", last_error: "blocked" });
  });

  it("retries a failing send with exponential backoff and makes it a dead letter after maxAttempts", async () => {
    let now = new Date("2026-12-03T10:00:00Z");
    const { accountIds } = await person([{ channel: "telegram" }]);
    await enqueueForAccount(
      database.db,
      { accountId: accountIds[0]!, kind: "test.retry", dedupeKey: "retry:1", message: { text: "x" } },
      now,
    );
    const failure = Object.assign(new Error("Bad Gateway with the person's text"), { error_code: 502 });
    const { messenger } = recordingMessenger("telegram", () => failure);
    const s = sender({ messenger: () => messenger, clock: () => now, maxAttempts: 3 });

    expect(await s.runOnce()).toMatchObject({ retried: 1 });
    let row = (await statuses()).get("retry:1")!;
    // base 1 s, equal jitter at 0.5: 0.75 s after the first failure, then 1.5 s.
    expect(row).toMatchObject({ status: "pending", attempts: 1, last_error: "telegram:api-502" });
    expect(row.due_at.getTime() - now.getTime()).toBe(750);
    expect((await s.runOnce()).claimed).toBe(0);

    now = new Date(now.getTime() + 750);
    expect(await s.runOnce()).toMatchObject({ retried: 1 });
    row = (await statuses()).get("retry:1")!;
    expect(row.due_at.getTime() - now.getTime()).toBe(1500);

    now = new Date(now.getTime() + 1500);
    expect(await s.runOnce()).toMatchObject({ failed: 1 });
    expect((await statuses()).get("retry:1")).toMatchObject({ status: "failed", attempts: 3 });
    now = new Date(now.getTime() + 3_600_000);
    expect((await s.runOnce()).claimed).toBe(0);
  });

  it("leaves rows of a channel it does not run to the instance that runs it (a child on VK, a parent on Telegram)", async () => {
    const child = await person([{ channel: "vk" }]);
    await notifyPerson(
      database.db,
      {
        personId: child.personId,
        kind: "consent.parent-confirmed",
        dedupeKey: "consent:child",
        render: text("Родитель согласился"),
      },
      { defaultTimeZone: ZONE },
    );
    const telegram = recordingMessenger("telegram");
    const vk = recordingMessenger("vk");
    const telegramInstance = sender({
      channels: ["telegram"],
      messenger: (c) => (c === "telegram" ? telegram.messenger : undefined),
    });
    const vkInstance = sender({
      channels: ["vk"],
      messenger: (c) => (c === "vk" ? vk.messenger : undefined),
    });
    expect((await telegramInstance.runOnce()).claimed).toBe(0);
    expect((await vkInstance.runOnce()).sent).toBe(1);
    expect(vk.sends.map((s) => s.message.text)).toEqual(["Родитель согласился"]);
  });
});

describe("the sender through the real channel clients", () => {
  it("Telegram: sends text and buttons; a person who blocked the bot is skipped and marked", async () => {
    const api = new Api(telegramFake.token, { apiRoot: telegramFake.apiRoot });
    const messenger = createTelegramMessenger(api, codec);
    const reachable = await person([{ channel: "telegram", chatId: String(telegramFake.user().id) }]);
    const blockedUser = telegramFake.user();
    const gone = await person([{ channel: "telegram", chatId: String(blockedUser.id) }]);
    for (const { personId } of [reachable, gone]) {
      await notifyPerson(
        database.db,
        {
          personId,
          kind: "test.telegram",
          dedupeKey: `telegram:${personId}`,
          render: () => ({
            text: "Встреча завтра",
            buttons: [[{ label: "Ок", action: { type: "ack", value: "1" } }]],
          }),
        },
        { defaultTimeZone: ZONE },
      );
    }
    telegramFake.failNext(
      "sendMessage",
      { code: 403, description: "Forbidden: bot was blocked by the user" },
      { chatId: blockedUser.id },
    );
    const report = await sender({ messenger: () => messenger }).runOnce();
    expect(report).toMatchObject({ claimed: 2, sent: 1, skipped: 1 });
    const calls = telegramFake.callsTo("sendMessage").filter((c) => c.ok);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.payload).toMatchObject({ text: "Встреча завтра" });
    const rows = await statuses();
    expect(rows.get(`telegram:${gone.personId}`)).toMatchObject({ status: "skipped", last_error: "blocked" });
    const account = await database.db
      .selectFrom("channel_account")
      .select("blocked_at")
      .where("id", "=", gone.accountIds[0]!)
      .executeTakeFirstOrThrow();
    expect(account.blocked_at).not.toBeNull();
  });

  it("Telegram: a 429 pauses push for retry_after and the delivery is retried later", async () => {
    const gate = createRateGate({ ratePerSecond: 30 });
    const api = new Api(telegramFake.token, { apiRoot: telegramFake.apiRoot });
    api.config.use(pausePushOnFloodWait(gate));
    const messenger = createTelegramMessenger(api, codec);
    const { accountIds } = await person([{ channel: "telegram", chatId: String(telegramFake.user().id) }]);
    await enqueueForAccount(database.db, {
      accountId: accountIds[0]!,
      kind: "test.flood",
      dedupeKey: "flood:1",
      message: { text: "x" },
    });
    telegramFake.failNext("sendMessage", {
      code: 429,
      description: "Too Many Requests: retry after 30",
      retryAfter: 30,
    });
    const before = Date.now();
    expect(await sender({ messenger: () => messenger, gates: { telegram: gate } }).runOnce()).toMatchObject({
      retried: 1,
    });
    expect(gate.pausedUntil).toBeGreaterThanOrEqual(before + 30_000);
    expect((await statuses()).get("flood:1")).toMatchObject({
      status: "pending",
      last_error: "telegram:api-429",
    });
  });

  it("VK: identical texts claimed together go in one messages.send with peer_ids; a different one alone", async () => {
    const client = createVkApi({
      token: vkFake.token,
      apiRoot: vkFake.apiRoot,
      logger: silentLogger,
      retry: { networkWaitMs: 10, baseDelayMs: 10, maxDelayMs: 20 },
    });
    const messenger = createVkMessenger({
      client,
      codec,
      accounts: createChannelAccountRepository(database.db),
      directory: createVkClientDirectory(),
      logger: silentLogger,
    });
    const users = Array.from({ length: 5 }, () => vkFake.user());
    const people = [];
    for (const user of users) people.push(await person([{ channel: "vk", chatId: String(user.id) }]));
    for (const [index, { personId }] of people.entries()) {
      await notifyPerson(
        database.db,
        {
          personId,
          kind: "test.vk",
          dedupeKey: `vk:${personId}`,
          render: () => ({ text: index < 4 ? "Общая встреча в пятницу" : "Личное сообщение" }),
        },
        { defaultTimeZone: ZONE },
      );
    }
    const since = vkFake.calls.length;
    const report = await sender({
      messenger: () => messenger,
      gates: { vk: createRateGate({ ratePerSecond: 20 }) },
    }).runOnce();
    expect(report).toMatchObject({ claimed: 5, sent: 5 });
    const sendCalls = vkFake.callsTo("messages.send").filter((c) => c.seq >= since);
    expect(sendCalls).toHaveLength(2);
    const batched = sendCalls.find((c) => c.params.message === "Общая встреча в пятницу")!;
    expect(batched.params.peer_ids!.split(",").sort()).toEqual(
      users
        .slice(0, 4)
        .map((u) => String(u.id))
        .sort(),
    );
    for (const user of users) expect(vkFake.chatMessages(user.id)).toHaveLength(1);
  });
});

describe("rates", () => {
  it("two instances reserving push time for one bot get consecutive windows", async () => {
    const repository = createOutboxRepository(database.db);
    expect(await repository.reserveWindow("telegram", "bot-a", 60_000, 0)).toBe(0);
    // The second window opens after the first: far more than any time this test could take.
    expect(await repository.reserveWindow("telegram", "bot-a", 1000, 0)).toBeGreaterThan(50_000);
    // Another bot has its own windows.
    expect(await repository.reserveWindow("telegram", "bot-b", 1000, 0)).toBe(0);
    // A pause (a 429 retry_after) moves the window and everything after it.
    expect(await repository.reserveWindow("vk", "group", 1000, 120_000)).toBeGreaterThan(100_000);
  });

  it("a reply never waits; push after it waits its turn, and the reply is charged to the shared window", async () => {
    let now = 1_000_000;
    const gate = createRateGate({ ratePerSecond: 10, now: () => now });
    await gate.waitTurn(now);
    gate.take();
    gate.take();
    let pushed = false;
    const push = gate.waitTurn(now).then(() => (pushed = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(pushed).toBe(false);
    now += 300;
    await push;
    expect(pushed).toBe(true);
    expect(gate.drainReplies()).toBe(2);
    expect(gate.drainReplies()).toBe(0);
  });
});

describe("schema", () => {
  it("the dead-letter index exists", async () => {
    const { rows } = await sql<{ indexname: string }>`
      select indexname from pg_indexes where tablename = 'delivery' and indexname = 'delivery_failed_idx'
    `.execute(database.db);
    expect(rows).toHaveLength(1);
  });
});
