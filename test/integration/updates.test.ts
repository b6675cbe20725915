import { sql } from "kysely";
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

const LEASE = 60_000;
const row = (channel: string, updateId: string) =>
  database.db
    .selectFrom("processed_update")
    .selectAll()
    .where("channel", "=", channel as "telegram")
    .where("update_id", "=", updateId)
    .executeTakeFirst();
/** Time passes for one update: its lease is over. */
const lapse = (updateId: string) =>
  database.db
    .updateTable("processed_update")
    .set({ lease_until: sql<Date>`now() - interval '1 second'` })
    .where("update_id", "=", updateId)
    .execute();

describe("update ledger", () => {
  it("records an update once, with its payload and a lease, and refuses every later record", async () => {
    expect(await ledger.record("telegram", "100", { text: "привет" }, LEASE)).toBe(true);
    expect(await ledger.record("telegram", "100", { text: "привет" }, LEASE)).toBe(false);
    const stored = await row("telegram", "100");
    expect(stored).toMatchObject({ state: "handling", payload: { text: "привет" }, attempts: 1 });
    expect(stored!.lease_until!.getTime()).toBeGreaterThan(Date.now() + LEASE / 2);
  });

  it("keeps channels apart: the same id on another channel is another update", async () => {
    expect(await ledger.record("telegram", "555", {}, LEASE)).toBe(true);
    expect(await ledger.record("vk", "555", {}, LEASE)).toBe(true);
    expect(await ledger.record("vk", "555", {}, LEASE)).toBe(false);
  });

  it("gives exactly one of many concurrent records of the same update", async () => {
    const records = await Promise.all(
      Array.from({ length: 12 }, () => ledger.record("telegram", "777", {}, LEASE)),
    );
    expect(records.filter(Boolean)).toHaveLength(1);
    // A second ledger (another instance on the same database) sees it too.
    expect(await createUpdateLedger(database.db).record("telegram", "777", {}, LEASE)).toBe(false);
  });

  it("finishes an update inside the handling transaction and forgets its payload; a later handler finds it done", async () => {
    await ledger.record("telegram", "200", { text: "secret" }, LEASE);
    await database.db.transaction().execute(async (trx) => {
      expect(await ledger.lock(trx, "telegram", "200")).toBe(true);
      await ledger.finish(trx, "telegram", "200");
    });
    expect(await row("telegram", "200")).toMatchObject({ state: "done", payload: null, lease_until: null });
    await database.db.transaction().execute(async (trx) => {
      expect(await ledger.lock(trx, "telegram", "200")).toBe(false);
    });
  });

  it("takes an update in one statement: the person's earlier unfinished updates oldest first, nothing once it is done", async () => {
    const key = "telegram:take-person";
    await ledger.record("telegram", "220", { n: 1 }, LEASE, key);
    await ledger.record("telegram", "221", { n: 2 }, LEASE, "telegram:someone-else");
    await ledger.record("telegram", "222", { n: 3 }, LEASE, key);
    await ledger.record("telegram", "223", { n: 4 }, LEASE, key);
    await database.db.transaction().execute(async (trx) => {
      await ledger.finish(trx, "telegram", "222");
    });
    await database.db.transaction().execute(async (trx) => {
      expect(await ledger.take(trx, "telegram", key, "223")).toEqual([
        { updateId: "220", payload: { n: 1 } },
      ]);
      expect(await ledger.take(trx, "telegram", key, "220")).toEqual([]);
    });
    await database.db.transaction().execute(async (trx) => {
      expect(await ledger.take(trx, "telegram", key, "222")).toBeUndefined();
      expect(await ledger.take(trx, "telegram", key, "not-recorded")).toBeUndefined();
    });
    // Detached from its order (it failed): later updates no longer wait for it; it goes on alone.
    await ledger.detach("telegram", "220");
    await database.db.transaction().execute(async (trx) => {
      expect(await ledger.take(trx, "telegram", key, "223")).toEqual([]);
      expect(await ledger.take(trx, "telegram", key, "220")).toEqual([]);
    });
  });

  it("with finish, marks the update and the earlier ones it returns done in the same statement, undone by a rollback", async () => {
    const key = "telegram:take-finish";
    await ledger.record("telegram", "240", { n: 1 }, LEASE, key);
    await ledger.record("telegram", "241", { n: 2 }, LEASE, "telegram:another");
    await ledger.record("telegram", "242", { n: 3 }, LEASE, key);
    await expect(
      database.db.transaction().execute(async (trx) => {
        expect(await ledger.take(trx, "telegram", key, "242", { finish: true })).toEqual([
          { updateId: "240", payload: { n: 1 } },
        ]);
        throw new Error("the turn failed");
      }),
    ).rejects.toThrow("the turn failed");
    expect(await row("telegram", "240")).toMatchObject({ state: "handling", payload: { n: 1 } });
    expect(await row("telegram", "242")).toMatchObject({ state: "handling" });
    await database.db.transaction().execute(async (trx) => {
      expect(await ledger.take(trx, "telegram", key, "242", { finish: true })).toEqual([
        { updateId: "240", payload: { n: 1 } },
      ]);
    });
    for (const id of ["240", "242"]) {
      expect(await row("telegram", id)).toMatchObject({ state: "done", payload: null, lease_until: null });
    }
    expect(await row("telegram", "241")).toMatchObject({ state: "handling" });
    // A detached update (it failed before) is finished alone.
    await ledger.record("telegram", "243", { n: 4 }, LEASE, key);
    await ledger.detach("telegram", "243");
    await database.db.transaction().execute(async (trx) => {
      expect(await ledger.take(trx, "telegram", key, "243", { finish: true })).toEqual([]);
    });
    expect(await row("telegram", "243")).toMatchObject({ state: "done" });
  });

  it("keeps recording order when records share a timestamp and their ids sort the other way", async () => {
    // VK's event ids are random strings, and PGlite's clock is coarse: neither may decide the order.
    const key = "vk:same-tick";
    for (const id of ["vk-c", "vk-b", "vk-a"]) await ledger.record("vk", id, { id }, LEASE, key);
    await database.db
      .updateTable("processed_update")
      .set({ processed_at: new Date("2026-12-03T12:00:00Z") })
      .where("order_key", "=", key)
      .execute();
    await database.db.transaction().execute(async (trx) => {
      expect(await ledger.take(trx, "vk", key, "vk-b")).toEqual([
        { updateId: "vk-c", payload: { id: "vk-c" } },
      ]);
      expect(await ledger.earlierUnfinished(trx, "vk", key, "vk-a")).toEqual([
        { updateId: "vk-c", payload: { id: "vk-c" } },
        { updateId: "vk-b", payload: { id: "vk-b" } },
      ]);
    });
  });

  it("rolls back with the handler: an update whose transaction failed is still waiting to be handled", async () => {
    await ledger.record("telegram", "210", {}, LEASE);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await ledger.lock(trx, "telegram", "210");
        await ledger.finish(trx, "telegram", "210");
        throw new Error("the handler failed");
      }),
    ).rejects.toThrow("the handler failed");
    expect(await row("telegram", "210")).toMatchObject({ state: "handling" });
  });

  it("takes over only updates whose lease lapsed, for the channels asked, counting attempts", async () => {
    await ledger.record("telegram", "300", { n: 1 }, LEASE);
    await ledger.record("telegram", "301", { n: 2 }, LEASE);
    await ledger.record("vk", "302", { n: 3 }, LEASE);
    await lapse("300");
    await lapse("302");
    const taken = await ledger.reclaim(["telegram"], LEASE, 10);
    expect(taken.filter((t) => ["300", "301", "302"].includes(t.updateId))).toEqual([
      { channel: "telegram", updateId: "300", payload: { n: 1 }, attempts: 2 },
    ]);
    // Its lease is renewed for the taker: another instance does not take it too.
    expect((await ledger.reclaim(["telegram"], LEASE, 10)).map((t) => t.updateId)).not.toContain("300");
    await ledger.fail("telegram", "300");
    expect(await row("telegram", "300")).toMatchObject({ state: "failed", payload: null });
  });

  it("prunes only finished updates older than the cut-off, after which an id may be recorded again", async () => {
    await database.db
      .insertInto("processed_update")
      .values([
        { channel: "telegram", update_id: "old-1", processed_at: new Date("2026-01-01T00:00:00Z") },
        { channel: "telegram", update_id: "old-2", processed_at: new Date("2026-01-02T00:00:00Z") },
        {
          channel: "telegram",
          update_id: "old-handling",
          state: "handling",
          processed_at: new Date("2026-01-02T00:00:00Z"),
        },
      ])
      .execute();
    expect(await ledger.prune(new Date("2026-01-03T00:00:00Z"))).toBe(2);
    expect(await row("telegram", "old-handling")).toBeDefined();
    expect(await ledger.record("telegram", "old-1", {}, LEASE)).toBe(true);
  });
});
