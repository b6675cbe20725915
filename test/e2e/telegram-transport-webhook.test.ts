import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelLogger } from "../../src/channels/shared/logger.js";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createTelegramChannel, type TelegramChannel } from "../../src/channels/telegram/channel.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createFakeTelegramApi, type FakeTelegramApi, type FakeUser } from "../support/fake-telegram-api.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { createStandInPipeline } from "../support/stand-in-pipeline.js";

const SECRET = "webhook-secret_0123456789";
const WEBHOOK_URL = "https://nastavnik.example/telegram/webhook";

let fake: FakeTelegramApi;
let database: TestDatabase;
let translator: Translator;
let channel: TelegramChannel;
let server: Server;
let endpoint: string;
const errors: Record<string, unknown>[] = [];

const logger: ChannelLogger = {
  debug() {},
  info() {},
  warn() {},
  error: (fields) => errors.push(fields as Record<string, unknown>),
};

beforeAll(async () => {
  [fake, database, translator] = await Promise.all([
    createFakeTelegramApi(),
    createTestDatabase(),
    loadTranslator(),
  ]);
  channel = createTelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    db: database.db,
    translator,
    codec: createPayloadCodec({ secret: "e2e-secret" }),
    logger,
    mode: { kind: "webhook", secret: SECRET, url: WEBHOOK_URL },
    pipeline: createStandInPipeline({
      db: database.db,
      translator,
      logger,
      welcomeKey: "telegram-welcome",
      helpKey: "telegram-help",
      before(event) {
        if (event.kind === "text" && event.text === "boom") throw new Error("handler exploded");
        return Promise.resolve(false);
      },
    }).pipeline,
  });
  const handle = channel.handleWebhook!;
  // The service's HTTP server, reduced to the one route Telegram posts to.
  server = createServer((req, res) => {
    if (req.method === "POST" && req.url === "/telegram/webhook") void handle(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`;
  await channel.start();
});

afterAll(async () => {
  await channel?.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await fake?.close();
  await database?.close();
});

function post(update: Update, secret?: string): Promise<Response> {
  return fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(secret !== undefined && { "x-telegram-bot-api-secret-token": secret }),
    },
    body: JSON.stringify(update),
  });
}

async function rowCount(table: "processed_update" | "channel_account" | "person"): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
    database.db,
  );
  return rows[0]!.n;
}

const sentTo = (user: FakeUser) => fake.callsTo("sendMessage", (c) => Number(c.payload.chat_id) === user.id);

describe("telegram transport over HTTP (webhook)", () => {
  it("sets the webhook with its secret and never polls", () => {
    expect(fake.webhook).toEqual({ url: WEBHOOK_URL, secretToken: SECRET });
    const setWebhook = fake.callsTo("setWebhook")[0];
    expect(setWebhook?.payload.allowed_updates).toEqual(["message", "callback_query", "my_chat_member"]);
    expect(fake.callsTo("getUpdates")).toEqual([]);
    expect(fake.callsTo("setMyCommands").map((c) => c.payload.language_code ?? "default")).toEqual([
      "default",
      "en",
    ]);
  });

  it("refuses a request without the right secret with 401 and changes nothing", async () => {
    const user = fake.user();
    const update = fake.messageUpdate(user, "/start");
    const before = {
      updates: await rowCount("processed_update"),
      accounts: await rowCount("channel_account"),
      people: await rowCount("person"),
      calls: fake.calls.length,
    };

    expect((await post(update)).status).toBe(401);
    expect((await post(update, "wrong-secret_0123456789")).status).toBe(401);
    expect((await post(update, SECRET.slice(0, -1))).status).toBe(401);

    expect(await rowCount("processed_update")).toBe(before.updates);
    expect(await rowCount("channel_account")).toBe(before.accounts);
    expect(await rowCount("person")).toBe(before.people);
    expect(fake.calls.length).toBe(before.calls);

    // The same update with the secret is processed: it was refused for the header, not the content.
    expect((await post(update, SECRET)).status).toBe(200);
    await fake.waitForCall(
      "sendMessage",
      (c) =>
        Number(c.payload.chat_id) === user.id && c.payload.text === translator.t("ru", "telegram-welcome"),
    );
    expect(await rowCount("processed_update")).toBe(before.updates + 1);
  });

  it("processes a redelivered webhook update once", async () => {
    const user = fake.user({ languageCode: "en" });
    const update = fake.messageUpdate(user, "/help");
    expect((await post(update, SECRET)).status).toBe(200);
    expect((await post(update, SECRET)).status).toBe(200);
    expect((await post(structuredClone(update), SECRET)).status).toBe(200);
    // Each POST is answered only after its update was handled, so all replies exist by now.
    expect(sentTo(user).map((c) => c.payload.text)).toEqual([translator.t("en", "telegram-help")]);
  });

  it("apologises for a failing handler and still answers Telegram 200, so it does not redeliver", async () => {
    const user = fake.user({ languageCode: "en" });
    const response = await post(fake.messageUpdate(user, "boom"), SECRET);
    expect(response.status).toBe(200);
    expect(sentTo(user).map((c) => c.payload.text)).toEqual([translator.t("en", "error-generic")]);
    expect(errors.some((e) => e.error === "Error: handler exploded")).toBe(true);

    expect((await post(fake.messageUpdate(user, "/start"), SECRET)).status).toBe(200);
    expect(sentTo(user).at(-1)?.payload.text).toBe(translator.t("en", "telegram-welcome"));
  });

  it("answers 500 to a body that is not an update, and keeps working", async () => {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: "{not json",
    });
    expect(response.status).toBe(500);
    const user = fake.user();
    expect((await post(fake.messageUpdate(user, "/help"), SECRET)).status).toBe(200);
    expect(sentTo(user)).toHaveLength(1);
  });

  it("stops taking updates after stop(): 503, so Telegram delivers them to another instance", async () => {
    await channel.stop();
    const user = fake.user();
    const update = fake.messageUpdate(user, "/start");
    expect((await post(update, SECRET)).status).toBe(503);
    const claimed = await database.db
      .selectFrom("processed_update")
      .select("update_id")
      .where("update_id", "=", String(update.update_id))
      .execute();
    expect(claimed).toEqual([]);
    expect(sentTo(user)).toEqual([]);
  });
});
