import { sql, type Kysely } from "kysely";
import type { Database, RoadmapStageTable } from "../storage/tables.js";
import type { Selectable } from "kysely";
import { addDays } from "../programs/academic-year.js";
import { datedStages, stageTitleKey, type RoadmapTemplate } from "./template.js";

export type RoadmapStage = Selectable<RoadmapStageTable>;

/** An operator template's stage titles: stage key → text by locale. */
export type StageTitles = Record<string, { ru: string; en: string }>;

/**
 * Copies a template into a programme with the dates of its academic year. A built-in template names
 * its titles by locales/ id; an operator's brings `titles`, stored with each stage so the programme
 * keeps them even when the file is gone.
 */
export async function copyTemplate(
  db: Kysely<Database>,
  input: { programId: number; academicYear: string; template: RoadmapTemplate; titles?: StageTitles },
): Promise<RoadmapStage[]> {
  const { template } = input;
  await db
    .updateTable("program")
    .set({
      roadmap_template: template.key,
      ...(template.nudge && {
        nudge_after_days: template.nudge.afterDays,
        nudge_limit: template.nudge.limit,
      }),
    })
    .where("id", "=", input.programId)
    .execute();
  const rows = datedStages(template, input.academicYear).map(({ stage, opensOn, closesOn }, index) => ({
    program_id: input.programId,
    key: stage.key,
    position: index + 1,
    audience: stage.audience,
    action: stage.action,
    opens_on: opensOn,
    closes_on: closesOn,
    form_key: stage.action === "form" ? stage.form : null,
    subject_key: stage.action === "form" ? (stage.subject ?? "") : "",
    meeting_type: stage.action === "meeting" ? stage.meeting : null,
    curator_check: stage.action === "curator_task" ? (stage.check ?? null) : null,
    title_key: input.titles ? null : stageTitleKey(template.key, stage.key),
    title_texts: input.titles?.[stage.key] ? JSON.stringify(input.titles[stage.key]) : null,
    // The clock first looks the day before the opening at midnight UTC, before any zone reaches its
    // sending hour on the opening day; from then on the planner sets the moment itself.
    next_check_at: `${addDays(opensOn, -1)}T00:00:00Z`,
  }));
  return db.insertInto("roadmap_stage").values(rows).returningAll().execute();
}

export function listStages(db: Kysely<Database>, programId: number): Promise<RoadmapStage[]> {
  return db
    .selectFrom("roadmap_stage")
    .selectAll()
    .where("program_id", "=", programId)
    .orderBy("opens_on")
    .orderBy("position")
    .execute();
}

export function findStage(db: Kysely<Database>, stageId: number): Promise<RoadmapStage | undefined> {
  return db.selectFrom("roadmap_stage").selectAll().where("id", "=", stageId).executeTakeFirst();
}

/**
 * New dates for a stage. The clock looks at it again at once, so what is still due is recomputed from
 * the new dates; what was already sent stays sent (its dedupe key does not involve the dates).
 */
export async function moveStage(
  db: Kysely<Database>,
  input: { stageId: number; opensOn: string; closesOn: string; now: Date },
): Promise<RoadmapStage | undefined> {
  return db
    .updateTable("roadmap_stage")
    .set({ opens_on: input.opensOn, closes_on: input.closesOn, next_check_at: input.now })
    .where("id", "=", input.stageId)
    .returningAll()
    .executeTakeFirst();
}

export interface ReminderSettings {
  quietFrom: number;
  quietTo: number;
  nudgeAfterDays: number;
  nudgeLimit: number;
  holidays: { startsOn: string; endsOn: string }[];
}

export async function reminderSettings(db: Kysely<Database>, programId: number): Promise<ReminderSettings> {
  const program = await db
    .selectFrom("program")
    .select(["quiet_from", "quiet_to", "nudge_after_days", "nudge_limit"])
    .where("id", "=", programId)
    .executeTakeFirstOrThrow();
  const holidays = await db
    .selectFrom("program_holiday")
    .select(["starts_on as startsOn", "ends_on as endsOn"])
    .where("program_id", "=", programId)
    .orderBy("starts_on")
    .execute();
  return {
    quietFrom: program.quiet_from,
    quietTo: program.quiet_to,
    nudgeAfterDays: program.nudge_after_days,
    nudgeLimit: program.nudge_limit,
    holidays,
  };
}

/** Changes what is given, then has the clock recompute every stage of the programme. */
export async function updateReminderSettings(
  db: Kysely<Database>,
  programId: number,
  change: Partial<ReminderSettings>,
  now: Date,
): Promise<void> {
  const set = {
    ...(change.quietFrom !== undefined && { quiet_from: change.quietFrom }),
    ...(change.quietTo !== undefined && { quiet_to: change.quietTo }),
    ...(change.nudgeAfterDays !== undefined && { nudge_after_days: change.nudgeAfterDays }),
    ...(change.nudgeLimit !== undefined && { nudge_limit: change.nudgeLimit }),
  };
  if (Object.keys(set).length > 0)
    await db.updateTable("program").set(set).where("id", "=", programId).execute();
  if (change.holidays) {
    await db.deleteFrom("program_holiday").where("program_id", "=", programId).execute();
    if (change.holidays.length > 0) {
      await db
        .insertInto("program_holiday")
        .values(
          change.holidays.map((h) => ({ program_id: programId, starts_on: h.startsOn, ends_on: h.endsOn })),
        )
        .execute();
    }
  }
  await sql`update roadmap_stage set next_check_at = ${now} where program_id = ${programId}`.execute(db);
}

export async function setRemindersMuted(
  db: Kysely<Database>,
  personId: number,
  muted: boolean,
): Promise<void> {
  await db.updateTable("person").set({ reminders_muted: muted }).where("id", "=", personId).execute();
}

export async function remindersMuted(db: Kysely<Database>, personId: number): Promise<boolean> {
  const row = await db
    .selectFrom("person")
    .select("reminders_muted")
    .where("id", "=", personId)
    .executeTakeFirst();
  return row?.reminders_muted ?? false;
}
