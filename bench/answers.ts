/**
 * `npm run bench -- answers [--users N] [--timeout S] [--flood-limit N] [--data-dir DIR]`
 *
 * What the numbers mean. N virtual people (default 1) each open their own invite link and walk
 * onboarding (language, consent, adult, name) and the pupil entry questionnaire to "submitted",
 * through the real Telegram channel: the service is started as production starts it (startService
 * with createConfig; only the token, TELEGRAM_API_ROOT, the database and the port differ, so
 * throttling, retries and the flood limit are the defaults) and long-polls a lean fake Bot API over
 * HTTP (bench/fake-bot-api.ts). A person sends the next input only once the bot has asked the next
 * thing; people run concurrently.
 * - inputs/s: every message and button press of every person, over the wall time of the drive.
 * - p50 / p99: from the moment the getUpdates response carrying an input is written to the bot's
 *   first API call for that chat (sendMessage, edit...; answerCallbackQuery carries no chat and does
 *   not count). "reply" in the details is until the person has the next question to answer, which
 *   also holds the pauses between several messages of one step.
 * - messages per input: sendMessage calls / inputs (edits and answerCallbackQuery in the details).
 * - queries per input: SQL statements the service sent during the drive (seeding excluded) / inputs,
 *   counted at the driver (pg.Client / PGlite query), no hook in src. Transactions per input counts
 *   explicit BEGINs plus statements outside one (each its own transaction, as xact_commit does).
 * - rss: of this whole process at the end: the service, the fake Bot API and the people together.
 * PostgreSQL when DATABASE_URL is set (a fresh database on that server, dropped afterwards);
 * otherwise PGlite in a temporary folder on disk, as production runs it without DATABASE_URL.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import pg from "pg";
import pino from "pino";
import { startService } from "../src/app/service.js";
import { createConfig } from "../src/config.js";
import { builtInForms } from "../src/forms/index.js";
import { loadTranslator } from "../src/i18n/translator.js";
import { createInviteService } from "../src/invites/invite.service.js";
import { createShutdown } from "../src/lifecycle/shutdown.js";
import { createLogger } from "../src/logging/logger.js";
import { createOrganisationService } from "../src/organisations/organisation.service.js";
import { createProgramService } from "../src/programs/program.service.js";
import { createFakeBotApi, type BotMessage, type FakeBotApi, type FakeChat } from "./fake-bot-api.js";
import type { BenchResult } from "./run.js";
import { percentile, round, rssMb } from "./support.js";

/** A person who has typed or pressed this much without reaching "submitted" is going in circles. */
const MAX_INPUTS_PER_PERSON = 120;
const FIRST_USER_ID = 5_000_001;

export async function answersBench(options: Record<string, string>): Promise<BenchResult> {
  const users = Number(options.users ?? 1);
  const timeoutMs = Number(options.timeout ?? 900) * 1000;
  const counter = installQueryCounter();
  const translator = await loadTranslator();
  const texts = scriptTexts(translator.t.bind(translator));
  const api = await createFakeBotApi();
  const database = await benchDatabase(options["data-dir"]);
  const logPath = join(tmpdir(), `nastavnik-bench-answers-${process.pid}.log`);
  const config = createConfig({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    ...database.env,
    PORT: "0",
    ...(options["flood-limit"] !== undefined && { PERSON_FLOOD_LIMIT: options["flood-limit"] }),
  });
  const logger = createLogger(config, { destination: pino.destination({ dest: logPath, sync: true }) });
  const shutdown = createShutdown({ logger, exit: () => undefined, timeoutMs: 60_000 });
  try {
    const service = await startService({ config, logger, shutdown });
    const codes = await seedInvites(service.database.db, users);

    counter.reset();
    counter.counting = true;
    const people: Person[] = codes.map((code, i) => ({
      id: FIRST_USER_ID + i,
      code,
      inputs: 0,
      replyLatencies: [],
      floodHits: 0,
      outcome: "running",
    }));
    const started = performance.now();
    // Long runs (the throttled baseline with 1,000 people takes tens of minutes) show they are alive.
    const progress = setInterval(() => {
      const done = people.filter((p) => p.outcome !== "running").length;
      const sent = people.reduce((sum, p) => sum + p.inputs, 0);
      const elapsed = round((performance.now() - started) / 1000, 0);
      process.stderr.write(`answers: ${elapsed} s, ${sent} inputs, ${done} of ${users} people finished\n`);
    }, 30_000);
    try {
      await Promise.all(people.map((person) => drive(api, person, texts, timeoutMs)));
    } finally {
      clearInterval(progress);
    }
    const seconds = (performance.now() - started) / 1000;
    counter.counting = false;
    const rss = rssMb();

    const inputs = people.reduce((sum, p) => sum + p.inputs, 0);
    const submitted = people.filter((p) => p.outcome === "submitted").length;
    const stuck = people.filter((p) => p.outcome !== "submitted");
    const first = [...api.stats.firstCallLatencies].sort((a, b) => a - b);
    const reply = people.flatMap((p) => p.replyLatencies).sort((a, b) => a - b);
    const calls = api.stats.calls;
    const per = (n: number) => round(n / Math.max(1, inputs), 2);
    const problems = await countProblemLines(logPath);
    const details = [
      `${users} people on ${database.kind}: ${submitted} submitted, ${stuck.length} stuck` +
        (stuck.length > 0 ? ` (first: ${stuck[0]!.outcome})` : "") +
        `; ${inputs} inputs in ${round(seconds)} s (${round(inputs / users, 1)} per person)`,
      `first call: p50 ${round(percentile(first, 50))} ms, p90 ${round(percentile(first, 90))} ms, ` +
        `p99 ${round(percentile(first, 99))} ms, max ${round(first.at(-1) ?? 0)} ms (${first.length} measured)`,
      `reply until the next question: p50 ${round(percentile(reply, 50))} ms, p99 ${round(percentile(reply, 99))} ms`,
      `per input: ${per(calls.sendMessage ?? 0)} sendMessage, ${per((calls.editMessageText ?? 0) + (calls.editMessageReplyMarkup ?? 0))} edits, ` +
        `${per(calls.answerCallbackQuery ?? 0)} answerCallbackQuery, ${per(calls.deleteMessage ?? 0)} deleteMessage; ` +
        `${api.stats.refused} calls refused by the fake; flood notices ${people.reduce((s, p) => s + p.floodHits, 0)}`,
      `SQL per input: ${per(counter.statements)} statements, ${per(counter.begins + counter.single)} transactions ` +
        `(${per(counter.begins)} explicit + ${per(counter.single)} single statements)`,
      `service log: ${problems.warn} warn, ${problems.error} error lines (${logPath})`,
    ];
    const line =
      `answers: ${round(inputs / seconds, 1)} inputs/s, p50 ${round(percentile(first, 50))} ms, ` +
      `p99 ${round(percentile(first, 99))} ms, ${per(calls.sendMessage ?? 0)} messages per input, ` +
      `${per(counter.statements)} queries per input, rss ${rss} MB`;
    return { figure: round(inputs / seconds, 1), unit: "inputs/s", details: details.join("\n"), line };
  } finally {
    await shutdown.run("bench finished");
    await api.close();
    await database.drop();
    counter.uninstall();
  }
}

interface Person {
  id: number;
  code: string;
  inputs: number;
  /** Input sent → the bot has asked the next thing (ms). */
  replyLatencies: number[];
  floodHits: number;
  /** "running", "submitted", or why the person stopped. */
  outcome: string;
}

type Input = { kind: "text"; text: string } | { kind: "press"; messageId: number; data: string };

/** The labels and prompts a person recognises, in Russian, from the locale files. */
interface ScriptTexts {
  /** Pressed whenever offered: Russian, agree, adult, continue. */
  preferred: string[];
  submit: string;
  done: string;
  skip: string;
  /** Buttons that are not an answer: back, skip, done, undo, paging, "fix N", decline, minor. */
  notAnAnswer: (label: string) => boolean;
  /** Questions answered by typing: the name and every text or number question of the built-in forms. */
  typed: { prompt: string; answer: string }[];
  flood: string;
}

function scriptTexts(
  t: (locale: "ru", key: string, args?: Record<string, string | number>) => string,
): ScriptTexts {
  const nav = [
    "forms-engine-back",
    "forms-engine-back-to-summary",
    "forms-engine-skip",
    "forms-engine-done",
    "forms-engine-keep",
    "forms-engine-undo",
    "forms-engine-page-previous",
    "forms-engine-page-next",
    "journey-consent-decline",
    "journey-age-minor",
    "journey-forget-yes",
  ].map((key) => t("ru", key));
  const fixPrefix = t("ru", "forms-engine-fix", { number: 1 }).replace(/\s*\d+\s*$/, "");
  const typed = [{ prompt: t("ru", "journey-name-question"), answer: "Анна" }];
  for (const form of builtInForms) {
    for (const q of form.questions) {
      if (q.kind === "text")
        typed.push({ prompt: t("ru", q.text), answer: "Хочу подтянуть алгебру до пятёрки" });
      if (q.kind === "number") typed.push({ prompt: t("ru", q.text), answer: String(q.min ?? 1) });
    }
  }
  return {
    preferred: [
      "journey-language-name",
      "journey-consent-agree",
      "journey-age-adult",
      "journey-continue",
    ].map((key) => t("ru", key)),
    submit: t("ru", "forms-engine-submit"),
    done: t("ru", "forms-engine-done"),
    skip: t("ru", "forms-engine-skip"),
    notAnAnswer: (label) => nav.includes(label) || label.startsWith(fixPrefix),
    typed,
    flood: t("ru", "channel-flood"),
  };
}

/**
 * What a person does next, judged only from the bot's latest message: a message or an edit newer
 * than the person's last input, so the number of messages per step and edits in place do not matter.
 * Undefined: the bot has not asked anything new yet (an acknowledgement, an answered question).
 */
function decide(
  message: BotMessage,
  since: number,
  texts: ScriptTexts,
): { input: Input; final?: boolean } | "flood" | undefined {
  if (message.changedAt <= since) return undefined;
  const buttons = message.keyboard.flat();
  const press = (button: { data: string }) => ({
    input: { kind: "press", messageId: message.id, data: button.data } as Input,
  });
  const typed = texts.typed.find((q) => message.text.includes(q.prompt));
  if (buttons.length === 0) {
    if (message.sentAt <= since) return undefined; // an earlier question, edited to show its answer
    if (message.text === texts.flood) return "flood";
    return typed && { input: { kind: "text", text: typed.answer } };
  }
  const submit = buttons.find((b) => b.text === texts.submit);
  if (submit) return { ...press(submit), final: true };
  if (typed) return { input: { kind: "text", text: typed.answer } };
  const done = buttons.find((b) => b.text === texts.done);
  if (done && buttons.some((b) => b.text.startsWith("✅") && !texts.preferred.includes(b.text)))
    return press(done);
  const choice =
    buttons.find((b) => texts.preferred.includes(b.text)) ??
    buttons.find((b) => !texts.notAnAnswer(b.text)) ??
    buttons.find((b) => b.text === texts.skip) ??
    done;
  return choice && press(choice);
}

function latestMessage(chat: FakeChat): BotMessage | undefined {
  let latest: BotMessage | undefined;
  for (const message of chat.messages.values()) if (!latest || message.id > latest.id) latest = message;
  return latest;
}

async function drive(api: FakeBotApi, person: Person, texts: ScriptTexts, timeoutMs: number): Promise<void> {
  const chat = api.chat(person.id);
  const from = { id: person.id, is_bot: false, first_name: "Анна", language_code: "ru" };
  const chatJson = { id: person.id, type: "private" as const, first_name: "Анна" };
  const send = (input: Input) => {
    person.inputs++;
    const date = Math.floor(Date.now() / 1000);
    if (input.kind === "text") {
      const command = /^\/\w+/.exec(input.text);
      api.enqueue({
        message: {
          message_id: ++chat.latestId,
          date,
          chat: chatJson,
          from,
          text: input.text,
          ...(command && { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] }),
        },
      });
    } else {
      const shown = chat.messages.get(input.messageId);
      api.enqueue({
        callback_query: {
          id: `${person.id}-${person.inputs}`,
          from,
          chat_instance: `ci-${person.id}`,
          message: { message_id: input.messageId, date, chat: chatJson, text: shown?.text ?? "…" },
          data: input.data,
        },
      });
    }
  };

  let input: Input = { kind: "text", text: `/start ${person.code}` };
  let final = false;
  while (person.inputs < MAX_INPUTS_PER_PERSON) {
    const since = chat.changes;
    const sentAt = performance.now();
    send(input);
    for (;;) {
      const waited = performance.now() - sentAt;
      if (waited > timeoutMs) {
        const last = latestMessage(chat);
        person.outcome = `no answer to input ${person.inputs} after ${round(waited / 1000)} s; last: ${JSON.stringify(last?.text.slice(0, 80))}`;
        return;
      }
      if (chat.changes === since) {
        await api.nextChange(chat, timeoutMs - waited);
        continue;
      }
      if (final) {
        person.replyLatencies.push(performance.now() - sentAt);
        person.outcome = "submitted";
        return;
      }
      const latest = latestMessage(chat);
      const next = latest && decide(latest, since, texts);
      if (next === "flood") {
        person.floodHits++;
        await new Promise((resolve) => setTimeout(resolve, 1100));
        break; // the same input again
      }
      if (next) {
        person.replyLatencies.push(performance.now() - sentAt);
        input = next.input;
        final = next.final === true;
        break;
      }
      await api.nextChange(chat, timeoutMs - waited);
    }
  }
  person.outcome = `gave up after ${person.inputs} inputs; last: ${JSON.stringify(latestMessage(chat)?.text.slice(0, 80))}`;
}

/** An organisation, an active teacher_pupil programme and one single-use mentee invite per person. */
async function seedInvites(db: Parameters<typeof createInviteService>[0], count: number): Promise<string[]> {
  const now = new Date();
  const organisation = await createOrganisationService(db).addOrganisation({
    name: "Школа № 1 (bench)",
    kind: "school",
    timeZone: "Europe/Moscow",
  });
  if (!organisation.ok) throw new Error(`organisation: ${JSON.stringify(organisation)}`);
  const program = await createProgramService(db).createProgram(
    { organisationId: organisation.value.id, name: "Учитель — ученик (bench)", form: "teacher_pupil" },
    now,
  );
  if (!program.ok) throw new Error(`program: ${JSON.stringify(program)}`);
  const invites = createInviteService(db);
  const codes: string[] = [];
  for (let left = count; left > 0; left -= 5000) {
    const created = await invites.createParticipantInvites(
      {
        programId: program.value.program.id,
        side: "mentee",
        count: Math.min(5000, left),
        maxUses: 1,
        expiresInDays: 30,
      },
      now,
    );
    if (!created.ok) throw new Error(`invites: ${JSON.stringify(created)}`);
    codes.push(...created.value.invites.map((invite) => invite.code));
  }
  return codes;
}

interface BenchDatabase {
  kind: string;
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh database on DATABASE_URL's server, or PGlite in a temporary folder (or --data-dir). */
async function benchDatabase(dataDir: string | undefined): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `nastavnik_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
    await adminQuery(serverUrl, `create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      kind: "postgres",
      env: { DATABASE_URL: url.toString() },
      drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
    };
  }
  if (dataDir) return { kind: `pglite (${dataDir})`, env: { DATA_DIR: dataDir }, drop: async () => {} };
  const folder = await mkdtemp(join(tmpdir(), "nastavnik-bench-pglite-"));
  return {
    kind: "pglite (on disk)",
    env: { DATA_DIR: folder },
    drop: () => rm(folder, { recursive: true, force: true }),
  };
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Counts the SQL the service sends by wrapping the two drivers' query methods for this process
 * (Kysely sends every statement, BEGIN and COMMIT included, through them), so src needs no hook.
 * A connection inside BEGIN…COMMIT is tracked per client object: statements outside one are single
 * transactions of their own.
 */
function installQueryCounter() {
  const state = { counting: false, statements: 0, begins: 0, single: 0 };
  const open = new WeakSet<object>();
  const count = (client: object, text: unknown) => {
    if (!state.counting) return;
    const sqlText = typeof text === "string" ? text : ((text as { text?: string } | undefined)?.text ?? "");
    const head = sqlText.trimStart().slice(0, 20).toLowerCase();
    if (head.startsWith("begin") || head.startsWith("start transaction")) {
      state.begins++;
      open.add(client);
      return;
    }
    if (head.startsWith("commit") || head.startsWith("rollback")) {
      open.delete(client);
      return;
    }
    state.statements++;
    if (!open.has(client)) state.single++;
  };
  // Wrapped below and always called with the instance as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const pgQuery = pg.Client.prototype.query;
  const own = (name: string) => Object.prototype.hasOwnProperty.call(PGlite.prototype, name);
  const pgliteOwn = { query: own("query"), transaction: own("transaction") };
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const pgliteQuery = PGlite.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    count(this, args[0]);
    return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pgQuery;
  PGlite.prototype.query = function (this: PGlite, ...args: unknown[]) {
    count(this, args[0]);
    return (pgliteQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pgliteQuery;
  // Kysely's own PGlite dialect runs a transaction through PGlite.transaction(tx => ...), whose
  // BEGIN, COMMIT and tx.query bypass PGlite.prototype.query.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const pgliteTransaction = PGlite.prototype.transaction;
  PGlite.prototype.transaction = function <T>(this: PGlite, callback: (tx: Transaction) => Promise<T>) {
    return pgliteTransaction.call(this, (tx) => {
      if (state.counting) state.begins++;
      // eslint-disable-next-line @typescript-eslint/unbound-method
      const query = tx.query;
      const counted = Object.create(tx) as Transaction;
      counted.query = ((...args: Parameters<Transaction["query"]>) => {
        if (state.counting) state.statements++;
        return query.apply(tx, args);
      }) as Transaction["query"];
      return callback(counted);
    });
  } as typeof pgliteTransaction;
  return {
    get counting() {
      return state.counting;
    },
    set counting(value: boolean) {
      state.counting = value;
    },
    get statements() {
      return state.statements;
    },
    get begins() {
      return state.begins;
    },
    get single() {
      return state.single;
    },
    reset() {
      state.statements = state.begins = state.single = 0;
    },
    uninstall() {
      pg.Client.prototype.query = pgQuery;
      for (const [name, original] of [
        ["query", pgliteQuery],
        ["transaction", pgliteTransaction],
      ] as const) {
        if (pgliteOwn[name]) Object.assign(PGlite.prototype, { [name]: original });
        else delete (PGlite.prototype as unknown as Record<string, unknown>)[name];
      }
    },
  };
}

async function countProblemLines(path: string): Promise<{ warn: number; error: number }> {
  const text = await readFile(path, "utf8").catch(() => "");
  return {
    warn: (text.match(/"level":"warn"/g) ?? []).length,
    error: (text.match(/"level":"(error|fatal)"/g) ?? []).length,
  };
}
