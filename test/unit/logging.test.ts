import { describe, expect, it } from "vitest";
import { createConfig } from "../../src/config.js";
import { createLogger, describeDatabase, REDACTED, secretValues } from "../../src/logging/logger.js";

const TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const VK_TOKEN = "vk1.a.Zx9yQwErTyUiOp-group-token";
const WEBHOOK_SECRET = "webhook_secret_0123456789";
const VK_CALLBACK_SECRET = "VkCallbackSecret0123";
const DB_PASSWORD = "p@ss:w0rd/with#odd";

const config = createConfig({
  TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
  VK_GROUP_TOKEN: VK_TOKEN,
  VK_GROUP_ID: "218765432",
  WEBHOOK_URL: "https://bot.example.org",
  WEBHOOK_SECRET,
  VK_CALLBACK_CONFIRMATION: "a1b2c3d4",
  VK_CALLBACK_SECRET,
  DATABASE_URL: `postgres://bot:${encodeURIComponent(DB_PASSWORD)}@db.internal:5432/nastavnik`,
  LOG_LEVEL: "debug",
});

/** A logger writing into an array, one parsed object per line, plus the raw text. */
function capture(level = config) {
  const raw: string[] = [];
  const logger = createLogger(level, { destination: { write: (line: string) => void raw.push(line) } });
  return {
    logger,
    raw: () => raw.join(""),
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe("createLogger", () => {
  it("writes JSON lines with an ISO time, a level label and the message", () => {
    const { logger, lines } = capture();
    logger.info({ port: 8080 }, "HTTP server listening");
    const [line] = lines();
    expect(line).toMatchObject({
      level: "info",
      service: "nastavnik",
      port: 8080,
      msg: "HTTP server listening",
    });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
  });

  it("respects LOG_LEVEL", () => {
    const { logger, lines } = capture(createConfig({ LOG_LEVEL: "warn" }));
    logger.info("hidden");
    logger.warn("shown");
    expect(lines().map((line) => line.msg)).toEqual(["shown"]);
  });

  it("censors credentials by key, at any depth up to four levels", () => {
    const { logger, raw, lines } = capture();
    logger.info({ token: TELEGRAM_TOKEN, config: { telegram: { token: "another-token-value" } } }, "keys");
    logger.info(
      { request: { headers: { "x-telegram-bot-api-secret-token": "header-secret-value" } } },
      "headers",
    );
    expect(raw()).not.toContain("another-token-value");
    expect(raw()).not.toContain("header-secret-value");
    expect(lines()[0]).toMatchObject({ token: REDACTED, config: { telegram: { token: REDACTED } } });
  });

  it("never writes what a participant typed, their name or phone number", () => {
    const { logger, raw, lines } = capture();
    const update = {
      update_id: 1001,
      message: {
        message_id: 7,
        text: "Мне нужна помощь с алгеброй",
        from: { id: 42, first_name: "Маша", last_name: "Иванова", username: "masha_i" },
        contact: { phone_number: "+79161234567", first_name: "Маша" },
      },
    };
    logger.debug({ update, person: { fullName: "Иванова Мария", phone: "+79161234567" } }, "update");
    for (const personal of ["алгеброй", "Маша", "Иванова", "masha_i", "+79161234567"]) {
      expect(raw()).not.toContain(personal);
    }
    // Ids stay: they are what an operator needs to follow an update through the logs.
    expect(lines()[0]).toMatchObject({
      update: { update_id: 1001, message: { message_id: 7, from: { id: 42 } } },
    });
  });

  it("scrubs configured secret values wherever they appear, even inside messages and errors", () => {
    const { logger, raw } = capture();
    const error = new Error(`request to https://api.telegram.org/bot${TELEGRAM_TOKEN}/getMe failed`);
    logger.error({ err: error }, "Telegram refused");
    logger.warn(`VK said no to ${VK_TOKEN}`);
    logger.warn({ note: `secret was ${WEBHOOK_SECRET}` }, "webhook");
    logger.warn({ note: `vk secret was ${VK_CALLBACK_SECRET}` }, "vk callback");
    logger.error({ err: new Error(`password authentication failed: ${DB_PASSWORD}`) }, "database");
    const text = raw();
    for (const secret of [TELEGRAM_TOKEN, VK_TOKEN, WEBHOOK_SECRET, VK_CALLBACK_SECRET, DB_PASSWORD]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain(`/bot${REDACTED}/getMe`);
  });

  it("keeps an error's type and stack (only its secrets go)", () => {
    const { logger, lines } = capture();
    logger.error({ err: new TypeError("boom") }, "handler threw");
    expect(lines()[0]).toMatchObject({ err: { type: "TypeError", message: "boom" } });
    expect((lines()[0]!.err as { stack: string }).stack).toContain("TypeError: boom");
  });
});

describe("secretValues", () => {
  it("lists the tokens, the webhook secret and the database password, longest first", () => {
    const values = secretValues(config);
    expect(values).toEqual(
      expect.arrayContaining([TELEGRAM_TOKEN, VK_TOKEN, WEBHOOK_SECRET, VK_CALLBACK_SECRET, DB_PASSWORD]),
    );
    expect(values).toEqual([...values].sort((a, b) => b.length - a.length));
  });

  it("is empty for a configuration without secrets", () => {
    expect(secretValues(createConfig({}))).toEqual([]);
  });
});

describe("describeDatabase", () => {
  it("names the server and database but not the credentials", () => {
    const described = describeDatabase(config.database);
    expect(described).toEqual({ kind: "postgres", host: "db.internal:5432", database: "nastavnik" });
    expect(JSON.stringify(described)).not.toContain("bot:");
  });

  it("names the PGlite folder", () => {
    expect(describeDatabase(createConfig({ DATA_DIR: "/data" }).database)).toEqual({
      kind: "pglite",
      dataDir: "/data",
    });
  });
});
