import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_REGISTRATIONS } from "../../src/app/channels.js";
import { MAX_WEBHOOK_PATH } from "../../src/app/max-registration.js";
import { ServiceRefusedError, startService, type RunningService } from "../../src/app/service.js";
import { createConfig } from "../../src/config.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createInviteService } from "../../src/invites/invite.service.js";
import { createShutdown } from "../../src/lifecycle/shutdown.js";
import { createLogger } from "../../src/logging/logger.js";
import { createOrganisationService } from "../../src/organisations/organisation.service.js";
import type { Outcome } from "../../src/organisations/outcome.js";
import { createProgramService } from "../../src/programs/program.service.js";
import { createMaxPerson } from "../support/channel-driver.js";
import { createTestDatabase } from "../support/database.js";
import { createFakeMaxApi, type FakeMaxApi } from "../support/fake-max-api.js";

const WEBHOOK = { WEBHOOK_URL: "https://bot.example.org", WEBHOOK_SECRET: "service-webhook-secret_0123" };

/**
 * The service as `npm start` builds it, with MAX configured the way an operator does (MAX_API_ROOT
 * pointing at the fake MAX API) and the registrations of src/app/channels.ts, on a fresh database.
 */
async function startWithMax(fake: FakeMaxApi, env: Record<string, string>) {
  const cleanups: (() => Promise<unknown>)[] = [];
  let database: Record<string, string> = { DATA_DIR: "memory://" };
  if (process.env.DATABASE_URL) {
    const server = await createTestDatabase({ migrate: false });
    cleanups.push(() => server.close());
    if (server.config.kind === "postgres") database = { DATABASE_URL: server.config.url };
  }
  const config = createConfig({
    ...database,
    MAX_BOT_TOKEN: fake.token,
    ...env,
    PORT: "0",
    LOG_LEVEL: "silent",
    MAX_API_ROOT: fake.apiRoot,
  });
  const logger = createLogger(config, { destination: { write: () => {} } });
  const shutdown = createShutdown({ logger, exit: () => {} });
  cleanups.unshift(() => shutdown.run("test cleanup"));
  const service = startService({ config, logger, shutdown, channels: CHANNEL_REGISTRATIONS });
  return { service, config, cleanups };
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

describe("the MAX registration in the service", { timeout: 90_000 }, () => {
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
    const fake = await createFakeMaxApi();
    cleanups.push(() => fake.close());
    const started = await startWithMax(fake, env);
    cleanups.unshift(...started.cleanups);
    return { fake, service: await started.service, config: started.config };
  }

  it("long-polls without WEBHOOK_URL, runs the journey for a minor, and links the parent to the bot", async () => {
    const { fake, service } = await running({});
    expect(service.channels.map((channel) => channel.name)).toEqual(["max"]);
    await fake.waitForCall("GET /updates", undefined, { pending: true });
    // The command menu of everyone, in Russian (MAX keeps one menu per bot).
    const menu = fake.callsTo("PATCH /me/commands")[0]!.body.commands as { name: string }[];
    expect(menu.map((command) => command.name)).toContain("link");
    const code = await seedInvite(service);
    const person = createMaxPerson(fake, fake.user({ firstName: "Миша" }));

    await person.send(`/start ${code}`);
    await person.expectMessage("Учитель — ученик");
    await person.press(t("journey-language-name"));
    await person.expectMessage(t("journey-age-question"));
    // A minor is never asked for their own consent: the parent gives it.
    await person.press(t("journey-age-minor"));
    await person.expectMessage(t("journey-name-question"));
    await person.send("Миша");
    // The parent's link opens this bot in MAX with the consent code as its start payload.
    const parentStep = await person.expectMessage(`https://max.ru/${fake.botInfo.username}?start=`);
    const link = /https:\/\/max\.ru\/[A-Za-z0-9_]+\?start=(\S+)/.exec(parentStep);
    const request = await service.database.db
      .selectFrom("parental_consent_request")
      .select("code")
      .executeTakeFirstOrThrow();
    expect(decodeURIComponent(link![1]!)).toBe(request.code);

    // Nothing is mounted for the webhook in long poll mode.
    const post = await fetch(`http://127.0.0.1:${service.port}${MAX_WEBHOOK_PATH}`, { method: "POST" });
    expect(post.status).toBe(404);
  });

  it("with WEBHOOK_URL, subscribes and takes MAX's posts on /webhooks/max with the secret, none without", async () => {
    const { fake, service } = await running(WEBHOOK);
    expect(service.channels.map((channel) => channel.name)).toEqual(["max"]);
    expect(fake.subscriptions).toEqual([
      {
        url: `${WEBHOOK.WEBHOOK_URL}${MAX_WEBHOOK_PATH}`,
        secret: WEBHOOK.WEBHOOK_SECRET,
        update_types: ["message_created", "message_callback", "bot_started", "bot_stopped"],
      },
    ]);
    const endpoint = `http://127.0.0.1:${service.port}${MAX_WEBHOOK_PATH}`;
    const post = (body: unknown, secret?: string) =>
      fetch(endpoint, {
        method: "POST",
        body: JSON.stringify(body),
        headers: {
          "content-type": "application/json",
          ...(secret !== undefined && { "x-max-bot-api-secret": secret }),
        },
      });
    const code = await seedInvite(service);
    const user = fake.user();

    // Forged: without the secret, or with another one. Refused before anything is read or stored.
    const start = fake.botStarted(user, code);
    expect((await post(start)).status).toBe(401);
    expect((await post(start, "another-secret-0123456789")).status).toBe(401);
    const { db } = service.database;
    expect(
      await db.selectFrom("channel_account").select("id").where("channel", "=", "max").execute(),
    ).toEqual([]);
    expect(
      await db.selectFrom("processed_update").select("update_id").where("channel", "=", "max").execute(),
    ).toEqual([]);
    expect(fake.callsTo("POST /messages")).toEqual([]);

    // The same person through the webhook: their updates are posted with the secret.
    const person = createMaxPerson(fake, user, async (update) => {
      const response = await post(update, WEBHOOK.WEBHOOK_SECRET);
      expect(response.status).toBe(200);
    });
    await person.send(`/start ${code}`);
    await person.expectMessage("Учитель — ученик");
    await person.press(t("journey-language-name"));
    await person.expectMessage(t("journey-age-question"));

    // MAX repeats an update whose answer it did not get: it changes nothing a second time.
    const help = fake.messageCreated(user, "/help");
    expect((await post(help, WEBHOOK.WEBHOOK_SECRET)).status).toBe(200);
    expect((await post(help, WEBHOOK.WEBHOOK_SECRET)).status).toBe(200);
    await expect
      .poll(() => fake.callsTo("POST /messages", (c) => String(c.body.text) === t("journey-help")).length)
      .toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.callsTo("POST /messages", (c) => String(c.body.text) === t("journey-help"))).toHaveLength(1);

    // The webhook replaces polling: MAX is never asked for updates.
    expect(fake.callsTo("GET /updates")).toEqual([]);

    // A stopped channel answers 503 while the port is still open, so MAX delivers to another instance.
    await service.channels[0]!.stop();
    expect((await post(fake.messageCreated(user, "/help"), WEBHOOK.WEBHOOK_SECRET)).status).toBe(503);
  });

  it("a token MAX refuses stops the start with one line naming MAX_BOT_TOKEN", async () => {
    const fake = await createFakeMaxApi();
    cleanups.push(() => fake.close());
    const started = await startWithMax(fake, { MAX_BOT_TOKEN: "a-token-max-does-not-know-0123" });
    cleanups.unshift(...started.cleanups);
    const error = await started.service.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceRefusedError);
    expect((error as ServiceRefusedError).variable).toBe("MAX_BOT_TOKEN");
    expect((error as Error).message).not.toContain("a-token-max-does-not-know-0123");
  });
});
