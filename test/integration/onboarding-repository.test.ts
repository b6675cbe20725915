import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOnboardingRepository } from "../../src/onboarding/onboarding.repository.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase;
const repo = createOnboardingRepository();
const now = new Date("2026-11-23T10:00:00Z");
const inAWeek = new Date("2026-11-30T10:00:00Z");
let organisationId: number;
let programId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  organisationId = (
    await db
      .insertInto("organisation")
      .values({ name: "Гимназия", kind: "school", time_zone: "Asia/Yekaterinburg" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  programId = (
    await db
      .insertInto("program")
      .values({
        organisation_id: organisationId,
        name: "П",
        form_key: "pupil_pupil",
        academic_year: "2026/2027",
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => database.close());

async function person(): Promise<number> {
  return (await database.db.insertInto("person").defaultValues().returning("id").executeTakeFirstOrThrow())
    .id;
}

async function invite(values: { code: string; max_uses?: number; expires_at?: Date; role?: "curator" }) {
  await database.db
    .insertInto("invite")
    .values({
      code: values.code,
      organisation_id: organisationId,
      ...(values.role ? { role: values.role } : { program_id: programId, side: "mentee", category: "pupil" }),
      max_uses: values.max_uses ?? 1,
      expires_at: values.expires_at ?? inAWeek,
    })
    .execute();
}

describe("redeemInvite", () => {
  it("joins the programme once, and a second tap spends no use", async () => {
    await invite({ code: "AAAA00000001", max_uses: 5 });
    const personId = await person();
    const first = await repo.redeemInvite(database.db, {
      code: "AAAA00000001",
      personId,
      now,
      participantStatus: "pending_consent",
    });
    expect(first).toMatchObject({ kind: "joined_program", programId, side: "mentee" });
    const again = await repo.redeemInvite(database.db, {
      code: "AAAA00000001",
      personId,
      now,
      participantStatus: "pending_consent",
    });
    expect(again.kind).toBe("already_in_program");
    const row = await database.db
      .selectFrom("invite")
      .select("uses")
      .where("code", "=", "AAAA00000001")
      .executeTakeFirstOrThrow();
    expect(row.uses).toBe(1);
    const participant = await database.db
      .selectFrom("participant")
      .selectAll()
      .where("person_id", "=", personId)
      .executeTakeFirstOrThrow();
    expect(participant).toMatchObject({ status: "pending_consent", category: "pupil", side: "mentee" });
  });

  it("refuses unknown, expired and used-up codes without side effects", async () => {
    await invite({ code: "AAAA00000002", max_uses: 1 });
    await invite({ code: "AAAA00000003", expires_at: new Date("2026-11-01T00:00:00Z") });
    const a = await person();
    const b = await person();
    const opts = { now, participantStatus: "active" as const };
    expect((await repo.redeemInvite(database.db, { code: "NOPE", personId: a, ...opts })).kind).toBe(
      "unknown",
    );
    expect((await repo.redeemInvite(database.db, { code: "AAAA00000003", personId: a, ...opts })).kind).toBe(
      "expired",
    );
    expect((await repo.redeemInvite(database.db, { code: "AAAA00000002", personId: a, ...opts })).kind).toBe(
      "joined_program",
    );
    expect((await repo.redeemInvite(database.db, { code: "AAAA00000002", personId: b, ...opts })).kind).toBe(
      "used_up",
    );
    const bRows = await database.db
      .selectFrom("participant")
      .select("id")
      .where("person_id", "=", b)
      .execute();
    expect(bRows).toEqual([]);
  });

  it("makes the holder of a curator invite curator of the organisation", async () => {
    await invite({ code: "CURATOR00001", role: "curator" });
    const personId = await person();
    const outcome = await repo.redeemInvite(database.db, {
      code: "CURATOR00001",
      personId,
      now,
      participantStatus: "active",
    });
    expect(outcome).toEqual({ kind: "became_curator", organisationId });
    const again = await repo.redeemInvite(database.db, {
      code: "CURATOR00001",
      personId,
      now,
      participantStatus: "active",
    });
    expect(again.kind).toBe("already_curator");
    const memberships = await database.db
      .selectFrom("membership")
      .select(["role", "organisation_id"])
      .where("person_id", "=", personId)
      .execute();
    expect(memberships).toEqual([{ role: "curator", organisation_id: organisationId }]);
  });
});

describe("consents", () => {
  it("activates waiting participations and records who consented", async () => {
    await invite({ code: "AAAA00000004" });
    const child = await person();
    const parent = await person();
    await repo.redeemInvite(database.db, {
      code: "AAAA00000004",
      personId: child,
      now,
      participantStatus: "pending_consent",
    });
    expect(await repo.consentState(database.db, child)).toEqual({ personalData: false, parental: false });
    await repo.recordConsent(database.db, {
      personId: child,
      kind: "personal_data",
      textVersion: "v1",
      givenBy: "self",
      now,
    });

    const request = await repo.createParentalConsentRequest(database.db, {
      personId: child,
      code: "P00000000001",
      expiresAt: inAWeek,
    });
    // The child cannot consent for themselves with their own link.
    expect(
      (
        await repo.fulfilParentalConsentRequest(database.db, {
          code: request.code,
          parentPersonId: child,
          now,
        })
      ).kind,
    ).toBe("self");
    const done = await repo.fulfilParentalConsentRequest(database.db, {
      code: request.code,
      parentPersonId: parent,
      now,
    });
    expect(done).toEqual({ kind: "fulfilled", childPersonId: child });
    // A forwarded link works once.
    expect(
      (
        await repo.fulfilParentalConsentRequest(database.db, {
          code: request.code,
          parentPersonId: parent,
          now,
        })
      ).kind,
    ).toBe("used");
    await repo.recordConsent(database.db, {
      personId: child,
      kind: "parental",
      textVersion: "v1",
      givenBy: "parent",
      givenByPersonId: parent,
      now,
    });
    expect(await repo.consentState(database.db, child)).toEqual({ personalData: true, parental: true });
    expect(await repo.activateParticipants(database.db, child)).toBe(0);
  });

  it("activates a minor's participation with the parent's consent, not with the child's own", async () => {
    await invite({ code: "AAAA00000005" });
    const child = await person();
    await database.db.updateTable("person").set({ is_minor: true }).where("id", "=", child).execute();
    await repo.redeemInvite(database.db, {
      code: "AAAA00000005",
      personId: child,
      now,
      participantStatus: "pending_consent",
    });
    const own = await repo.recordConsent(database.db, {
      personId: child,
      kind: "personal_data",
      textVersion: "v1",
      givenBy: "self",
      now,
    });
    expect(own).toEqual({ recorded: true, activated: 0 });
    const parents = await database.db.transaction().execute((trx) =>
      repo.recordConsent(trx, {
        personId: child,
        kind: "parental",
        textVersion: "v1",
        givenBy: "curator",
        now,
      }),
    );
    expect(parents).toEqual({ recorded: true, activated: 1 });
    expect(await statusOf(child)).toBe("active");
  });

  it("activates an adult's participation with their own consent", async () => {
    await invite({ code: "AAAA00000006" });
    const adult = await person();
    await database.db.updateTable("person").set({ is_minor: false }).where("id", "=", adult).execute();
    await repo.redeemInvite(database.db, {
      code: "AAAA00000006",
      personId: adult,
      now,
      participantStatus: "pending_consent",
    });
    expect(
      await repo.recordConsent(database.db, {
        personId: adult,
        kind: "personal_data",
        textVersion: "v1",
        givenBy: "self",
        now,
      }),
    ).toEqual({ recorded: true, activated: 1 });
    expect(await statusOf(adult)).toBe("active");
  });

  it("writes one row per person, kind and text version, however often it is tapped", async () => {
    const adult = await person();
    const give = (textVersion: string) =>
      repo.recordConsent(database.db, {
        personId: adult,
        kind: "personal_data",
        textVersion,
        givenBy: "self",
        now,
      });
    const twice = await Promise.all([give("v1"), give("v1")]);
    expect(twice.map((r) => r.recorded).sort()).toEqual([false, true]);
    expect((await give("v2")).recorded).toBe(true);
    const rows = await database.db
      .selectFrom("consent")
      .select("text_version")
      .where("person_id", "=", adult)
      .orderBy("id")
      .execute();
    expect(rows).toEqual([{ text_version: "v1" }, { text_version: "v2" }]);
  });
});

async function statusOf(personId: number): Promise<string> {
  const row = await database.db
    .selectFrom("participant")
    .select("status")
    .where("person_id", "=", personId)
    .executeTakeFirstOrThrow();
  return row.status;
}
