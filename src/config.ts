import { z } from "zod";

/** Node's Intl knows every IANA zone the runtime ships; an unknown name throws RangeError. */
export function isIanaTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return name.includes("/") || name === "UTC";
  } catch {
    return false;
  }
}

/**
 * An env file line like `PORT=` yields "" (docker compose passes it on as set), which should mean
 * "unset, use the default" rather than an error or, for PORT, a silent 0 (a random port).
 */
const blankAsUnset = <T>(value: T): T | undefined =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const optionalText = z.string().trim().transform(blankAsUnset).optional();

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === "http:" || url.protocol === "https:";
      } catch {
        return false;
      }
    }, `must be an http(s) URL of ${what}`)
    .transform((value) => value.replace(/\/+$/, ""));

const optionalUrl = (what: string) => z.preprocess(blankAsUnset, httpUrl(what).optional());

const envSchema = z
  .object({
    DATABASE_URL: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// connection URL")
        .optional(),
    ),
    DATA_DIR: z.preprocess(blankAsUnset, z.string().trim().default("./data")),
    TELEGRAM_BOT_TOKEN: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "must look like 123456:ABC... as BotFather gives it")
        .optional(),
    ),
    TELEGRAM_BOT_USERNAME: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, "must be the bot's username, e.g. nastavnik_bot")
        .transform((value) => value.replace(/^@/, ""))
        .optional(),
    ),
    TELEGRAM_API_ROOT: optionalUrl("a Bot API server"),
    // The bot's total push rate across all instances; Telegram allows about 30 a second, paid
    // broadcasts up to 1000.
    TELEGRAM_RATE_LIMIT: z.preprocess(
      blankAsUnset,
      z.coerce
        .number({ error: "must be a number" })
        .int("must be a whole number")
        .min(1, "must be between 1 and 1000 messages a second")
        .max(1000, "must be between 1 and 1000 messages a second")
        .default(30),
    ),
    MAX_BOT_TOKEN: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .regex(
          /^\S{16,512}$/,
          "must be the token the MAX platform for partners shows for the bot (no spaces)",
        )
        .optional(),
    ),
    MAX_BOT_USERNAME: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^@?[A-Za-z0-9_]{3,64}$/, "must be the bot's nick in MAX, e.g. nastavnik_bot")
        .transform((value) => value.replace(/^@/, ""))
        .optional(),
    ),
    MAX_API_ROOT: optionalUrl("a MAX Bot API host"),
    // The bot's total request rate across all instances; MAX documents about 30 requests a second.
    MAX_RATE_LIMIT: z.preprocess(
      blankAsUnset,
      z.coerce
        .number({ error: "must be a number" })
        .int("must be a whole number")
        .min(1, "must be between 1 and 1000 requests a second")
        .max(1000, "must be between 1 and 1000 requests a second")
        .default(30),
    ),
    VK_GROUP_TOKEN: optionalText,
    VK_GROUP_ID: z.preprocess(
      blankAsUnset,
      z.coerce
        .number({ error: "must be a number" })
        .int("must be a whole number")
        .positive("must be the community's positive id")
        .optional(),
    ),
    VK_API_ROOT: optionalUrl("a VK API host"),
    // VK shows both under Manage → Working with API → Callback API; only read with WEBHOOK_URL.
    VK_CALLBACK_CONFIRMATION: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .regex(
          /^[A-Za-z0-9]{1,64}$/,
          "must be the string VK shows under «Строка, которую должен вернуть сервер» (letters and digits)",
        )
        .optional(),
    ),
    VK_CALLBACK_SECRET: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^[A-Za-z0-9]{1,50}$/, "must be 1-50 letters and digits, as VK takes for «Секретный ключ»")
        .optional(),
    ),
    WEBHOOK_URL: z.preprocess(
      blankAsUnset,
      httpUrl("this service as the messengers reach it")
        .refine(
          (value) => value.startsWith("https://"),
          "must be https:// (Telegram, VK and MAX require TLS)",
        )
        .optional(),
    ),
    WEBHOOK_SECRET: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16-256 characters of A-Z, a-z, 0-9, _ and -")
        .optional(),
    ),
    BUTTON_SIGNING_KEY: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{32,256}$/, "must be 32-256 characters of A-Z, a-z, 0-9, _ and -")
        .optional(),
    ),
    PORT: z.preprocess(
      blankAsUnset,
      z.coerce
        .number({ error: "must be a number" })
        .int("must be a whole number")
        .min(0, "must be between 0 and 65535")
        .max(65535, "must be between 0 and 65535")
        .default(8080),
    ),
    // Inputs per minute one person may send before being asked to slow down; 0 = no limit (load tests).
    PERSON_FLOOD_LIMIT: z.preprocess(
      blankAsUnset,
      z.coerce
        .number({ error: "must be a number" })
        .int("must be a whole number")
        .min(0, "must be 0 (no limit) or more")
        .max(10_000, "must be at most 10000")
        .default(60),
    ),
    DEFAULT_TIMEZONE: z.preprocess(
      blankAsUnset,
      z
        .string()
        .trim()
        .default("Europe/Moscow")
        .refine(isIanaTimeZone, "must be an IANA time zone such as Europe/Moscow or Asia/Yekaterinburg"),
    ),
    LOG_LEVEL: z.preprocess(
      blankAsUnset,
      z
        .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
          error: "must be one of fatal, error, warn, info, debug, trace, silent",
        })
        .default("info"),
    ),
    FORMS_DIR: optionalText,
    // A pair with no meeting for this many days is nudged through the mentor...
    MEETING_SILENT_DAYS: z.preprocess(
      blankAsUnset,
      z.coerce
        .number({ error: "must be a number" })
        .int("must be a whole number")
        .min(1, "must be between 1 and 365 days")
        .max(365, "must be between 1 and 365 days")
        .default(21),
    ),
    // ...and this many days later, still silent, reported to the organisation's curators.
    MEETING_ESCALATE_DAYS: z.preprocess(
      blankAsUnset,
      z.coerce
        .number({ error: "must be a number" })
        .int("must be a whole number")
        .min(1, "must be between 1 and 365 days")
        .max(365, "must be between 1 and 365 days")
        .default(7),
    ),
  })
  .superRefine(
    (env, ctx) => {
      if (env.VK_GROUP_TOKEN && env.VK_GROUP_ID === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["VK_GROUP_ID"],
          message: "is required when VK_GROUP_TOKEN is set",
        });
      }
      if (env.WEBHOOK_URL && !env.WEBHOOK_SECRET) {
        ctx.addIssue({
          code: "custom",
          path: ["WEBHOOK_SECRET"],
          message: "is required when WEBHOOK_URL is set, so forged webhook calls are refused",
        });
      }
      // With WEBHOOK_URL the VK channel runs on the Callback API, which cannot start without these.
      if (env.WEBHOOK_URL && env.VK_GROUP_TOKEN) {
        if (!env.VK_CALLBACK_CONFIRMATION) {
          ctx.addIssue({
            code: "custom",
            path: ["VK_CALLBACK_CONFIRMATION"],
            message:
              "is required when WEBHOOK_URL and VK_GROUP_TOKEN are set: copy the string the community's " +
              "Callback API settings ask the server to return",
          });
        }
        if (!env.VK_CALLBACK_SECRET) {
          ctx.addIssue({
            code: "custom",
            path: ["VK_CALLBACK_SECRET"],
            message:
              "is required when WEBHOOK_URL and VK_GROUP_TOKEN are set: choose a secret key in the " +
              "community's Callback API settings and put it here, so forged calls are refused",
          });
        }
      }
    },
    // Zod skips object-level checks once any field failed; run them anyway so one start-up
    // reports every problem, not one per attempt.
    { when: () => true },
  );

export interface Config {
  database: { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };
  telegram?: {
    token: string;
    apiRoot?: string;
    username?: string;
    /** Messages a second the outbox pushes through this bot, all instances together. */
    rateLimit: number;
  };
  max?: {
    token: string;
    apiRoot?: string;
    /** The bot's nick, for deep links before GET /me answered (and for the command line). */
    username?: string;
    /** Requests a second the outbox pushes through this bot, all instances together. */
    rateLimit: number;
  };
  vk?: {
    token: string;
    groupId: number;
    apiRoot?: string;
    /** Present exactly when WEBHOOK_URL is set: VK then posts events (Callback API) instead of long polling. */
    callback?: { confirmation: string; secret: string };
  };
  /** Where the messengers post updates; absent means long polling. */
  webhook?: { url: string; secret: string };
  /** Signs button payloads; absent: a key generated on first start and kept in the database. */
  buttonSigningKey?: string;
  port: number;
  defaultTimeZone: string;
  /** Inputs per minute one person may send before being asked to slow down; 0 means no limit. */
  personFloodLimit: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  formsDir?: string;
  /** When a pair without meetings is nudged (through the mentor) and then escalated to the curators. */
  meetings: { silentAfterDays: number; escalateAfterDays: number };
  /** For invite links printed by the CLI when the bot itself is not running. */
  links: { telegramUsername?: string; vkGroupId?: number; maxUsername?: string };
}

/** Thrown at start-up; each line names a variable and what is wrong with it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment once. Tests pass a plain object; `loadConfig` passes process.env. */
export function createConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`),
    );
  }
  const e = parsed.data;
  return {
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: e.DATA_DIR },
    ...(e.TELEGRAM_BOT_TOKEN && {
      telegram: {
        token: e.TELEGRAM_BOT_TOKEN,
        rateLimit: e.TELEGRAM_RATE_LIMIT,
        ...(e.TELEGRAM_API_ROOT && { apiRoot: e.TELEGRAM_API_ROOT }),
        ...(e.TELEGRAM_BOT_USERNAME && { username: e.TELEGRAM_BOT_USERNAME }),
      },
    }),
    ...(e.MAX_BOT_TOKEN && {
      max: {
        token: e.MAX_BOT_TOKEN,
        rateLimit: e.MAX_RATE_LIMIT,
        ...(e.MAX_API_ROOT && { apiRoot: e.MAX_API_ROOT }),
        ...(e.MAX_BOT_USERNAME && { username: e.MAX_BOT_USERNAME }),
      },
    }),
    ...(e.VK_GROUP_TOKEN &&
      e.VK_GROUP_ID !== undefined && {
        vk: {
          token: e.VK_GROUP_TOKEN,
          groupId: e.VK_GROUP_ID,
          ...(e.VK_API_ROOT && { apiRoot: e.VK_API_ROOT }),
          ...(e.WEBHOOK_URL &&
            e.VK_CALLBACK_CONFIRMATION &&
            e.VK_CALLBACK_SECRET && {
              callback: { confirmation: e.VK_CALLBACK_CONFIRMATION, secret: e.VK_CALLBACK_SECRET },
            }),
        },
      }),
    ...(e.WEBHOOK_URL && e.WEBHOOK_SECRET && { webhook: { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET } }),
    ...(e.BUTTON_SIGNING_KEY && { buttonSigningKey: e.BUTTON_SIGNING_KEY }),
    port: e.PORT,
    defaultTimeZone: e.DEFAULT_TIMEZONE,
    personFloodLimit: e.PERSON_FLOOD_LIMIT,
    logLevel: e.LOG_LEVEL,
    ...(e.FORMS_DIR && { formsDir: e.FORMS_DIR }),
    meetings: { silentAfterDays: e.MEETING_SILENT_DAYS, escalateAfterDays: e.MEETING_ESCALATE_DAYS },
    links: {
      ...(e.TELEGRAM_BOT_USERNAME && { telegramUsername: e.TELEGRAM_BOT_USERNAME }),
      ...(e.VK_GROUP_ID !== undefined && { vkGroupId: e.VK_GROUP_ID }),
      ...(e.MAX_BOT_USERNAME && { maxUsername: e.MAX_BOT_USERNAME }),
    },
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return createConfig(env);
}
