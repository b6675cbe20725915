import { sql, type Kysely } from "kysely";
import { addDays, todayIn, type IsoDate } from "../core/forms/dates.js";
import type { OutboundMessage } from "../core/messages.js";
import type { Locale, Translator } from "../i18n/translator.js";
import type { Notice } from "../outbox/outbox.service.js";
import { atLocalTime } from "../pairing/local-time.js";
import { formatDay } from "../pairing/pairing.service.js";
import type { Database, ProgramStatus } from "../storage/tables.js";
import type { RoadmapStage } from "./roadmap.repository.js";
import { nextAllowed, SEND_HOUR, type SendingRules } from "./schedule.js";

/**
 * The roadmap's part of the clock. Each stage carries the moment it must be looked at next; the tick
 * claims due stages one at a time (FOR UPDATE SKIP LOCKED, so two instances share the work and never
 * plan one stage twice at once), works out who is owed which reminder now, queues each through the
 * outbox under a key built from (programme, stage, person, attempt), and sets the next moment.
 *
 * Attempt 0 is the stage opening at SEND_HOUR on its first day on the person's clock; attempt k is the
 * k-th nudge, k × nudge_after_days later, up to nudge_limit, and only while the person has not acted.
 * Only the latest attempt due is sent, so a service that was down for days does not fire a backlog.
 * Nothing is queued for later: a reminder is created only when it may go out now (outside quiet hours,
 * for pupils outside holidays), so moving a stage or acting meanwhile leaves nothing stale behind.
 */
export interface RoadmapReminderDependencies {
  translator: Translator;
  notify(db: Kysely<Database>, notice: Notice): Promise<unknown>;
}

/** A closing stage with work left is brought to the curators' attention this many days before it ends. */
export const CLOSING_NOTICE_DAYS = 2;

export type Attempt = number | "closing";

/** One reminder the planner decided is due now. */
export interface PlannedReminder {
  personId: number;
  attempt: Attempt;
  /** The side whose form variant a form stage asks for; null for curators. */
  side: "mentor" | "mentee" | null;
  /** Nothing of this stage reached the person yet (they joined late, or waited out holidays). */
  first: boolean;
}

export interface StagePlan {
  stage: RoadmapStage;
  program: ProgramContext;
  reminders: PlannedReminder[];
  /** For curator reminders: how many still owe the stage's work, of how many. */
  left: number;
  total: number;
  checkCount: number;
  nextCheckAt: Date | null;
}

interface ProgramContext {
  id: number;
  name: string;
  organisationId: number;
  timeZone: string;
  quietFrom: number;
  quietTo: number;
  nudgeAfterDays: number;
  nudgeLimit: number;
  holidays: { startsOn: IsoDate; endsOn: IsoDate }[];
}

interface AudienceRow {
  person_id: number;
  side: "mentor" | "mentee" | null;
  pupil: boolean;
  zone: string;
  muted: boolean;
  acted: boolean;
  /** The highest attempt of this stage already queued for the person; -1 for none. */
  last_attempt: number;
  closing_sent: boolean;
}

export const reminderKey = (programId: number, stageId: number, personId: number, attempt: Attempt) =>
  `roadmap:${programId}:${stageId}:${personId}:${attempt}`;

export function createRoadmapReminders(deps: RoadmapReminderDependencies) {
  const { translator } = deps;

  /** Plans and queues every stage due at `now`; returns how many reminders were queued or found queued. */
  async function tick(db: Kysely<Database>, now: Date): Promise<number> {
    let planned = 0;
    for (;;) {
      const worked = await db.transaction().execute(async (trx) => {
        const claimed = await claimDueStage(trx, now);
        if (!claimed) return false;
        const { program_status: status, ...stage } = claimed;
        if (status !== "active") {
          // A draft may start any day, so it is looked at again tomorrow; a finished or archived
          // programme never again, so old years do not pile up in every tick's scan.
          await trx
            .updateTable("roadmap_stage")
            .set({ next_check_at: status === "draft" ? new Date(now.getTime() + 86_400_000) : null })
            .where("id", "=", stage.id)
            .execute();
          return true;
        }
        const plan = await planStage(trx, stage, now);
        for (const reminder of plan.reminders) await deps.notify(trx, notice(plan, reminder, now));
        planned += plan.reminders.length;
        await trx
          .updateTable("roadmap_stage")
          .set({ next_check_at: plan.nextCheckAt })
          .where("id", "=", stage.id)
          .execute();
        return true;
      });
      if (!worked) return planned;
    }
  }

  const title = (stage: RoadmapStage, locale: Locale) => stageTitle(translator, stage, locale);

  function notice(plan: StagePlan, reminder: PlannedReminder, now: Date): Notice {
    const { stage, program } = plan;
    const { attempt } = reminder;
    const curator = reminder.side === null;
    const kind =
      attempt === "closing"
        ? "roadmap.closing"
        : curator && stage.action === "curator_task"
          ? "roadmap.curator"
          : reminder.first
            ? "roadmap.stage"
            : "roadmap.nudge";
    return {
      personId: reminder.personId,
      kind,
      dedupeKey: reminderKey(program.id, stage.id, reminder.personId, attempt),
      programId: program.id,
      dueAt: now,
      render: (locale): OutboundMessage => {
        const t = (key: string, args?: Record<string, string | number>) => translator.t(locale, key, args);
        const args = {
          program: program.name,
          stage: title(stage, locale),
          closes: formatDay(stage.closes_on, locale),
          meeting: stage.meeting_type ? t(`roadmap-meeting-${stage.meeting_type}`) : "",
        };
        if (attempt === "closing") {
          return { text: t("roadmap-closing", { ...args, left: plan.left, total: plan.total }) };
        }
        const lines: string[] = [];
        if (!reminder.first) lines.push(t("roadmap-nudge", { attempt, limit: program.nudgeLimit }));
        if (stage.action === "curator_task") {
          lines.push(t("roadmap-curator-task", args));
          if (stage.curator_check && plan.checkCount > 0) {
            lines.push(t(`roadmap-curator-${stage.curator_check}`, { count: plan.checkCount }));
          }
        } else {
          lines.push(t("roadmap-open", args));
          lines.push(t(`roadmap-open-${stage.action.replace("_", "-")}`, args));
        }
        lines.push(t("roadmap-mute-hint"));
        const text = lines.join("\n\n");
        if (stage.action !== "form" && stage.action !== "meeting") return { text };
        return {
          text,
          buttons: [
            [{ label: t(`roadmap-button-${stage.action}`), action: { type: "rm", value: String(stage.id) } }],
          ],
        };
      },
    };
  }

  return { tick, planStage, notice };
}

export type RoadmapReminders = ReturnType<typeof createRoadmapReminders>;

/** A stage's title in a language: an operator template's own text, else the built-in locales/ id. */
export function stageTitle(
  translator: Pick<Translator, "t">,
  stage: Pick<RoadmapStage, "title_texts" | "title_key" | "key">,
  locale: Locale,
): string {
  const own = stage.title_texts?.[locale];
  if (own) return own;
  return stage.title_key ? translator.t(locale, stage.title_key) : stage.key;
}

async function claimDueStage(
  db: Kysely<Database>,
  now: Date,
): Promise<(RoadmapStage & { program_status: ProgramStatus }) | undefined> {
  const { rows } = await sql<RoadmapStage & { program_status: ProgramStatus }>`
    select s.*, p.status as program_status from roadmap_stage s join program p on p.id = s.program_id
    where s.next_check_at <= ${now}
    order by s.next_check_at, s.id
    limit 1
    for update of s skip locked
  `.execute(db);
  return rows[0];
}

async function programContext(db: Kysely<Database>, programId: number): Promise<ProgramContext> {
  const { rows } = await sql<ProgramContext>`
    select p.id, p.name, p.organisation_id as "organisationId", o.time_zone as "timeZone",
      p.quiet_from as "quietFrom", p.quiet_to as "quietTo", p.nudge_after_days as "nudgeAfterDays",
      p.nudge_limit as "nudgeLimit",
      coalesce((select json_agg(json_build_object('startsOn', h.starts_on, 'endsOn', h.ends_on))
        from program_holiday h where h.program_id = p.id), '[]'::json) as holidays
    from program p join organisation o on o.id = p.organisation_id
    where p.id = ${programId}
  `.execute(db);
  const program = rows[0];
  if (!program) throw new Error(`programme ${programId} does not exist`);
  return program;
}

/**
 * Who a stage concerns and whether each has done what it asks. The zone follows the one rule of
 * people/time-zone.repository.ts for a notice about this programme: the person's own, else the
 * organisation's. The form a participant owes mirrors entryFormKey and the final satisfaction variants
 * (resolveStageForm), in SQL so a region's worth of participants is one query.
 */
async function audience(db: Kysely<Database>, stage: RoadmapStage, program: ProgramContext) {
  // What is queued already, looked up by dedupe key (unique index), so a re-check (daily while the
  // stage is open, for people who join late) does not even try to queue anything twice.
  const prefix = `roadmap:${program.id}:${stage.id}:`;
  const queued = (person: ReturnType<typeof sql>) => sql`
    (select coalesce(max(k), -1) from generate_series(0, ${program.nudgeLimit}::int) k
      where exists (select 1 from delivery d where d.dedupe_key = ${prefix} || ${person} || ':' || k))
      as last_attempt,
    exists (select 1 from delivery d where d.dedupe_key = ${prefix} || ${person} || ':closing') as closing_sent`;
  if (stage.audience === "curators") {
    const { rows } = await sql<AudienceRow>`
      select distinct pe.id as person_id, null as side, false as pupil,
        coalesce(pe.time_zone, ${program.timeZone}) as zone, pe.reminders_muted as muted, false as acted,
        ${queued(sql`pe.id`)}
      from membership m join person pe on pe.id = m.person_id
      where m.role = 'curator' and m.organisation_id = ${program.organisationId} and pe.erased_at is null
    `.execute(db);
    return rows;
  }
  const sides =
    stage.audience === "mentors"
      ? ["mentor"]
      : stage.audience === "mentees"
        ? ["mentee"]
        : ["mentor", "mentee"];
  const pairs = sql`(
    select p.id as pair_id, p.mentor_participant_id as participant_id from pair p
      where p.program_id = ${program.id} and p.status = 'confirmed'
    union all
    select pm.pair_id, pm.mentee_participant_id from pair_mentee pm join pair p on p.id = pm.pair_id
      where p.program_id = ${program.id} and p.status = 'confirmed'
  )`;
  const acted =
    stage.action === "form"
      ? sql`exists (select 1 from form_session fs
          where fs.person_id = pa.person_id and fs.program_id = ${program.id} and fs.status = 'submitted'
            and fs.subject_key = ${stage.subject_key}
            and fs.form_key = case ${stage.form_key}::text
              when 'entry' then case when pa.side = 'mentor' then 'mentor_entry'
                when pa.category in ('teacher', 'young_specialist') then 'mentee_entry_teacher'
                else 'mentee_entry_pupil' end
              when 'final_satisfaction' then 'final_satisfaction_' || pa.side
              else ${stage.form_key}::text end)`
      : stage.action === "meeting"
        ? sql`exists (select 1 from meeting mt join ${pairs} po on po.pair_id = mt.pair_id
            where po.participant_id = pa.id and mt.type = ${stage.meeting_type} and mt.deleted_at is null)`
        : sql`false`;
  // A meeting is owed only by people in a confirmed pair.
  const inPair =
    stage.action === "meeting" ? sql`and pa.id in (select participant_id from ${pairs} x)` : sql``;
  const { rows } = await sql<AudienceRow>`
    select pa.person_id, pa.side, pa.category = 'pupil' as pupil,
      coalesce(pe.time_zone, ${program.timeZone}) as zone, pe.reminders_muted as muted, ${acted} as acted,
      ${queued(sql`pa.person_id`)}
    from participant pa join person pe on pe.id = pa.person_id
    where pa.program_id = ${program.id} and pa.status = 'active' and pe.erased_at is null
      and pa.side in (${sql.join(sides)}) ${inPair}
  `.execute(db);
  return rows;
}

async function curatorCheckCount(db: Kysely<Database>, stage: RoadmapStage): Promise<number> {
  if (stage.curator_check === "consents") {
    const row = await db
      .selectFrom("participant")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("program_id", "=", stage.program_id)
      .where("status", "=", "pending_consent")
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  if (stage.curator_check === "pairs") {
    const row = await db
      .selectFrom("pair")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("program_id", "=", stage.program_id)
      .where("status", "=", "proposed")
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  return 0;
}

/**
 * What is due for one stage at `now` and when to look again: no writes, so the benchmark and the
 * tests can call it on its own.
 */
export async function planStage(db: Kysely<Database>, stage: RoadmapStage, now: Date): Promise<StagePlan> {
  const program = await programContext(db, stage.program_id);
  const people = await audience(db, stage, program);
  const checkCount = await curatorCheckCount(db, stage);
  const N = program.nudgeAfterDays;
  const nudges = stage.action === "information" ? 0 : program.nudgeLimit;
  const rulesFor = (pupil: boolean): SendingRules => ({
    quietFrom: program.quietFrom,
    quietTo: program.quietTo,
    holidays: pupil ? program.holidays : [],
  });
  // Wall-clock arithmetic costs a formatToParts per call; a region has few zones and thousands of people.
  const endOf = memo((zone: string) => atLocalTime(addDays(stage.closes_on, 1), 0, 0, zone));
  const baseOf = memo((k: number, zone: string) =>
    atLocalTime(addDays(stage.opens_on, k * N), SEND_HOUR, 0, zone),
  );

  let nextCheckAt: Date | null = null;
  const later = (at: Date) => {
    if (at > now && (!nextCheckAt || at < nextCheckAt)) nextCheckAt = at;
  };

  /** The attempt owed now by everyone in a group (same zone, pupil or not, muted or not), if any. */
  const decide = memo(
    (zone: string, pupil: boolean, muted: boolean, maxAttempt: number): number | undefined => {
      const end = endOf(zone);
      // A muted person still gets what is essential: the opening of a stage that asks something of them.
      const eligible = (k: number) => !muted || (k === 0 && stage.action !== "information");
      let due: number | undefined;
      for (let k = 0; k <= maxAttempt; k++) {
        if (!eligible(k)) continue;
        const base = baseOf(k, zone);
        if (base >= end) break;
        if (base <= now) due = k;
        else {
          later(base);
          break;
        }
      }
      if (due === undefined || now >= end) return undefined;
      const allowed = nextAllowed(now, zone, rulesFor(pupil));
      if (allowed.getTime() === now.getTime()) return due;
      if (allowed < end) later(allowed);
      return undefined;
    },
  );

  const reminders: PlannedReminder[] = [];
  // A curator task is nudged only while its check finds work (consents missing, pairs to confirm);
  // the clock keeps looking at the nudge times, since that work may appear later.
  const maxFor = stage.action === "curator_task" && !stage.curator_check ? 0 : nudges;
  // The organisation's own clock is always looked at, and every morning while the stage is open, so
  // people who join later are picked up too.
  decide(program.timeZone, false, false, maxFor);
  const tomorrow = atLocalTime(addDays(todayIn(now, program.timeZone), 1), SEND_HOUR, 0, program.timeZone);
  if (baseOf(0, program.timeZone) <= now && tomorrow < endOf(program.timeZone)) later(tomorrow);
  for (const person of people) {
    if (person.acted) continue;
    const attempt = decide(person.zone, person.pupil, person.muted, maxFor);
    if (attempt === undefined) continue;
    if (stage.action === "curator_task" && attempt > 0 && checkCount === 0) continue;
    if (attempt <= person.last_attempt) continue;
    reminders.push({
      personId: person.person_id,
      attempt,
      side: person.side,
      first: person.last_attempt < 0,
    });
  }

  // Curators hear of a participants' stage that closes with work left.
  const total = people.length;
  const left = people.filter((p) => !p.acted).length;
  const closingDay = [addDays(stage.closes_on, -CLOSING_NOTICE_DAYS), stage.opens_on].sort().at(-1)!;
  // No zone reaches the sending hour of the closing day before UTC+14 does: until then the curators
  // need not even be read.
  const earliestClosing = atLocalTime(closingDay, SEND_HOUR, 0, "Pacific/Kiritimati");
  if ((stage.action === "form" || stage.action === "meeting") && earliestClosing > now)
    later(earliestClosing);
  else if (stage.action === "form" || stage.action === "meeting") {
    const curators = await audience(db, { ...stage, audience: "curators" }, program);
    for (const curator of curators) {
      const at = atLocalTime(closingDay, SEND_HOUR, 0, curator.zone);
      const end = endOf(curator.zone);
      if (at > now) {
        later(at);
        continue;
      }
      if (now >= end || left === 0 || curator.closing_sent) continue;
      const allowed = nextAllowed(now, curator.zone, rulesFor(false));
      if (allowed.getTime() === now.getTime())
        reminders.push({ personId: curator.person_id, attempt: "closing", side: null, first: false });
      else if (allowed < end) later(allowed);
    }
  }
  return { stage, program, reminders, left, total, checkCount, nextCheckAt };
}

function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args) => {
    const key = JSON.stringify(args);
    if (!cache.has(key)) cache.set(key, fn(...args));
    return cache.get(key)!;
  };
}
