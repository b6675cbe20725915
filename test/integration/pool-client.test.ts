import type { Socket } from "node:net";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolClient } from "../../src/storage/pool-client.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/**
 * The pool's client sends BEGIN and a transaction's advisory lock together with the statement after
 * them (src/storage/pool-client.ts). Only the server has connections to do that on, so these run in
 * the PostgreSQL pass (DATABASE_URL set, as in CI).
 */
describe.runIf(Boolean(process.env.DATABASE_URL))("the pool's client on PostgreSQL", () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let db: Kysely<Record<string, never>>;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    if (database.config.kind !== "postgres") throw new Error("needs DATABASE_URL");
    pool = new pg.Pool({ connectionString: database.config.url, max: 3, Client: poolClient() });
    db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    await sql`create table mark (label text not null)`.execute(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.close();
  });

  /** Counts what the client's socket writes while `work` runs on it. */
  async function socketWrites<T>(work: (client: pg.PoolClient) => Promise<T>) {
    const client = await pool.connect();
    const stream = (client as unknown as { connection: { stream: Socket } }).connection.stream as Socket & {
      _write: (...args: unknown[]) => void;
      _writev: (...args: unknown[]) => void;
    };
    const write = stream._write.bind(stream);
    const writev = stream._writev.bind(stream);
    let writes = 0;
    stream._write = (...args) => (writes++, write(...args));
    stream._writev = (...args) => (writes++, writev(...args));
    try {
      const result = await work(client);
      return { result, writes };
    } finally {
      stream._write = write;
      stream._writev = writev;
      client.release();
    }
  }

  it("sends BEGIN, the lock and the first read in one write, and answers the read", async () => {
    const { result, writes } = await socketWrites(async (client) => {
      await client.query("begin");
      await client.query("select pg_advisory_xact_lock(hashtextextended($1, 0))", ["one write"]);
      const read = await client.query<{ n: number }>("select $1::int + 1 as n", [41]);
      const locks = await client.query<{ count: string }>(
        "select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted",
      );
      await client.query("commit");
      return { n: read.rows[0]!.n, locks: Number(locks.rows[0]!.count) };
    });
    expect(result).toEqual({ n: 42, locks: 1 });
    // begin + lock + read, then the lock count, then commit: three writes, not five.
    expect(writes).toBe(3);
  });

  it("rejects the statement after a failed lock with the lock's own error, and the transaction rolls back", async () => {
    const holder = await pool.connect();
    try {
      await holder.query("begin");
      await holder.query("select pg_advisory_xact_lock(hashtextextended($1, 0))", ["busy"]);
      // A held statement is only sent with the next one: this one makes sure the lock is taken.
      await holder.query("select 1");
      const failed = db
        .transaction()
        .execute(async (trx) => {
          await sql`set local lock_timeout = '50ms'`.execute(trx);
          await sql`select pg_advisory_xact_lock(hashtextextended(${"busy"}, 0))`.execute(trx);
          await sql`insert into mark values (${"after a failed lock"})`.execute(trx);
        })
        .then(
          () => undefined,
          (error: { code?: string; message?: string }) => error,
        );
      const error = await failed;
      expect(error?.code).toBe("55P03");
      expect(error?.message).toMatch(/lock timeout/);
    } finally {
      await holder.query("rollback");
      holder.release();
    }
    const rows = await sql<{ label: string }>`select label from mark`.execute(db);
    expect(rows.rows.map((r) => r.label)).not.toContain("after a failed lock");
  });

  it("holds the lock before the next statement reads: a waiting turn sees what the first one committed", async () => {
    const first = await pool.connect();
    await first.query("begin");
    await first.query("select pg_advisory_xact_lock(hashtextextended($1, 0))", ["person"]);
    await first.query("select 1");
    const second = db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${"person"}, 0))`.execute(trx);
      const seen = await sql<{ label: string }>`select label from mark where label = ${"first turn"}`.execute(
        trx,
      );
      return seen.rows.length;
    });
    // The second transaction is now waiting on the lock; the first one writes and commits.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await first.query("insert into mark values ($1)", ["first turn"]);
    await first.query("commit");
    first.release();
    expect(await second).toBe(1);
  });

  it("sends a held statement even when nothing follows it", async () => {
    const client = await pool.connect();
    try {
      await client.query("begin");
      await client.query("select pg_advisory_xact_lock(hashtextextended($1, 0))", ["alone"]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const seen = await pool.query<{ count: string }>(
        "select count(*) from pg_locks l join pg_database d on d.oid = l.database " +
          "where l.locktype = 'advisory' and l.granted and d.datname = current_database()",
      );
      expect(Number(seen.rows[0]!.count)).toBe(1);
    } finally {
      await client.query("rollback");
      client.release();
    }
  });
});
