import { Migrator } from "kysely/migration";
import { afterAll, describe, expect, it } from "vitest";
import { migrateToLatest, migrations } from "../../src/storage/migrator.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase | undefined;
afterAll(async () => {
  await database?.close();
});

describe("the roadmap migrations", () => {
  it("turn a demo's old free-text stages into the four actions and leave them out of the clock", async () => {
    database = await createTestDatabase({ migrate: false });
    const { db } = database;
    const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
    const { error } = await migrator.migrateTo("2026-12-03T13-00_pairing");
    expect(error).toBeUndefined();
    const organisationId = (
      await db
        .insertInto("organisation")
        .values({ name: "Демо", kind: "school", time_zone: "Europe/Moscow" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const programme = async (name: string) =>
      (
        await db
          .insertInto("program")
          .values({
            organisation_id: organisationId,
            name,
            form_key: "teacher_pupil",
            academic_year: "2026/2027",
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const demo = await programme("Демо");
    const other = await programme("Своя");
    const { id: personId } = await db
      .insertInto("person")
      .values({ display_name: "Демо", locale: "ru", is_minor: false })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("channel_account")
      .values({
        person_id: personId,
        channel: "console",
        external_id: `demo-${demo}-${personId}`,
        chat_id: "x",
      })
      .execute();
    await db
      .insertInto("participant")
      .values({ program_id: demo, person_id: personId, side: "mentee", category: "pupil", status: "active" })
      .execute();
    const stage = (programId: number, key: string, audience: string, action: string) =>
      // The columns of the initial schema only: what the demo wrote before these migrations.
      db
        .insertInto("roadmap_stage")
        .values({
          program_id: programId,
          key,
          position: 1,
          audience: audience as "all",
          action: action as "form",
          opens_on: "2026-09-01",
          closes_on: "2026-09-30",
        })
        .execute();
    await stage(demo, "mentee_base", "mentees", "fill_entry_form");
    await stage(demo, "matching", "all", "preference_poll");
    await stage(demo, "mentoring", "all", "log_meetings");
    await stage(other, "completion", "all", "satisfaction_poll");
    await stage(other, "mentor_training", "mentors", "attend_training");

    await migrateToLatest(db);
    const rows = await db
      .selectFrom("roadmap_stage")
      .select([
        "program_id",
        "key",
        "audience",
        "action",
        "form_key",
        "meeting_type",
        "curator_check",
        "next_check_at",
      ])
      .orderBy("id")
      .execute();
    expect(rows.map(({ next_check_at, ...row }) => ({ ...row, due: next_check_at !== null }))).toEqual([
      {
        program_id: demo,
        key: "mentee_base",
        audience: "mentees",
        action: "form",
        form_key: "entry",
        meeting_type: null,
        curator_check: null,
        due: false,
      },
      {
        program_id: demo,
        key: "matching",
        audience: "curators",
        action: "curator_task",
        form_key: null,
        meeting_type: null,
        curator_check: "pairs",
        due: false,
      },
      {
        program_id: demo,
        key: "mentoring",
        audience: "all",
        action: "meeting",
        form_key: null,
        meeting_type: "regular",
        curator_check: null,
        due: false,
      },
      {
        program_id: other,
        key: "completion",
        audience: "all",
        action: "form",
        form_key: "final_satisfaction",
        meeting_type: null,
        curator_check: null,
        due: true,
      },
      {
        program_id: other,
        key: "mentor_training",
        audience: "mentors",
        action: "information",
        form_key: null,
        meeting_type: null,
        curator_check: null,
        due: true,
      },
    ]);
  });
});
