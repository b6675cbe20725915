import { COMMANDS } from "../../src/journey/commands.js";
import { InputFile } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import type { InboundEvent } from "../../src/core/messages.js";
import { createTelegramChannel, type TelegramChannel } from "../../src/channels/telegram/channel.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createFakeTelegramApi, type FakeTelegramApi, type FakeUser } from "../support/fake-telegram-api.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { createRecordingLogger } from "../support/recording-logger.js";
import { createStandInPipeline } from "../support/stand-in-pipeline.js";

let fake: FakeTelegramApi;
let database: TestDatabase;
let translator: Translator;
let channel: TelegramChannel;
const { logger, logs } = createRecordingLogger();
const codec = createPayloadCodec({ secret: "e2e-secret" });
/** The flood limit's clock: it moves only when a test moves it. */
let clockMs = 0;

let standIn: ReturnType<typeof createStandInPipeline>;
let events: InboundEvent[];

/** The real bot and channel against the fake API; the journey is a recording stand-in. */
function startChannel(): TelegramChannel {
  standIn ??= createStandInPipeline({
    db: database.db,
    translator,
    logger,
    personFloodLimit: 5,
    now: () => clockMs,
    welcomeKey: "telegram-welcome",
    helpKey: "telegram-help",
    before(event, { replies }) {
      if (event.kind === "text" && event.text === "boom") throw new Error("handler exploded");
      if (event.kind === "button" && event.message) {
        replies.edit(event.message, { text: `chosen ${event.action.value ?? ""}` });
        return true;
      }
      return event.kind === "unsupported";
    },
  });
  events = standIn.events;
  return createTelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    db: database.db,
    translator,
    codec,
    logger,
    mode: { kind: "polling" },
    pipeline: standIn.pipeline,
  });
}

beforeAll(async () => {
  [fake, database, translator] = await Promise.all([
    createFakeTelegramApi(),
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

const sentTo = (user: FakeUser) => fake.callsTo("sendMessage", (c) => Number(c.payload.chat_id) === user.id);
const replyTo = (user: FakeUser, text: string, since = 0) =>
  fake.waitForCall(
    "sendMessage",
    (c) => Number(c.payload.chat_id) === user.id && c.payload.text === text && c.ok,
    {
      since,
    },
  );

async function accountOf(user: FakeUser) {
  return database.db
    .selectFrom("channel_account")
    .selectAll()
    .where("channel", "=", "telegram")
    .where("external_id", "=", String(user.id))
    .executeTakeFirst();
}

describe("telegram transport over HTTP (long polling)", () => {
  it("registers the command menu in Russian by default and in English for English clients", async () => {
    const calls = fake.callsTo("setMyCommands");
    const ru = calls.find((c) => c.payload.language_code === undefined);
    const en = calls.find((c) => c.payload.language_code === "en");
    const names = (call: typeof ru) =>
      (call?.payload.commands as { command: string }[]).map((c) => c.command);
    expect(names(ru)).toEqual([...COMMANDS.everyone]);
    expect(names(ru)).toContain("start");
    expect(names(en)).toEqual(names(ru));
    expect((en?.payload.commands as { description: string }[])[0]?.description).toBe(
      translator.t("en", "command-start"),
    );
    expect((ru?.payload.commands as { description: string }[])[0]?.description).toBe(
      translator.t("ru", "command-start"),
    );
    // Polling starts only after any webhook is removed, and asks only for the updates it handles.
    const deleteWebhook = fake.callsTo("deleteWebhook")[0]!;
    const firstPoll = await fake.waitForCall("getUpdates", () => true, { pending: true });
    expect(deleteWebhook.seq).toBeLessThan(firstPoll.seq);
    expect(firstPoll.payload.allowed_updates).toEqual(["message", "callback_query", "my_chat_member"]);
  });

  it("answers /start in the person's language and creates their account without storing their name", async () => {
    const english = fake.user({ firstName: "Alice", languageCode: "en" });
    const russian = fake.user({ firstName: "Маша", languageCode: "ru" });
    const unknown = fake.user({ firstName: "Pat", languageCode: null });
    fake.sendText(english, "/start");
    fake.sendText(russian, "/start");
    fake.sendText(unknown, "/start");
    await replyTo(english, translator.t("en", "telegram-welcome"));
    await replyTo(russian, translator.t("ru", "telegram-welcome"));
    await replyTo(unknown, translator.t("ru", "telegram-welcome"));

    const account = await accountOf(english);
    expect(account).toMatchObject({ chat_id: String(english.id), blocked_at: null });
    const person = await database.db
      .selectFrom("person")
      .selectAll()
      .where("id", "=", account!.person_id)
      .executeTakeFirstOrThrow();
    expect(person.display_name).toBeNull();
    expect(person.locale).toBeNull();
  });

  it("hands the journey channel-neutral events: commands with arguments, text, unsupported content", async () => {
    const user = fake.user({ languageCode: "en" });
    fake.sendText(user, "/start INVITE42");
    await replyTo(user, translator.t("en", "telegram-welcome"));
    fake.sendText(user, "hello there");
    await replyTo(user, translator.t("en", "telegram-help"));
    fake.enqueue(fake.stickerUpdate(user));
    await fake.waitForConfirmed();
    await expect.poll(() => events.filter((e) => e.account.externalId === String(user.id)).length).toBe(3);

    const mine = events.filter((e) => e.account.externalId === String(user.id));
    const account = await accountOf(user);
    expect(mine[0]).toMatchObject({
      kind: "command",
      command: "start",
      argument: "INVITE42",
      channel: "telegram",
      account: {
        channel: "telegram",
        accountId: account!.id,
        personId: account!.person_id,
        chatId: String(user.id),
        locale: "en",
        localeChosen: false,
        firstContact: true,
      },
      sender: { firstName: user.first_name, languageTag: "en" },
    });
    expect(mine[1]).toMatchObject({ kind: "text", text: "hello there", account: { firstContact: false } });
    expect(mine[2]).toMatchObject({ kind: "unsupported" });
  });

  it("delivers a signed button press to the journey and answers the callback query", async () => {
    const user = fake.user();
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "telegram-welcome"));
    const data = codec.encode(
      "telegram",
      { type: "answer", session: 12, question: "goal", value: "grades" },
      String(user.id),
    );
    if (!data.ok) throw new Error("test payload must encode");
    const press = fake.pressButton(user, data.payload);

    const edit = await fake.waitForCall("editMessageText", (c) => Number(c.payload.chat_id) === user.id);
    expect(edit.payload.text).toBe("chosen grades");
    const answer = await fake.waitForCall(
      "answerCallbackQuery",
      (c) => c.payload.callback_query_id === press.callback_query!.id,
    );
    expect(answer.payload.text).toBeUndefined();
    expect(events.find((e) => e.eventId === String(press.update_id))).toMatchObject({
      kind: "button",
      action: { type: "answer", session: 12, question: "goal", value: "grades" },
      message: { chatId: String(user.id) },
    });
  });

  it("answers a forged or garbled button harmlessly: a toast, and nothing else happens", async () => {
    const user = fake.user({ languageCode: "en" });
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("en", "telegram-welcome"));
    const eventsBefore = events.length;
    const sendsBefore = sentTo(user).length;

    const genuine = codec.encode(
      "telegram",
      { type: "answer", session: 1, question: "q", value: "a" },
      String(user.id),
    );
    if (!genuine.ok) throw new Error("test payload must encode");
    const forged = genuine.payload.replace(/a$/, "b");
    // A genuine button of somebody else's message (forwarded to this chat) verifies only there.
    const elsewhere = codec.encode(
      "telegram",
      { type: "answer", session: 1, question: "q", value: "a" },
      String(user.id + 1),
    );
    if (!elsewhere.ok) throw new Error("test payload must encode");
    const presses = [
      fake.pressButton(user, "garbage"),
      fake.pressButton(user, forged),
      fake.pressButton(user, elsewhere.payload),
      fake.pressButton(user, "x".repeat(64)),
    ];
    for (const press of presses) {
      const answer = await fake.waitForCall(
        "answerCallbackQuery",
        (c) => c.payload.callback_query_id === press.callback_query!.id,
      );
      expect(answer.payload.text).toBe(translator.t("en", "channel-button-stale"));
    }
    await fake.waitForConfirmed();
    expect(events.length).toBe(eventsBefore);
    expect(sentTo(user).length).toBe(sendsBefore);
    expect(fake.callsTo("editMessageText", (c) => Number(c.payload.chat_id) === user.id)).toEqual([]);
  });

  it("marks the account blocked when Telegram answers 403, and unblocks it on their next message", async () => {
    const user = fake.user();
    fake.failNext(
      "sendMessage",
      { code: 403, description: "Forbidden: bot was blocked by the user" },
      {
        chatId: user.id,
      },
    );
    fake.sendText(user, "/start");
    await fake.waitForCall(
      "sendMessage",
      (c) => Number(c.payload.chat_id) === user.id && c.errorCode === 403,
    );
    await expect.poll(async () => (await accountOf(user))?.blocked_at ?? null).toBeInstanceOf(Date);
    // Nobody to apologise to: no second message was attempted.
    await fake.waitForConfirmed();
    expect(sentTo(user)).toHaveLength(1);

    fake.sendText(user, "/help");
    await replyTo(user, translator.t("ru", "telegram-help"));
    expect((await accountOf(user))?.blocked_at).toBeNull();
  });

  it("follows Telegram's own block and unblock notices (my_chat_member)", async () => {
    const user = fake.user();
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "telegram-welcome"));
    fake.enqueue(fake.chatMemberUpdate(user, "kicked"));
    await expect.poll(async () => (await accountOf(user))?.blocked_at ?? null).toBeInstanceOf(Date);
    fake.enqueue(fake.chatMemberUpdate(user, "member"));
    await expect.poll(async () => (await accountOf(user))?.blocked_at ?? null).toBeNull();
  });

  it("retries a send refused with 429 after retry_after, and it arrives", async () => {
    const user = fake.user();
    fake.failNext(
      "sendMessage",
      { code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 },
      { chatId: user.id },
    );
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "telegram-welcome"));
    expect(sentTo(user).map((c) => c.errorCode ?? 200)).toEqual([429, 200]);
  });

  it("retries a send that met a 5xx", async () => {
    const user = fake.user();
    fake.failNext("sendMessage", { code: 502, description: "Bad Gateway" }, { chatId: user.id });
    fake.sendText(user, "/help");
    await replyTo(user, translator.t("ru", "telegram-help"));
    expect(sentTo(user).map((c) => c.errorCode ?? 200)).toEqual([502, 200]);
  }, 15_000);

  it("apologises politely when the journey throws, logs the update id without personal data, and goes on", async () => {
    const user = fake.user({ firstName: "Зинаида", languageCode: "en" });
    const update = fake.sendText(user, "boom");
    await replyTo(user, translator.t("en", "error-generic"));

    const failure = logs.find((l) => l.level === "error" && l.fields.updateId === String(update.update_id));
    expect(failure?.fields.error).toBe("Error: handler exploded");
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain("Зинаида");
    expect(logged).not.toContain(`${user.id}`);
    expect(logged).not.toContain('"boom"');

    fake.sendText(user, "/help");
    await replyTo(user, translator.t("en", "telegram-help"));
  });

  it("limits a flooding person, telling them once, and lets them back in when the bucket refills", async () => {
    const user = fake.user();
    for (let i = 0; i < 8; i++) fake.sendText(user, `message ${i}`);
    await fake.waitForCall(
      "sendMessage",
      (c) =>
        Number(c.payload.chat_id) === user.id &&
        c.ok &&
        c.payload.text === translator.t("ru", "channel-flood"),
    );
    await fake.waitForConfirmed();
    await expect.poll(() => events.filter((e) => e.account.externalId === String(user.id)).length).toBe(5);
    // Five handled, one notice, then silence for the rest of the flood.
    const texts = () => sentTo(user).map((c) => c.payload.text);
    await expect.poll(() => texts().length).toBe(6);
    expect(texts().filter((t) => t === translator.t("ru", "channel-flood"))).toHaveLength(1);

    clockMs += 60_000;
    const since = fake.calls.length;
    fake.sendText(user, "/help");
    await replyTo(user, translator.t("ru", "telegram-help"), since);
  });

  it("does nothing with an update redelivered after a restart (lost confirmation)", async () => {
    const user = fake.user();
    const update = fake.sendText(user, "/help");
    await replyTo(user, translator.t("ru", "telegram-help"));
    await fake.waitForConfirmed();

    // The bot restarts and Telegram, never having seen the confirmation, delivers the update again.
    await channel.stop();
    channel = startChannel();
    fake.enqueue(structuredClone(update));
    await channel.start();
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "telegram-welcome"));
    await fake.waitForConfirmed();

    expect(sentTo(user).map((c) => c.payload.text)).toEqual([
      translator.t("ru", "telegram-help"),
      translator.t("ru", "telegram-welcome"),
    ]);
    const getUpdatesAfterRestart = fake.callsTo("getUpdates", (c) =>
      ((c.result as { update_id: number }[] | undefined) ?? []).some((u) => u.update_id === update.update_id),
    );
    expect(getUpdatesAfterRestart.length).toBeGreaterThanOrEqual(2);
    const claimed = await database.db
      .selectFrom("processed_update")
      .select("update_id")
      .where("update_id", "=", String(update.update_id))
      .execute();
    expect(claimed).toHaveLength(1);
  });
});

describe("telegram messenger against the fake Bot API", () => {
  it("sends buttons as signed callback data within 64 bytes, edits in place, and reports what it cannot do", async () => {
    const user = fake.user();
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "telegram-welcome"));
    const { messenger } = channel;

    const sent = await messenger.send(String(user.id), {
      text: "Как часто встречаться?",
      buttons: [
        [
          {
            label: "Раз в неделю",
            action: { type: "answer", session: 3, question: "frequency", value: "weekly" },
          },
          { label: "Сайт", url: "https://example.org" },
        ],
      ],
    });
    if (!sent.ok) throw new Error("send must succeed");
    const call = fake.callsTo("sendMessage", (c) => Number(c.payload.chat_id) === user.id).at(-1)!;
    const [[button, link]] = (call.payload.reply_markup as { inline_keyboard: Record<string, string>[][] })
      .inline_keyboard as [[Record<string, string>, Record<string, string>]];
    expect(Buffer.byteLength(button.callback_data!)).toBeLessThanOrEqual(64);
    expect(codec.decode("telegram", button.callback_data, String(user.id + 1))).toMatchObject({ ok: false });
    expect(codec.decode("telegram", button.callback_data, String(user.id))).toEqual({
      ok: true,
      action: { type: "answer", session: 3, question: "frequency", value: "weekly" },
    });
    expect(link).toEqual({ text: "Сайт", url: "https://example.org" });

    expect(await messenger.edit(sent.message, { text: "Выбрано: раз в неделю" })).toEqual(sent);
    expect(fake.chatMessages(user.id).at(-1)).toMatchObject({ text: "Выбрано: раз в неделю" });
    expect(fake.chatMessages(user.id).at(-1)?.reply_markup).toBeUndefined();
    // Telegram refuses an edit that changes nothing; for the journey that is success.
    expect(await messenger.edit(sent.message, { text: "Выбрано: раз в неделю" })).toEqual(sent);
    expect(await messenger.edit({ chatId: String(user.id), messageId: "999999" }, { text: "x" })).toEqual({
      ok: false,
      reason: "gone",
    });

    // A renderer bug (ids too long for 64 bytes) fails loudly before anything is sent.
    await expect(
      messenger.send(String(user.id), {
        text: "?",
        buttons: [[{ label: "x", action: { type: "answer", question: "q".repeat(60) } }]],
      }),
    ).rejects.toThrow(/oversized/);
  });

  it("splits a text longer than Telegram's 4096 characters, buttons on the last part", async () => {
    const user = fake.user();
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "telegram-welcome"));
    const since = fake.calls.length;
    const paragraph = "Наставничество — это совместная работа. ".repeat(60);
    const text = Array.from({ length: 4 }, () => paragraph).join("\n");
    const sent = await channel.messenger.send(String(user.id), {
      text,
      buttons: [[{ label: "OK", action: { type: "ok" } }]],
    });
    expect(sent.ok).toBe(true);
    const parts = fake.callsTo("sendMessage", (c) => c.seq >= since && Number(c.payload.chat_id) === user.id);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect((part.payload.text as string).length).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => p.payload.reply_markup === undefined)).toEqual([
      ...parts.slice(1).map(() => true),
      false,
    ]);
    expect(
      parts
        .map((p) => p.payload.text as string)
        .join("\n")
        .replace(/\s+/g, " ")
        .trim(),
    ).toBe(text.replace(/\s+/g, " ").trim());
  });

  it("reports a blocked recipient as a value and marks the account", async () => {
    const user = fake.user();
    fake.sendText(user, "/start");
    await replyTo(user, translator.t("ru", "telegram-welcome"));
    fake.failNext(
      "sendMessage",
      { code: 403, description: "Forbidden: user is deactivated" },
      { chatId: user.id },
    );
    expect(await channel.messenger.send(String(user.id), { text: "hello" })).toEqual({
      ok: false,
      reason: "blocked",
    });
    expect((await accountOf(user))?.blocked_at).toBeInstanceOf(Date);
  });

  it("uploads a document as multipart, which the fake accepts and records", async () => {
    const user = fake.user();
    const message = await channel.telegram.bot.api.sendDocument(
      user.id,
      new InputFile(Buffer.from("name;score\nА;5\n"), "export.csv"),
      { caption: "Выгрузка" },
    );
    expect(message.document?.file_name).toBe("export.csv");
    const call = fake.callsTo("sendDocument").at(-1)!;
    expect(call.payload).toMatchObject({ chat_id: String(user.id), caption: "Выгрузка" });
    expect(call.payload.document).toMatchObject({
      file: "export.csv",
      size: Buffer.byteLength("name;score\nА;5\n"),
    });
  });
});
