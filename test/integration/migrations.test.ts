import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrateToLatest, migrations } from "../../src/storage/migrator.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

describe("migrations", () => {
  it("apply to an empty database, then find nothing left to do", async () => {
    database = await createTestDatabase({ migrate: false });
    const first = await migrateToLatest(database.db);
    expect(first.applied).toEqual(Object.keys(migrations));
    const second = await migrateToLatest(database.db);
    expect(second.applied).toEqual([]);

    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name
    `.execute(database.db);
    const tables = rows.map((r) => r.table_name);
    for (const table of [
      "organisation",
      "person",
      "form_session",
      "answer",
      "delivery",
      "processed_update",
    ]) {
      expect(tables).toContain(table);
    }
  });

  it("enforce the rules the schema promises", async () => {
    database = await createTestDatabase();
    const { db } = database;
    const org = await db
      .insertInto("organisation")
      .values({ name: "Школа №1", kind: "school", time_zone: "Europe/Moscow" })
      .returning("id")
      .executeTakeFirstOrThrow();
    // An unknown mentoring form key is refused by the database itself.
    await expect(
      db
        .insertInto("program")
        .values({ organisation_id: org.id, name: "x", form_key: "robot_pupil", academic_year: "2026/2027" })
        .execute(),
    ).rejects.toThrow();
    const program = await db
      .insertInto("program")
      .values({ organisation_id: org.id, name: "x", form_key: "pupil_pupil", academic_year: "2026/2027" })
      .returning(["id", "status"])
      .executeTakeFirstOrThrow();
    expect(program.status).toBe("draft");

    // Delivery dedupe keys are unique: the same reminder can never be queued twice.
    const delivery = {
      channel: "telegram" as const,
      kind: "reminder",
      dedupe_key: "stage:1:person:1",
      payload: JSON.stringify({}),
      due_at: new Date(),
    };
    await db.insertInto("delivery").values(delivery).execute();
    await expect(db.insertInto("delivery").values(delivery).execute()).rejects.toThrow();

    // Dates come back as calendar strings, not shifted Date objects.
    await db.updateTable("program").set({ starts_on: "2026-09-01" }).where("id", "=", program.id).execute();
    const read = await db.selectFrom("program").select("starts_on").executeTakeFirstOrThrow();
    expect(read.starts_on).toBe("2026-09-01");
  });

  it("roll back cleanly with down()", async () => {
    database = await createTestDatabase();
    for (const name of Object.keys(migrations).reverse()) {
      await migrations[name]!.down!(database.db);
    }
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'person'
    `.execute(database.db);
    expect(rows[0]!.n).toBe(0);
  });
});
