import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccountLinkRepository } from "../../src/accounts/account-link.repository.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase;
const links = createAccountLinkRepository();
const now = new Date("2026-11-23T10:00:00Z");
let programId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  const org = await database.db
    .insertInto("organisation")
    .values({ name: "Школа", kind: "school", time_zone: "Europe/Moscow" })
    .returning("id")
    .executeTakeFirstOrThrow();
  programId = (
    await database.db
      .insertInto("program")
      .values({ organisation_id: org.id, name: "П", form_key: "pupil_pupil", academic_year: "2026/2027" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => database.close());

async function personWithAccount(channel: "telegram" | "vk", externalId: string, name: string | null) {
  const person = await database.db
    .insertInto("person")
    .values({ display_name: name, locale: name ? "ru" : null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto("channel_account")
    .values({ person_id: person.id, channel, external_id: externalId, chat_id: externalId })
    .execute();
  return person.id;
}

describe("linking two messenger accounts", () => {
  it("moves the second account into the first person and keeps the first person's data on conflicts", async () => {
    const first = await personWithAccount("telegram", "t-1", "Анна");
    const second = await personWithAccount("vk", "v-1", null);
    // Both joined the same programme on the same side, and both started the entry form.
    for (const person of [first, second]) {
      await database.db
        .insertInto("participant")
        .values({ program_id: programId, person_id: person, side: "mentee", category: "pupil" })
        .execute();
      await database.db
        .insertInto("form_session")
        .values({
          person_id: person,
          program_id: programId,
          form_key: "mentee_entry_pupil",
          form_version: 1,
          state: JSON.stringify({ who: person }),
        })
        .execute();
    }
    await database.db
      .insertInto("consent")
      .values({ person_id: second, kind: "personal_data", text_version: "v1", given_by: "self" })
      .execute();
    await links.createCode(database.db, {
      personId: first,
      code: "LAAAAAAAAAAAA",
      expiresAt: new Date("2026-11-23T10:30:00Z"),
    });

    expect(await links.link(database.db, { code: "LAAAAAAAAAAAA", personId: first, now })).toEqual({
      kind: "self",
    });
    expect(await links.link(database.db, { code: "LAAAAAAAAAAAA", personId: second, now })).toEqual({
      kind: "linked",
      personId: first,
    });
    expect((await links.link(database.db, { code: "LAAAAAAAAAAAA", personId: second, now })).kind).toBe(
      "used",
    );

    const accounts = await database.db
      .selectFrom("channel_account")
      .select(["channel", "person_id"])
      .where("external_id", "in", ["t-1", "v-1"])
      .orderBy("channel")
      .execute();
    expect(accounts).toEqual([
      { channel: "telegram", person_id: first },
      { channel: "vk", person_id: first },
    ]);
    const sessions = await database.db
      .selectFrom("form_session")
      .select(["person_id", "state"])
      .where("form_key", "=", "mentee_entry_pupil")
      .execute();
    expect(sessions).toEqual([{ person_id: first, state: { who: first } }]);
    const participants = await database.db.selectFrom("participant").select("person_id").execute();
    expect(participants).toEqual([{ person_id: first }]);
    const consents = await database.db.selectFrom("consent").select("person_id").execute();
    expect(consents).toEqual([{ person_id: first }]);
    const gone = await database.db.selectFrom("person").select("id").where("id", "=", second).execute();
    expect(gone).toEqual([]);
  });

  it("refuses unknown and expired codes without touching anyone", async () => {
    const first = await personWithAccount("telegram", "t-2", "Иван");
    const second = await personWithAccount("vk", "v-2", null);
    await links.createCode(database.db, {
      personId: first,
      code: "LBBBBBBBBBBBB",
      expiresAt: new Date("2026-11-23T09:59:00Z"),
    });
    expect((await links.link(database.db, { code: "LBBBBBBBBBBBB", personId: second, now })).kind).toBe(
      "expired",
    );
    expect((await links.link(database.db, { code: "LNOPENOPENOPE", personId: second, now })).kind).toBe(
      "unknown",
    );
    const account = await database.db
      .selectFrom("channel_account")
      .select("person_id")
      .where("external_id", "=", "v-2")
      .executeTakeFirstOrThrow();
    expect(account.person_id).toBe(second);
  });
});
