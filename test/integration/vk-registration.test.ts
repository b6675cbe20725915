import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_REGISTRATIONS } from "../../src/app/channels.js";
import { startService, type RunningService } from "../../src/app/service.js";
import { VK_CALLBACK_PATH } from "../../src/app/vk-registration.js";
import { createConfig } from "../../src/config.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createInviteService } from "../../src/invites/invite.service.js";
import { createShutdown } from "../../src/lifecycle/shutdown.js";
import { createLogger } from "../../src/logging/logger.js";
import { createOrganisationService } from "../../src/organisations/organisation.service.js";
import type { Outcome } from "../../src/organisations/outcome.js";
import { createProgramService } from "../../src/programs/program.service.js";
import { createVkPerson } from "../support/channel-driver.js";
import { createTestDatabase } from "../support/database.js";
import { createFakeVkApi, type FakeVkApi, type FakeVkEvent } from "../support/fake-vk-api.js";

const WEBHOOK = { WEBHOOK_URL: "https://bot.example.org", WEBHOOK_SECRET: "service-webhook-secret_0123" };
const CALLBACK = { VK_CALLBACK_CONFIRMATION: "a1b2c3d4", VK_CALLBACK_SECRET: "CommunitySecret42" };

/**
 * The service as `npm start` builds it, with VK configured the way an operator does (VK_API_ROOT
 * pointing at the fake VK API) and the registrations of src/app/channels.ts, on a fresh database:
 * PGlite in memory, or a database of its own on the server when DATABASE_URL is set.
 */
async function startWithVk(fake: FakeVkApi, env: Record<string, string>) {
  const cleanups: (() => Promise<unknown>)[] = [];
  let database: Record<string, string> = { DATA_DIR: "memory://" };
  if (process.env.DATABASE_URL) {
    const server = await createTestDatabase({ migrate: false });
    cleanups.push(() => server.close());
    if (server.config.kind === "postgres") database = { DATABASE_URL: server.config.url };
  }
  const config = createConfig({
    ...database,
    ...env,
    PORT: "0",
    LOG_LEVEL: "silent",
    VK_GROUP_TOKEN: fake.token,
    VK_GROUP_ID: String(fake.groupId),
    VK_API_ROOT: fake.apiRoot,
  });
  const logger = createLogger(config, { destination: { write: () => {} } });
  const shutdown = createShutdown({ logger, exit: () => {} });
  cleanups.unshift(() => shutdown.run("test cleanup"));
  const service = await startService({ config, logger, shutdown, channels: CHANNEL_REGISTRATIONS });
  return { service, shutdown, cleanups };
}

/** A programme with a mentee invite, made as the operator's command line makes them; returns its code. */
async function seedInvite(service: RunningService): Promise<string> {
  const { db } = service.database;
  const now = new Date();
  const organisation = valueOf(
    await createOrganisationService(db).addOrganisation({
      name: "Школа № 12",
      kind: "school",
      timeZone: "Europe/Moscow",
    }),
  );
  const { program } = valueOf(
    await createProgramService(db).createProgram(
      { organisationId: organisation.id, name: "Учитель — ученик", form: "teacher_pupil", status: "active" },
      now,
    ),
  );
  const { invites } = valueOf(
    await createInviteService(db).createParticipantInvites(
      { programId: program.id, side: "mentee", count: 1, maxUses: 10, expiresInDays: 1 },
      now,
    ),
  );
  return invites[0]!.code;
}

function valueOf<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`seeding failed: ${JSON.stringify(outcome.problem)}`);
  return outcome.value;
}

describe("the VK registration in the service", { timeout: 90_000 }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  let translator: Translator;
  beforeAll(async () => {
    translator = await loadTranslator();
  });
  const t = (key: string) => translator.t("ru", key);

  async function running(env: Record<string, string>) {
    const fake = await createFakeVkApi();
    cleanups.push(() => fake.close());
    const started = await startWithVk(fake, env);
    cleanups.unshift(...started.cleanups);
    return { fake, ...started };
  }

  it("long-polls without WEBHOOK_URL, runs the journey, and links a parent to the community", async () => {
    const { fake, service } = await running({});
    expect(service.channels.map((channel) => channel.name)).toEqual(["vk"]);
    await fake.waitForCall("groups.getLongPollServer");
    const code = await seedInvite(service);
    const person = createVkPerson(fake, fake.user({ firstName: "Миша" }));

    await person.send(`/start ${code}`);
    await person.expectMessage("Учитель — ученик");
    await person.press(t("journey-language-name"));
    await person.expectMessage(t("journey-age-question"));
    // A minor is never asked for their own consent: the parent gives it.
    await person.press(t("journey-age-minor"));
    await person.expectMessage(t("journey-name-question"));
    await person.send("Миша");
    // The parent's link opens this community with the consent code as its ref.
    const parentStep = await person.expectMessage(`https://vk.me/club${fake.groupId}?ref=`);
    const link = /https:\/\/vk\.me\/club\d+\?ref=(\S+)/.exec(parentStep);
    const request = await service.database.db
      .selectFrom("parental_consent_request")
      .select("code")
      .executeTakeFirstOrThrow();
    expect(decodeURIComponent(link![1]!)).toBe(request.code);

    // Nothing is mounted for the Callback API in long poll mode.
    const post = await fetch(`http://127.0.0.1:${service.port}${VK_CALLBACK_PATH}`, { method: "POST" });
    expect(post.status).toBe(404);
  });

  it("with WEBHOOK_URL, takes VK's posts on /webhooks/vk: confirmation, events with the secret, none without", async () => {
    const { fake, service } = await running({ ...WEBHOOK, ...CALLBACK });
    expect(service.channels.map((channel) => channel.name)).toEqual(["vk"]);
    const endpoint = `http://127.0.0.1:${service.port}${VK_CALLBACK_PATH}`;
    const post = (body: unknown) =>
      fetch(endpoint, {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json" },
      });
    const code = await seedInvite(service);
    const user = fake.user();

    const confirmation = await post(fake.callbackBody({ type: "confirmation" }, CALLBACK.VK_CALLBACK_SECRET));
    expect(await confirmation.text()).toBe(CALLBACK.VK_CALLBACK_CONFIRMATION);

    // Forged: without the community's secret, or with the service's webhook secret instead of it.
    const start = fake.messageNew(user, "Начать", { payload: { command: "start" }, ref: code });
    expect((await post(fake.callbackBody(start))).status).toBe(403);
    expect((await post(fake.callbackBody(start, WEBHOOK.WEBHOOK_SECRET))).status).toBe(403);
    const accounts = await service.database.db
      .selectFrom("channel_account")
      .select("id")
      .where("channel", "=", "vk")
      .execute();
    expect(accounts).toEqual([]);
    expect(fake.callsTo("messages.send")).toEqual([]);

    // The same person through the Callback API: their events are posted with the secret.
    const person = createVkPerson(fake, user, async (event: FakeVkEvent) => {
      const response = await post(fake.callbackBody(event, CALLBACK.VK_CALLBACK_SECRET));
      expect(await response.text()).toBe("ok");
    });
    await person.send(`/start ${code}`);
    await person.expectMessage("Учитель — ученик");
    // A button the service drew comes back signed and verifies: the age question follows the language.
    await person.press(t("journey-language-name"));
    await person.expectMessage(t("journey-age-question"));

    // The Callback API replaces the long poll: VK is never asked for a long poll server.
    expect(fake.callsTo("groups.getLongPollServer")).toEqual([]);
    expect(fake.calls.some((call) => call.method === "longpoll")).toBe(false);

    // A stopped channel answers 503 while the port is still open, so VK delivers to another instance.
    await service.channels[0]!.stop();
    const late = await post(fake.callbackBody(fake.messageNew(user, "/help"), CALLBACK.VK_CALLBACK_SECRET));
    expect(late.status).toBe(503);
  });
});
