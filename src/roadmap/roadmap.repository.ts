import { sql, type Kysely } from "kysely";
import type { Database, RoadmapStageTable } from "../storage/tables.js";
import type { Selectable } from "kysely";
import { addDays } from "../programs/academic-year.js";
import { resolveStageForm } from "./stage-form.js";
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

/** A form an open roadmap stage asks of a person, resolved for their side and category. */
export interface OwedStageForm {
  stageId: number;
  programId: number;
  formKey: string;
  subjectKey: string;
}

/**
 * The forms that stages open today (on the person's clock in that programme) ask of this person, in
 * roadmap order: what /forms lists and offers after the entry questionnaire, so a client without
 * buttons reaches them too. Submitted ones are the caller's to skip.
 */
export async function owedStageForms(
  db: Kysely<Database>,
  personId: number,
  now: Date,
): Promise<OwedStageForm[]> {
  const { rows } = await sql<{
    stageId: number;
    programId: number;
    formKey: string;
    subjectKey: string;
    side: "mentor" | "mentee";
    category: string;
  }>`
    select s.id as "stageId", s.program_id as "programId", s.form_key as "formKey",
      s.subject_key as "subjectKey", pa.side, pa.category
    from roadmap_stage s
    join participant pa on pa.program_id = s.program_id and pa.person_id = ${personId} and pa.status = 'active'
    join program p on p.id = s.program_id and p.status = 'active'
    join organisation o on o.id = p.organisation_id
    join person pe on pe.id = pa.person_id
    where s.action = 'form'
      and (s.audience = 'all' or s.audience = case pa.side when 'mentor' then 'mentors' else 'mentees' end)
      and (${now}::timestamptz at time zone coalesce(pe.time_zone, o.time_zone))::date
        between s.opens_on and s.closes_on
    order by s.opens_on, s.position, s.id
  `.execute(db);
  return rows.map((row) => ({
    stageId: row.stageId,
    programId: row.programId,
    formKey: resolveStageForm(row.formKey, row),
    subjectKey: row.subjectKey,
  }));
}
