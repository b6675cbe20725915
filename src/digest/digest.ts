import { sql, type Kysely } from "kysely";
import { addDays, todayIn } from "../core/forms/dates.js";
import { academicYearOf } from "../programs/academic-year.js";
import type { Database } from "../storage/tables.js";
import { computeIndicators, type IndicatorReport } from "./indicators.js";

/** A pair whose last meeting (or confirmation, before any) is this many days old or more is silent. */
export const SILENT_AFTER_DAYS = 21;
/** "This week" is the seven days up to the digest's moment. */
export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** The meetings panel shows at most this many weeks: a term, readable on a phone. */
export const TERM_WEEKS = 18;

export interface PersonRef {
  personId: number;
  /** Null until the person gave a name; shown as "participant No. <participantId>". */
  name: string | null;
  participantId: number;
}

export interface SilentPair extends PersonRef {
  pairId: number;
  /** Days since the last meeting, or since the pair was confirmed when it has not met. */
  days: number;
}

export interface Average {
  /** Mean of the 1-10 answers; null when nobody answered. */
  mean: number | null;
  answered: number;
}

export interface StageRef {
  id: number;
  programName: string;
  opensOn: string;
  closesOn: string;
  titleKey: string | null;
  titleTexts: Record<string, string> | null;
  key: string;
}

/**
 * Everything one organisation's digest says, as numbers and people, before any language: the weekly
 * push, /digest and the command line render the same data. Lists are complete (the chat shows a few
 * names and the rest behind a button).
 */
export interface OrganisationDigest {
  organisationId: number;
  name: string;
  timeZone: string;
  academicYear: string;
  /** The organisation's calendar day at the digest's moment. */
  today: string;
  programs: number;
  /** Active participants by side. */
  active: { mentors: number; mentees: number };
  /** Joined during the seven days before the moment. */
  newParticipants: { mentors: number; mentees: number };
  consentsMissing: PersonRef[];
  entryFormsPending: PersonRef[];
  pairs: { confirmed: number; formedThisWeek: number; proposed: number };
  unmatchedMentees: PersonRef[];
  meetingsThisWeek: number;
  silentPairs: SilentPair[];
  satisfaction: { mentees: Average; mentors: Average; interim: Average; wantCurator: number };
  indicators: IndicatorReport;
  nextStages: StageRef[];
  /** The curators' roadmap stages whose window is open today. */
  openTasks: StageRef[];
  failedDeliveries: number;
  /**
   * Meetings held per week (Monday to Sunday, by the day they were held) from the academic year's
   * start, or the last TERM_WEEKS weeks, up to this week: the picture's second panel.
   */
  meetingsByWeek: { monday: string; count: number }[];
}

/** Ids of everyone the digest names, for the outbox's `mentions` (erasing one blanks the text). */
export function mentionedPeople(digest: OrganisationDigest, shown: number): number[] {
  const lists = [
    digest.consentsMissing,
    digest.entryFormsPending,
    digest.unmatchedMentees,
    digest.silentPairs,
  ];
  return [...new Set(lists.flatMap((list) => list.slice(0, shown).map((p) => p.personId)))];
}

/**
 * One organisation's digest at `now`, over its programmes of the current academic year (on the
 * organisation's own calendar).
 */
export async function buildOrganisationDigest(
  db: Kysely<Database>,
  organisationId: number,
  now: Date,
): Promise<OrganisationDigest | undefined> {
  const organisation = await db
    .selectFrom("organisation")
    .select(["id", "name", "time_zone"])
    .where("id", "=", organisationId)
    .executeTakeFirst();
  if (!organisation) return undefined;
  const timeZone = organisation.time_zone;
  const today = todayIn(now, timeZone);
  const academicYear = academicYearOf(today);
  const since = new Date(now.getTime() - WEEK_MS);

  const programs = await db
    .selectFrom("program")
    .select(["id", "name"])
    .where("organisation_id", "=", organisationId)
    .where("academic_year", "=", academicYear)
    .where("status", "!=", "archived")
    .execute();
  const programIds = programs.map((p) => p.id);
  const [indicators] = await computeIndicators(db, { organisationIds: [organisationId], academicYear, now });
  const base: OrganisationDigest = {
    organisationId,
    name: organisation.name,
    timeZone,
    academicYear,
    today,
    programs: programs.length,
    active: { mentors: 0, mentees: 0 },
    newParticipants: { mentors: 0, mentees: 0 },
    consentsMissing: [],
    entryFormsPending: [],
    pairs: { confirmed: 0, formedThisWeek: 0, proposed: 0 },
    unmatchedMentees: [],
    meetingsThisWeek: 0,
    silentPairs: [],
    satisfaction: {
      mentees: { mean: null, answered: 0 },
      mentors: { mean: null, answered: 0 },
      interim: { mean: null, answered: 0 },
      wantCurator: 0,
    },
    indicators: indicators!,
    nextStages: [],
    openTasks: [],
    failedDeliveries: await failedDeliveries(db, organisationId, programIds, since),
    meetingsByWeek: [],
  };
  if (programIds.length === 0) return base;
  const inPrograms = sql.join(programIds);

  // Each participant's own rows are looked up by index (lateral, `offset 0`/`limit 1` keep the planner
  // from hashing whole tables: one organisation is a thousandth of a region's database).
  const people = await sql<{
    person_id: number;
    participant_id: number;
    name: string | null;
    side: "mentor" | "mentee";
    status: "pending_consent" | "active" | "left";
    joined_recently: boolean;
    entry_submitted: boolean;
    paired: boolean;
  }>`
    select pa.person_id, pa.id as participant_id, pe.display_name as name, pa.side, pa.status,
      pa.joined_at >= ${since} as joined_recently,
      entry.found is not null as entry_submitted,
      pairing.found is not null as paired
    from participant pa
    cross join lateral (
      select p.display_name, p.erased_at from person p where p.id = pa.person_id offset 0
    ) pe
    left join lateral (
      select 1 as found from form_session fs
      where fs.person_id = pa.person_id and fs.program_id = pa.program_id and fs.status = 'submitted'
        and fs.form_key = case
          when pa.side = 'mentor' then 'mentor_entry'
          when pa.category in ('teacher', 'young_specialist') then 'mentee_entry_teacher'
          else 'mentee_entry_pupil' end
      limit 1
    ) entry on true
    left join lateral (
      select 1 as found from pair_mentee pm join pair p on p.id = pm.pair_id
      where pm.mentee_participant_id = pa.id and p.status in ('proposed', 'confirmed')
      limit 1
    ) pairing on true
    where pa.program_id in (${inPrograms}) and pe.erased_at is null
    order by pa.id
  `.execute(db);
  const ref = (r: (typeof people.rows)[number]): PersonRef => ({
    personId: r.person_id,
    name: r.name,
    participantId: r.participant_id,
  });
  const active = people.rows.filter((r) => r.status === "active");
  base.active = {
    mentors: active.filter((r) => r.side === "mentor").length,
    mentees: active.filter((r) => r.side === "mentee").length,
  };
  const recent = people.rows.filter((r) => r.joined_recently && r.status !== "left");
  base.newParticipants = {
    mentors: recent.filter((r) => r.side === "mentor").length,
    mentees: recent.filter((r) => r.side === "mentee").length,
  };
  base.consentsMissing = people.rows.filter((r) => r.status === "pending_consent").map(ref);
  base.entryFormsPending = active.filter((r) => !r.entry_submitted).map(ref);
  base.unmatchedMentees = active.filter((r) => r.side === "mentee" && !r.paired).map(ref);

  const pairs = await db
    .selectFrom("pair")
    .select([
      sql<number>`count(*) filter (where status = 'confirmed')::int`.as("confirmed"),
      sql<number>`count(*) filter (where status = 'proposed')::int`.as("proposed"),
      sql<number>`count(*) filter (where status in ('confirmed', 'finished') and confirmed_at >= ${since})::int`.as(
        "formedThisWeek",
      ),
    ])
    .where("program_id", "in", programIds)
    .executeTakeFirstOrThrow();
  base.pairs = pairs;

  const meetings = await sql<{ n: number }>`
    select coalesce(sum((
      select count(*) from meeting m
      where m.pair_id = p.id and m.deleted_at is null and m.created_at >= ${since}
    )), 0)::int as n
    from pair p where p.program_id in (${inPrograms})
  `
    .execute(db)
    .then((r) => r.rows[0]!);
  base.meetingsThisWeek = meetings.n;

  const silent = await sql<{
    pair_id: number;
    person_id: number;
    participant_id: number;
    name: string | null;
    last_day: string;
  }>`
    select p.id as pair_id, pa.person_id, pa.id as participant_id, pe.display_name as name,
      to_char(coalesce(
        (select max(m.held_on) from meeting m where m.pair_id = p.id and m.deleted_at is null),
        (coalesce(p.confirmed_at, p.proposed_at) at time zone ${timeZone})::date
      ), 'YYYY-MM-DD') as last_day
    from pair p
    cross join lateral (
      select pa.person_id, pa.id from participant pa where pa.id = p.mentor_participant_id offset 0
    ) pa
    cross join lateral (select pe.display_name from person pe where pe.id = pa.person_id offset 0) pe
    where p.program_id in (${inPrograms}) and p.status = 'confirmed'
    order by p.id
  `.execute(db);
  base.silentPairs = silent.rows
    .map((r) => ({
      pairId: r.pair_id,
      personId: r.person_id,
      participantId: r.participant_id,
      name: r.name,
      days: daysBetween(r.last_day, today),
    }))
    .filter((p) => p.days >= SILENT_AFTER_DAYS)
    .sort((a, b) => b.days - a.days || a.pairId - b.pairId);

  const polls = await sql<{
    form_key: string;
    question_key: string;
    mean: string | null;
    answered: number;
    yes: number;
  }>`
    select fs.form_key, a.question_key,
      avg((a.value #>> '{}')::numeric) filter (where jsonb_typeof(a.value) = 'number') as mean,
      count(*)::int as answered,
      count(*) filter (where a.value = 'true'::jsonb)::int as yes
    from form_session fs
    cross join lateral (
      select a.question_key, a.value from answer a
      where a.form_session_id = fs.id and a.question_key in ('overall', 'how_it_goes', 'talk_to_curator')
      offset 0
    ) a
    where fs.program_id in (${inPrograms}) and fs.status = 'submitted'
      and ((fs.form_key in ('final_satisfaction_mentee', 'final_satisfaction_mentor') and a.question_key = 'overall')
        or (fs.form_key = 'interim_feedback' and a.question_key in ('how_it_goes', 'talk_to_curator')))
    group by fs.form_key, a.question_key
  `.execute(db);
  const average = (formKey: string, questionKey: string): Average => {
    const row = polls.rows.find((r) => r.form_key === formKey && r.question_key === questionKey);
    return { mean: row?.mean == null ? null : Number(row.mean), answered: row?.answered ?? 0 };
  };
  base.satisfaction = {
    mentees: average("final_satisfaction_mentee", "overall"),
    mentors: average("final_satisfaction_mentor", "overall"),
    interim: average("interim_feedback", "how_it_goes"),
    wantCurator:
      polls.rows.find((r) => r.form_key === "interim_feedback" && r.question_key === "talk_to_curator")
        ?.yes ?? 0,
  };

  const stages = await db
    .selectFrom("roadmap_stage")
    .innerJoin("program", "program.id", "roadmap_stage.program_id")
    .select([
      "roadmap_stage.id as id",
      "program.name as programName",
      sql<string>`to_char(roadmap_stage.opens_on, 'YYYY-MM-DD')`.as("opensOn"),
      sql<string>`to_char(roadmap_stage.closes_on, 'YYYY-MM-DD')`.as("closesOn"),
      "roadmap_stage.title_key as titleKey",
      "roadmap_stage.title_texts as titleTexts",
      "roadmap_stage.key as key",
      "roadmap_stage.audience as audience",
    ])
    .where("roadmap_stage.program_id", "in", programIds)
    .where("roadmap_stage.closes_on", ">=", today)
    .orderBy("roadmap_stage.opens_on")
    .orderBy("roadmap_stage.position")
    .orderBy("roadmap_stage.id")
    .execute();
  const stageRef = ({ audience: _audience, titleTexts, ...rest }: (typeof stages)[number]): StageRef => ({
    ...rest,
    titleTexts: parseTitles(titleTexts),
  });
  base.nextStages = stages
    .filter((s) => s.opensOn > today)
    .slice(0, 3)
    .map(stageRef);
  base.openTasks = stages.filter((s) => s.audience === "curators" && s.opensOn <= today).map(stageRef);

  const weeks = termWeeks(academicYear, today);
  const held = await sql<{ monday: string; count: number }>`
    select to_char(date_trunc('week', m.held_on), 'YYYY-MM-DD') as monday, count(*)::int as count
    from pair p
    cross join lateral (
      select m.held_on from meeting m
      where m.pair_id = p.id and m.deleted_at is null and m.held_on >= ${weeks[0]!} and m.held_on <= ${today}
      offset 0
    ) m
    where p.program_id in (${inPrograms})
    group by date_trunc('week', m.held_on)
  `
    .execute(db)
    .then((r) => r.rows);
  base.meetingsByWeek = weeks.map((monday) => ({
    monday,
    count: held.find((h) => h.monday === monday)?.count ?? 0,
  }));
  return base;
}

async function failedDeliveries(
  db: Kysely<Database>,
  organisationId: number,
  programIds: number[],
  since: Date,
): Promise<number> {
  // Messages to the organisation's participants and curators that the outbox gave up on this week.
  const row = await sql<{ n: number }>`
    select coalesce(sum((
      select count(*) from delivery d
      where d.person_id = people.person_id and d.status = 'failed' and d.due_at >= ${since}
    )), 0)::int as n
    from (
      select person_id from membership where organisation_id = ${organisationId} and role = 'curator'
      ${programIds.length > 0 ? sql`union select person_id from participant where program_id in (${sql.join(programIds)})` : sql``}
    ) people
  `.execute(db);
  return row.rows[0]?.n ?? 0;
}

function parseTitles(value: unknown): Record<string, string> | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as Record<string, string>;
    } catch {
      return null;
    }
  }
  return value as Record<string, string>;
}

/** Mondays from the academic year's first week (or TERM_WEEKS back) to this week's. */
export function termWeeks(academicYear: string, today: string): string[] {
  const monday = (day: string) => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
  const yearStart = monday(`${academicYear.slice(0, 4)}-09-01`);
  const current = monday(today);
  const weeks: string[] = [];
  for (let week = current; week >= yearStart && weeks.length < TERM_WEEKS; week = addDays(week, -7))
    weeks.unshift(week);
  return weeks;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface MunicipalDigest {
  municipalityId: number;
  name: string;
  timeZone: string;
  today: string;
  academicYear: string;
  organisations: OrganisationDigest[];
}

/**
 * The municipality's digest: each of its organisations' digest, side by side. `known` holds digests
 * already built at the same moment (the weekly tick builds the curators' first), which are reused.
 */
export async function buildMunicipalDigest(
  db: Kysely<Database>,
  municipalityId: number,
  now: Date,
  defaultTimeZone: string,
  known?: ReadonlyMap<number, OrganisationDigest>,
): Promise<MunicipalDigest | undefined> {
  const municipality = await db
    .selectFrom("municipality")
    .select(["id", "name"])
    .where("id", "=", municipalityId)
    .executeTakeFirst();
  if (!municipality) return undefined;
  const organisations = await db
    .selectFrom("organisation")
    .select(["id", "time_zone"])
    .where("municipality_id", "=", municipalityId)
    .orderBy("name")
    .orderBy("id")
    .execute();
  const digests: OrganisationDigest[] = [];
  for (const { id } of organisations) {
    const digest = known?.get(id) ?? (await buildOrganisationDigest(db, id, now));
    if (digest) digests.push(digest);
  }
  const timeZone = municipalTimeZone(organisations, defaultTimeZone);
  const today = todayIn(now, timeZone);
  return {
    municipalityId,
    name: municipality.name,
    timeZone,
    today,
    academicYear: academicYearOf(today),
    organisations: digests,
  };
}

/** A municipality keeps the clock of its first organisation (they rarely straddle zones). */
export function municipalTimeZone(
  organisations: readonly { id: number; time_zone: string }[],
  defaultTimeZone: string,
): string {
  const first = [...organisations].sort((a, b) => a.id - b.id)[0];
  return first?.time_zone ?? defaultTimeZone;
}
