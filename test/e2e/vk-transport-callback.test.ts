import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/core/messages.js";
import type { ChannelLogger } from "../../src/channels/shared/logger.js";
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
import { createStandInPipeline } from "../support/stand-in-pipeline.js";

const SECRET = "vk-callback-secret_0123456789";
const CONFIRMATION = "a1b2c3d4";

let fake: FakeVkApi;
let database: TestDatabase;
let translator: Translator;
let channel: VkChannel;
let server: Server;
let endpoint: string;
const events: InboundEvent[] = [];
const errors: Record<string, unknown>[] = [];
const codec = createPayloadCodec({ secret: "e2e-secret" });

const logger: ChannelLogger = {
  debug() {},
  info() {},
  warn() {},
  error: (fields) => errors.push(fields as Record<string, unknown>),
};

beforeAll(async () => {
  [fake, database, translator] = await Promise.all([
    createFakeVkApi(),
    createTestDatabase(),
    loadTranslator(),
  ]);
  channel = createVkChannel({
    token: fake.token,
    groupId: fake.groupId,
    apiRoot: fake.apiRoot,
    db: database.db,
    translator,
    codec,
    logger,
    mode: { kind: "callback", confirmation: CONFIRMATION, secret: SECRET },
    retry: { networkWaitMs: 20, baseDelayMs: 20, maxDelayMs: 100 },
    pipeline: createStandInPipeline({
      db: database.db,
      translator,
      logger: logger,
      welcomeKey: "vk-welcome",
      helpKey: "vk-help",
      before(event, { replies }) {
        events.push(event);
        if (event.kind === "button" && event.message) {
          replies.edit(event.message, { text: `chosen ${event.action.value ?? ""}` });
          return true;
        }
        return false;
      },
    }).pipeline,
  });
  const handle = channel.handleCallback!;
  // The service's HTTP server, reduced to the one route VK posts to.
  server = createServer((req, res) => {
    if (req.url === "/webhooks/vk") void handle(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/vk`;
});

afterAll(async () => {
  await channel?.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await fake?.close();
  await database?.close();
});

function post(body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
}

async function rowCount(table: "processed_update" | "channel_account" | "person"): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
    database.db,
  );
  return rows[0]!.n;
}

const toPeer = (user: FakeVkUser) => (c: RecordedVkCall) =>
  (c.params.peer_ids ?? c.params.peer_id ?? "").split(",").includes(String(user.id));
const sentTo = (user: FakeVkUser) => fake.callsTo("messages.send", toPeer(user));
const replyTo = (user: FakeVkUser, text: string) =>
  fake.waitForCall("messages.send", (c) => toPeer(user)(c) && c.params.message === text && c.ok);

describe("vk transport over HTTP (Callback API)", () => {
  it("takes nothing before start(): 503, so VK delivers again later", async () => {
    const user = fake.user();
    const response = await post(fake.callbackBody(fake.messageNew(user, "/start"), SECRET));
    expect(response.status).toBe(503);
    await channel.start();
    // Start proves the token with one groups.getById; the refused event was neither handled nor answered.
    expect(fake.calls.filter((c) => c.method !== "longpoll").map((c) => c.method)).toEqual([
      "groups.getById",
    ]);
    // Callback mode never polls.
    expect(fake.callsTo("groups.getLongPollServer")).toEqual([]);
  });

  it("answers the confirmation event with the confirmation string", async () => {
    const response = await post(fake.callbackBody({ type: "confirmation" }, SECRET));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(CONFIRMATION);
  });

  it("refuses a request without the right secret with 403 and changes nothing", async () => {
    const user = fake.user();
    const event = fake.messageNew(user, "/start");
    const before = {
      updates: await rowCount("processed_update"),
      accounts: await rowCount("channel_account"),
      people: await rowCount("person"),
      calls: fake.calls.length,
    };

    expect((await post(fake.callbackBody(event))).status).toBe(403);
    expect((await post(fake.callbackBody(event, "wrong-secret"))).status).toBe(403);
    expect((await post(fake.callbackBody(event, SECRET.slice(0, -1)))).status).toBe(403);
    expect((await post(fake.callbackBody(event, `${SECRET}x`))).status).toBe(403);
    const confirmation = await post(fake.callbackBody({ type: "confirmation" }, "wrong-secret"));
    expect(confirmation.status).toBe(403);
    expect(await confirmation.text()).not.toContain(CONFIRMATION);

    expect(await rowCount("processed_update")).toBe(before.updates);
    expect(await rowCount("channel_account")).toBe(before.accounts);
    expect(await rowCount("person")).toBe(before.people);
    expect(fake.calls.length).toBe(before.calls);

    // The same event with the secret is handled: it was refused for the secret, not the content.
    const accepted = await post(fake.callbackBody(event, SECRET));
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toBe("ok");
    await replyTo(user, translator.t("ru", "vk-welcome"));
    expect(await rowCount("processed_update")).toBe(before.updates + 1);
  });

  it("refuses events of another community, bodies that are not JSON, and other HTTP methods", async () => {
    const user = fake.user();
    const event = { ...fake.messageNew(user, "/start"), group_id: fake.groupId + 1 };
    expect((await post(fake.callbackBody(event, SECRET))).status).toBe(403);
    expect((await post("{not json")).status).toBe(400);
    expect((await fetch(endpoint)).status).toBe(405);
    expect(sentTo(user)).toEqual([]);
  });

  it("answers ok at once and handles an event redelivered with the same event_id once", async () => {
    const user = fake.user({ langId: 3 });
    const event = fake.messageNew(user, "slow");
    // VK repeats an event it got no timely "ok" for; every copy is answered, one is handled.
    const answers = await Promise.all([
      post(fake.callbackBody(event, SECRET)),
      post(fake.callbackBody(event, SECRET)),
      post(fake.callbackBody(structuredClone(event), SECRET)),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await Promise.all(answers.map((a) => a.text()))).toEqual(["ok", "ok", "ok"]);
    await replyTo(user, translator.t("en", "vk-help"));
    await channel.vk.idle();
    expect(sentTo(user)).toHaveLength(1);
    expect(events.filter((e) => e.eventId === event.event_id)).toHaveLength(1);
  });

  it("takes callback button presses and answers them, and unknown event types with a plain ok", async () => {
    const user = fake.user();
    expect((await post(fake.callbackBody(fake.messageNew(user, "/start"), SECRET))).status).toBe(200);
    await replyTo(user, translator.t("ru", "vk-welcome"));
    const sent = await channel.messenger.send(String(user.id), {
      text: "Да или нет?",
      buttons: [[{ label: "Да", action: { type: "answer", session: 5, question: "q", value: "yes" } }]],
    });
    if (!sent.ok) throw new Error("send must succeed");
    const payload = JSON.parse(
      fake.chatMessages(user.id).at(-1)!.keyboard!.buttons[0]![0]!.action.payload!,
    ) as unknown;
    const press = fake.messageEvent(user, payload);
    expect(await (await post(fake.callbackBody(press, SECRET))).text()).toBe("ok");
    await fake.waitForCall("messages.edit", (c) => c.params.message === "chosen yes");
    const pressId = (press.object as { event_id: string }).event_id;
    await expect.poll(() => fake.pressAnswers(pressId).length).toBe(1);

    const other = {
      type: "wall_post_new",
      event_id: "e-other-1",
      v: "5.199",
      group_id: fake.groupId,
      object: {},
    };
    const answer = await post({ ...other, secret: SECRET });
    expect(await answer.text()).toBe("ok");
  });

  it("marks a person who denies messages blocked, through the Callback API too", async () => {
    const user = fake.user();
    await post(fake.callbackBody(fake.messageNew(user, "/start"), SECRET));
    await replyTo(user, translator.t("ru", "vk-welcome"));
    await post(fake.callbackBody(fake.subscription(user, "message_deny"), SECRET));
    await channel.vk.idle();
    const account = await database.db
      .selectFrom("channel_account")
      .select("blocked_at")
      .where("channel", "=", "vk")
      .where("external_id", "=", String(user.id))
      .executeTakeFirstOrThrow();
    expect(account.blocked_at).toBeInstanceOf(Date);
    expect(errors).toEqual([]);
  });

  it("stops taking events after stop(): 503, and nothing is claimed", async () => {
    await channel.stop();
    const user = fake.user();
    const event = fake.messageNew(user, "/start");
    expect((await post(fake.callbackBody(event, SECRET))).status).toBe(503);
    const claimed = await database.db
      .selectFrom("processed_update")
      .select("update_id")
      .where("update_id", "=", event.event_id)
      .execute();
    expect(claimed).toEqual([]);
    expect(sentTo(user)).toEqual([]);
  });
});
