import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttonSigningKey, createButtonCodec } from "../../src/app/button-codec.js";
import { createPayloadCodec } from "../../src/channels/shared/payload-codec.js";
import { ConfigError, createConfig } from "../../src/config.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/** Buttons are signed with a key of their own, never the webhook secret, and one key per channel. */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const KEY = "k".repeat(40);
const WEBHOOK = {
  TELEGRAM_BOT_TOKEN: "123456:ABC-def_ghijklmnopqrstuvwxyz012345678",
  WEBHOOK_URL: "https://bot.example.org",
  WEBHOOK_SECRET: "webhook-secret-0123456789",
};
const action = { type: "forget", value: "yes:1796300000" };

describe("the button signing key", () => {
  it("is BUTTON_SIGNING_KEY when set, and refused when too short to be a key", () => {
    expect(createConfig({ BUTTON_SIGNING_KEY: KEY }).buttonSigningKey).toBe(KEY);
    expect(createConfig({}).buttonSigningKey).toBeUndefined();
    expect(() => createConfig({ BUTTON_SIGNING_KEY: "short" })).toThrow(ConfigError);
  });

  it("is generated once and kept in the database when not set: every instance and restart gets the same", async () => {
    const config = createConfig(WEBHOOK);
    const keys = await Promise.all([1, 2, 3].map(() => buttonSigningKey(config, database.db)));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await buttonSigningKey(config, database.db)).toBe(keys[0]);
    expect(keys[0]).not.toBe(WEBHOOK.WEBHOOK_SECRET);
    expect(await buttonSigningKey(createConfig({ ...WEBHOOK, BUTTON_SIGNING_KEY: KEY }), database.db)).toBe(
      KEY,
    );
  });

  it("is not the webhook secret: a button signed with the secret that travels in headers is refused", async () => {
    const config = createConfig(WEBHOOK);
    const codec = createButtonCodec(await buttonSigningKey(config, database.db), "telegram");
    const forged = createPayloadCodec({ secret: WEBHOOK.WEBHOOK_SECRET }).encode("telegram", action);
    expect(forged.ok).toBe(true);
    if (!forged.ok) return;
    expect(codec.decode("telegram", forged.payload)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("is derived per channel: a payload signed for one channel does not verify on another", () => {
    const telegram = createButtonCodec(KEY, "telegram");
    const max = createButtonCodec(KEY, "max");
    const encoded = telegram.encode("telegram", action);
    expect(encoded.ok).toBe(true);
    if (!encoded.ok) return;
    expect(telegram.decode("telegram", encoded.payload)).toEqual({ ok: true, action });
    expect(max.decode("telegram", encoded.payload)).toEqual({ ok: false, reason: "bad_signature" });
    expect(createButtonCodec(KEY, "telegram").decode("telegram", encoded.payload).ok).toBe(true);
  });
});
