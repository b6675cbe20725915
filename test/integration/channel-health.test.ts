import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CHANNEL_REGISTRATIONS } from "../../src/app/channels.js";
import { ServiceRefusedError, startService } from "../../src/app/service.js";
import { createConfig } from "../../src/config.js";
import { createShutdown } from "../../src/lifecycle/shutdown.js";
import { createLogger } from "../../src/logging/logger.js";
import { createTestDatabase } from "../support/database.js";
import { createFakeTelegramApi } from "../support/fake-telegram-api.js";
import { createFakeVkApi } from "../support/fake-vk-api.js";

const WEBHOOK = { WEBHOOK_URL: "https://bot.example.org", WEBHOOK_SECRET: "service-webhook-secret_0123" };
const FAKE_TOKEN = "123456789:FAKE-token-for-tests_abcdefghijklmno";
const OTHER_TOKEN = "123456789:OTHER-token-for-tests_abcdefghijklm";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A port nobody listens on (found free, then let go): connecting to it is refused. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The service as main.ts builds it, its log lines kept and its exit() recorded instead of taken. */
async function start(env: Record<string, string>) {
  let database: Record<string, string> = { DATA_DIR: "memory://" };
  if (process.env.DATABASE_URL) {
    const server = await createTestDatabase({ migrate: false });
    cleanups.push(() => server.close());
    if (server.config.kind === "postgres") database = { DATABASE_URL: server.config.url };
  }
  const config = createConfig({ ...database, ...env, PORT: "0", LOG_LEVEL: "info" });
  const lines: string[] = [];
  const logger = createLogger(config, { destination: { write: (line: string) => void lines.push(line) } });
  const shutdown = createShutdown({ logger, exit: () => {} });
  cleanups.unshift(() => shutdown.run("test cleanup"));
  const exits: number[] = [];
  const log = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const running = startService({
    config,
    logger,
    shutdown,
    channels: CHANNEL_REGISTRATIONS,
    exit: (code) => exits.push(code),
  });
  return { running, shutdown, exits, log, raw: () => lines.join("") };
}

async function readyz(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("channel health", { timeout: 90_000 }, () => {
  it("a Telegram token refused at start stops the start with one line naming TELEGRAM_BOT_TOKEN", async () => {
    const fake = await createFakeTelegramApi();
    cleanups.push(() => fake.close());
    const { running } = await start({ TELEGRAM_BOT_TOKEN: OTHER_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot });
    const error = await running.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ServiceRefusedError);
    expect((error as ServiceRefusedError).variable).toBe("TELEGRAM_BOT_TOKEN");
    expect((error as Error).message).toMatch(/^TELEGRAM_BOT_TOKEN was refused by telegram: .*401/);
    expect((error as Error).message).not.toContain(OTHER_TOKEN);
  });

  it("409 while polling: the channel is dead, the service shuts down and exits 1", async () => {
    const fake = await createFakeTelegramApi();
    cleanups.push(() => fake.close());
    const { running, shutdown, exits, log } = await start({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
    });
    const service = await running;
    expect(await readyz(service.port)).toMatchObject({ status: 200, body: { checks: { telegram: "ok" } } });

    // Another instance polls the same bot: Telegram ends this one's getUpdates with 409.
    await fake.waitForCall("getUpdates", undefined, { pending: true });
    fake.failNext("getUpdates", {
      code: 409,
      description:
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    });
    fake.sendText(fake.user(), "/start");

    await expect.poll(() => exits, { timeout: 20_000 }).toEqual([1]);
    expect(shutdown.signal.aborted).toBe(true);
    expect(service.health.status("telegram")).toMatchObject({ state: "dead" });
    expect(service.health.status("telegram")?.reason).toContain("409");
    const fatal = log().find((line) => line.level === "fatal");
    expect(fatal).toMatchObject({ channel: "telegram" });
    expect(String(fatal?.msg)).toContain("409 Conflict");
  });

  it("an unreachable Bot API at start: not ready, the log names the host, then ready once it answers", async () => {
    const port = await freePort();
    const apiRoot = `http://127.0.0.1:${port}`;
    const { running, log, raw } = await start({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: apiRoot });
    const service = await running;

    const notReady = await readyz(service.port);
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({ checks: { telegram: "failing" } });
    const reason = (notReady.body.reasons as Record<string, string>).telegram;
    expect(reason).toContain(`127.0.0.1:${port}`);
    expect(reason).toContain("ECONNREFUSED");
    const warning = log().find((line) => String(line.msg).startsWith("telegram API unreachable"));
    expect(warning).toMatchObject({ host: `127.0.0.1:${port}`, cause: "ECONNREFUSED" });
    expect(raw()).not.toContain(FAKE_TOKEN);
    expect(raw()).not.toContain(FAKE_TOKEN.split(":")[1]);

    const fake = await createFakeTelegramApi({ port });
    cleanups.push(() => fake.close());
    await expect
      .poll(async () => (await readyz(service.port)).status, { timeout: 30_000, interval: 200 })
      .toBe(200);
    await fake.waitForCall("getUpdates", undefined, { pending: true });
  });

  it("webhook mode: a token refused after the API comes back leaves the instance up and not ready", async () => {
    const port = await freePort();
    const { running, shutdown, exits, log } = await start({
      ...WEBHOOK,
      TELEGRAM_BOT_TOKEN: OTHER_TOKEN,
      TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
    });
    const service = await running;
    const fake = await createFakeTelegramApi({ port });
    cleanups.push(() => fake.close());

    await expect.poll(() => service.health.status("telegram")?.state, { timeout: 30_000 }).toBe("dead");
    const answer = await readyz(service.port);
    expect(answer.status).toBe(503);
    expect((answer.body.reasons as Record<string, string>).telegram).toMatch(/^telegram stopped: .*401/);
    expect(exits).toEqual([]);
    expect(shutdown.signal.aborted).toBe(false);
    const line = log().find((entry) => entry.variable === "TELEGRAM_BOT_TOKEN");
    expect(String(line?.msg)).toContain("TELEGRAM_BOT_TOKEN was refused by telegram");
  });

  it("a VK token refused at start stops the start naming VK_GROUP_TOKEN", async () => {
    const fake = await createFakeVkApi();
    cleanups.push(() => fake.close());
    const { running } = await start({
      VK_GROUP_TOKEN: "vk1.a.not-the-community-token",
      VK_GROUP_ID: String(fake.groupId),
      VK_API_ROOT: fake.apiRoot,
    });
    const error = await running.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ServiceRefusedError);
    expect((error as ServiceRefusedError).variable).toBe("VK_GROUP_TOKEN");
    expect((error as Error).message).toContain("error 5");
  });

  it("a VK token revoked while polling: not ready, and the polling instance exits 1", async () => {
    const fake = await createFakeVkApi({ maxWaitMs: 200 });
    cleanups.push(() => fake.close());
    const { running, exits } = await start({
      VK_GROUP_TOKEN: fake.token,
      VK_GROUP_ID: String(fake.groupId),
      VK_API_ROOT: fake.apiRoot,
    });
    const service = await running;
    expect(await readyz(service.port)).toMatchObject({ status: 200, body: { checks: { vk: "ok" } } });

    // The key expires; asking for a new one, VK says the token is no longer valid.
    fake.failNext("groups.getLongPollServer", {
      code: 5,
      msg: "User authorization failed: access_token was given to another ip address.",
    });
    fake.failNextPoll(2);

    await expect.poll(() => service.health.status("vk")?.state, { timeout: 20_000 }).toBe("dead");
    expect(service.health.status("vk")?.reason).toContain("error 5");
    await expect.poll(() => exits, { timeout: 20_000 }).toEqual([1]);
  });
});
