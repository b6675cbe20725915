import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboundMessage, TextMessage } from "../../src/core/messages.js";
import { createOutboxRepository } from "../../src/outbox/outbox.repository.js";
import { notifyPerson } from "../../src/outbox/outbox.service.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/** Files go with replies only: the outbox stores messages for later and must never take one. */

let database: TestDatabase;
let personId: number;
let accountId: number;
const file: OutboundMessage = {
  text: "Пары",
  document: { fileName: "pairs.csv", mimeType: "text/csv", content: new Uint8Array([1, 2, 3]) },
};

beforeAll(async () => {
  database = await createTestDatabase();
  const person = await database.db
    .insertInto("person")
    .values({ display_name: "Куратор", locale: "ru", is_minor: false, time_zone: null, erased_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  personId = person.id;
  const account = await database.db
    .insertInto("channel_account")
    .values({
      person_id: personId,
      channel: "telegram",
      external_id: "42",
      chat_id: "42",
      blocked_at: null,
      last_seen_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  accountId = account.id;
});

afterAll(async () => {
  await database.close();
});

describe("the outbox and documents", () => {
  it("refuses a notice whose rendered message carries a file, and stores nothing", async () => {
    await expect(
      notifyPerson(
        database.db,
        { personId, kind: "export.pairs", dedupeKey: "export.pairs:1", render: () => file },
        { defaultTimeZone: "Europe/Moscow" },
      ),
    ).rejects.toThrow(/export\.pairs carries a document/);
    expect(await database.db.selectFrom("delivery").selectAll().execute()).toEqual([]);
  });

  it("refuses a file at the repository too, where a cast got around the type", async () => {
    await expect(
      createOutboxRepository(database.db).insert({
        personId,
        accountId,
        channel: "telegram",
        kind: "export.pairs",
        dedupeKey: "export.pairs:2",
        message: file as TextMessage,
        dueAt: new Date(),
        status: "pending",
      }),
    ).rejects.toThrow(/files go with replies only/);
    expect(await database.db.selectFrom("delivery").selectAll().execute()).toEqual([]);
  });

  it("still queues the same text without the file", async () => {
    const outcome = await notifyPerson(
      database.db,
      { personId, kind: "export.pairs", dedupeKey: "export.pairs:3", render: () => ({ text: "Пары" }) },
      { defaultTimeZone: "Europe/Moscow" },
    );
    expect(outcome).toMatchObject({ status: "queued", channel: "telegram" });
  });
});
