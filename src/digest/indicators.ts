import { sql, type Kysely } from "kysely";
import type { Database } from "../storage/tables.js";

/**
 * The six efficiency indicators of the target model of mentoring (seed 000), in the seeds' order.
 * Every one is a share in percent: a count over a denominator.
 */
export const INDICATOR_KEYS = [
  /** Pupils aged 10-18 who are mentees, of all the organisation's pupils aged 10-18. */
  "mentees_10_18",
  /** Pupils aged 15-18 who are mentors, of all pupils aged 15-18. */
  "mentors_15_18",
  /** Young teachers (0-3 years' experience) who are mentees, of all young teachers. */
  "young_teachers",
  /** Partner organisations that provided mentors, of all partner organisations. */
  "partner_organisations",
  /** Mentees satisfied (final poll), of the mentees who answered it. */
  "mentee_satisfaction",
  /** Mentors satisfied (final poll), of the mentors who answered it. */
  "mentor_satisfaction",
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export function isIndicatorKey(value: string): value is IndicatorKey {
  return (INDICATOR_KEYS as readonly string[]).includes(value);
}

/** Indicators whose denominator is a population only the organisation knows, entered by people. */
export const ENTERED_DENOMINATOR: readonly IndicatorKey[] = [
  "mentees_10_18",
  "mentors_15_18",
  "young_teachers",
  "partner_organisations",
];

/**
 * The seed's yearly targets (Klintsy order, 2022-2024), read as the first, second and third year of
 * running the model: an organisation in its fourth year keeps the third year's targets.
 */
export const SEED_TARGETS: Record<IndicatorKey, readonly [number, number, number]> = {
  mentees_10_18: [40, 60, 70],
  mentors_15_18: [6, 7, 10],
  young_teachers: [40, 70, 70],
  partner_organisations: [15, 25, 30],
  mentee_satisfaction: [60, 70, 85],
  mentor_satisfaction: [60, 70, 85],
};

/** On the final polls' 1-10 `overall` scale, this and above counts as satisfied. */
export const SATISFIED_FROM = 7;

/** Years of experience up to which a teacher mentee counts as a young teacher (seed: 0-3). */
export const YOUNG_TEACHER_MAX_YEARS = 3;

export interface IndicatorValue {
  key: IndicatorKey;
  /**
   * Counted by the service from participants and answers; for partner_organisations the count a
   * curator entered (the service cannot tell employers apart), or null until someone does.
   */
  count: number | null;
  /** Entered (populations), or the number who answered (satisfaction); null when not known yet. */
  denominator: number | null;
  /** count / denominator in percent, unrounded; null without both (or with a zero denominator). */
  percent: number | null;
  /** Target in percent: entered for this organisation and year, else the seeds' default. */
  target: number;
  targetSource: "entered" | "seed";
  /** percent >= target; null while percent is unknown. */
  met: boolean | null;
}

export interface IndicatorReport {
  organisationId: number;
  academicYear: string;
  /** 1 for the organisation's first academic year with a programme: picks the seed's targets. */
  yearOfModel: number;
  /** One per INDICATOR_KEYS, in that order. */
  indicators: IndicatorValue[];
}

export interface IndicatorQuery {
  organisationIds: readonly number[];
  /** "2026/2027" */
  academicYear: string;
  /** Not read today: the indicators count the whole academic year; kept so callers pass one clock. */
  now: Date;
}

/** 2026 for "2026/2027": how indicator_target.year stores an academic year. */
export function academicYearStart(academicYear: string): number {
  return Number(academicYear.slice(0, 4));
}

export function seedTarget(key: IndicatorKey, yearOfModel: number): number {
  const targets = SEED_TARGETS[key];
  return targets[Math.min(Math.max(yearOfModel, 1), targets.length) - 1]!;
}

/**
 * The indicators of each organisation for one academic year, from the programmes of that year: a
 * few grouped queries whatever the number of organisations (the municipal digest and the exports ask
 * for many at once). Counted are distinct people whose participation is active (consent given, not
 * left). The service keeps no ages, so categories stand for them: pupils and college students are
 * the 10-18s; as mentors, pupils whose questionnaire says grade 7 or 8 (13-14) are left out of the
 * 15-18s. A young teacher is a young_specialist mentee or a teacher mentee whose questionnaire gives
 * at most 3 years. Satisfaction counts final polls with `overall` >= 7 over all final polls answered.
 *
 * @example
 *   const [report] = await computeIndicators(db, { organisationIds: [7], academicYear: "2026/2027", now });
 *   report.indicators[0]; // { key: "mentees_10_18", count: 30, denominator: 250, percent: 12, target: 40, ... }
 */
export async function computeIndicators(
  db: Kysely<Database>,
  query: IndicatorQuery,
): Promise<IndicatorReport[]> {
  const ids = [...new Set(query.organisationIds)];
  if (ids.length === 0) return [];
  const { academicYear } = query;
  const year = academicYearStart(academicYear);

  const counts = await sql<{
    organisation_id: number;
    mentees_10_18: number;
    mentors_15_18: number;
    young_teachers: number;
  }>`
    select pr.organisation_id,
      count(distinct pa.person_id) filter (
        where pa.side = 'mentee' and pa.category in ('pupil', 'student'))::int as mentees_10_18,
      count(distinct pa.person_id) filter (
        where pa.side = 'mentor' and pa.category in ('pupil', 'student')
          and not (pa.category = 'pupil' and coalesce(entry.grade, '') in ('7', '8')))::int as mentors_15_18,
      count(distinct pa.person_id) filter (
        where pa.side = 'mentee' and (pa.category = 'young_specialist'
          or (pa.category = 'teacher' and entry.experience <= ${YOUNG_TEACHER_MAX_YEARS})))::int as young_teachers
    from participant pa
    join program pr on pr.id = pa.program_id
    left join lateral (
      select
        max(a.value #>> '{}') filter (where a.question_key = 'grade') as grade,
        max(case when a.question_key = 'experience_years' and jsonb_typeof(a.value) = 'number'
          then (a.value #>> '{}')::numeric end) as experience
      from form_session fs
      join answer a on a.form_session_id = fs.id
      where fs.person_id = pa.person_id and fs.program_id = pa.program_id
        and fs.status = 'submitted'
        and fs.form_key in ('mentor_entry', 'mentee_entry_teacher')
        and a.question_key in ('grade', 'experience_years')
    ) entry on pa.category in ('pupil', 'teacher')
    where pr.organisation_id in (${sql.join(ids)})
      and pr.academic_year = ${academicYear}
      and pa.status = 'active'
    group by pr.organisation_id
  `.execute(db);

  const satisfaction = await sql<{
    organisation_id: number;
    form_key: string;
    answered: number;
    satisfied: number;
  }>`
    select pr.organisation_id, fs.form_key,
      count(*)::int as answered,
      count(*) filter (where (a.value #>> '{}')::numeric >= ${SATISFIED_FROM})::int as satisfied
    from form_session fs
    join program pr on pr.id = fs.program_id
    join answer a on a.form_session_id = fs.id and a.question_key = 'overall'
    where pr.organisation_id in (${sql.join(ids)})
      and pr.academic_year = ${academicYear}
      and fs.form_key in ('final_satisfaction_mentee', 'final_satisfaction_mentor')
      and fs.status = 'submitted'
      and jsonb_typeof(a.value) = 'number'
    group by pr.organisation_id, fs.form_key
  `.execute(db);

  const firstYears = await db
    .selectFrom("program")
    .select(["organisation_id", sql<string>`min(academic_year)`.as("first")])
    .where("organisation_id", "in", ids)
    .groupBy("organisation_id")
    .execute();

  const entered = await db
    .selectFrom("indicator_target")
    .select(["scope_id", "indicator", "target", "denominator", "entered_count"])
    .where("scope", "=", "organisation")
    .where("scope_id", "in", ids)
    .where("year", "=", year)
    .execute();

  return ids.map((organisationId) => {
    const first = firstYears.find((r) => r.organisation_id === organisationId)?.first;
    const yearOfModel = first ? Math.max(1, year - academicYearStart(first) + 1) : 1;
    const counted = counts.rows.find((r) => r.organisation_id === organisationId);
    const polls = (formKey: string) =>
      satisfaction.rows.find((r) => r.organisation_id === organisationId && r.form_key === formKey);
    const indicators = INDICATOR_KEYS.map((key): IndicatorValue => {
      const row = entered.find((r) => r.scope_id === organisationId && r.indicator === key);
      let count: number | null;
      let denominator: number | null;
      if (key === "mentee_satisfaction" || key === "mentor_satisfaction") {
        const poll = polls(
          key === "mentee_satisfaction" ? "final_satisfaction_mentee" : "final_satisfaction_mentor",
        );
        count = poll?.satisfied ?? 0;
        denominator = poll?.answered ?? 0;
      } else {
        count = key === "partner_organisations" ? (row?.entered_count ?? null) : (counted?.[key] ?? 0);
        denominator = row?.denominator ?? null;
      }
      const percent = count !== null && denominator ? (count * 100) / denominator : null;
      const target = row?.target != null ? Number(row.target) : seedTarget(key, yearOfModel);
      return {
        key,
        count,
        denominator,
        percent,
        target,
        targetSource: row?.target != null ? "entered" : "seed",
        met: percent === null ? null : percent >= target,
      };
    });
    return { organisationId, academicYear, yearOfModel, indicators };
  });
}

export interface IndicatorSetting {
  organisationId: number;
  academicYear: string;
  key: IndicatorKey;
  /** undefined: leave as is; null: clear (back to unknown, or to the seeds' target). */
  denominator?: number | null;
  target?: number | null;
  enteredCount?: number | null;
  byPersonId: number | null;
}

/** Records what a curator, coordinator or operator entered; fields left undefined keep their value. */
export async function setIndicator(db: Kysely<Database>, setting: IndicatorSetting): Promise<void> {
  const year = academicYearStart(setting.academicYear);
  const changes = {
    ...(setting.denominator !== undefined && { denominator: setting.denominator }),
    ...(setting.target !== undefined && { target: setting.target }),
    ...(setting.enteredCount !== undefined && { entered_count: setting.enteredCount }),
  };
  await db
    .insertInto("indicator_target")
    .values({
      scope: "organisation",
      scope_id: setting.organisationId,
      indicator: setting.key,
      year,
      updated_by_person_id: setting.byPersonId,
      ...changes,
    })
    .onConflict((oc) =>
      oc.columns(["scope", "scope_id", "indicator", "year"]).doUpdateSet({
        ...changes,
        updated_at: sql`now()`,
        updated_by_person_id: setting.byPersonId,
      }),
    )
    .execute();
}
