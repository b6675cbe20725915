import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { Update } from "grammy/types";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "../../src/storage/database.js";
import { migrateToLatest } from "../../src/storage/migrator.js";
import { createFakeTelegramApi, type FakeTelegramApi, type FakeUser } from "../support/fake-telegram-api.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/**
 * The service as a real process, killed with SIGKILL while it handles an update, then started again
 * on the same database: every update takes effect exactly once. On PostgreSQL the kill lands
 * inside the handling transaction for certain (the test holds a lock the handler waits for); on the
 * embedded database, where no second process can hold a lock, kills land at several moments after
 * the update was handed to the bot.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let fake: FakeTelegramApi;
/** Set on PostgreSQL: the test's own handle, open the whole time. */
let server: TestDatabase | undefined;
/** Set on PGlite: the data folder the service and the test take turns on. */
let dataDir: string | undefined;
let programId = 0;
let organisationId = 0;
let inviteCounter = 0;

async function withDatabase<T>(work: (db: DatabaseHandle["db"]) => Promise<T>): Promise<T> {
  if (server) return work(server.db);
  const handle = await createDatabase({ kind: "pglite", dataDir: dataDir! });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

async function newInvite(): Promise<string> {
  const code = `K${process.pid.toString(32).toUpperCase()}${(++inviteCounter).toString(32).toUpperCase()}`
    .replace(/[ILOU]/g, "X")
    .padEnd(12, "0")
    .slice(0, 12);
  await withDatabase((db) =>
    db
      .insertInto("invite")
      .values({
        code,
        organisation_id: organisationId,
        program_id: programId,
        side: "mentee",
        category: "pupil",
        max_uses: 1,
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute(),
  );
  return code;
}

function startService(): ChildProcess {
  const database = server ? { DATABASE_URL: (server.config as { url: string }).url } : { DATA_DIR: dataDir! };
  // One process (no tsx CLI wrapper in between), so a SIGKILL reaches the service itself.
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      PORT: "0",
      LOG_LEVEL: "warn",
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      ...database,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGKILL");
  await exited;
}

async function stopGracefully(child: ChildProcess): Promise<void> {
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

/** Resolves once a getUpdates answer carried this update to the bot. */
const handedOut = (update: Update) =>
  fake.waitForCall(
    "getUpdates",
    (c) => Array.isArray(c.result) && (c.result as Update[]).some((u) => u.update_id === update.update_id),
    { timeoutMs: 60_000 },
  );

const repliesTo = (user: FakeUser) =>
  fake.callsTo("sendMessage", (c) => Number(c.payload.chat_id) === user.id && c.ok);

/** What the invite's /start did, as stored: seats spent, people who joined, and the update's state. */
async function effectsOf(code: string, update: Update) {
  return withDatabase(async (db) => {
    const invite = await db
      .selectFrom("invite")
      .select("uses")
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    const joined = await db
      .selectFrom("participant")
      .innerJoin("channel_account", "channel_account.person_id", "participant.person_id")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("channel_account.external_id", "=", String(update.message!.from.id))
      .executeTakeFirstOrThrow();
    const ledger = await db
      .selectFrom("processed_update")
      .select(["state", "attempts"])
      .where("channel", "=", "telegram")
      .where("update_id", "=", String(update.update_id))
      .executeTakeFirst();
    return { uses: invite.uses, joined: joined.n, ledger: ledger?.state };
  });
}

beforeAll(async () => {
  fake = await createFakeTelegramApi();
  if (process.env.DATABASE_URL) server = await createTestDatabase();
  else dataDir = await mkdtemp(path.join(tmpdir(), "nastavnik-crash-"));
  await withDatabase(async (db) => {
    if (!server) await migrateToLatest(db);
    organisationId = (
      await db
        .insertInto("organisation")
        .values({ name: "Школа № 3", kind: "school", time_zone: "Europe/Moscow" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    programId = (
      await db
        .insertInto("program")
        .values({
          organisation_id: organisationId,
          name: "Ученик — ученик",
          form_key: "pupil_pupil",
          academic_year: "2026/2027",
          status: "active",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  });
});

afterAll(async () => {
  await fake?.close();
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("SIGKILL while an update is handled", { timeout: 240_000 }, () => {
  it("takes effect exactly once after a restart, wherever the kill lands", async () => {
    for (const delayMs of [0, 40, 150]) {
      const code = await newInvite();
      const user = fake.user({ languageCode: "ru" });
      let child = startService();
      try {
        const update = fake.sendText(user, `/start ${code}`);
        await handedOut(update);
        await sleep(delayMs);
        await kill(child);
        // On a server other instances might still be handling, so a dead one's updates wait for their
        // lease to lapse: let that time pass. (The embedded database has one owner and takes them at start.)
        await server?.db
          .updateTable("processed_update")
          .set({ lease_until: sql<Date>`now() - interval '1 second'` })
          .where("state", "=", "handling")
          .execute();

        child = startService();
        // A person who saw no answer writes again; whatever the first run finished is not repeated.
        const since = fake.calls.length;
        fake.sendText(user, "/start");
        await fake.waitForCall("sendMessage", (c) => Number(c.payload.chat_id) === user.id && c.ok, {
          since,
          timeoutMs: 60_000,
        });
        await stopGracefully(child);
        expect({ delayMs, ...(await effectsOf(code, update)) }).toEqual({
          delayMs,
          uses: 1,
          joined: 1,
          ledger: "done",
        });
      } finally {
        await kill(child);
      }
    }
  });

  it("handles an update left mid-handling by a killed instance once, when its lease has lapsed", async () => {
    const code = await newInvite();
    const user = fake.user({ languageCode: "ru" });
    const update = fake.messageUpdate(user, `/start ${code}`);
    if (server) {
      // The handler will wait for this lock inside its transaction: the kill lands there for certain.
      const blocker = new pg.Client({ connectionString: (server.config as { url: string }).url });
      await blocker.connect();
      await blocker.query("begin");
      await blocker.query("lock table invite in access exclusive mode");
      const child = startService();
      try {
        fake.enqueue(update);
        await handedOut(update);
        // Only the ledger is read here: the invite table is locked for the test's own reads too.
        const ledgerState = async () =>
          (
            await server!.db
              .selectFrom("processed_update")
              .select("state")
              .where("update_id", "=", String(update.update_id))
              .executeTakeFirst()
          )?.state;
        await expect.poll(ledgerState, { timeout: 30_000 }).toBe("handling");
        // Recorded, and the handler is waiting inside its transaction for the invite.
        await expect
          .poll(
            async () =>
              (
                await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
                  where wait_event_type = 'Lock' and datname = current_database()`.execute(server!.db)
              ).rows[0]!.n,
            { timeout: 30_000 },
          )
          .toBeGreaterThan(0);
        await kill(child);
      } finally {
        await kill(child);
        await blocker.query("rollback");
        await blocker.end();
      }
      expect(await effectsOf(code, update)).toEqual({ uses: 0, joined: 0, ledger: "handling" });
      // Time passes: the dead handler's lease is over, so a new instance may take the update over.
      await server.db
        .updateTable("processed_update")
        .set({ lease_until: sql<Date>`now() - interval '1 second'` })
        .where("update_id", "=", String(update.update_id))
        .execute();
    } else {
      // What a kill inside the handling transaction leaves on disk: the update recorded with its
      // payload and a lease, nothing of its effects (the transaction never committed).
      await withDatabase((db) =>
        db
          .insertInto("processed_update")
          .values({
            channel: "telegram",
            update_id: String(update.update_id),
            state: "handling",
            lease_until: new Date(Date.now() + 60_000),
            payload: JSON.stringify(update),
          })
          .execute(),
      );
    }

    const since = fake.calls.length;
    const child = startService();
    try {
      // Taken over at start, not read from Telegram again: the bot answers the /start it never answered.
      await fake.waitForCall("sendMessage", (c) => Number(c.payload.chat_id) === user.id && c.ok, {
        since,
        timeoutMs: 60_000,
      });
      await stopGracefully(child);
    } finally {
      await kill(child);
    }
    expect(await effectsOf(code, update)).toEqual({ uses: 1, joined: 1, ledger: "done" });
    expect(repliesTo(user).length).toBe(1);
  });
});
