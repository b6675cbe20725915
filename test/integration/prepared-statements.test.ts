import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatementNames } from "../../src/storage/prepared-statements.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/**
 * Statements are prepared once per connection on PostgreSQL (the embedded database has no
 * connections to prepare on, so the server half runs when DATABASE_URL is set, as in CI's second pass).
 */

describe("statement names", () => {
  it("gives one text one name, a new name once renewed, and none past the cap", () => {
    const names = createStatementNames(2);
    const a = names.nameOf("select 1 where $1");
    expect(names.nameOf("select 1 where $1")).toBe(a);
    const b = names.nameOf("select 2 where $1");
    expect(b).not.toBe(a);
    expect(names.nameOf("select 3 where $1")).toBeUndefined();
    names.renew("select 1 where $1");
    const renewed = names.nameOf("select 1 where $1");
    expect(renewed).toBeDefined();
    expect([a, b]).not.toContain(renewed);
    expect(names.size).toBe(2);
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))("prepared statements on PostgreSQL", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await sql`create table sample (id int primary key, label text)`.execute(database.db);
    await sql`insert into sample values (1, 'one'), (2, 'two')`.execute(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  const prepared = () =>
    database.db.connection().execute(async (db) => {
      const first = await sql<{ label: string }>`select * from sample where id = ${1}`.execute(db);
      const second = await sql<{ label: string }>`select * from sample where id = ${2}`.execute(db);
      const statements = await sql<{
        statement: string;
      }>`select statement from pg_prepared_statements`.execute(db);
      return { labels: [...first.rows, ...second.rows].map((r) => r.label), statements };
    });

  it("prepares a parameterised statement once per connection and gives the same rows", async () => {
    const { labels, statements } = await prepared();
    expect(labels).toEqual(["one", "two"]);
    expect(statements.rows.filter((r) => r.statement.includes("from sample where id"))).toHaveLength(1);
  });

  it("survives a table whose columns change under a prepared `select *`: one failure, then the new shape", async () => {
    await database.db.connection().execute(async (db) => {
      await sql`select * from sample where id = ${1}`.execute(db);
      await sql`alter table sample add column extra text default 'x'`.execute(db);
      await expect(sql`select * from sample where id = ${1}`.execute(db)).rejects.toThrow(/cached plan/);
      const again = await sql<{ extra: string }>`select * from sample where id = ${1}`.execute(db);
      expect(again.rows).toEqual([{ id: 1, label: "one", extra: "x" }]);
    });
  });
});
