import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTranslator, type Translator } from "../../src/i18n/translator.js";
import { notifyPerson } from "../../src/outbox/outbox.service.js";
import { createProgramService } from "../../src/programs/program.service.js";
import { createRoadmapReminders, type RoadmapReminders } from "../../src/roadmap/reminders.js";
import {
  listStages,
  moveStage,
  owedStageForms,
  setRemindersMuted,
  updateReminderSettings,
} from "../../src/roadmap/roadmap.repository.js";
import type { RoadmapStageTemplate } from "../../src/roadmap/template.js";
import { createDatabase, type DatabaseHandle } from "../../src/storage/database.js";
import type { Category, Database, Side } from "../../src/storage/tables.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

/**
 * The roadmap's clock job against a real database with a controllable clock: every `now` is passed
 * in, so each case says exactly which minute it is on which wall clock.
 */

let database: TestDatabase;
let translator: Translator;
let reminders: RoadmapReminders;

beforeAll(async () => {
  [database, translator] = await Promise.all([createTestDatabase(), loadTranslator()]);
  reminders = createRoadmapReminders({
    translator,
    notify: (db, notice) => notifyPerson(db, notice, { defaultTimeZone: "Europe/Moscow" }),
  });
});
afterAll(async () => {
  await database?.close();
});

const at = (iso: string) => new Date(iso);
let counter = 0;

const formStage: RoadmapStageTemplate = {
  key: "questionnaire",
  audience: "all",
  action: "form",
  form: "interim_feedback",
  opens: "10-01",
  closes: "10-20",
};

async function programme(input: {
  zone: string;
  stages?: RoadmapStageTemplate[];
  nudge?: { afterDays: number; limit: number };
}) {
  const { db } = database;
  const organisationId = (
    await db
      .insertInto("organisation")
      .values({ name: `Школа ${++counter}`, kind: "school", time_zone: input.zone })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const stages = input.stages ?? [formStage];
  const outcome = await createProgramService(db).createProgram(
    {
      organisationId,
      name: `Программа ${counter}`,
      form: "teacher_pupil",
      academicYear: "2026/2027",
      roadmap: {
        template: { key: "test", stages, ...(input.nudge && { nudge: input.nudge }) },
        titles: Object.fromEntries(stages.map((s) => [s.key, { ru: `Этап ${s.key}`, en: `Stage ${s.key}` }])),
      },
    },
    at("2026-09-01T00:00:00Z"),
  );
  if (!outcome.ok) throw new Error(outcome.problem.key);
  const programId = outcome.value.program.id;
  const stageIds = Object.fromEntries((await listStages(db, programId)).map((s) => [s.key, s.id]));
  return { organisationId, programId, stageIds };
}

async function person(
  programId: number,
  options: { side?: Side; category?: Category; zone?: string; curatorOf?: number } = {},
) {
  const { db } = database;
  const { id } = await db
    .insertInto("person")
    .values({
      display_name: `Участник ${++counter}`,
      locale: "ru",
      is_minor: false,
      time_zone: options.zone ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("channel_account")
    .values({ person_id: id, channel: "console", external_id: `p${id}`, chat_id: `p${id}` })
    .execute();
  if (options.curatorOf !== undefined) {
    await db
      .insertInto("membership")
      .values({ person_id: id, role: "curator", organisation_id: options.curatorOf })
      .execute();
    return id;
  }
  await db
    .insertInto("participant")
    .values({
      program_id: programId,
      person_id: id,
      side: options.side ?? "mentee",
      category: options.category ?? (options.side === "mentor" ? "teacher" : "pupil"),
      status: "active",
    })
    .execute();
  return id;
}

async function deliveries(programId: number, db: Kysely<Database> = database.db) {
  const rows = await db
    .selectFrom("delivery")
    .select(["person_id as personId", "dedupe_key as key", "kind", "payload", "due_at as dueAt"])
    .where("dedupe_key", "like", `roadmap:${programId}:%`)
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    ...row,
    attempt: row.key.split(":")[4],
    text: (row.payload as { text?: string }).text ?? "",
  }));
}

const submit = (personId: number, programId: number, formKey: string) =>
  database.db
    .insertInto("form_session")
    .values({
      person_id: personId,
      program_id: programId,
      form_key: formKey,
      form_version: 1,
      status: "submitted",
      state: "{}",
      submitted_at: new Date(),
    })
    .execute();

describe("a stage opening", () => {
  it("reaches people at 10:00 on their own clock: Moscow, Irkutsk and Tomsk", async () => {
    const moscow = await programme({ zone: "Europe/Moscow" });
    const irkutsk = await programme({ zone: "Asia/Irkutsk" });
    const tomsk = await programme({ zone: "Asia/Tomsk" });
    const inMoscow = await person(moscow.programId);
    // Someone with their own zone set is reached on their clock, not the school's.
    const travellerInIrkutsk = await person(moscow.programId, { zone: "Asia/Irkutsk" });
    const inIrkutsk = await person(irkutsk.programId);
    const inTomsk = await person(tomsk.programId);
    const sent = async () => {
      const all = await Promise.all([moscow, irkutsk, tomsk].map((p) => deliveries(p.programId)));
      return all
        .flat()
        .map((d) => d.personId!)
        .sort((a, b) => a - b);
    };

    // 09:59 in Irkutsk (UTC+8) on 1 October: nothing anywhere yet.
    await reminders.tick(database.db, at("2026-10-01T01:59:00Z"));
    expect(await sent()).toEqual([]);
    await reminders.tick(database.db, at("2026-10-01T02:00:00Z"));
    expect(await sent()).toEqual([travellerInIrkutsk, inIrkutsk].sort((a, b) => a - b));
    // 10:00 in Tomsk (UTC+7).
    await reminders.tick(database.db, at("2026-10-01T03:00:00Z"));
    expect(await sent()).toContain(inTomsk);
    expect(await sent()).not.toContain(inMoscow);
    // 10:00 in Moscow (UTC+3).
    await reminders.tick(database.db, at("2026-10-01T07:00:00Z"));
    expect(await sent()).toContain(inMoscow);

    const [first] = await deliveries(tomsk.programId);
    expect(first).toMatchObject({ kind: "roadmap.stage", attempt: "0", dueAt: at("2026-10-01T03:00:00Z") });
    expect(first!.text).toContain("Этап questionnaire");
    expect(first!.text).toContain("/settings");
    const { buttons } = first!.payload as { buttons: { action: { type: string; value: string } }[][] };
    expect(buttons[0]![0]!.action).toEqual({ type: "rm", value: String(tomsk.stageIds.questionnaire) });
  });
});

describe("quiet hours", () => {
  it("hold a reminder that falls due late in the evening until the morning", async () => {
    const { programId, stageIds } = await programme({ zone: "Asia/Tomsk" });
    const someone = await person(programId);
    // Before it opens the curator moves the stage to start on 5 October; the clock only gets to it at
    // 22:30 in Tomsk (the instance was down all day), inside the quiet hours.
    await moveStage(database.db, {
      stageId: stageIds.questionnaire!,
      opensOn: "2026-10-05",
      closesOn: "2026-10-20",
      now: at("2026-09-30T00:00:00Z"),
    });
    await reminders.tick(database.db, at("2026-10-05T15:30:00Z"));
    expect(await deliveries(programId)).toEqual([]);
    // 08:59 the next morning: still quiet; 09:00: sent.
    await reminders.tick(database.db, at("2026-10-06T01:59:00Z"));
    expect(await deliveries(programId)).toEqual([]);
    await reminders.tick(database.db, at("2026-10-06T02:00:00Z"));
    expect((await deliveries(programId)).map((d) => d.personId)).toEqual([someone]);
  });

  it("follow what the programme sets", async () => {
    const { programId } = await programme({ zone: "Europe/Moscow" });
    await person(programId);
    // Quiet until 11:30 on the school's clock.
    await updateReminderSettings(
      database.db,
      programId,
      { quietFrom: 20 * 60, quietTo: 11 * 60 + 30 },
      at("2026-09-02T00:00:00Z"),
    );
    await reminders.tick(database.db, at("2026-10-01T07:00:00Z"));
    expect(await deliveries(programId)).toEqual([]);
    await reminders.tick(database.db, at("2026-10-01T08:30:00Z"));
    expect(await deliveries(programId)).toHaveLength(1);
  });
});

describe("school holidays", () => {
  it("keep pupils' reminders until the holidays end, and nobody else's", async () => {
    const { programId } = await programme({ zone: "Asia/Irkutsk", nudge: { afterDays: 7, limit: 1 } });
    const pupil = await person(programId, { side: "mentee", category: "pupil" });
    const teacher = await person(programId, { side: "mentor", category: "teacher" });
    await updateReminderSettings(
      database.db,
      programId,
      { holidays: [{ startsOn: "2026-09-28", endsOn: "2026-10-04" }] },
      at("2026-09-02T00:00:00Z"),
    );
    await reminders.tick(database.db, at("2026-10-01T02:00:00Z"));
    expect((await deliveries(programId)).map((d) => d.personId)).toEqual([teacher]);
    // Midnight after the holidays is still the quiet hours; 09:00 on 5 October it goes.
    await reminders.tick(database.db, at("2026-10-04T16:00:00Z"));
    expect(await deliveries(programId)).toHaveLength(1);
    await reminders.tick(database.db, at("2026-10-05T01:00:00Z"));
    expect((await deliveries(programId)).map((d) => [d.personId, d.attempt])).toEqual([
      [teacher, "0"],
      [pupil, "0"],
    ]);
  });
});

describe("nudges", () => {
  it("follow every N days at most M times, only for those who have not acted, and never twice", async () => {
    const { programId } = await programme({ zone: "Europe/Moscow", nudge: { afterDays: 3, limit: 2 } });
    const slow = await person(programId, { side: "mentee" });
    const quick = await person(programId, { side: "mentor" });
    const day = (d: string) => at(`2026-10-${d}T07:00:00Z`);

    await reminders.tick(database.db, day("01"));
    expect((await deliveries(programId)).map((d) => [d.personId, d.attempt])).toEqual([
      [slow, "0"],
      [quick, "0"],
    ]);
    await submit(quick, programId, "interim_feedback");
    // Re-runs of the same minute and the days in between add nothing.
    await reminders.tick(database.db, day("01"));
    await reminders.tick(database.db, day("03"));
    expect(await deliveries(programId)).toHaveLength(2);
    await reminders.tick(database.db, day("04"));
    await reminders.tick(database.db, day("07"));
    await reminders.tick(database.db, day("10"));
    await reminders.tick(database.db, day("13"));
    const all = await deliveries(programId);
    expect(all.map((d) => [d.personId, d.attempt, d.kind])).toEqual([
      [slow, "0", "roadmap.stage"],
      [quick, "0", "roadmap.stage"],
      [slow, "1", "roadmap.nudge"],
      [slow, "2", "roadmap.nudge"],
    ]);
    expect(all[2]!.text).toContain("Напоминание 1 из 2");
    expect(all[3]!.dueAt).toEqual(day("07"));
  });

  it("send only the latest one due after the service was down, and tell curators of a stage closing with work left", async () => {
    const { programId, organisationId } = await programme({
      zone: "Asia/Tomsk",
      nudge: { afterDays: 2, limit: 3 },
    });
    const late = await person(programId);
    const done = await person(programId);
    const curator = await person(programId, { curatorOf: organisationId });
    await submit(done, programId, "interim_feedback");
    // Down from before the opening until 5 October, 11:00 in Tomsk: attempt 2 is the one due.
    await reminders.tick(database.db, at("2026-10-05T04:00:00Z"));
    expect((await deliveries(programId)).map((d) => [d.personId, d.attempt])).toEqual([[late, "2"]]);
    // Two days before closing (20 October) at 10:00, the curator hears that 1 of 2 have not done it.
    await reminders.tick(database.db, at("2026-10-18T03:00:00Z"));
    const closing = (await deliveries(programId)).filter((d) => d.kind === "roadmap.closing");
    expect(closing.map((d) => d.personId)).toEqual([curator]);
    expect(closing[0]!.text).toContain("осталось 1 из 2");
    // After the stage closes nothing more goes out.
    await reminders.tick(database.db, at("2026-10-25T03:00:00Z"));
    expect(await deliveries(programId)).toHaveLength(3);
  });
});

describe("someone joining while a stage is open", () => {
  it("gets one message about it the next morning, as an opening, and nothing twice", async () => {
    const { programId } = await programme({ zone: "Asia/Tomsk", nudge: { afterDays: 3, limit: 1 } });
    const early = await person(programId);
    await reminders.tick(database.db, at("2026-10-01T03:00:00Z"));
    await reminders.tick(database.db, at("2026-10-04T03:00:00Z"));
    const late = await person(programId);
    await reminders.tick(database.db, at("2026-10-08T03:00:00Z"));
    await reminders.tick(database.db, at("2026-10-09T03:00:00Z"));
    const sent = await deliveries(programId);
    expect(sent.map((d) => [d.personId, d.attempt, d.kind])).toEqual([
      [early, "0", "roadmap.stage"],
      [early, "1", "roadmap.nudge"],
      [late, "1", "roadmap.stage"],
    ]);
    expect(sent[1]!.text).toContain("Напоминание 1 из 1");
    expect(sent[2]!.text).not.toContain("Напоминание");
  });
});

describe("muting", () => {
  it("keeps the opening of a stage that needs the person, drops nudges and information", async () => {
    const { programId } = await programme({
      zone: "Europe/Moscow",
      nudge: { afterDays: 2, limit: 2 },
      stages: [
        formStage,
        { key: "news", audience: "all", action: "information", opens: "10-01", closes: "10-10" },
      ],
    });
    const muted = await person(programId);
    const listening = await person(programId);
    await setRemindersMuted(database.db, muted, true);
    for (const d of ["01", "03", "05", "07"]) await reminders.tick(database.db, at(`2026-10-${d}T07:00:00Z`));
    const sent = await deliveries(programId);
    expect(sent.filter((d) => d.personId === muted).map((d) => [d.kind, d.attempt])).toEqual([
      ["roadmap.stage", "0"],
    ]);
    expect(sent.filter((d) => d.personId === listening).map((d) => d.attempt)).toEqual(["0", "0", "1", "2"]);
  });
});

describe("a stage moved by the curator", () => {
  it("goes out on its new dates, and what was sent is not sent again", async () => {
    const { programId, stageIds } = await programme({
      zone: "Asia/Irkutsk",
      nudge: { afterDays: 3, limit: 1 },
    });
    const someone = await person(programId);
    const stageId = stageIds.questionnaire!;
    // Moved a week later before it opened: nothing on the old date.
    await moveStage(database.db, {
      stageId,
      opensOn: "2026-10-08",
      closesOn: "2026-10-30",
      now: at("2026-09-20T00:00:00Z"),
    });
    await reminders.tick(database.db, at("2026-10-01T02:00:00Z"));
    expect(await deliveries(programId)).toEqual([]);
    await reminders.tick(database.db, at("2026-10-08T02:00:00Z"));
    expect((await deliveries(programId)).map((d) => d.attempt)).toEqual(["0"]);
    // Moved again after it opened: the opening is not repeated; the nudge follows the new dates.
    await moveStage(database.db, {
      stageId,
      opensOn: "2026-10-12",
      closesOn: "2026-10-30",
      now: at("2026-10-09T00:00:00Z"),
    });
    await reminders.tick(database.db, at("2026-10-12T02:00:00Z"));
    await reminders.tick(database.db, at("2026-10-11T02:00:00Z"));
    expect((await deliveries(programId)).map((d) => d.attempt)).toEqual(["0"]);
    await reminders.tick(database.db, at("2026-10-15T02:00:00Z"));
    expect((await deliveries(programId)).map((d) => [d.personId, d.attempt])).toEqual([
      [someone, "0"],
      [someone, "1"],
    ]);
  });
});

describe("curator tasks", () => {
  it("remind curators while consents are missing or pairs wait, and stop when they do not", async () => {
    const { programId, organisationId } = await programme({
      zone: "Asia/Tomsk",
      nudge: { afterDays: 2, limit: 2 },
      stages: [
        {
          key: "consents",
          audience: "curators",
          action: "curator_task",
          check: "consents",
          opens: "10-01",
          closes: "10-20",
        },
        { key: "talk", audience: "curators", action: "curator_task", opens: "10-01", closes: "10-20" },
      ],
    });
    const curator = await person(programId, { curatorOf: organisationId });
    const waiting = await person(programId);
    await database.db
      .updateTable("participant")
      .set({ status: "pending_consent" })
      .where("person_id", "=", waiting)
      .execute();
    await reminders.tick(database.db, at("2026-10-01T03:00:00Z"));
    await reminders.tick(database.db, at("2026-10-03T03:00:00Z"));
    const sent = await deliveries(programId);
    expect(sent.map((d) => [d.personId, d.kind, d.attempt])).toEqual([
      [curator, "roadmap.curator", "0"],
      [curator, "roadmap.curator", "0"],
      [curator, "roadmap.curator", "1"],
    ]);
    expect(sent[0]!.text).toContain("Ждут согласия на обработку данных: 1");
    // The consent arrives: no more nudges.
    await database.db
      .updateTable("participant")
      .set({ status: "active" })
      .where("person_id", "=", waiting)
      .execute();
    await reminders.tick(database.db, at("2026-10-05T03:00:00Z"));
    expect(await deliveries(programId)).toHaveLength(3);
  });
});

describe("pairs to confirm", () => {
  it("keep the curator reminded until the proposed pairs are confirmed", async () => {
    const { programId, organisationId } = await programme({
      zone: "Europe/Moscow",
      nudge: { afterDays: 1, limit: 3 },
      stages: [
        {
          key: "pairs",
          audience: "curators",
          action: "curator_task",
          check: "pairs",
          opens: "12-01",
          closes: "12-20",
        },
      ],
    });
    const curator = await person(programId, { curatorOf: organisationId });
    await person(programId, { side: "mentor" });
    const mentor = await database.db
      .selectFrom("participant")
      .select("id")
      .where("program_id", "=", programId)
      .executeTakeFirstOrThrow();
    const { id: pairId } = await database.db
      .insertInto("pair")
      .values({ program_id: programId, mentor_participant_id: mentor.id, status: "proposed" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await reminders.tick(database.db, at("2026-12-01T07:00:00Z"));
    await reminders.tick(database.db, at("2026-12-02T07:00:00Z"));
    await database.db.updateTable("pair").set({ status: "confirmed" }).where("id", "=", pairId).execute();
    await reminders.tick(database.db, at("2026-12-03T07:00:00Z"));
    const sent = await deliveries(programId);
    expect(sent.map((d) => [d.personId, d.attempt])).toEqual([
      [curator, "0"],
      [curator, "1"],
    ]);
    expect(sent[1]!.text).toContain("Пар ждут утверждения: 1");
  });
});

describe("a meeting stage", () => {
  it("concerns mentors in a confirmed pair, and a logged meeting of its type (not a withdrawn one) ends the nudges", async () => {
    const { programId, stageIds } = await programme({
      zone: "Asia/Irkutsk",
      nudge: { afterDays: 2, limit: 3 },
      stages: [
        {
          key: "first",
          audience: "mentors",
          action: "meeting",
          meeting: "first",
          opens: "11-01",
          closes: "11-30",
        },
      ],
    });
    const paired = await person(programId, { side: "mentor" });
    const unpaired = await person(programId, { side: "mentor" });
    const mentee = await person(programId, { side: "mentee" });
    const participant = async (personId: number) =>
      (
        await database.db
          .selectFrom("participant")
          .select("id")
          .where("person_id", "=", personId)
          .executeTakeFirstOrThrow()
      ).id;
    const { id: pairId } = await database.db
      .insertInto("pair")
      .values({
        program_id: programId,
        mentor_participant_id: await participant(paired),
        status: "confirmed",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto("pair_mentee")
      .values({ pair_id: pairId, mentee_participant_id: await participant(mentee) })
      .execute();
    const meeting = (deleted: boolean) =>
      database.db
        .insertInto("meeting")
        .values({
          pair_id: pairId,
          type: "first",
          held_on: "2026-11-02",
          format: "in_person",
          ...(deleted && { deleted_at: new Date(), delete_reason: "not_held" as const }),
        })
        .execute();
    await reminders.tick(database.db, at("2026-11-01T02:00:00Z"));
    await meeting(true);
    await reminders.tick(database.db, at("2026-11-03T02:00:00Z"));
    await meeting(false);
    await reminders.tick(database.db, at("2026-11-05T02:00:00Z"));
    const sent = await deliveries(programId);
    expect(sent.map((d) => [d.personId, d.attempt])).toEqual([
      [paired, "0"],
      [paired, "1"],
    ]);
    expect(sent[0]!.text).toContain("первая, организационная");
    const { buttons } = sent[0]!.payload as { buttons: { label: string; action: unknown }[][] };
    expect(buttons[0]![0]).toEqual({
      label: "Отметить встречу",
      action: { type: "rm", value: String(stageIds.first) },
    });
    expect(sent.some((d) => d.personId === unpaired)).toBe(false);
  });
});

describe("programmes not running", () => {
  it("wait while a draft, and are left alone once finished", async () => {
    const { programId, stageIds } = await programme({ zone: "Europe/Moscow" });
    const someone = await person(programId);
    const setStatus = (status: "draft" | "active" | "finished") =>
      database.db.updateTable("program").set({ status }).where("id", "=", programId).execute();
    const nextCheck = async () =>
      (
        await database.db
          .selectFrom("roadmap_stage")
          .select("next_check_at")
          .where("id", "=", stageIds.questionnaire!)
          .executeTakeFirstOrThrow()
      ).next_check_at;
    await setStatus("draft");
    await reminders.tick(database.db, at("2026-10-01T07:00:00Z"));
    expect(await deliveries(programId)).toEqual([]);
    expect(await nextCheck()).toEqual(at("2026-10-02T07:00:00Z"));
    await setStatus("active");
    await reminders.tick(database.db, at("2026-10-02T07:00:00Z"));
    expect((await deliveries(programId)).map((d) => d.personId)).toEqual([someone]);
    await setStatus("finished");
    await reminders.tick(database.db, at("2026-10-05T07:00:00Z"));
    expect(await nextCheck()).toBeNull();
    expect(await deliveries(programId)).toHaveLength(1);
  });
});

describe("forms owed to open stages", () => {
  it("are those of stages open today on the person's clock, for their side, resolved to their variant", async () => {
    const { programId, stageIds } = await programme({
      zone: "Europe/Moscow",
      stages: [
        { key: "entry", audience: "mentees", action: "form", form: "entry", opens: "10-01", closes: "10-20" },
        {
          key: "final",
          audience: "all",
          action: "form",
          form: "final_satisfaction",
          opens: "10-05",
          closes: "10-20",
        },
        {
          key: "exit",
          audience: "mentors",
          action: "form",
          form: "growth_evaluation",
          subject: "exit",
          opens: "10-01",
          closes: "10-20",
        },
      ],
    });
    const pupil = await person(programId, { side: "mentee", category: "pupil", zone: "Asia/Irkutsk" });
    const mentor = await person(programId, { side: "mentor" });
    // 4 October 20:00 UTC: already 5 October in Irkutsk, still 4 October (23:00) in Moscow.
    const evening = at("2026-10-04T20:00:00Z");
    expect(await owedStageForms(database.db, pupil, evening)).toEqual([
      { stageId: stageIds.entry, programId, formKey: "mentee_entry_pupil", subjectKey: "" },
      { stageId: stageIds.final, programId, formKey: "final_satisfaction_mentee", subjectKey: "" },
    ]);
    expect(await owedStageForms(database.db, mentor, evening)).toEqual([
      { stageId: stageIds.exit, programId, formKey: "growth_evaluation", subjectKey: "exit" },
    ]);
    expect(await owedStageForms(database.db, mentor, at("2026-10-21T09:00:00Z"))).toEqual([]);
  });
});

describe("two instances", () => {
  it("ticking the same minutes on one database create each reminder once", async () => {
    const { programId } = await programme({ zone: "Europe/Moscow", nudge: { afterDays: 1, limit: 1 } });
    const people: number[] = [];
    for (let i = 0; i < 30; i++)
      people.push(await person(programId, { side: i % 3 === 0 ? "mentor" : "mentee" }));
    // On PostgreSQL the second instance has its own pool; PGlite has one connection to share.
    const second: DatabaseHandle | undefined =
      database.config.kind === "postgres" ? await createDatabase(database.config) : undefined;
    const other = createRoadmapReminders({
      translator,
      notify: (db, notice) => notifyPerson(db, notice, { defaultTimeZone: "Europe/Moscow" }),
    });
    try {
      for (const minute of ["2026-10-01T07:00:00Z", "2026-10-01T07:01:00Z", "2026-10-02T07:00:00Z"]) {
        await Promise.all([
          reminders.tick(database.db, at(minute)),
          other.tick(second?.db ?? database.db, at(minute)),
          other.tick(second?.db ?? database.db, at(minute)),
        ]);
      }
    } finally {
      await second?.close();
    }
    const sent = await deliveries(programId);
    expect(sent).toHaveLength(60);
    expect(new Set(sent.map((d) => d.key)).size).toBe(60);
    for (const id of people) {
      expect(
        sent
          .filter((d) => d.personId === id)
          .map((d) => d.attempt)
          .sort(),
      ).toEqual(["0", "1"]);
    }
  });
});
