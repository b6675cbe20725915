import { pino, type DestinationStream, type Logger } from "pino";
import type { Config } from "../config.js";

export type { Logger } from "pino";

export const REDACTED = "[redacted]";

/**
 * Keys whose values never reach a log line, wherever they sit (up to four levels deep): credentials,
 * and what a participant typed or is called. Many participants are minors (152-FZ), so a log line
 * carries ids, keys and counts, never a message text, a name or a phone number. `name` itself is not
 * listed: error objects carry `err.name` ("TypeError"), which the operator needs.
 */
const SENSITIVE_KEYS = [
  // credentials
  "token",
  "secret",
  "password",
  "authorization",
  "cookie",
  "databaseUrl",
  "connectionString",
  // what people typed
  "text",
  "caption",
  "answer",
  "answers",
  "contact",
  // who people are
  "phone",
  "phoneNumber",
  "phone_number",
  "email",
  "firstName",
  "first_name",
  "lastName",
  "last_name",
  "fullName",
  "full_name",
  "patronymic",
  "displayName",
  "username",
  "birthDate",
  "birth_date",
];

/** Headers a webhook request carries its credential in (see Telegram's secret_token). */
const SENSITIVE_HEADERS = ["authorization", "cookie", "x-telegram-bot-api-secret-token"];

const DEPTH_PREFIXES = ["", "*.", "*.*.", "*.*.*."];

export const REDACT_PATHS = [
  ...DEPTH_PREFIXES.flatMap((prefix) => SENSITIVE_KEYS.map((key) => `${prefix}${key}`)),
  ...SENSITIVE_HEADERS.flatMap((header) => [`headers["${header}"]`, `*.headers["${header}"]`]),
];

export interface LoggerOptions {
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/**
 * The service's one logger: JSON lines on stdout (what Docker, journald and log shippers expect).
 * Two layers keep secrets out: key paths are censored by name (REDACT_PATHS), and the exact values
 * of the configured tokens and the database password are scrubbed from every line, so a token that
 * hides inside an error message or a URL (Telegram puts it in the path) is caught too.
 */
export function createLogger(config: Config, options: LoggerOptions = {}): Logger {
  const secrets = secretValues(config);
  return pino(
    {
      level: config.logLevel,
      base: { service: "nastavnik" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: secrets.length > 0 ? { streamWrite: (line) => scrub(line, secrets) } : {},
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** The literal secret strings of a configuration, longest first so no secret is half-replaced. */
export function secretValues(config: Config): string[] {
  const values = [
    config.telegram?.token,
    config.vk?.token,
    config.vk?.callback?.secret,
    config.max?.token,
    config.webhook?.secret,
  ];
  if (config.database.kind === "postgres") {
    const password = databasePassword(config.database.url);
    if (password) values.push(password, encodeURIComponent(password));
  }
  // Very short values would censor ordinary words; real tokens and passwords are longer.
  return [...new Set(values.filter((value): value is string => !!value && value.length >= 6))].sort(
    (a, b) => b.length - a.length,
  );
}

function databasePassword(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

function scrub(line: string, secrets: readonly string[]): string {
  let result = line;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.replaceAll(secret, REDACTED);
    // JSON escapes some characters a password may hold (", \\); look for that spelling too.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && result.includes(escaped)) result = result.replaceAll(escaped, REDACTED);
  }
  return result;
}

/** Where the data lives, without credentials: safe to log at start-up. */
export function describeDatabase(database: Config["database"]): Record<string, string> {
  if (database.kind === "pglite") return { kind: "pglite", dataDir: database.dataDir };
  try {
    const url = new URL(database.url);
    return { kind: "postgres", host: url.host, database: url.pathname.replace(/^\//, "") || "(default)" };
  } catch {
    return { kind: "postgres" };
  }
}
