import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMaxChannel, type MaxChannel } from "../../src/channels/max/channel.js";
import { silentLogger } from "../../src/channels/shared/logger.js";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createTelegramChannel, type TelegramChannel } from "../../src/channels/telegram/channel.js";
import { createVkChannel, type VkChannel } from "../../src/channels/vk/channel.js";
import type { InboundEvent, OutboundDocument, OutboundMessage } from "../../src/core/messages.js";
import { toXlsx, XLSX_MIME_TYPE } from "../../src/exports/spreadsheet.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import type { TurnScope } from "../../src/pipeline/inbound-pipeline.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import {
  createFakeTelegramApi,
  type FakeTelegramApi,
  type UploadedFile,
} from "../support/fake-telegram-api.js";
import { createFakeMaxApi, type FakeMaxApi, type RecordedMaxCall } from "../support/fake-max-api.js";
import { createFakeVkApi, type FakeVkApi, type FakeVkKeyboard } from "../support/fake-vk-api.js";
import { createStandInPipeline } from "../support/stand-in-pipeline.js";
import { readXlsx } from "../support/xlsx-reader.js";

/**
 * A reply with a file, from a turn of the real pipeline through the real clients (grammY, vk-io,
 * @maxhub/max-bot-api) to
 * the fake APIs, which keep the bytes uploaded: what arrives is the spreadsheet that was built.
 */

const codec = createPayloadCodec({ secret: "e2e-secret" });
const EVIL = '=HYPERLINK("http://evil.example";"x")';
const CAPTION = "Пары программы «Учитель — ученик» на 03.12.2026";
const LONG = `${"Очень длинное пояснение к выгрузке. ".repeat(40)}Конец.`;

let database: TestDatabase;
let translator: Translator;
let document: OutboundDocument;
let telegram: FakeTelegramApi;
let vk: FakeVkApi;
let telegramChannel: TelegramChannel;
let vkChannel: VkChannel;
let max: FakeMaxApi;
let maxChannel: MaxChannel;

const button = { label: "Понятно", action: { type: "answer", session: 1, question: "q", value: "ok" } };

/** The stand-in journey: "export" answers with an acknowledgement, the file with a button, a closing text. */
function handler(event: InboundEvent, { replies }: TurnScope): boolean {
  if (event.kind !== "text") return false;
  const file: OutboundMessage = { text: CAPTION, document, buttons: [[button]] };
  if (event.text === "export") {
    replies.send({ text: "Принято" });
    replies.send(file);
    replies.send({ text: "Дальше" });
    return true;
  }
  if (event.text === "long") {
    replies.send({ text: LONG, document });
    return true;
  }
  return false;
}

beforeAll(async () => {
  [telegram, vk, max, database, translator] = await Promise.all([
    createFakeTelegramApi(),
    createFakeVkApi(),
    createFakeMaxApi({ firstUserId: 93_000_000 }),
    createTestDatabase(),
    loadTranslator(),
  ]);
  document = {
    fileName: "Пары наставников.xlsx",
    mimeType: XLSX_MIME_TYPE,
    content: await toXlsx([
      {
        name: "Пары",
        rows: [
          ["№", "Наставник"],
          [1, EVIL],
        ],
      },
    ]),
  };
  const pipeline = (welcomeKey: string, helpKey: string) =>
    createStandInPipeline({
      db: database.db,
      translator,
      logger: silentLogger,
      welcomeKey,
      helpKey,
      before: handler,
    }).pipeline;
  telegramChannel = createTelegramChannel({
    token: telegram.token,
    apiRoot: telegram.apiRoot,
    db: database.db,
    translator,
    codec,
    logger: silentLogger,
    mode: { kind: "polling" },
    pipeline: pipeline("telegram-welcome", "telegram-help"),
  });
  vkChannel = createVkChannel({
    token: vk.token,
    groupId: vk.groupId,
    apiRoot: vk.apiRoot,
    db: database.db,
    translator,
    codec,
    logger: silentLogger,
    mode: { kind: "polling", retryDelayMs: 20 },
    retry: { networkWaitMs: 20, baseDelayMs: 20, maxDelayMs: 100 },
    pipeline: pipeline("vk-welcome", "vk-help"),
  });
  maxChannel = createMaxChannel({
    token: max.token,
    apiRoot: max.apiRoot,
    db: database.db,
    translator,
    codec,
    logger: silentLogger,
    mode: { kind: "polling", timeoutSeconds: 1, retryDelayMs: 20 },
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    attachmentRetry: { delayMs: 20 },
    pipeline: pipeline("telegram-welcome", "telegram-help"),
  });
  await Promise.all([telegramChannel.start(), vkChannel.start(), maxChannel.start()]);
});

afterAll(async () => {
  await Promise.all([telegramChannel?.stop(), vkChannel?.stop(), maxChannel?.stop()]);
  await Promise.all([telegram?.close(), vk?.close(), max?.close()]);
  await database?.close();
});

describe("a reply with a document on Telegram", () => {
  it("goes by sendDocument with its caption and buttons, between the texts, with the very bytes built", async () => {
    const user = telegram.user();
    const since = telegram.calls.length;
    telegram.sendText(user, "export");
    await telegram.waitForCall("sendMessage", (c) => c.payload.text === "Дальше" && c.ok, { since });
    const mine = telegram.calls.filter(
      (c) => c.seq >= since && c.done && Number(c.payload.chat_id) === user.id && c.method.startsWith("send"),
    );
    expect(mine.map((c) => [c.method, c.payload.text ?? c.payload.caption])).toEqual([
      ["sendMessage", "Принято"],
      ["sendDocument", CAPTION],
      ["sendMessage", "Дальше"],
    ]);
    const sent = mine[1]!;
    expect(sent.ok).toBe(true);
    const uploaded = sent.payload.document as UploadedFile;
    expect(uploaded.file).toBe("Пары наставников.xlsx");
    expect(Buffer.from(uploaded.bytes).equals(Buffer.from(document.content))).toBe(true);
    expect(readXlsx(uploaded.bytes)[0]!.rows).toEqual([
      ["№", "Наставник"],
      [1, `'${EVIL}`],
    ]);
    const markup = sent.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] };
    expect(codec.decode("telegram", markup.inline_keyboard[0]![0]!.callback_data, String(user.id))).toEqual({
      ok: true,
      action: button.action,
    });
    expect(telegram.chatMessages(user.id)[1]!.document?.file_name).toBe("Пары наставников.xlsx");
  });

  it("sends a text too long for a caption first, then the file without one", async () => {
    const user = telegram.user();
    const since = telegram.calls.length;
    telegram.sendText(user, "long");
    const sent = await telegram.waitForCall("sendDocument", (c) => Number(c.payload.chat_id) === user.id, {
      since,
    });
    expect(sent.ok).toBe(true);
    expect(sent.payload.caption).toBeUndefined();
    expect(
      Buffer.from((sent.payload.document as UploadedFile).bytes).equals(Buffer.from(document.content)),
    ).toBe(true);
    const texts = telegram.callsTo(
      "sendMessage",
      (c) => c.seq >= since && Number(c.payload.chat_id) === user.id,
    );
    expect(texts.map((c) => c.payload.text)).toEqual([LONG]);
    expect(texts[0]!.seq).toBeLessThan(sent.seq);
  });
});

describe("a reply with a document on VK", () => {
  it("is uploaded, saved and attached to the message with its text and keyboard, between the texts", async () => {
    const user = vk.user();
    const since = vk.calls.length;
    vk.sendText(user, "export");
    await vk.waitForCall("messages.send", (c) => c.params.message === "Дальше" && c.ok, { since });
    expect(
      vk.calls
        .filter((c) => c.seq >= since && c.method !== "longpoll" && c.method !== "users.get")
        .map((c) => c.method),
    ).toEqual([
      "messages.send",
      "docs.getMessagesUploadServer",
      "upload",
      "docs.save",
      "messages.send",
      "messages.send",
    ]);
    const [saved] = vk.documents().filter((doc) => doc.peerId === user.id);
    expect(saved).toMatchObject({ fileName: "Пары наставников.xlsx", title: "Пары наставников.xlsx" });
    expect(Buffer.from(saved!.bytes).equals(Buffer.from(document.content))).toBe(true);
    expect(readXlsx(saved!.bytes)[0]!.rows[1]).toEqual([1, `'${EVIL}`]);

    const messages = vk.chatMessages(user.id);
    expect(messages.map((m) => [m.text, m.documents?.length ?? 0])).toEqual([
      ["Принято", 0],
      [CAPTION, 1],
      ["Дальше", 0],
    ]);
    expect(messages[1]!.documents![0]).toBe(saved);
    const keyboard = messages[1]!.keyboard as FakeVkKeyboard;
    expect(codec.decode("vk", keyboard.buttons[0]![0]!.action.payload, String(user.id))).toEqual({
      ok: true,
      action: button.action,
    });
  });

  it("reports a person who forbade messages as blocked, before anything is uploaded", async () => {
    const user = vk.user();
    const since = vk.calls.length;
    vk.failNext(
      "docs.getMessagesUploadServer",
      { code: 901, msg: "Can't send messages for users without permission" },
      {
        peerId: user.id,
      },
    );
    expect(await vkChannel.messenger.send(String(user.id), { text: CAPTION, document })).toEqual({
      ok: false,
      reason: "blocked",
    });
    expect(vk.calls.filter((c) => c.seq >= since).map((c) => c.method)).not.toContain("upload");
    expect(vk.callsTo("messages.send", (c) => c.seq >= since)).toEqual([]);
  });
});

/** What a POST /messages attached: the file tokens and whether the keyboard came along. */
function maxAttachments(call: RecordedMaxCall): { files: string[]; keyboard: boolean } {
  const attachments = (call.body.attachments ?? []) as { type: string; payload: { token?: string } }[];
  return {
    files: attachments.filter((a) => a.type === "file").map((a) => a.payload.token!),
    keyboard: attachments.some((a) => a.type === "inline_keyboard"),
  };
}

describe("a reply with a document on MAX", () => {
  it("is uploaded with its name and bytes and attached to the message with its text and keyboard, between the texts", async () => {
    const user = max.user();
    const since = max.calls.length;
    max.enqueue(max.messageCreated(user, "export"));
    await max.waitForCall("POST /messages", (c) => c.body.text === "Дальше", { since });
    expect(
      max.calls
        .filter((c) => c.seq >= since && c.method !== "GET /updates")
        .map((c) => [c.method, c.status, c.body.text]),
    ).toEqual([
      ["POST /messages", 200, "Принято"],
      ["POST /uploads", 200, undefined],
      ["POST /upload", 200, undefined],
      ["POST /messages", 200, CAPTION],
      ["POST /messages", 200, "Дальше"],
    ]);
    const token = (max.callsTo("POST /upload", (c) => c.seq >= since)[0]!.result as { token: string }).token;
    const uploaded = max.files().find((file) => file.token === token);
    expect(uploaded).toMatchObject({
      fileName: "Пары наставников.xlsx",
      mimeType: XLSX_MIME_TYPE,
      size: document.content.length,
    });
    expect(Buffer.from(uploaded!.bytes).equals(Buffer.from(document.content))).toBe(true);
    expect(readXlsx(uploaded!.bytes)[0]!.rows[1]).toEqual([1, `'${EVIL}`]);

    const messages = max.chatMessages(user.chatId);
    expect(messages.map((m) => [m.text, m.files?.map((f) => f.fileName) ?? []])).toEqual([
      ["Принято", []],
      [CAPTION, ["Пары наставников.xlsx"]],
      ["Дальше", []],
    ]);
    expect(messages[1]!.files![0]).toBe(uploaded);
    expect(codec.decode("max", messages[1]!.buttons![0]![0]!.payload!, String(user.chatId))).toEqual({
      ok: true,
      action: button.action,
    });
  });

  it("sends a text longer than MAX takes in parts, the file and the keyboard with the last", async () => {
    const user = max.user();
    const since = max.calls.length;
    const long = `${"Пояснение к выгрузке, довольно длинное. ".repeat(250)}Конец.`;
    const sent = await maxChannel.messenger.send(String(user.chatId), {
      text: long,
      document,
      buttons: [[button]],
    });
    expect(sent.ok).toBe(true);
    const sends = max.callsTo("POST /messages", (c) => c.seq >= since);
    expect(sends.length).toBeGreaterThan(1);
    expect(
      sends
        .map((c) => String(c.body.text))
        .join("")
        .replace(/\s+/g, ""),
    ).toBe(long.replace(/\s+/g, ""));
    const [file] = max.files().slice(-1);
    expect(sends.map(maxAttachments)).toEqual([
      ...sends.slice(0, -1).map(() => ({ files: [], keyboard: false })),
      { files: [file!.token], keyboard: true },
    ]);
    expect(file!.fileName).toBe("Пары наставников.xlsx");
    if (sent.ok) expect(sent.message.messageId).toBe(max.chatMessages(user.chatId).at(-1)!.mid);
  });

  it("sends again while MAX still processes the file, and the message arrives once", async () => {
    const user = max.user();
    const since = max.calls.length;
    max.fileNotReady(2);
    const sent = await maxChannel.messenger.send(String(user.chatId), { text: CAPTION, document });
    expect(sent.ok).toBe(true);
    const sends = max.callsTo("POST /messages", (c) => c.seq >= since);
    expect(sends.map((c) => [c.status, maxAttachments(c).files.length])).toEqual([
      [400, 1],
      [400, 1],
      [200, 1],
    ]);
    expect(max.chatMessages(user.chatId).map((m) => [m.text, m.files?.length])).toEqual([[CAPTION, 1]]);
  });

  it("throws, sending nothing, when the upload fails; and when MAX never finishes the file", async () => {
    const user = max.user();
    const chatId = String(user.chatId);
    const since = max.calls.length;
    max.failNext("POST /upload", { status: 500, code: "internal" });
    await expect(maxChannel.messenger.send(chatId, { text: CAPTION, document })).rejects.toThrow(
      "MAX file upload answered HTTP 500",
    );
    expect(max.callsTo("POST /messages", (c) => c.seq >= since)).toEqual([]);

    max.fileNotReady(10);
    await expect(maxChannel.messenger.send(chatId, { text: CAPTION, document })).rejects.toMatchObject({
      code: "attachment.not.ready",
    });
    expect(max.callsTo("POST /messages", (c) => c.seq >= since).map((c) => c.status)).toEqual([
      400, 400, 400,
    ]);
    expect(max.chatMessages(user.chatId)).toEqual([]);
  });

  it("reports a person who blocked the bot as blocked and marks them", async () => {
    const user = max.user();
    max.enqueue(max.messageCreated(user, "привет"));
    await max.waitForCall("POST /messages", (c) => Number(c.query.chat_id) === user.chatId);
    const since = max.calls.length;
    max.failNext("POST /messages", { status: 403, code: "chat.denied" }, { chatId: user.chatId });
    expect(await maxChannel.messenger.send(String(user.chatId), { text: CAPTION, document })).toEqual({
      ok: false,
      reason: "blocked",
    });
    expect(max.callsTo("POST /messages", (c) => c.seq >= since).map((c) => c.status)).toEqual([403]);
    const account = await database.db
      .selectFrom("channel_account")
      .select("blocked_at")
      .where("channel", "=", "max")
      .where("external_id", "=", String(user.user_id))
      .executeTakeFirstOrThrow();
    expect(account.blocked_at).not.toBeNull();
  });
});

describe("editing the message that carries a document on Telegram", () => {
  it("is refused as gone, so the reply path sends the new version instead", async () => {
    const user = telegram.user();
    const sent = await telegramChannel.messenger.send(String(user.id), { text: CAPTION, document });
    if (!sent.ok) throw new Error("send must succeed");
    expect(await telegramChannel.messenger.edit(sent.message, { text: "Обновлено" })).toEqual({
      ok: false,
      reason: "gone",
    });
  });
});

describe("a document to someone who blocked the bot on Telegram", () => {
  it("is reported as blocked", async () => {
    const user = telegram.user();
    telegram.failNext(
      "sendDocument",
      { code: 403, description: "Forbidden: bot was blocked by the user" },
      {
        chatId: user.id,
      },
    );
    expect(await telegramChannel.messenger.send(String(user.id), { text: CAPTION, document })).toEqual({
      ok: false,
      reason: "blocked",
    });
  });
});
