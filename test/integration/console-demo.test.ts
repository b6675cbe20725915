import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureConsoleDemo } from "../../src/channels/console/console-demo.js";
import { builtInForms } from "../../src/forms/index.js";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { createPersonRepository } from "../../src/journey/person.repository.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase;
let translator: Translator;
beforeAll(async () => {
  [database, translator] = await Promise.all([createTestDatabase(), loadTranslator()]);
});
afterAll(() => database.close());

const ensure = () =>
  ensureConsoleDemo({
    db: database.db,
    translator,
    locale: "ru",
    timeZone: "Europe/Moscow",
    forms: builtInForms,
    now: new Date(),
  });

/** The console demo person and the organisations it curates. */
async function consoleCurator() {
  const account = await database.db
    .selectFrom("channel_account")
    .select("person_id")
    .where("channel", "=", "console")
    .where("external_id", "=", "demo")
    .executeTakeFirstOrThrow();
  const memberships = await database.db
    .selectFrom("membership")
    .select("organisation_id")
    .where("person_id", "=", account.person_id)
    .where("role", "=", "curator")
    .execute();
  return { personId: account.person_id, organisations: memberships.map((m) => m.organisation_id) };
}

const organisationIds = async () =>
  (await database.db.selectFrom("organisation").select("id").orderBy("id").execute()).map((o) => o.id);

describe("the console demo", () => {
  it("reuses its organisation after the demo curator erased itself with /forget", async () => {
    const first = await ensure();
    expect(first.menteeInviteCode).toBeDefined();
    const seeded = await organisationIds();
    expect(seeded).toHaveLength(1);
    const before = await consoleCurator();
    expect(before.organisations).toEqual(seeded);

    // /forget: the person and its account go; the seeded participants stay.
    await createPersonRepository(database.db).erase(before.personId);
    const second = await ensure();
    expect(await organisationIds()).toEqual(seeded);
    const after = await consoleCurator();
    expect(after.personId).not.toBe(before.personId);
    expect(after.organisations).toEqual(seeded);
    expect(second.menteeInviteCode).toBe(first.menteeInviteCode);

    // Erased again, and the console wrote before the next start (the journey made a bare person).
    await createPersonRepository(database.db).erase(after.personId);
    const bare = await database.db
      .insertInto("person")
      .values({ locale: "ru" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto("channel_account")
      .values({ person_id: bare.id, channel: "console", external_id: "demo", chat_id: "demo" })
      .execute();
    await ensure();
    expect(await organisationIds()).toEqual(seeded);
    expect(await consoleCurator()).toEqual({ personId: bare.id, organisations: seeded });
  });
});
