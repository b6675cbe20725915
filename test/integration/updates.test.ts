import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpdateLedger, type UpdateLedger } from "../../src/updates/update-ledger.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase;
let ledger: UpdateLedger;
beforeAll(async () => {
  database = await createTestDatabase();
  ledger = createUpdateLedger(database.db);
});
afterAll(async () => {
  await database.close();
});

describe("update ledger", () => {
  it("claims an update once and refuses every later claim", async () => {
    expect(await ledger.claim("telegram", 100)).toBe(true);
    expect(await ledger.claim("telegram", 100)).toBe(false);
    expect(await ledger.claim("telegram", "100")).toBe(false);
    expect(await ledger.claim("telegram", 101)).toBe(true);
  });

  it("keeps channels apart: the same id on another channel is another update", async () => {
    expect(await ledger.claim("telegram", 555)).toBe(true);
    expect(await ledger.claim("vk", 555)).toBe(true);
    expect(await ledger.claim("vk", 555)).toBe(false);
  });

  it("gives exactly one of many concurrent claims for the same update", async () => {
    const claims = await Promise.all(Array.from({ length: 12 }, () => ledger.claim("telegram", 777)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    // A second ledger (another instance on the same database) sees the claim too.
    expect(await createUpdateLedger(database.db).claim("telegram", 777)).toBe(false);
  });

  it("prunes only updates older than the cut-off, after which an id may be claimed again", async () => {
    await database.db
      .insertInto("processed_update")
      .values([
        { channel: "telegram", update_id: "old-1", processed_at: new Date("2026-01-01T00:00:00Z") },
        { channel: "telegram", update_id: "old-2", processed_at: new Date("2026-01-02T00:00:00Z") },
      ])
      .execute();
    expect(await ledger.claim("telegram", "fresh")).toBe(true);

    const removed = await ledger.prune(new Date("2026-01-03T00:00:00Z"));
    expect(removed).toBe(2);
    const left = await database.db
      .selectFrom("processed_update")
      .select("update_id")
      .where("update_id", "in", ["old-1", "old-2", "fresh"])
      .execute();
    expect(left.map((r) => r.update_id)).toEqual(["fresh"]);
    expect(await ledger.claim("telegram", "old-1")).toBe(true);
  });
});
