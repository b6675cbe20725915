import { afterEach, describe, expect, it } from "vitest";
import { CHANNEL_REGISTRATIONS } from "../../src/app/channels.js";
import { startService } from "../../src/app/service.js";
import { TELEGRAM_WEBHOOK_PATH } from "../../src/app/telegram-registration.js";
import { createConfig } from "../../src/config.js";
import { createShutdown } from "../../src/lifecycle/shutdown.js";
import { createLogger } from "../../src/logging/logger.js";
import { createTestDatabase } from "../support/database.js";
import { createFakeTelegramApi, type FakeTelegramApi } from "../support/fake-telegram-api.js";

const SECRET = "service-webhook-secret_0123";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The service as `npm start` builds it, with Telegram configured as an operator does it. */
async function startWithTelegram(fake: FakeTelegramApi, env: Record<string, string>) {
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
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
  });
  const logger = createLogger(config, { destination: { write: () => {} } });
  const shutdown = createShutdown({ logger, exit: () => {} });
  cleanups.unshift(() => shutdown.run("test cleanup"));
  return startService({ config, logger, shutdown, channels: CHANNEL_REGISTRATIONS });
}

describe("the Telegram registration in the service", { timeout: 90_000 }, () => {
  it("polls without WEBHOOK_URL, and the journey answers", async () => {
    const fake = await createFakeTelegramApi();
    cleanups.push(() => fake.close());
    await startWithTelegram(fake, {});
    const user = fake.user();
    fake.sendText(user, "/start");
    const reply = await fake.waitForCall("sendMessage", (c) => Number(c.payload.chat_id) === user.id);
    expect(String(reply.payload.text)).toContain("Выберите язык");
  });

  it("registers its webhook under WEBHOOK_URL and takes only posts carrying the secret", async () => {
    const fake = await createFakeTelegramApi();
    cleanups.push(() => fake.close());
    const service = await startWithTelegram(fake, {
      WEBHOOK_URL: "https://bot.example.org",
      WEBHOOK_SECRET: SECRET,
    });
    expect(fake.webhook).toEqual({
      url: `https://bot.example.org${TELEGRAM_WEBHOOK_PATH}`,
      secretToken: SECRET,
    });
    const user = fake.user();
    const post = (headers: Record<string, string>, update: unknown) =>
      fetch(`http://127.0.0.1:${service.port}${TELEGRAM_WEBHOOK_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(update),
      });
    const refused = await post({}, fake.messageUpdate(user, "/start"));
    expect(refused.status).toBe(401);
    const accounts = await service.database.db.selectFrom("channel_account").select("id").execute();
    expect(accounts).toEqual([]);

    const accepted = await post(
      { "x-telegram-bot-api-secret-token": SECRET },
      fake.messageUpdate(user, "/start"),
    );
    expect(accepted.status).toBe(200);
    const reply = await fake.waitForCall("sendMessage", (c) => Number(c.payload.chat_id) === user.id);
    expect(String(reply.payload.text)).toContain("Выберите язык");
  });
});
