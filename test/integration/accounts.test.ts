import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createChannelAccountRepository,
  type ChannelAccountRepository,
} from "../../src/accounts/channel-account.repository.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase;
let accounts: ChannelAccountRepository;
beforeAll(async () => {
  database = await createTestDatabase();
  accounts = createChannelAccountRepository(database.db);
});
afterAll(async () => {
  await database.close();
});

async function count(table: "person" | "channel_account"): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
    database.db,
  );
  return rows[0]!.n;
}

describe("channel accounts", () => {
  it("creates a person and an account on the first message, then finds the same ones", async () => {
    const first = await accounts.touch({ channel: "telegram", externalId: "1001", chatId: "1001" });
    expect(first).toMatchObject({ created: true, unblocked: false, personLocale: null, chatId: "1001" });

    const second = await accounts.touch({ channel: "telegram", externalId: "1001", chatId: "1001" });
    expect(second).toMatchObject({ created: false, id: first.id, personId: first.personId });

    const row = await database.db
      .selectFrom("channel_account")
      .selectAll()
      .where("id", "=", first.id)
      .executeTakeFirstOrThrow();
    expect(row.last_seen_at).toBeInstanceOf(Date);
  });

  it("keeps the same external id on two channels as two accounts of two people", async () => {
    const telegram = await accounts.touch({ channel: "telegram", externalId: "2002", chatId: "2002" });
    const vk = await accounts.touch({ channel: "vk", externalId: "2002", chatId: "2002" });
    expect(vk.personId).not.toBe(telegram.personId);
  });

  it("gives concurrent first messages one person and one account, leaving no orphan person", async () => {
    const peopleBefore = await count("person");
    const accountsBefore = await count("channel_account");
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        accounts.touch({ channel: "telegram", externalId: "3003", chatId: "3003" }),
      ),
    );
    expect(new Set(results.map((r) => r.personId)).size).toBe(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await count("person")).toBe(peopleBefore + 1);
    expect(await count("channel_account")).toBe(accountsBefore + 1);
  });

  it("reports the person's chosen language", async () => {
    const account = await accounts.touch({ channel: "telegram", externalId: "4004", chatId: "4004" });
    await database.db
      .updateTable("person")
      .set({ locale: "en" })
      .where("id", "=", account.personId)
      .execute();
    expect(await accounts.touch({ channel: "telegram", externalId: "4004", chatId: "4004" })).toMatchObject({
      personLocale: "en",
    });
    expect(await accounts.find("telegram", "4004")).toMatchObject({
      personLocale: "en",
      personId: account.personId,
    });
    expect(await accounts.find("telegram", "no-such-user")).toBeUndefined();
  });

  it("marks a chat blocked, keeps the first time, and unblocks on the next message", async () => {
    const account = await accounts.touch({ channel: "telegram", externalId: "5005", chatId: "5005" });
    const firstNoticed = new Date("2026-03-01T10:00:00Z");
    expect(await accounts.markBlocked("telegram", "5005", firstNoticed)).toBe(1);
    expect(await accounts.markBlocked("telegram", "5005", new Date("2026-03-02T10:00:00Z"))).toBe(1);
    expect((await accounts.find("telegram", "5005"))?.blockedAt?.toISOString()).toBe(
      firstNoticed.toISOString(),
    );
    // Another person's chat is untouched.
    const other = await accounts.touch({ channel: "telegram", externalId: "5006", chatId: "5006" });
    expect((await accounts.find("telegram", "5006"))?.blockedAt).toBeNull();

    const back = await accounts.touch({ channel: "telegram", externalId: "5005", chatId: "5005" });
    expect(back).toMatchObject({ id: account.id, unblocked: true, blockedAt: null });
    expect((await accounts.find("telegram", "5005"))?.blockedAt).toBeNull();
    const again = await accounts.touch({ channel: "telegram", externalId: "5005", chatId: "5005" });
    expect(again.unblocked).toBe(false);
    expect(other.unblocked).toBe(false);
  });

  it("unblocks explicitly (the messenger says the person is back) and counts only blocked ones", async () => {
    await accounts.touch({ channel: "telegram", externalId: "6006", chatId: "6006" });
    expect(await accounts.markUnblocked("telegram", "6006")).toBe(0);
    await accounts.markBlocked("telegram", "6006");
    expect(await accounts.markUnblocked("telegram", "6006")).toBe(1);
    expect((await accounts.find("telegram", "6006"))?.blockedAt).toBeNull();
  });
});
