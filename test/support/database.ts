import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Config } from "../../src/config.js";
import { createDatabase, type DatabaseHandle } from "../../src/storage/database.js";
import { migrateToLatest } from "../../src/storage/migrator.js";

/**
 * A real, empty, migrated database for one test file: in-memory PGlite by default, or a fresh database
 * on the server named by DATABASE_URL (created here, dropped on close), so files never see each
 * other's rows and may run in parallel.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  let config: Config["database"];
  let drop = async () => {};
  if (serverUrl) {
    const fresh = await createServerDatabase(serverUrl, "nastavnik_test");
    config = { kind: "postgres", url: fresh.url };
    drop = fresh.drop;
  } else {
    config = { kind: "pglite", dataDir: "memory://" };
  }
  const handle = await createDatabase(config);
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    config,
    async close() {
      await handle.close();
      await drop();
    },
  };
}

export type TestDatabase = DatabaseHandle & { config: Config["database"] };

/** A new, empty database on `serverUrl`'s server (for tests and benches), and how to drop it. */
export async function createServerDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
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
