import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, createConfig, isIanaTimeZone } from "../../src/config.js";

const TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const SECRET = "s3cret-webhook-token_0123";
/** VK in Callback API mode: WEBHOOK_URL plus the community's token and id. */
const VK_WEBHOOK = {
  VK_GROUP_TOKEN: "vk1.a.group-token",
  VK_GROUP_ID: "218765432",
  WEBHOOK_URL: "https://bot.example.org",
  WEBHOOK_SECRET: SECRET,
};

/** The problems createConfig reports for an environment (fails the test when it does not throw). */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    createConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe("createConfig: defaults", () => {
  it("runs on embedded PGlite in ./data, port 8080, Moscow time, info logs, no channels", () => {
    expect(createConfig({})).toEqual({
      database: { kind: "pglite", dataDir: "./data" },
      port: 8080,
      defaultTimeZone: "Europe/Moscow",
      personFloodLimit: 60,
      logLevel: "info",
      meetings: { silentAfterDays: 21, escalateAfterDays: 7 },
      links: {},
    });
  });

  it("takes the meeting rhythm in days and refuses what is not a number of days", () => {
    expect(createConfig({ MEETING_SILENT_DAYS: "14", MEETING_ESCALATE_DAYS: "3" }).meetings).toEqual({
      silentAfterDays: 14,
      escalateAfterDays: 3,
    });
    expect(problemsOf({ MEETING_SILENT_DAYS: "0", MEETING_ESCALATE_DAYS: "a week" })).toEqual([
      "MEETING_SILENT_DAYS must be between 1 and 365 days",
      "MEETING_ESCALATE_DAYS must be a number",
    ]);
  });

  it("takes PERSON_FLOOD_LIMIT as inputs per minute, 0 turning the limit off, and refuses the rest", () => {
    expect(createConfig({ PERSON_FLOOD_LIMIT: "0" }).personFloodLimit).toBe(0);
    expect(createConfig({ PERSON_FLOOD_LIMIT: "120" }).personFloodLimit).toBe(120);
    expect(problemsOf({ PERSON_FLOOD_LIMIT: "-1" })).toEqual([
      "PERSON_FLOOD_LIMIT must be 0 (no limit) or more",
    ]);
    expect(problemsOf({ PERSON_FLOOD_LIMIT: "lots" })).toEqual(["PERSON_FLOOD_LIMIT must be a number"]);
  });

  it("treats blank values (an env file's `PORT=`) as unset, not as 0 or an error", () => {
    const config = createConfig({
      DATABASE_URL: "",
      DATA_DIR: " ",
      PORT: "",
      DEFAULT_TIMEZONE: "",
      LOG_LEVEL: "",
      TELEGRAM_BOT_TOKEN: "",
      VK_GROUP_TOKEN: "",
      VK_GROUP_ID: "",
      WEBHOOK_URL: "",
      WEBHOOK_SECRET: "",
      VK_CALLBACK_CONFIRMATION: "",
      VK_CALLBACK_SECRET: "",
    });
    expect(config).toEqual(createConfig({}));
  });

  it("ignores variables it does not know (the rest of process.env)", () => {
    expect(createConfig({ HOME: "/root", PATH: "/bin", npm_config_cache: "x" })).toEqual(createConfig({}));
  });
});

describe("createConfig: database", () => {
  it("uses PGlite in DATA_DIR when DATABASE_URL is absent", () => {
    expect(createConfig({ DATA_DIR: "/var/lib/nastavnik" }).database).toEqual({
      kind: "pglite",
      dataDir: "/var/lib/nastavnik",
    });
  });

  it.each(["postgres://bot:pw@db:5432/nastavnik", "postgresql://localhost/nastavnik"])(
    "uses the server at %s when DATABASE_URL is set (DATA_DIR is then irrelevant)",
    (url) => {
      expect(createConfig({ DATABASE_URL: url, DATA_DIR: "/ignored" }).database).toEqual({
        kind: "postgres",
        url,
      });
    },
  );
});

describe("createConfig: channels", () => {
  it("takes TELEGRAM_RATE_LIMIT from 1 to 1000 messages a second (paid broadcast), 30 by default", () => {
    const withRate = (value: string) =>
      createConfig({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_RATE_LIMIT: value }).telegram?.rateLimit;
    expect(withRate("")).toBe(30);
    expect(withRate("1000")).toBe(1000);
    expect(withRate("1")).toBe(1);
    for (const value of ["0", "1001", "2.5", "fast"]) {
      expect(problemsOf({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_RATE_LIMIT: value })).toEqual([
        expect.stringMatching(/^TELEGRAM_RATE_LIMIT /),
      ]);
    }
  });

  it("has neither channel without tokens", () => {
    const config = createConfig({
      TELEGRAM_API_ROOT: "https://bot-api.example",
      VK_API_ROOT: "https://vk.example",
    });
    expect(config.telegram).toBeUndefined();
    expect(config.vk).toBeUndefined();
  });

  it("has Telegram when TELEGRAM_BOT_TOKEN is set, with the optional API root and username", () => {
    expect(createConfig({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN }).telegram).toEqual({
      token: TELEGRAM_TOKEN,
      rateLimit: 30,
    });
    const config = createConfig({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: "https://bot-api.example.org/",
      TELEGRAM_BOT_USERNAME: "@nastavnik_bot",
    });
    expect(config.telegram).toEqual({
      token: TELEGRAM_TOKEN,
      apiRoot: "https://bot-api.example.org",
      username: "nastavnik_bot",
      rateLimit: 30,
    });
    expect(config.links.telegramUsername).toBe("nastavnik_bot");
    expect(config.vk).toBeUndefined();
  });

  it("has VK when VK_GROUP_TOKEN and VK_GROUP_ID are set", () => {
    const config = createConfig({
      VK_GROUP_TOKEN: "vk1.a.group-token",
      VK_GROUP_ID: "218765432",
      VK_API_ROOT: "https://api.vk.example",
    });
    expect(config.vk).toEqual({
      token: "vk1.a.group-token",
      groupId: 218765432,
      apiRoot: "https://api.vk.example",
    });
    expect(config.links.vkGroupId).toBe(218765432);
    expect(config.telegram).toBeUndefined();
  });

  it("keeps VK_GROUP_ID for invite links even without a VK token (the CLI prints links)", () => {
    const config = createConfig({ VK_GROUP_ID: "42" });
    expect(config.vk).toBeUndefined();
    expect(config.links).toEqual({ vkGroupId: 42 });
  });

  it("has VK's Callback API settings when WEBHOOK_URL is set, and only then", () => {
    const callback = { VK_CALLBACK_CONFIRMATION: " a1b2c3d4 ", VK_CALLBACK_SECRET: "Secret42" };
    expect(createConfig({ ...VK_WEBHOOK, ...callback }).vk).toEqual({
      token: "vk1.a.group-token",
      groupId: 218765432,
      callback: { confirmation: "a1b2c3d4", secret: "Secret42" },
    });
    // Without WEBHOOK_URL the channel long-polls: the callback settings are not needed nor used.
    const polling = createConfig({ VK_GROUP_TOKEN: "t", VK_GROUP_ID: "1", ...callback });
    expect(polling.vk).toEqual({ token: "t", groupId: 1 });
    expect(polling.webhook).toBeUndefined();
  });

  it("does not ask for VK's callback settings when WEBHOOK_URL serves Telegram only", () => {
    const config = createConfig({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      WEBHOOK_URL: "https://bot.example.org",
      WEBHOOK_SECRET: SECRET,
    });
    expect(config.vk).toBeUndefined();
    expect(config.webhook?.url).toBe("https://bot.example.org");
  });

  it("has both channels when both are configured", () => {
    const config = createConfig({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      VK_GROUP_TOKEN: "t",
      VK_GROUP_ID: "1",
    });
    expect(config.telegram?.token).toBe(TELEGRAM_TOKEN);
    expect(config.vk?.groupId).toBe(1);
  });
});

describe("createConfig: webhook, port, time zone, log level", () => {
  it("uses long polling (no webhook) unless WEBHOOK_URL is set", () => {
    expect(createConfig({ WEBHOOK_SECRET: SECRET }).webhook).toBeUndefined();
    expect(createConfig({ WEBHOOK_URL: "https://bot.example.org/", WEBHOOK_SECRET: SECRET }).webhook).toEqual(
      {
        url: "https://bot.example.org",
        secret: SECRET,
      },
    );
  });

  it("reads PORT, DEFAULT_TIMEZONE, LOG_LEVEL and FORMS_DIR", () => {
    const config = createConfig({
      PORT: "3000",
      DEFAULT_TIMEZONE: "Asia/Vladivostok",
      LOG_LEVEL: "debug",
      FORMS_DIR: "./my-forms",
    });
    expect(config).toMatchObject({
      port: 3000,
      defaultTimeZone: "Asia/Vladivostok",
      logLevel: "debug",
      formsDir: "./my-forms",
    });
  });

  it("accepts PORT=0 (any free port, used by tests)", () => {
    expect(createConfig({ PORT: "0" }).port).toBe(0);
  });
});

describe("createConfig: every invalid value names its variable", () => {
  it.each<[string, Record<string, string>, RegExp]>([
    ["DATABASE_URL", { DATABASE_URL: "mysql://db/nastavnik" }, /postgres:\/\//],
    ["DATABASE_URL", { DATABASE_URL: "db.example.org:5432" }, /postgres:\/\//],
    ["TELEGRAM_BOT_TOKEN", { TELEGRAM_BOT_TOKEN: "not-a-token" }, /BotFather/],
    ["TELEGRAM_BOT_TOKEN", { TELEGRAM_BOT_TOKEN: "123456:short" }, /BotFather/],
    ["TELEGRAM_BOT_USERNAME", { TELEGRAM_BOT_USERNAME: "no spaces allowed" }, /username/],
    ["TELEGRAM_API_ROOT", { TELEGRAM_API_ROOT: "bot-api.example.org" }, /http\(s\) URL/],
    ["TELEGRAM_API_ROOT", { TELEGRAM_API_ROOT: "ftp://bot-api.example.org" }, /http\(s\) URL/],
    ["VK_GROUP_ID", { VK_GROUP_TOKEN: "vk-token" }, /required when VK_GROUP_TOKEN/],
    ["VK_GROUP_ID", { VK_GROUP_TOKEN: "vk-token", VK_GROUP_ID: "club123" }, /number/],
    ["VK_GROUP_ID", { VK_GROUP_TOKEN: "vk-token", VK_GROUP_ID: "-218765432" }, /positive/],
    ["VK_GROUP_ID", { VK_GROUP_TOKEN: "vk-token", VK_GROUP_ID: "12.5" }, /whole number/],
    ["VK_API_ROOT", { VK_API_ROOT: "not a url" }, /http\(s\) URL/],
    [
      "VK_CALLBACK_CONFIRMATION",
      { ...VK_WEBHOOK, VK_CALLBACK_SECRET: "Secret42" },
      /required when WEBHOOK_URL and VK_GROUP_TOKEN/,
    ],
    [
      "VK_CALLBACK_CONFIRMATION",
      { ...VK_WEBHOOK, VK_CALLBACK_CONFIRMATION: "a1b2 c3d4", VK_CALLBACK_SECRET: "Secret42" },
      /letters and digits/,
    ],
    ["VK_CALLBACK_CONFIRMATION", { VK_CALLBACK_CONFIRMATION: "x".repeat(65) }, /letters and digits/],
    [
      "VK_CALLBACK_SECRET",
      { ...VK_WEBHOOK, VK_CALLBACK_CONFIRMATION: "a1b2c3d4" },
      /required when WEBHOOK_URL and VK_GROUP_TOKEN/,
    ],
    [
      "VK_CALLBACK_SECRET",
      { ...VK_WEBHOOK, VK_CALLBACK_CONFIRMATION: "a1b2c3d4", VK_CALLBACK_SECRET: "with-dash_0123" },
      /1-50 letters and digits/,
    ],
    ["VK_CALLBACK_SECRET", { VK_CALLBACK_SECRET: "a".repeat(51) }, /1-50 letters and digits/],
    ["WEBHOOK_URL", { WEBHOOK_URL: "http://bot.example.org", WEBHOOK_SECRET: SECRET }, /https:\/\//],
    ["WEBHOOK_URL", { WEBHOOK_URL: "bot.example.org", WEBHOOK_SECRET: SECRET }, /http\(s\) URL/],
    ["WEBHOOK_SECRET", { WEBHOOK_URL: "https://bot.example.org" }, /required when WEBHOOK_URL/],
    ["WEBHOOK_SECRET", { WEBHOOK_URL: "https://bot.example.org", WEBHOOK_SECRET: "short" }, /16-256/],
    [
      "WEBHOOK_SECRET",
      { WEBHOOK_URL: "https://bot.example.org", WEBHOOK_SECRET: "has spaces in it!!!!" },
      /16-256/,
    ],
    ["PORT", { PORT: "http" }, /number/],
    ["PORT", { PORT: "80.5" }, /whole number/],
    ["PORT", { PORT: "-1" }, /between 0 and 65535/],
    ["PORT", { PORT: "70000" }, /between 0 and 65535/],
    ["DEFAULT_TIMEZONE", { DEFAULT_TIMEZONE: "Mars/Olympus" }, /IANA/],
    ["DEFAULT_TIMEZONE", { DEFAULT_TIMEZONE: "MSK" }, /IANA/],
    ["LOG_LEVEL", { LOG_LEVEL: "verbose" }, /one of fatal, error/],
  ])("%s: %j", (variable, env, why) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.startsWith(`${variable} `)).toBe(true);
    expect(problems[0]).toMatch(why);
  });

  it("reports several problems at once, field errors and missing companions alike", () => {
    const problems = problemsOf({
      DATABASE_URL: "mysql://db",
      TELEGRAM_BOT_TOKEN: "nope",
      VK_GROUP_TOKEN: "vk-token",
      WEBHOOK_URL: "https://bot.example.org",
      PORT: "eighty",
      DEFAULT_TIMEZONE: "Mars/Olympus",
      LOG_LEVEL: "loud",
    });
    expect(problems.map((line) => line.split(" ")[0]).sort()).toEqual(
      [
        "DATABASE_URL",
        "DEFAULT_TIMEZONE",
        "LOG_LEVEL",
        "PORT",
        "TELEGRAM_BOT_TOKEN",
        "VK_CALLBACK_CONFIRMATION",
        "VK_CALLBACK_SECRET",
        "VK_GROUP_ID",
        "WEBHOOK_SECRET",
      ].sort(),
    );
  });

  it("puts one problem per line in the error message, for the operator's terminal", () => {
    const error = (() => {
      try {
        createConfig({ PORT: "x", LOG_LEVEL: "y" });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error.name).toBe("ConfigError");
    expect(error.message.split("\n")).toEqual([
      "Invalid configuration:",
      `  - ${error.problems[0]}`,
      `  - ${error.problems[1]}`,
    ]);
  });
});

describe("isIanaTimeZone", () => {
  it.each(["Europe/Moscow", "Europe/Kaliningrad", "Asia/Kamchatka", "Asia/Yekaterinburg", "UTC"])(
    "accepts %s",
    (zone) => {
      expect(isIanaTimeZone(zone)).toBe(true);
    },
  );

  it.each(["Mars/Olympus", "MSK", "+03:00", ""])("refuses %j", (zone) => {
    expect(isIanaTimeZone(zone)).toBe(false);
  });
});

describe(".env.example", () => {
  const text = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
  const lines = text.split("\n");
  const entries = lines.flatMap((line, index) => {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    return match ? [{ name: match[1]!, value: match[2]!, comment: lines[index - 1] ?? "" }] : [];
  });

  it("lists every variable src/config.ts reads, each with a comment above it", () => {
    // The schema's keys, read from its source: a variable added there and not here fails this test.
    const source = readFileSync(new URL("../../src/config.ts", import.meta.url), "utf8");
    const declared = [...source.matchAll(/^ {4}([A-Z][A-Z0-9_]*): /gm)].map((match) => match[1]);
    expect(declared).toEqual(
      expect.arrayContaining(["DATABASE_URL", "TELEGRAM_BOT_TOKEN", "WEBHOOK_SECRET", "LOG_LEVEL"]),
    );
    expect(entries.map((entry) => entry.name).sort()).toEqual([...new Set(declared)].sort());
    for (const entry of entries) expect(entry.comment, entry.name).toMatch(/^# /);
  });

  it("is itself a valid configuration equal to the defaults, so copying it to .env just works", () => {
    const env = Object.fromEntries(entries.map((entry) => [entry.name, entry.value]));
    expect(createConfig(env)).toEqual(createConfig({}));
  });
});
