import { describe, expect, it } from "vitest";
import { maxEventId, maxOrderKey, readMaxUpdate } from "../../src/channels/max/inbound-event.js";
import type { ConfigError } from "../../src/config.js";
import { createConfig } from "../../src/config.js";
import { inviteLinks } from "../../src/invites/invite-links.js";

const anna = {
  user_id: 501,
  first_name: "Анна",
  name: "Анна",
  username: null,
  is_bot: false,
  last_activity_time: 1,
};
const dialog = { chat_id: 9001, chat_type: "dialog", user_id: 7000 };

function created(text: string | null, overrides: Record<string, unknown> = {}) {
  return {
    update_type: "message_created",
    timestamp: 1_764_000_000_000,
    message: { sender: anna, recipient: dialog, timestamp: 1, body: { mid: "mid.abc", seq: 1, text } },
    user_locale: "ru",
    ...overrides,
  };
}

describe("reading MAX updates", () => {
  it("reads text, commands and messages without text in a dialog", () => {
    expect(readMaxUpdate(created("Привет"))).toEqual({
      kind: "event",
      externalId: "501",
      chatId: "9001",
      sender: { firstName: "Анна", languageTag: "ru" },
      body: { kind: "text", text: "Привет" },
      message: { chatId: "9001", messageId: "mid.abc" },
    });
    expect(readMaxUpdate(created("/Link  L123 "))).toMatchObject({
      body: { kind: "command", command: "link", argument: "L123" },
    });
    expect(readMaxUpdate(created(null))).toMatchObject({ kind: "event", body: { kind: "unsupported" } });
  });

  it("reads «Начать» from a deep link as /start with its payload, and a stop as blocked", () => {
    const started = {
      update_type: "bot_started",
      timestamp: 5,
      chat_id: 9001,
      user: anna,
      payload: "INVITE42",
    };
    expect(readMaxUpdate(started)).toMatchObject({
      kind: "event",
      externalId: "501",
      chatId: "9001",
      body: { kind: "command", command: "start", argument: "INVITE42" },
    });
    expect(readMaxUpdate({ ...started, payload: undefined })).toMatchObject({
      body: { kind: "command", command: "start", argument: "" },
    });
    expect(readMaxUpdate({ ...started, update_type: "bot_stopped" })).toEqual({
      kind: "blocked",
      chatId: "9001",
    });
  });

  it("reads a press with its payload, the message it sits on and the callback to answer", () => {
    const press = {
      update_type: "message_callback",
      timestamp: 6,
      callback: { timestamp: 6, callback_id: "cb-1", payload: "1abcdefghanswer", user: anna },
      message: { recipient: dialog, timestamp: 1, body: { mid: "mid.bot", seq: 2, text: "?" } },
    };
    expect(readMaxUpdate(press)).toMatchObject({
      kind: "event",
      externalId: "501",
      chatId: "9001",
      body: { kind: "button", payload: "1abcdefghanswer" },
      message: { chatId: "9001", messageId: "mid.bot" },
      press: "cb-1",
    });
  });

  it("ignores group chats, bots, other update types and unreadable shapes", () => {
    const group = created("/start", {
      message: {
        sender: anna,
        recipient: { chat_id: -5, chat_type: "chat" },
        body: { mid: "m", text: "/start" },
      },
    });
    expect(readMaxUpdate(group).kind).toBe("ignored");
    const bot = created("hi", {
      message: { sender: { ...anna, is_bot: true }, recipient: dialog, body: { mid: "m", text: "hi" } },
    });
    expect(readMaxUpdate(bot).kind).toBe("ignored");
    expect(
      readMaxUpdate({ update_type: "chat_title_changed", timestamp: 1, chat_id: 1, user: anna, title: "x" }),
    ).toEqual({
      kind: "ignored",
      why: "update type chat_title_changed",
    });
    expect(readMaxUpdate({ nonsense: true }).kind).toBe("ignored");
  });

  it("gives each update a stable id from what is unique in it, and orders by the person", () => {
    expect(maxEventId(created("a"))).toBe("message:mid.abc");
    expect(maxEventId(JSON.parse(JSON.stringify(created("a"))))).toBe(maxEventId(created("a")));
    const started = { update_type: "bot_started", timestamp: 5, chat_id: 9001, user: anna };
    expect(maxEventId(started)).toBe("bot_started:9001:501:5");
    expect(maxEventId({ ...started, timestamp: 6 })).not.toBe(maxEventId(started));
    expect(maxOrderKey(created("a"))).toBe("user:501");
    expect(maxOrderKey(started)).toBe("user:501");
    expect(() => maxEventId({ nonsense: true })).toThrow();
  });
});

describe("MAX configuration", () => {
  const token = "f9LHodD0cOKQ3h0mYwOf1S_some-max-token";

  it("has MAX when MAX_BOT_TOKEN is set, 30 requests a second unless MAX_RATE_LIMIT says otherwise", () => {
    expect(createConfig({ MAX_BOT_TOKEN: token }).max).toEqual({ token, rateLimit: 30 });
    const config = createConfig({
      MAX_BOT_TOKEN: token,
      MAX_API_ROOT: "http://127.0.0.1:9999/",
      MAX_BOT_USERNAME: "@nastavnik_bot",
      MAX_RATE_LIMIT: "10",
    });
    expect(config.max).toEqual({
      token,
      apiRoot: "http://127.0.0.1:9999",
      username: "nastavnik_bot",
      rateLimit: 10,
    });
    expect(config.links.maxUsername).toBe("nastavnik_bot");
    expect(createConfig({}).max).toBeUndefined();
  });

  it("names the variable when a MAX setting is wrong", () => {
    const problems = (env: Record<string, string>) => {
      try {
        createConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ MAX_BOT_TOKEN: "short" })).toEqual([expect.stringMatching(/^MAX_BOT_TOKEN /)]);
    expect(problems({ MAX_BOT_TOKEN: token, MAX_RATE_LIMIT: "0" })).toEqual([
      expect.stringMatching(/^MAX_RATE_LIMIT /),
    ]);
    expect(problems({ MAX_API_ROOT: "ftp://x" })).toEqual([expect.stringMatching(/^MAX_API_ROOT /)]);
  });

  it("makes max.ru deep links with the code as the start payload", () => {
    expect(inviteLinks({ maxUsername: "nastavnik_bot" }, "ABC234")).toEqual({
      max: "https://max.ru/nastavnik_bot?start=ABC234",
    });
  });
});
