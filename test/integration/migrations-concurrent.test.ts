import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrateToLatest, migrations } from "../../src/storage/migrator.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

async function appliedMigrations(db: TestDatabase["db"]): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

describe("migrations started at the same time", () => {
  it("apply exactly once when two instances start together", async () => {
    database = await createTestDatabase({ migrate: false });
    if (database.config.kind === "postgres") {
      // Two real processes, as two instances of the service starting side by side.
      const url = database.config.url;
      const migrate = () =>
        run(
          process.execPath,
          [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "src/cli/main.ts", "migrate", "--json"],
          {
            cwd: ROOT,
            env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: url },
            timeout: 120_000,
          },
        );
      const results = await Promise.all([migrate(), migrate()]);
      const applied = results.map((r) => (JSON.parse(r.stdout) as { applied: string[] }).applied);
      // One of them did the work; the other waited for the lock and found nothing left.
      expect(applied.flat().sort()).toEqual(Object.keys(migrations).sort());
    } else {
      // PGlite is one connection in one process: the best a test can do is race two migrators on it.
      const results = await Promise.all([migrateToLatest(database.db), migrateToLatest(database.db)]);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(Object.keys(migrations).sort());
    }
    expect(await appliedMigrations(database.db)).toEqual(Object.keys(migrations).sort());
  }, 180_000);
});
