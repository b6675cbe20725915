import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeIndicators, setIndicator } from "../../src/digest/indicators.js";
import type { Category, Database, Side } from "../../src/storage/tables.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/**
 * The indicators against a data set built row by row, where each count is known beforehand: who
 * counts (active, this year's programmes, the right category and questionnaire answer) and who does
 * not (pending consent, left, last year's programme, a grade-8 mentor, a teacher with 10 years).
 */

let database: TestDatabase;
let db: Kysely<Database>;
const now = new Date("2026-12-07T06:00:00Z");

async function organisation(name: string): Promise<number> {
  const { id } = await db
    .insertInto("organisation")
    .values({ name, kind: "school", time_zone: "Europe/Moscow" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

async function program(organisationId: number, academicYear: string): Promise<number> {
  const { id } = await db
    .insertInto("program")
    .values({
      organisation_id: organisationId,
      name: "П",
      form_key: "pupil_pupil",
      academic_year: academicYear,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

async function joiner(
  programId: number,
  side: Side,
  category: Category,
  options: {
    status?: "active" | "pending_consent" | "left";
    form?: string;
    answers?: Record<string, unknown>;
  } = {},
): Promise<number> {
  const { id: personId } = await db
    .insertInto("person")
    .values({ display_name: "X", locale: "ru", is_minor: false })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("participant")
    .values({
      program_id: programId,
      person_id: personId,
      side,
      category,
      status: options.status ?? "active",
    })
    .execute();
  if (options.form) await submit(personId, programId, options.form, options.answers ?? {});
  return personId;
}

async function submit(
  personId: number,
  programId: number,
  formKey: string,
  answers: Record<string, unknown>,
) {
  const { id } = await db
    .insertInto("form_session")
    .values({
      person_id: personId,
      program_id: programId,
      form_key: formKey,
      form_version: 1,
      status: "submitted",
      state: "{}",
      submitted_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [key, value] of Object.entries(answers))
    await db
      .insertInto("answer")
      .values({ form_session_id: id, question_key: key, form_version: 1, value: JSON.stringify(value) })
      .execute();
}

let school: number;
let other: number;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  school = await organisation("Школа");
  other = await organisation("Другая");
  const old = await program(school, "2025/2026");
  const current = await program(school, "2026/2027");
  const elsewhere = await program(other, "2026/2027");
  // mentees_10_18: 3 pupils + 1 college student count; pending, left, last year's and another school's do not.
  for (let i = 0; i < 3; i++) await joiner(current, "mentee", "pupil");
  await joiner(current, "mentee", "student");
  await joiner(current, "mentee", "pupil", { status: "pending_consent" });
  await joiner(current, "mentee", "pupil", { status: "left" });
  await joiner(old, "mentee", "pupil");
  await joiner(elsewhere, "mentee", "pupil");
  // mentors_15_18: grade 10 and unanswered count, grade 8 does not, a teacher mentor does not.
  await joiner(current, "mentor", "pupil", {
    form: "mentor_entry",
    answers: { category: "pupil", grade: "10" },
  });
  await joiner(current, "mentor", "pupil");
  await joiner(current, "mentor", "pupil", {
    form: "mentor_entry",
    answers: { category: "pupil", grade: "8" },
  });
  await joiner(current, "mentor", "teacher");
  // young_teachers: a young specialist and a teacher with 2 years count; 10 years and no answer do not.
  await joiner(current, "mentee", "young_specialist");
  await joiner(current, "mentee", "teacher", {
    form: "mentee_entry_teacher",
    answers: { experience_years: 2 },
  });
  await joiner(current, "mentee", "teacher", {
    form: "mentee_entry_teacher",
    answers: { experience_years: 10 },
  });
  await joiner(current, "mentee", "teacher");
  // Satisfaction: mentees 9, 7, 4 → 2 of 3; mentors 6 → 0 of 1.
  const [a, b, c] = await Promise.all([
    joiner(current, "mentee", "parent"),
    joiner(current, "mentee", "parent"),
    joiner(current, "mentee", "parent"),
  ]);
  await submit(a, current, "final_satisfaction_mentee", { overall: 9 });
  await submit(b, current, "final_satisfaction_mentee", { overall: 7 });
  await submit(c, current, "final_satisfaction_mentee", { overall: 4 });
  const d = await joiner(current, "mentor", "employer");
  await submit(d, current, "final_satisfaction_mentor", { overall: 6 });
  await submit(d, old, "final_satisfaction_mentor", { overall: 10 });
});
afterAll(() => database.close());

describe("computeIndicators", () => {
  it("counts each indicator and takes the seed's second-year targets until some are entered", async () => {
    const [report, second] = await computeIndicators(db, {
      organisationIds: [school, other],
      academicYear: "2026/2027",
      now,
    });
    expect(report!.yearOfModel).toBe(2);
    expect(second!.yearOfModel).toBe(1);
    const byKey = Object.fromEntries(report!.indicators.map((i) => [i.key, i]));
    expect(byKey.mentees_10_18).toMatchObject({
      count: 4,
      denominator: null,
      percent: null,
      target: 60,
      met: null,
    });
    expect(byKey.mentors_15_18).toMatchObject({ count: 2, target: 7, targetSource: "seed" });
    expect(byKey.young_teachers).toMatchObject({ count: 2, target: 70 });
    expect(byKey.partner_organisations).toMatchObject({ count: null, target: 25 });
    expect(byKey.mentee_satisfaction).toMatchObject({ count: 2, denominator: 3, target: 70, met: false });
    expect(byKey.mentee_satisfaction!.percent).toBeCloseTo(66.667, 2);
    expect(byKey.mentor_satisfaction).toMatchObject({ count: 0, denominator: 1, percent: 0 });
    expect(second!.indicators[0]).toMatchObject({ count: 1, target: 40 });
  });

  it("uses entered denominators, counts and targets, and a later entry keeps what it does not name", async () => {
    await setIndicator(db, {
      organisationId: school,
      academicYear: "2026/2027",
      key: "mentees_10_18",
      denominator: 10,
      target: 35,
      byPersonId: null,
    });
    await setIndicator(db, {
      organisationId: school,
      academicYear: "2026/2027",
      key: "mentees_10_18",
      denominator: 8,
      byPersonId: null,
    });
    await setIndicator(db, {
      organisationId: school,
      academicYear: "2026/2027",
      key: "partner_organisations",
      denominator: 4,
      enteredCount: 1,
      byPersonId: null,
    });
    const [report] = await computeIndicators(db, {
      organisationIds: [school],
      academicYear: "2026/2027",
      now,
    });
    expect(report!.indicators[0]).toMatchObject({
      count: 4,
      denominator: 8,
      percent: 50,
      target: 35,
      targetSource: "entered",
      met: true,
    });
    expect(report!.indicators[3]).toMatchObject({
      count: 1,
      denominator: 4,
      percent: 25,
      target: 25,
      met: true,
    });
    const [lastYear] = await computeIndicators(db, {
      organisationIds: [school],
      academicYear: "2025/2026",
      now,
    });
    expect(lastYear!.indicators[0]).toMatchObject({ count: 1, denominator: null, target: 40 });
    expect(lastYear!.indicators[5]).toMatchObject({ count: 1, denominator: 1, percent: 100 });
  });
});
