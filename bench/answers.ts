/**
 * `npm run bench -- answers [--users N] [--channel telegram|vk] [--timeout S] [--flood-limit N]
 *   [--data-dir DIR] [--vk-api-limit N]`
 *
 * What the numbers mean. N virtual people (default 1) each open their own invite link and walk
 * onboarding (language, consent, adult, name) and the pupil entry questionnaire to "submitted",
 * through the real Telegram channel, or with `--channel vk` the real VK channel (vk-io, Bots Long
 * Poll): the service is started as production starts it (startService with createConfig; only the
 * token, TELEGRAM_API_ROOT or VK_GROUP_TOKEN, VK_GROUP_ID and VK_API_ROOT, the database and the port
 * differ, so throttling, retries and the flood limit are the defaults) and long-polls a lean fake
 * messenger API over HTTP (bench/fake-bot-api.ts, bench/fake-vk-api.ts). On VK a person opens the
 * community link with the invite as its ref, presses callback buttons (message_event, answered with
 * messages.sendMessageEventAnswer) or text buttons of a keyboard under the input field (a message with
 * the payload), as VK's current clients do. A person sends the next input only once the bot has
 * asked the next thing; people run concurrently.
 *
 * Two processes: this one runs only the service (and the SQL counter); the fake API and the people
 * run in a child process (bench/answers-driver.ts) that the service reaches only over HTTP, so
 * the CPU and memory figures of this process are the service's own.
 * - inputs/s: every message and button press of every person, over the wall time of the drive.
 * - p50 / p99: from the moment the getUpdates response carrying an input is written to the bot's
 *   first API call for that chat (sendMessage, edit...; answerCallbackQuery carries no chat and does
 *   not count). On VK: the long-poll response carrying it, to the first messages.send or
 *   messages.edit for that peer (not messages.sendMessageEventAnswer, not users.get). "reply" in the
 *   details is until the person has the next question to answer, which also holds the pauses
 *   between several messages of one step.
 * - messages per input: sendMessage (VK: messages.send) calls / inputs (edits and the answers to
 *   button presses in the details; on VK also every API call per input, and the cap vk-io puts on
 *   them: one call every ceil(1133 / 20) ms, 17.5 a second, which `--vk-api-limit N` lifts for
 *   diagnosis).
 * - queries per input: SQL statements the service sent during the drive (seeding excluded) / inputs,
 *   counted at the driver (pg.Client / PGlite query), no hook in src. Transactions per input counts
 *   explicit BEGINs plus statements outside one (each its own transaction, as xact_commit does).
 * - CPU: user + system time of the service's process and of the driver's process during the drive
 *   (process.cpuUsage), in seconds and per input. PostgreSQL's own CPU is not counted.
 * - PostgreSQL CPU: every `postgres` process of this machine (Linux /proc), when DATABASE_URL is set;
 *   "machine" is how busy all cores were and how much of that the three processes do not account for.
 * - rss: the service process's peak RSS (process.resourceUsage().maxRSS, start-up and seeding
 *   included); the driver's peak is in the details.
 * - BENCH_SQL_LOG=<file> writes every counted statement to the file, one a line (indented inside a
 *   transaction): which statements a turn sends. It slows the run: for diagnosis, not for figures.
 * PostgreSQL when DATABASE_URL is set (a fresh database on that server, dropped afterwards);
 * otherwise PGlite in a temporary folder on disk, as production runs it without DATABASE_URL.
 */
import { appendFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import pg from "pg";
import pino from "pino";
import { startService } from "../src/app/service.js";
import { VK_COMMUNITY_REQUESTS_PER_SECOND } from "../src/channels/vk/limits.js";
import { createConfig } from "../src/config.js";
import { createShutdown } from "../src/lifecycle/shutdown.js";
import { createLogger } from "../src/logging/logger.js";
import type { BenchChannel, DriveResult } from "./answers-driver.js";
import type { BenchResult } from "./run.js";
import { benchDatabase, seedInvites, startDriver } from "./driver-process.js";
import { machineCpu, percentile, round, rssMb, type MachineCpu } from "./support.js";

export async function answersBench(options: Record<string, string>): Promise<BenchResult> {
  const users = Number(options.users ?? 1);
  const timeoutMs = Number(options.timeout ?? 900) * 1000;
  const channel = options.channel ?? "telegram";
  if (channel !== "telegram" && channel !== "vk")
    throw new Error(`--channel ${channel}: the answers bench speaks telegram or vk`);
  const counter = installQueryCounter();
  const restoreVkLimit =
    options["vk-api-limit"] !== undefined
      ? await overrideVkApiLimit(Number(options["vk-api-limit"]))
      : undefined;
  const driver = startDriver(channel);
  try {
    const ready = await driver.ready;
    const database = await benchDatabase(options["data-dir"]);
    try {
      const logPath = join(tmpdir(), `nastavnik-bench-answers-${process.pid}.log`);
      const config = createConfig({
        ...(ready.channel === "vk"
          ? { VK_GROUP_TOKEN: ready.token, VK_GROUP_ID: String(ready.groupId), VK_API_ROOT: ready.apiRoot }
          : { TELEGRAM_BOT_TOKEN: ready.token, TELEGRAM_API_ROOT: ready.apiRoot }),
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
        const cpuStart = process.cpuUsage();
        const machineStart = await machineCpu();
        const drove = await driver.drive(codes, timeoutMs);
        const serviceCpu = process.cpuUsage(cpuStart);
        const machine = await machineCpu(machineStart);
        counter.counting = false;
        const rssAtEnd = rssMb();
        const peakRss = Math.round(process.resourceUsage().maxRSS / 1024);
        const problems = await countProblemLines(logPath);
        return report({
          channel,
          users,
          kind: database.kind,
          drove,
          serviceCpu,
          machine,
          peakRss,
          rssAtEnd,
          counter,
          problems,
          logPath,
          ...(options["vk-api-limit"] !== undefined && { vkApiLimit: Number(options["vk-api-limit"]) }),
        });
      } finally {
        await shutdown.run("bench finished");
      }
    } finally {
      await database.drop();
    }
  } finally {
    await driver.close();
    counter.uninstall();
    restoreVkLimit?.();
  }
}

/**
 * `--vk-api-limit N`, for diagnosis only: vk-io's API client starts at most N calls a second instead
 * of the channel's VK_COMMUNITY_REQUESTS_PER_SECOND (20, VK's limit for a community token; vk-io
 * spaces calls ceil(1133 / N) ms apart, so 20 gives 17.6 calls a second). No setting of the service
 * moves it, so this wraps vk-io's (private) API.prototype.getWorker for this process, as the SQL
 * counter wraps the drivers: what the VK channel would do if its own cost, not VK's cap, were the
 * limit. vk-io is imported only then. Returns the undo.
 */
/** vk-io's sequential worker starts one call every ceil(1133 / apiLimit) ms. */
const vkCallsPerSecond = (apiLimit: number) => round(1000 / Math.ceil(1133 / apiLimit), 1);

async function overrideVkApiLimit(limit: number): Promise<() => void> {
  if (!Number.isFinite(limit) || limit <= 0) throw new Error(`--vk-api-limit ${limit}: calls a second, > 0`);
  // Imported here, so a run without the option loads vk-io only if the service does (VK configured).
  const { API: VkApi } = await import("vk-io");
  const proto = VkApi.prototype as unknown as { getWorker(this: { options: { apiLimit: number } }): unknown };
  // Wrapped below and always called with the instance as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const getWorker = proto.getWorker;
  proto.getWorker = function (this: { options: { apiLimit: number } }) {
    this.options.apiLimit = limit;
    return getWorker.call(this);
  };
  return () => {
    proto.getWorker = getWorker;
  };
}

function report(r: {
  channel: BenchChannel;
  users: number;
  kind: string;
  drove: DriveResult;
  serviceCpu: NodeJS.CpuUsage;
  machine: MachineCpu | undefined;
  peakRss: number;
  rssAtEnd: number;
  counter: { statements: number; begins: number; single: number };
  problems: { warn: number; error: number };
  logPath: string;
  vkApiLimit?: number;
}): BenchResult {
  const { drove, counter } = r;
  const { inputs, seconds, calls } = drove;
  const first = [...drove.firstCallLatencies].sort((a, b) => a - b);
  const reply = [...drove.replyLatencies].sort((a, b) => a - b);
  const per = (n: number) => round(n / Math.max(1, inputs), 2);
  const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;
  const cpuLine = (usage: NodeJS.CpuUsage) =>
    `${round(cpuSeconds(usage))} s (${round((usage.user + usage.system) / 1000 / Math.max(1, inputs), 2)} ms per input, ` +
    `${round((100 * cpuSeconds(usage)) / seconds, 0)} % of one core)`;
  const details = [
    `${r.users} people on ${r.kind}${r.channel === "vk" ? " over VK" : ""}: ${drove.submitted} submitted, ${drove.stuck} stuck` +
      (drove.firstStuck ? ` (first: ${drove.firstStuck})` : "") +
      `; ${inputs} inputs in ${round(seconds)} s (${round(inputs / r.users, 1)} per person)`,
    `first call: p50 ${round(percentile(first, 50))} ms, p90 ${round(percentile(first, 90))} ms, ` +
      `p99 ${round(percentile(first, 99))} ms, max ${round(first.at(-1) ?? 0)} ms (${first.length} measured)`,
    `reply until the next question: p50 ${round(percentile(reply, 50))} ms, p99 ${round(percentile(reply, 99))} ms`,
    r.channel === "vk"
      ? `per input: ${per(calls["messages.send"] ?? 0)} messages.send, ${per(calls["messages.edit"] ?? 0)} messages.edit, ` +
        `${per(calls["messages.sendMessageEventAnswer"] ?? 0)} sendMessageEventAnswer, ${per(calls["users.get"] ?? 0)} users.get, ` +
        `${per(apiCalls(calls))} API calls in all in ${per(calls.execute ?? 0)} execute requests ` +
        `(${round(apiCalls(calls) / Math.max(1, calls.execute ?? 0), 1)} calls each); ${calls.longpoll ?? 0} long polls, ` +
        `${round(inputs / Math.max(1, calls.longpoll ?? 0), 1)} inputs each; ` +
        `${drove.refused} calls refused by the fake; flood notices ${drove.floodHits}; ` +
        (r.vkApiLimit !== undefined
          ? `vk-io's limit lifted to ${r.vkApiLimit} calls a second (--vk-api-limit, not what production does)`
          : `vk-io starts at most ${vkCallsPerSecond(VK_COMMUNITY_REQUESTS_PER_SECOND)} requests a second ` +
            `(VK's ${VK_COMMUNITY_REQUESTS_PER_SECOND} for a community token)`)
      : `per input: ${per(calls.sendMessage ?? 0)} sendMessage, ${per((calls.editMessageText ?? 0) + (calls.editMessageReplyMarkup ?? 0))} edits, ` +
        `${per(calls.answerCallbackQuery ?? 0)} answerCallbackQuery, ${per(calls.deleteMessage ?? 0)} deleteMessage; ` +
        `${drove.refused} calls refused by the fake; flood notices ${drove.floodHits}`,
    `SQL per input: ${per(counter.statements)} statements, ${per(counter.begins + counter.single)} transactions ` +
      `(${per(counter.begins)} explicit + ${per(counter.single)} single statements)`,
    `service CPU: ${cpuLine(r.serviceCpu)}; peak rss ${r.peakRss} MB, ${r.rssAtEnd} MB at the end`,
    `driver CPU (fake ${r.channel === "vk" ? "VK API" : "Bot API"} + people, own process): ${cpuLine(drove.cpu)}; peak rss ${drove.peakRssMb} MB`,
    ...machineLines(r.machine, cpuSeconds(r.serviceCpu) + cpuSeconds(drove.cpu), inputs, seconds, r.kind),
    `service log: ${r.problems.warn} warn, ${r.problems.error} error lines (${r.logPath})`,
  ];
  const messages = r.channel === "vk" ? (calls["messages.send"] ?? 0) : (calls.sendMessage ?? 0);
  const line =
    `answers: ${round(inputs / seconds, 1)} inputs/s, p50 ${round(percentile(first, 50))} ms, ` +
    `p99 ${round(percentile(first, 99))} ms, ${per(messages)} messages per input, ` +
    `${per(counter.statements)} queries per input, rss ${r.peakRss} MB`;
  return { figure: round(inputs / seconds, 1), unit: "inputs/s", details: details.join("\n"), line };
}

/**
 * Calls of VK API methods (the long poll is not one: it goes to the long-poll server, not to /method).
 * An execute is not one either: the calls it carries are counted under their own methods.
 */
function apiCalls(calls: Record<string, number>): number {
  return Object.entries(calls).reduce(
    (sum, [method, n]) => (method === "longpoll" || method === "execute" ? sum : sum + n),
    0,
  );
}

function machineLines(
  machine: MachineCpu | undefined,
  benchSeconds: number,
  inputs: number,
  seconds: number,
  kind: string,
): string[] {
  if (!machine) return [];
  const perInput = (s: number) => round((s * 1000) / Math.max(1, inputs), 2);
  const server = kind === "postgres" ? machine.postgres : 0;
  const other = machine.busy - benchSeconds - server;
  return [
    ...(kind === "postgres"
      ? [
          `PostgreSQL CPU (every postgres process on this machine): ${round(server)} s (${perInput(server)} ms per input, ` +
            `${round((100 * server) / seconds, 0)} % of one core)`,
        ]
      : []),
    `machine: ${round((100 * machine.busy) / (seconds * machine.cores), 0)} % of ${machine.cores} cores busy; ` +
      `${round(Math.max(0, other))} s of CPU (${round((100 * Math.max(0, other)) / seconds, 0)} % of one core) ` +
      `outside the service, the driver and PostgreSQL (other work, and kernel time no process is charged with)`,
  ];
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
  // BENCH_SQL_LOG=<file>: see the header.
  const sqlLog = process.env.BENCH_SQL_LOG;
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
    if (sqlLog)
      appendFileSync(
        sqlLog,
        `${open.has(client) ? "  " : ""}${sqlText.replace(/\s+/g, " ").slice(0, 300)}\n`,
      );
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
