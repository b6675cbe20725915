import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProgramService } from "../../src/programs/program.service.js";
import { listStages } from "../../src/roadmap/roadmap.repository.js";
import { builtInTemplate } from "../../src/roadmap/templates.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function organisation(kind: "school" | "college", timeZone = "Asia/Tomsk") {
  return (
    await database.db
      .insertInto("organisation")
      .values({ name: `${kind} ${Math.random()}`, kind, time_zone: timeZone })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

describe("creating a programme copies a roadmap", () => {
  it("gives a school the 34 steps dated in the academic year, in order", async () => {
    const service = createProgramService(database.db);
    const outcome = await service.createProgram(
      {
        organisationId: await organisation("school"),
        name: "Ученик — ученик",
        form: "pupil_pupil",
        academicYear: "2026/2027",
      },
      new Date("2026-08-20T00:00:00Z"),
    );
    if (!outcome.ok) throw new Error(outcome.problem.key);
    expect(outcome.value.program.roadmap_template).toBe("school");
    const stages = await listStages(database.db, outcome.value.program.id);
    expect(stages).toHaveLength(34);
    const byKey = new Map(stages.map((s) => [s.key, s]));
    expect(byKey.get("mentee_questionnaire")).toMatchObject({
      position: 5,
      audience: "mentees",
      action: "form",
      form_key: "entry",
      opens_on: "2026-09-15",
      closes_on: "2026-10-15",
      title_key: "roadmap-stage-school-mentee-questionnaire",
    });
    expect(byKey.get("exit_evaluation")).toMatchObject({
      form_key: "growth_evaluation",
      subject_key: "exit",
    });
    expect(byKey.get("matching")).toMatchObject({ action: "curator_task", curator_check: "pairs" });
    expect(byKey.get("first_meeting")).toMatchObject({
      action: "meeting",
      meeting_type: "first",
      opens_on: "2027-01-12",
    });
  });

  it("gives a college the 10 college steps, and the year of today on the organisation's clock", async () => {
    const outcome = await createProgramService(database.db).createProgram(
      {
        organisationId: await organisation("college"),
        name: "Работодатель — студент",
        form: "employer_student",
      },
      // 1 September already in Tomsk (UTC+7), still 31 August in UTC.
      new Date("2027-08-31T18:00:00Z"),
    );
    if (!outcome.ok) throw new Error(outcome.problem.key);
    const stages = await listStages(database.db, outcome.value.program.id);
    expect(stages).toHaveLength(10);
    expect(stages[0]).toMatchObject({ key: "inform_teachers", opens_on: "2027-09-01" });
  });

  it("copies a chosen template or none, and the database refuses a stage that asks for nothing", async () => {
    const service = createProgramService(database.db);
    const organisationId = await organisation("school");
    const seven = await service.createProgram(
      {
        organisationId,
        name: "Семь этапов",
        form: "teacher_pupil",
        academicYear: "2026/2027",
        roadmap: { template: builtInTemplate("seven_stages")! },
      },
      new Date(),
    );
    const none = await service.createProgram(
      { organisationId, name: "Без карты", form: "teacher_pupil", roadmap: null },
      new Date(),
    );
    if (!seven.ok || !none.ok) throw new Error("not created");
    expect((await listStages(database.db, seven.value.program.id)).map((s) => s.key)).toEqual([
      "preparation",
      "mentor_training",
      "mentee_base",
      "mentor_base",
      "matching",
      "mentoring",
      "completion",
    ]);
    expect(await listStages(database.db, none.value.program.id)).toEqual([]);
    await expect(
      sql`insert into roadmap_stage (program_id, key, position, audience, action, opens_on, closes_on)
          values (${none.value.program.id}, 'x', 1, 'all', 'form', '2026-09-01', '2026-09-02')`.execute(
        database.db,
      ),
    ).rejects.toThrow(/roadmap_stage_form_check/);
  });
});
