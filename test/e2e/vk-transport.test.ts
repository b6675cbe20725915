import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/core/messages.js";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createVkChannel, type VkChannel } from "../../src/channels/vk/channel.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import {
  createFakeVkApi,
  type FakeVkApi,
  type FakeVkUser,
  type RecordedVkCall,
} from "../support/fake-vk-api.js";
import { createRecordingLogger } from "../support/recording-logger.js";
import { createStandInPipeline } from "../support/stand-in-pipeline.js";

let fake: FakeVkApi;
let database: TestDatabase;
let translator: Translator;
let channel: VkChannel;
const { logger, logs } = createRecordingLogger();
const events: InboundEvent[] = [];
const codec = createPayloadCodec({ secret: "e2e-secret" });
/** The flood limit's clock: it moves only when a test moves it. */
let clockMs = 0;

/** The real vk-io client and the channel's long poll against the fake API; the journey is a recording stand-in. */
function startChannel(): VkChannel {
  return createVkChannel({
    token: fake.token,
    groupId: fake.groupId,
    apiRoot: fake.apiRoot,
    db: database.db,
    translator,
    codec,
    logger,
    mode: { kind: "polling", retryDelayMs: 20 },
    // Short pauses so retries show in milliseconds; the rules are the production ones.
    retry: { networkWaitMs: 20, baseDelayMs: 20, maxDelayMs: 100 },
    pipeline: createStandInPipeline({
      db: database.db,
      translator,
      logger: logger,
      personFloodLimit: 5,
      now: () => clockMs,
      welcomeKey: "vk-welcome",
      helpKey: "vk-help",
      before(event, { replies }) {
        events.push(event);
        if (event.kind === "text" && event.text === "boom") throw new Error("handler exploded");
        if (event.kind === "button") {
          const text = `chosen ${event.action.value ?? ""}`;
          if (event.message) replies.edit(event.message, { text });
          else replies.send({ text });
          return true;
        }
        if (event.kind === "unsupported") return true;
        return false;
      },
    }).pipeline,
  });
}

beforeAll(async () => {
  [fake, database, translator] = await Promise.all([
    createFakeVkApi(),
    createTestDatabase(),
    loadTranslator(),
  ]);
  channel = startChannel();
  await channel.start();
});

afterAll(async () => {
  await channel?.stop();
  await fake?.close();
  await database?.close();
});

const toPeer = (user: FakeVkUser) => (c: RecordedVkCall) =>
  (c.params.peer_ids ?? c.params.peer_id ?? "").split(",").includes(String(user.id));
const sentTo = (user: FakeVkUser) => fake.callsTo("messages.send", toPeer(user));
const replyTo = (user: FakeVkUser, text: string, since = 0) =>
  fake.waitForCall("messages.send", (c) => toPeer(user)(c) && c.params.message === text && c.ok, { since });
const eventsOf = (user: FakeVkUser) => events.filter((e) => e.account.externalId === String(user.id));

async function accountOf(user: FakeVkUser) {
  return database.db
    .selectFrom("channel_account")
    .selectAll()
    .where("channel", "=", "vk")
    .where("external_id", "=", String(user.id))
    .executeTakeFirst();
}

async function rowCount(table: "processed_update" | "channel_account" | "person"): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
    database.db,
  );
  return rows[0]!.n;
}

describe("vk transport over HTTP (Bots Long Poll)", () => {
  it("asks for the community's long poll server without groups.getById, with the API version and token", async () => {
    const server = fake.callsTo("groups.getLongPollServer")[0]!;
    expect(server.params).toMatchObject({ group_id: String(fake.groupId), v: "5.199" });
    expect(fake.callsTo("groups.getById")).toEqual([]);
    const poll = await fake.waitForCall("longpoll", () => true, { pending: true });
    expect(poll.params).toMatchObject({ act: "a_check", ts: String((server.result as { ts: string }).ts) });
    expect(poll.params.key).toBe((server.result as { key: string }).key);
  });

  it("answers a message in the person's VK language and creates their account without storing their name", async () => {
    const english = fake.user({ firstName: "Alice", langId: 3 });
    const russian = fake.user({ firstName: "Маша", langId: 0 });
    const other = fake.user({ firstName: "Oksana", langId: 1 });
    fake.sendText(english, "/start");
    fake.sendText(russian, "/start");
    fake.sendText(other, "/start");
    await replyTo(english, translator.t("en", "vk-welcome"));
    await replyTo(russian, translator.t("ru", "vk-welcome"));
    await replyTo(other, translator.t("ru", "vk-welcome"));

    const account = await accountOf(english);
    expect(account).toMatchObject({ chat_id: String(english.id), blocked_at: null });
    const person = await database.db
      .selectFrom("person")
      .selectAll()
      .where("id", "=", account!.person_id)
      .executeTakeFirstOrThrow();
    expect(person.display_name).toBeNull();
    expect(person.locale).toBeNull();
    // Every send carries a random_id, so a repeat after a lost answer is not a second message.
    for (const call of sentTo(english)) expect(Number(call.params.random_id)).toBeGreaterThan(0);
  });

  it("hands the journey channel-neutral events: ref, the Начать button, commands, text, unsupported content", async () => {
    const user = fake.user({ firstName: "Alice", langId: 3 });
    const fromLink = fake.pressStart(user, "INVITE42");
    await replyTo(user, translator.t("en", "vk-welcome"));
    clockMs += 60_000; // a full flood bucket again for the five messages below
    fake.sendText(user, "typed after opening a link", { ref: "PARENT77" });
    fake.pressStart(user);
    fake.sendText(user, "/Start  CODE-9 ");
    fake.sendText(user, "hello there");
    fake.enqueue(
      fake.messageNew(user, "", { attachments: [{ type: "sticker", sticker: { sticker_id: 1 } }] }),
    );
    await fake.waitForTaken();
    await expect.poll(() => eventsOf(user).length).toBe(6);

    const mine = eventsOf(user);
    const account = await accountOf(user);
    const firstMessage = fromLink.object.message as { conversation_message_id: number };
    expect(mine[0]).toMatchObject({
      kind: "command",
      command: "start",
      argument: "INVITE42",
      channel: "vk",
      eventId: fromLink.event_id,
      message: { chatId: String(user.id), messageId: String(firstMessage.conversation_message_id) },
      account: {
        channel: "vk",
        accountId: account!.id,
        personId: account!.person_id,
        externalId: String(user.id),
        chatId: String(user.id),
        locale: "en",
        localeChosen: false,
        firstContact: true,
      },
      sender: { firstName: "Alice", languageTag: "en" },
    });
    expect(mine[1]).toMatchObject({ kind: "command", command: "start", argument: "PARENT77" });
    expect(mine[2]).toMatchObject({
      kind: "command",
      command: "start",
      argument: "",
      account: { firstContact: false },
    });
    expect(mine[3]).toMatchObject({ kind: "command", command: "start", argument: "CODE-9" });
    expect(mine[4]).toMatchObject({ kind: "text", text: "hello there" });
    expect(mine[5]).toMatchObject({ kind: "unsupported" });
  });

  it("delivers a signed callback button press, edits the message in place, and answers the press once", async () => {
    const user = fake.user();
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "vk-welcome"));
    const sent = await channel.messenger.send(String(user.id), {
      text: "Как часто встречаться?",
      buttons: [
        [
          {
            label: "Раз в неделю",
            action: { type: "answer", session: 12, question: "goal", value: "grades" },
          },
        ],
      ],
    });
    if (!sent.ok) throw new Error("send must succeed");
    const button = fake.chatMessages(user.id).at(-1)!.keyboard!.buttons[0]![0]!;
    expect(button.action.type).toBe("callback");

    const press = fake.pressButton(user, JSON.parse(button.action.payload!));
    const edit = await fake.waitForCall("messages.edit", toPeer(user));
    expect(edit.params).toMatchObject({
      conversation_message_id: sent.message.messageId,
      message: "chosen grades",
    });
    expect(fake.chatMessages(user.id).at(-1)).toMatchObject({ text: "chosen grades", edited: true });
    expect(fake.chatMessages(user.id).at(-1)?.keyboard).toBeUndefined();

    const pressId = (press.object as { event_id: string }).event_id;
    await expect.poll(() => fake.pressAnswers(pressId).length).toBe(1);
    expect(fake.pressAnswers(pressId)[0]!.params.event_data).toBeUndefined();
    expect(events.find((e) => e.eventId === press.event_id)).toMatchObject({
      kind: "button",
      action: { type: "answer", session: 12, question: "goal", value: "grades" },
      message: sent.message,
    });
  });

  it("answers a forged or garbled callback payload with a snackbar, and nothing else happens", async () => {
    const user = fake.user({ langId: 3 });
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("en", "vk-welcome"));
    const eventsBefore = events.length;
    const sendsBefore = sentTo(user).length;

    const genuine = codec.encode("vk", { type: "answer", session: 1, question: "q", value: "a" });
    if (!genuine.ok) throw new Error("test payload must encode");
    const forged = JSON.parse(genuine.payload.replace(/a"}$/, 'b"}')) as unknown;
    const presses = [
      fake.pressButton(user, "garbage"),
      fake.pressButton(user, forged),
      fake.pressButton(user, { p: "x".repeat(400) }),
      fake.pressButton(user, { command: "start" }),
    ];
    for (const press of presses) {
      const pressId = (press.object as { event_id: string }).event_id;
      await expect.poll(() => fake.pressAnswers(pressId).length).toBe(1);
      const data = JSON.parse(fake.pressAnswers(pressId)[0]!.params.event_data!) as unknown;
      expect(data).toEqual({ type: "show_snackbar", text: translator.t("en", "channel-button-stale") });
    }
    await fake.waitForTaken();
    expect(events.length).toBe(eventsBefore);
    expect(sentTo(user).length).toBe(sendsBefore);
    expect(fake.callsTo("messages.edit", toPeer(user))).toEqual([]);
  });

  it("answers a forged text-button payload with a notice and touches nothing else", async () => {
    const user = fake.user();
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "vk-welcome"));
    const eventsBefore = eventsOf(user).length;
    fake.sendText(user, "7", { payload: { p: "1AAAAAAAAanswer|1|q|7" } });
    await replyTo(user, translator.t("ru", "channel-button-stale"));
    // Someone else's payload on ordinary text is just the text.
    fake.sendText(user, "hi", { payload: { button: "legacy" } });
    await fake.waitForTaken();
    await expect.poll(() => eventsOf(user).length).toBe(eventsBefore + 1);
    expect(eventsOf(user).at(-1)).toMatchObject({ kind: "text", text: "hi" });
  });

  it("handles an event delivered twice (the same event_id) once", async () => {
    const user = fake.user();
    const event = fake.sendText(user, "/help");
    fake.enqueue(structuredClone(event));
    await fake.waitForTaken();
    await replyTo(user, translator.t("ru", "vk-help"));
    fake.enqueue(structuredClone(event));
    await fake.waitForTaken();
    await channel.vk.idle();
    expect(sentTo(user).map((c) => c.params.message)).toEqual([translator.t("ru", "vk-help")]);
    const claimed = await database.db
      .selectFrom("processed_update")
      .selectAll()
      .where("channel", "=", "vk")
      .where("update_id", "=", event.event_id)
      .execute();
    expect(claimed).toHaveLength(1);
  });

  it("marks the account blocked when VK answers 901, without apologising to nobody, and unblocks on their next message", async () => {
    const user = fake.user();
    fake.failNext(
      "messages.send",
      { code: 901, msg: "Can't send messages for users without permission" },
      { peerId: user.id },
    );
    fake.sendText(user, "/start");
    await expect.poll(async () => (await accountOf(user))?.blocked_at ?? null).toBeInstanceOf(Date);
    await fake.waitForTaken();
    await channel.vk.idle();
    // One attempt: nobody to apologise to.
    expect(sentTo(user)).toHaveLength(1);
    expect(logs.some((l) => l.level === "error" && JSON.stringify(l.fields).includes("901"))).toBe(false);

    fake.sendText(user, "/help");
    await replyTo(user, translator.t("ru", "vk-help"));
    expect((await accountOf(user))?.blocked_at).toBeNull();
  });

  it("marks the account blocked on 902 (privacy settings) and reports it to the caller as a value", async () => {
    const user = fake.user();
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "vk-welcome"));
    fake.failNext(
      "messages.send",
      { code: 902, msg: "Can't send messages to this user due to their privacy settings" },
      { peerId: user.id },
    );
    expect(await channel.messenger.send(String(user.id), { text: "hello" })).toEqual({
      ok: false,
      reason: "blocked",
    });
    expect((await accountOf(user))?.blocked_at).toBeInstanceOf(Date);
  });

  it("follows VK's own notices: message_deny blocks, message_allow unblocks", async () => {
    const user = fake.user();
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "vk-welcome"));
    fake.deny(user);
    await expect.poll(async () => (await accountOf(user))?.blocked_at ?? null).toBeInstanceOf(Date);
    // While denied, sending is refused by VK with 901 and reported as blocked.
    expect(await channel.messenger.send(String(user.id), { text: "reminder" })).toEqual({
      ok: false,
      reason: "blocked",
    });
    fake.allow(user);
    await expect.poll(async () => (await accountOf(user))?.blocked_at ?? null).toBeNull();
  });

  it("waits out flood control (9) and an internal error (10), repeating the same random_id", async () => {
    const user = fake.user();
    fake.failNext("messages.send", { code: 9, msg: "Flood control" }, { peerId: user.id });
    fake.failNext("messages.send", { code: 10, msg: "Internal server error" }, { peerId: user.id });
    fake.sendText(user, "/help");
    await replyTo(user, translator.t("ru", "vk-help"));
    const attempts = sentTo(user);
    expect(attempts.map((c) => c.errorCode ?? "ok")).toEqual([9, 10, "ok"]);
    expect(new Set(attempts.map((c) => c.params.random_id)).size).toBe(1);
  });

  it("repeats for one recipient whose item in a peer_ids answer says flood control", async () => {
    const user = fake.user();
    fake.failNext("messages.send", { code: 9, msg: "Flood control" }, { peerId: user.id, where: "item" });
    fake.sendText(user, "/help");
    await replyTo(user, translator.t("ru", "vk-help"));
    await channel.vk.idle();
    const attempts = sentTo(user);
    expect(attempts).toHaveLength(2);
    const [firstItem] = attempts[0]!.result as { error?: { code: number } }[];
    expect(firstItem?.error?.code).toBe(9);
    expect(attempts[0]!.params.random_id).toBe(attempts[1]!.params.random_id);
    expect(fake.chatMessages(user.id)).toHaveLength(1);
  });

  it("waits out too many requests per second (6), as vk-io does", async () => {
    const user = fake.user();
    fake.failNext("messages.send", { code: 6, msg: "Too many requests per second" }, { peerId: user.id });
    fake.sendText(user, "/help");
    await replyTo(user, translator.t("ru", "vk-help"));
    expect(sentTo(user).map((c) => c.errorCode ?? "ok")).toEqual([6, "ok"]);
  });

  it("repeats a send that met an HTTP 5xx, and VK keeps it to one message by its random_id", async () => {
    const user = fake.user();
    fake.failNext("messages.send", { http: 502 }, { peerId: user.id });
    fake.sendText(user, "/help");
    await replyTo(user, translator.t("ru", "vk-help"));
    const attempts = sentTo(user);
    expect(attempts.map((c) => c.httpStatus ?? "ok")).toEqual([502, "ok"]);
    expect(attempts[0]!.params.random_id).toBe(attempts[1]!.params.random_id);
    expect(fake.chatMessages(user.id)).toHaveLength(1);
  });

  it("apologises when the journey throws, logs the event id without personal data, and goes on", async () => {
    const user = fake.user({ firstName: "Зинаида", langId: 3 });
    const event = fake.sendText(user, "boom");
    await replyTo(user, translator.t("en", "error-generic"));

    const failure = logs.find((l) => l.level === "error" && l.fields.updateId === event.event_id);
    expect(failure?.fields.error).toBe("Error: handler exploded");
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain("Зинаида");
    expect(logged).not.toContain(`${user.id}`);
    expect(logged).not.toContain('"boom"');

    fake.sendText(user, "/help");
    await replyTo(user, translator.t("en", "vk-help"));
  });

  it("limits a flooding person, telling them once, and lets them back in when the bucket refills", async () => {
    const user = fake.user();
    for (let i = 0; i < 8; i++) fake.sendText(user, `message ${i}`);
    await replyTo(user, translator.t("ru", "channel-flood"));
    await fake.waitForTaken();
    await channel.vk.idle();
    expect(eventsOf(user)).toHaveLength(5);
    const texts = sentTo(user).map((c) => c.params.message);
    expect(texts).toHaveLength(6);
    expect(texts.filter((t) => t === translator.t("ru", "channel-flood"))).toHaveLength(1);

    clockMs += 60_000;
    const since = fake.calls.length;
    fake.sendText(user, "/help");
    await replyTo(user, translator.t("ru", "vk-help"), since);
  });

  it("keeps one person's events in order while answering them", async () => {
    const user = fake.user();
    for (let i = 0; i < 4; i++) fake.sendText(user, `/help ${i}`);
    await fake.waitForTaken();
    await channel.vk.idle();
    expect(eventsOf(user).map((e) => (e.kind === "command" ? e.argument : ""))).toEqual(["0", "1", "2", "3"]);
  });

  it("recovers when the long poll asks to refresh: lost history (1), an expired key (2) and both (3)", async () => {
    const user = fake.user();
    const serversBefore = fake.callsTo("groups.getLongPollServer").length;
    for (const failed of [1, 2, 3] as const) {
      // Only once a request is held: a failure met first would skip the event, as VK's failed: 1 does.
      await fake.waitForCall("longpoll", (c) => !c.done, { pending: true });
      fake.failNextPoll(failed);
      const since = fake.calls.length;
      // Wakes the poll in hand; the request after it meets the failure.
      fake.sendText(user, "/help");
      await replyTo(user, translator.t("ru", "vk-help"), since).catch((e) => {
        console.log(
          failed,
          JSON.stringify(
            fake.calls.slice(since).map((c) => [c.method, c.done, c.params.message ?? c.params.ts, c.result]),
          ),
          JSON.stringify(logs.slice(-5)),
        );
        throw e;
      });
      await fake.waitForCall("longpoll", (c) => (c.result as { failed?: number }).failed === failed, {
        since,
      });
    }
    // A new key for 2 and for 3; after 1 the loop only moves to the ts VK gave.
    await expect.poll(() => fake.callsTo("groups.getLongPollServer").length).toBe(serversBefore + 2);
    const since = fake.calls.length;
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "vk-welcome"), since);
  });

  it("stops at once, mid long poll, so a stopped bot takes no events; a new instance polls again", async () => {
    const pending = await fake.waitForCall("longpoll", (c) => !c.done, { pending: true });
    await channel.stop();
    // The request in flight was aborted, not left for the fake to answer with events.
    await expect.poll(() => pending.done).toBe(true);
    expect(fake.calls.filter((c) => c.method === "longpoll" && !c.done)).toEqual([]);

    const user = fake.user();
    const whileStopped = fake.sendText(user, "/help");
    channel = startChannel();
    await channel.start();
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "vk-welcome"));
    // The stopped instance, holding no request, could not take the event; the new one resumes from
    // the stored ts (see docs/vk-setup.md on restarts) and handles it exactly once.
    await expect.poll(() => eventsOf(user).filter((e) => e.eventId === whileStopped.event_id).length).toBe(1);
    expect(await rowCount("processed_update")).toBeGreaterThan(0);
  });
});
