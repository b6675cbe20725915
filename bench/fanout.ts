import { autoRetry } from "@grammyjs/auto-retry";
import { Api } from "grammy";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { createPayloadCodec } from "../src/channels/shared/payload-codec.js";
import { createTelegramMessenger } from "../src/channels/telegram/messenger.js";
import { createOutboxSender } from "../src/outbox/outbox-sender.js";
import { createRateGate } from "../src/outbox/rate-gate.js";
import type { BenchResult } from "./run.js";
import { openBenchDatabase, round, rssMb } from "./support.js";

const TOKEN = "123456789:FANOUT-bench-token_abcdefghijklmnop";

/**
 * How fast the outbox pushes a broadcast at the configured Telegram rate: `--count` deliveries (one
 * per account) through TWO sender workers on one database (as two instances would), the real
 * Telegram messenger over grammY's Api (with auto-retry, as the service builds it, no throttler) and
 * a lean fake Bot API over HTTP that counts sendMessage per chat. `--rate` is the bot's configured
 * rate (TELEGRAM_RATE_LIMIT), shared by both workers through the database.
 */
export async function fanoutBench(options: Record<string, string>): Promise<BenchResult> {
  const count = Number(options.count ?? 100_000);
  const rate = Number(options.rate ?? 1000);
  const fake = await startLeanBotApi();
  const database = await openBenchDatabase();
  try {
    const { db } = database;
    // Setup in bulk: people, their Telegram accounts, one due delivery each.
    await sql`insert into person (locale) select 'ru' from generate_series(1, ${count})`.execute(db);
    await sql`
      insert into channel_account (person_id, channel, external_id, chat_id, last_seen_at)
      select id, 'telegram', (1000000000 + id)::text, (1000000000 + id)::text, now() from person
    `.execute(db);
    await sql`
      insert into delivery (person_id, channel_account_id, channel, kind, dedupe_key, payload, due_at)
      select person_id, id, 'telegram', 'bench.fanout', 'fanout:' || id,
        ${JSON.stringify({ text: "Напоминание: встреча с наставником в пятницу в 15:00." })}::jsonb, now()
      from channel_account
    `.execute(db);

    // What autovacuum does on a server after a bulk insert (PGlite has none): without statistics the
    // planner sorts the whole backlog on each claim instead of reading delivery_due_idx in order.
    await sql`analyze`.execute(db);

    const codec = createPayloadCodec({ secret: "fanout-bench" });
    const senders = [1, 2].map(() => {
      // Each worker is its own instance: its own Api, messenger and in-process gate; only the
      // database is shared.
      const api = new Api(TOKEN, { apiRoot: fake.apiRoot });
      api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
      const messenger = createTelegramMessenger(api, codec);
      return createOutboxSender({
        db,
        channels: ["telegram"],
        messenger: () => messenger,
        gates: { telegram: createRateGate({ ratePerSecond: rate }) },
        idleMs: 200,
      });
    });

    fake.firstAt = 0;
    for (const sender of senders) sender.start();
    // Done when every delivery is recorded; the fake's count alone could not tell a lost one.
    let progress = { open: count, at: performance.now() };
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const open = await db
        .selectFrom("delivery")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("status", "in", ["pending", "sending"])
        .executeTakeFirstOrThrow();
      if (Number(open.n) === 0) break;
      if (Number(open.n) < progress.open) progress = { open: Number(open.n), at: performance.now() };
      else if (performance.now() - progress.at > 60_000)
        throw new Error(`fanout stalled at ${progress.open} open`);
    }
    await Promise.all(senders.map((sender) => sender.stop()));
    const elapsed = (fake.lastAt - fake.firstAt) / 1000;

    let duplicates = 0;
    for (const times of fake.perChat.values()) duplicates += times - 1;
    const lost = count - fake.perChat.size;
    const statuses = await db
      .selectFrom("delivery")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("status")
      .execute();
    const achieved = round(count / elapsed, 0);
    return {
      figure: achieved,
      unit: "msg/s",
      line: `fanout: ${achieved} msg/s at ${rate} configured, ${duplicates} duplicates, ${lost} lost`,
      details:
        `${count} deliveries by 2 senders in ${round(elapsed, 2)} s (first to last call at the fake), ` +
        `rows ${statuses.map((s) => `${s.status} ${Number(s.n)}`).join(", ")}; ` +
        `rss ${rssMb()} MB; backend ${database.kind}`,
    };
  } finally {
    await database.close();
    await fake.close();
  }
}

interface LeanBotApi {
  apiRoot: string;
  perChat: Map<number, number>;
  firstAt: number;
  lastAt: number;
  close(): Promise<void>;
}

/** sendMessage only, counted per chat; a minimal Message back. Small per-request work on purpose. */
async function startLeanBotApi(): Promise<LeanBotApi> {
  const state: LeanBotApi = {
    apiRoot: "",
    perChat: new Map(),
    firstAt: 0,
    lastAt: 0,
    close: () => Promise.resolve(),
  };
  let messageId = 1;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const method = req.url?.split("/").at(-1);
      if (method !== "sendMessage") {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: false, error_code: 404, description: "Not Found" }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        chat_id: number | string;
        text: string;
      };
      const chatId = Number(body.chat_id);
      const now = performance.now();
      if (state.firstAt === 0) state.firstAt = now;
      state.lastAt = now;
      state.perChat.set(chatId, (state.perChat.get(chatId) ?? 0) + 1);

      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          ok: true,
          result: {
            message_id: messageId++,
            date: Math.floor(Date.now() / 1000),
            chat: { id: chatId, type: "private", first_name: "?" },
            text: body.text,
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.apiRoot = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
