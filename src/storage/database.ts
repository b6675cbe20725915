import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Config } from "../config.js";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock.js";
import { poolClient } from "./pool-client.js";
import type { Database } from "./tables.js";

const INT8_OID = 20;
const DATE_OID = 1082;

/**
 * Both backends read the same way: a `date` stays 'YYYY-MM-DD' (node-pg would make it a Date at local
 * midnight, which shifts a day in zones west of the server), and bigint counts become numbers
 * (our ids and counts stay far below 2^53).
 */
const parseInt8 = (value: string) => Number(value);
const keepDate = (value: string) => value;

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: "postgres" | "pglite";
  /** Answers whether the database takes queries now (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function createDatabase(
  database: Config["database"],
  options: { onIdleClientError?: (error: Error) => void } = {},
): Promise<DatabaseHandle> {
  if (database.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: 10,
      // Statements planned once per connection; BEGIN and the lock sent with the next statement (pool-client.ts).
      Client: poolClient(),
      types: {
        getTypeParser: ((oid: number, format?: "text" | "binary") => {
          if (oid === INT8_OID) return parseInt8;
          if (oid === DATE_OID) return keepDate;
          return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle pooled connection can be cut by the server (restart, failover, a dropped test database).
    // node-pg emits that on the pool, and an 'error' event with no listener kills the process; the pool
    // already discards the broken client and opens a new one on the next query.
    pool.on("error", (error) => options.onIdleClientError?.(error));
    return wrap(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), "postgres");
  }
  // "memory://" keeps everything in RAM (tests); any other value is a folder on disk, which one
  // process at a time may open (a second one is refused with DataDirLockedError).
  let lock: DataDirLock | undefined;
  if (!database.dataDir.startsWith("memory://")) {
    await mkdir(database.dataDir, { recursive: true });
    lock = await acquireDataDirLock(database.dataDir);
  }
  try {
    const client = await PGlite.create(database.dataDir, {
      parsers: { [INT8_OID]: parseInt8, [DATE_OID]: keepDate },
    });
    // Kysely's own PGlite dialect: one connection, handed out to one query or transaction at a time
    // (the adapter declares no multiple connections, so Kysely queues the rest).
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: client }) });
    return wrap(db, "pglite", async () => {
      // Kysely closes PGlite only if a query ever ran; a handle closed unused must still close it.
      if (!client.closed) await client.close();
      // Released only after PGlite has closed its files, so the next opener finds them complete.
      await lock?.release();
    });
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

function wrap(
  db: Kysely<Database>,
  kind: DatabaseHandle["kind"],
  afterDestroy: () => Promise<void> = async () => {},
): DatabaseHandle {
  let closed = false;
  return {
    db,
    kind,
    async ping() {
      if (closed) return false;
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.destroy();
      } finally {
        await afterDestroy();
      }
    },
  };
}
