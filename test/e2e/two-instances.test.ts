/**
 * Two instances of the service on one database (issue 8, "Done when").
 *
 * What "in order" can mean across instances. Telegram numbers a bot's updates, but once two instances
 * sit behind a load balancer, two POSTs in flight at the same time have no arrival order: the first
 * moment an update is known to the service is when an instance records it (`processed_update`), and
 * two recordings on two connections are not ordered by anything the sender controls. So for truly
 * concurrent POSTs the guarantee is not an order but serialisation, and that is what the first test
 * checks, with inputs whose result does not depend on order but does on each being applied once:
 * toggles of distinct options of one multiple-choice question, pressed from the real keyboard.
 *   (a) every update is applied exactly once: the selection is exactly the set pressed (a lost
 *       press misses an option, a doubled one toggles it off again), each update 'done' at its
 *       first attempt;
 *   (b) no two updates of one person are handled at the same time: the form session's revision
 *       (optimistic lock) grows by exactly one per press, and nobody got the apology that a failed
 *       turn (e.g. a lost optimistic write) would bring.
 * (c) Where an order IS defined, it is kept: each POST goes out only after the previous one was
 *     recorded by the other instance (accepted), without waiting for it to be handled. Typed answers
 *     to consecutive questions make any reordering or repetition visible: "Подтянуть алгебру" before
 *     its question, or twice, lands as an invalid option number on the next one.
 *     Note the limit of (c): the pipeline records an update in one transaction and takes the
 *     person's advisory lock in the next, so the order across instances is the order in which the
 *     lock is reached, not the order of recording. An update recorded first could still be handled
 *     second if the other instance recorded its update and reached the lock within that gap (for
 *     Telegram the gap holds only `ingress.read` and BEGIN; for VK it holds a users.get call). This
 *     test gives the first instance that head start; see the report on issue 8.
 *
 * Then a parent's consent given on Telegram (instance A, Telegram only) reaches the child on VK,
 * served by another instance (VK only), through that instance's outbox sender.
 *
 * On PostgreSQL each instance has its own pool (createDatabase with the same configuration); on
 * PGlite both share the one embedded handle, which is the best PGlite can do.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createJourneyHub, type JourneyHub } from "../../src/app/journey-hub.js";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { createTelegramChannel, type TelegramChannel } from "../../src/channels/telegram/channel.js";
import { createVkChannel, type VkChannel } from "../../src/channels/vk/channel.js";
import { createFormRegistry } from "../../src/core/forms/registry.js";
import { createFormSessionService } from "../../src/form-sessions/form-session.service.js";
import { builtInForms } from "../../src/forms/index.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createOutboxSender, type OutboxSender } from "../../src/outbox/outbox-sender.js";
import { createDatabase, type DatabaseHandle } from "../../src/storage/database.js";
import type { Channel, Database } from "../../src/storage/tables.js";
import { createVkPerson } from "../support/channel-driver.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { createFakeTelegramApi, type FakeTelegramApi, type FakeUser } from "../support/fake-telegram-api.js";
import { createFakeVkApi, type FakeVkApi } from "../support/fake-vk-api.js";
import { silentLogger } from "../support/journey-env.js";

const SECRET = "two-instances-secret_0123456789";
// Instances of one deployment share the button secret, so a keyboard sent by one is read by the other.
const BUTTON_SECRET = "two-instances-buttons";
const FORM = "mentee_entry_pupil";

interface Instance {
  name: string;
  db: Kysely<Database>;
  hub: JourneyHub;
  outbox: OutboxSender;
  /** Webhook URL of the Telegram channel, when this instance runs one. */
  telegramEndpoint?: string;
  close(): Promise<void>;
}

let database: TestDatabase;
let translator: Translator;
let telegram: FakeTelegramApi;
let vkApi: FakeVkApi;
let menteeCode: string;
const instances: Instance[] = [];
const t = (key: string) => translator.t("ru", key);

/** A second pool on the same PostgreSQL database; the same handle on PGlite. */
async function handleFor(): Promise<{ db: Kysely<Database>; close(): Promise<void> }> {
  if (database.config.kind !== "postgres") return { db: database.db, close: async () => {} };
  const own: DatabaseHandle = await createDatabase(database.config);
  return own;
}

async function startInstance(name: string, channels: readonly Channel[]): Promise<Instance> {
  const own = await handleFor();
  const { db } = own;
  const forms = createFormSessionService({
    db,
    registry: createFormRegistry(builtInForms),
    clock: () => new Date(),
    defaultTimeZone: "Europe/Moscow",
  });
  const hub = createJourneyHub({
    db,
    translator,
    forms,
    config: {
      links: { telegramUsername: "nastavnik_test_bot" },
      defaultTimeZone: "Europe/Moscow",
      personFloodLimit: 0,
    },
    logger: silentLogger,
  });
  const codec = createPayloadCodec({ secret: BUTTON_SECRET });
  const stops: (() => Promise<void>)[] = [];
  let telegramEndpoint: string | undefined;
  if (channels.includes("telegram")) {
    const channel: TelegramChannel = createTelegramChannel({
      token: telegram.token,
      apiRoot: telegram.apiRoot,
      botInfo: telegram.botInfo,
      db,
      translator,
      codec,
      logger: silentLogger,
      mode: { kind: "webhook", secret: SECRET, url: `https://${name}.example/telegram/webhook` },
      pipeline: hub.pipeline,
    });
    const handle = channel.handleWebhook!;
    const server: Server = createServer((req, res) => {
      if (req.method === "POST" && req.url === "/telegram/webhook") void handle(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    telegramEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`;
    await channel.start();
    stops.push(async () => {
      await channel.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
  }
  if (channels.includes("vk")) {
    const channel: VkChannel = createVkChannel({
      token: vkApi.token,
      groupId: vkApi.groupId,
      apiRoot: vkApi.apiRoot,
      db,
      translator,
      codec,
      logger: silentLogger,
      mode: { kind: "polling", retryDelayMs: 20 },
      pipeline: hub.pipeline,
    });
    await channel.start();
    stops.push(() => channel.stop());
  }
  const outbox = createOutboxSender({
    db,
    messenger: (channel) => hub.pipeline.messenger(channel),
    channels,
    idleMs: 50,
  });
  outbox.start();
  hub.onNoticeQueued(() => outbox.poke());
  const instance: Instance = {
    name,
    db,
    hub,
    outbox,
    ...(telegramEndpoint && { telegramEndpoint }),
    async close() {
      await outbox.stop();
      for (const stop of stops) await stop();
      await own.close();
    },
  };
  instances.push(instance);
  return instance;
}

beforeAll(async () => {
  [database, translator, telegram, vkApi] = await Promise.all([
    createTestDatabase(),
    loadTranslator(),
    createFakeTelegramApi(),
    createFakeVkApi(),
  ]);
  const { db } = database;
  const organisationId = (
    await db
      .insertInto("organisation")
      .values({ name: "Школа № 7", kind: "school", time_zone: "Asia/Yekaterinburg" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const programId = (
    await db
      .insertInto("program")
      .values({
        organisation_id: organisationId,
        name: "Учитель — ученик",
        form_key: "teacher_pupil",
        academic_year: "2026/2027",
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  menteeCode = "TW0NSTANCES2";
  await db
    .insertInto("invite")
    .values({
      code: menteeCode,
      organisation_id: organisationId,
      program_id: programId,
      side: "mentee",
      category: "pupil",
      max_uses: 100,
      expires_at: new Date(Date.now() + 7 * 86_400_000),
    })
    .execute();
}, 60_000);

afterAll(async () => {
  for (const instance of instances.reverse()) await instance.close();
  await telegram?.close();
  await vkApi?.close();
  await database?.close();
});

function post(instance: Instance, update: Update): Promise<Response> {
  return fetch(instance.telegramEndpoint!, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify(update),
  });
}

/** Posts and waits for the answer, which comes once the update was handled. */
async function deliver(instance: Instance, update: Update): Promise<void> {
  const response = await post(instance, update);
  expect(response.status).toBe(200);
}

/** A press of the button whose label ends with `label` on the newest message that has it. */
function press(user: FakeUser, label: string): Update {
  const messages = telegram.chatMessages(user.id);
  for (let i = messages.length - 1; i >= 0; i--) {
    const button = (messages[i]!.reply_markup?.inline_keyboard ?? [])
      .flat()
      .find((b) => b.text === label || b.text.endsWith(` ${label}`));
    if (button && "callback_data" in button && button.callback_data) {
      return telegram.callbackUpdate(user, button.callback_data, { messageId: messages[i]!.message_id });
    }
  }
  throw new Error(`no button "${label}" in the chat with ${user.id}`);
}

const textsTo = (user: FakeUser) =>
  telegram
    .callsTo("sendMessage", (c) => c.ok && Number(c.payload.chat_id) === user.id)
    .map((c) => String(c.payload.text));

async function personOf(channel: Channel, externalId: number): Promise<number> {
  const row = await database.db
    .selectFrom("channel_account")
    .select("person_id")
    .where("channel", "=", channel)
    .where("external_id", "=", String(externalId))
    .executeTakeFirstOrThrow();
  return row.person_id;
}

async function session(personId: number) {
  return database.db
    .selectFrom("form_session")
    .select(["id", "revision", "status", "step"])
    .where("person_id", "=", personId)
    .where("form_key", "=", FORM)
    .executeTakeFirstOrThrow();
}

async function answers(sessionId: number): Promise<Record<string, unknown>> {
  const rows = await database.db
    .selectFrom("answer")
    .select(["question_key", "value"])
    .where("form_session_id", "=", sessionId)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.question_key, row.value]));
}

async function ledger(updates: readonly Update[]) {
  return database.db
    .selectFrom("processed_update")
    .select(["update_id", "state", "attempts"])
    .where("channel", "=", "telegram")
    .where(
      "update_id",
      "in",
      updates.map((u) => String(u.update_id)),
    )
    .orderBy(sql`update_id::bigint`)
    .execute();
}

describe("two instances in webhook mode on one database", () => {
  let a: Instance;
  let b: Instance;
  let user: FakeUser;
  let personId: number;

  beforeAll(async () => {
    a = await startInstance("a", ["telegram"]);
    b = await startInstance("b", ["telegram"]);
    user = telegram.user({ firstName: "Анна" });
    // Onboarding, one update at a time, alternating instances.
    await deliver(a, telegram.messageUpdate(user, `/start ${menteeCode}`));
    await deliver(b, press(user, t("journey-language-name")));
    await deliver(a, press(user, t("journey-age-adult")));
    await deliver(b, press(user, t("journey-consent-agree")));
    await deliver(a, telegram.messageUpdate(user, "Анна"));
    await deliver(b, telegram.messageUpdate(user, "4"));
    await deliver(a, telegram.messageUpdate(user, "1 4"));
    expect(textsTo(user).at(-1)).toContain(t("form-mentee-entry-pupil-interests"));
    personId = await personOf("telegram", user.id);
  }, 60_000);

  it("applies a concurrent burst of one person's presses, split between them, each exactly once and one at a time", async () => {
    const before = await session(personId);
    const pressed = ["science", "it", "humanities", "languages", "arts", "music", "sport"];
    // All built from the keyboard the bot sent for the question, before any of them is handled.
    const updates = pressed.map((value) => press(user, t(`form-mentee-entry-pupil-interests-${value}`)));
    const apologiesBefore = textsTo(user).filter((text) => text === t("error-generic")).length;

    const responses = await Promise.all(updates.map((update, i) => post(i % 2 === 0 ? a : b, update)));

    expect(responses.map((r) => r.status)).toEqual(updates.map(() => 200));
    expect(await ledger(updates)).toEqual(
      updates.map((u) => ({ update_id: String(u.update_id), state: "done", attempts: 1 })),
    );
    // One save per press: no press was lost to a conflicting write, none applied twice.
    expect((await session(personId)).revision).toBe(before.revision + pressed.length);
    expect(textsTo(user).filter((text) => text === t("error-generic")).length).toBe(apologiesBefore);
    // No press was turned away as stale.
    const toasts = telegram
      .callsTo("answerCallbackQuery")
      .filter((c) => updates.some((u) => u.callback_query?.id === c.payload.callback_query_id))
      .map((c) => c.payload.text);
    expect(toasts).not.toContain(t("channel-button-stale"));

    await deliver(b, press(user, t("forms-engine-done")));
    const stored = await answers(before.id);
    expect([...(stored.interests as string[])].sort()).toEqual([...pressed].sort());
    expect(textsTo(user).at(-1)).toContain(t("form-mentee-entry-pupil-goals"));
  });

  it("keeps the order of updates each sent after the previous one was accepted by the other instance", async () => {
    const before = await session(personId);
    const typed = ["Подтянуть алгебру", "2 3", "1", "2", "6 7", "3", "Спасибо"];
    const updates = typed.map((text) => telegram.messageUpdate(user, text));
    const recorded = async (update: Update) =>
      (
        await database.db
          .selectFrom("processed_update")
          .select("state")
          .where("channel", "=", "telegram")
          .where("update_id", "=", String(update.update_id))
          .executeTakeFirst()
      )?.state;

    const responses: Promise<Response>[] = [];
    for (const [i, update] of updates.entries()) {
      responses.push(post(i % 2 === 0 ? a : b, update));
      // Accepted: the instance recorded it. Its handling may well still be under way.
      await vi.waitFor(async () => expect(await recorded(update)).toBeDefined(), {
        timeout: 10_000,
        interval: 2,
      });
    }
    expect((await Promise.all(responses)).map((r) => r.status)).toEqual(updates.map(() => 200));

    expect(await ledger(updates)).toEqual(
      updates.map((u) => ({ update_id: String(u.update_id), state: "done", attempts: 1 })),
    );
    const after = await session(personId);
    expect(after.revision).toBe(before.revision + typed.length);
    expect(await answers(before.id)).toEqual({
      grade: "8",
      needs: ["subjects", "career"],
      interests: expect.any(Array) as unknown,
      goals: "Подтянуть алгебру",
      mentor_kind: ["student", "teacher"],
      group_or_individual: "individual",
      format: "online",
      available_days: ["sat", "sun"],
      available_times: ["evening"],
      anything_else: "Спасибо",
    });
    // Nothing was read as an answer to the wrong question.
    expect(textsTo(user).filter((text) => text.includes("⚠️"))).toEqual([]);
    expect(textsTo(user).at(-1)).toContain(t("forms-engine-summary-heading"));

    await deliver(a, press(user, t("forms-engine-submit")));
    expect((await session(personId)).status).toBe("submitted");
  });
});

describe("a parent's consent on Telegram reaches the child on VK, served by another instance", () => {
  it("is sent once, by the VK instance's outbox sender", async () => {
    const telegramOnly = await startInstance("telegram-only", ["telegram"]);
    await startInstance("vk-only", ["vk"]);
    expect(telegramOnly.hub.pipeline.messenger("vk")).toBeUndefined();

    const childUser = vkApi.user({ firstName: "Петя" });
    const child = createVkPerson(vkApi, childUser);
    await child.send(`/start ${menteeCode}`);
    await child.expectMessage(t("journey-language-question"));
    await child.press(t("journey-language-name"));
    await child.expectMessage(t("journey-age-question"));
    await child.press(t("journey-age-minor"));
    await child.expectMessage(t("journey-name-question"));
    await child.send("Петя");
    const request = await child.expectMessage(/P[0-9A-Z]{12}/);
    const parentCode = /(P[0-9A-Z]{12})/.exec(request)![1]!;
    const childId = await personOf("vk", childUser.id);
    const participant = () =>
      database.db
        .selectFrom("participant")
        .select("status")
        .where("person_id", "=", childId)
        .executeTakeFirstOrThrow();
    expect((await participant()).status).toBe("pending_consent");

    const consented = (c: { ok: boolean; params: Record<string, string> }) =>
      c.ok &&
      (c.params.peer_id ?? c.params.peer_ids ?? "").split(",").map(Number).includes(childUser.id) &&
      c.params.message === t("journey-parent-consented");
    expect(vkApi.callsTo("messages.send", consented)).toEqual([]);

    // The parent opens the link on Telegram: instance "telegram-only" handles both updates.
    const parent = telegram.user({ firstName: "Ольга" });
    await deliver(telegramOnly, telegram.messageUpdate(parent, `/start ${parentCode}`));
    await deliver(telegramOnly, press(parent, t("journey-parent-consent-agree")));
    expect(textsTo(parent).at(-1)).toContain(t("journey-parent-consent-thanks"));
    expect((await participant()).status).toBe("active");

    await vkApi.waitForCall("messages.send", consented, { timeoutMs: 10_000 });
    // The sender marks the row after the platform answered.
    await vi.waitFor(
      async () =>
        expect(
          await database.db
            .selectFrom("delivery")
            .select(["channel", "status", "attempts", "last_error"])
            .where("person_id", "=", childId)
            .where("kind", "=", "parental-consent-given")
            .execute(),
        ).toEqual([{ channel: "vk", status: "sent", attempts: 1, last_error: null }]),
      { timeout: 10_000 },
    );
    // Every sender has looked again since; still one message.
    await Promise.all(instances.map((instance) => instance.outbox.runOnce()));
    expect(vkApi.callsTo("messages.send", consented)).toHaveLength(1);
    // Nothing about the child went to Telegram.
    expect(
      telegram.calls.filter(
        (c) => typeof c.payload.text === "string" && c.payload.text.includes(t("journey-parent-consented")),
      ),
    ).toEqual([]);

    // The child goes on, on VK.
    await child.press(t("journey-continue"));
    await child.expectMessage(t("form-mentee-entry-pupil-grade"));
    expect((await participant()).status).toBe("active");
  });
});
