import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { planStage } from "../src/roadmap/reminders.js";
import type { RoadmapStage } from "../src/roadmap/roadmap.repository.js";
import type { BenchResult } from "./run.js";
import { openBenchDatabase, round, rssMb } from "./support.js";

/** Russia's zones, west to east: the organisations are spread over them. */
const ZONES = [
  "Europe/Kaliningrad",
  "Europe/Moscow",
  "Europe/Samara",
  "Asia/Yekaterinburg",
  "Asia/Omsk",
  "Asia/Tomsk",
  "Asia/Krasnoyarsk",
  "Asia/Irkutsk",
  "Asia/Yakutsk",
  "Asia/Vladivostok",
  "Asia/Magadan",
  "Asia/Kamchatka",
];

/**
 * `npm run bench -- reminders [--organisations 1000] [--participants 150000]`: a region-sized database
 * (organisations spread over Russia's zones, one programme each, participants split between them, a
 * curator each; a fifth have answered already, one in twenty muted, pupils with autumn holidays) and
 * one roadmap stage, the interim feedback for everyone, opening in every programme on the same day.
 * The figure is the wall time to plan what is due at 08:30 UTC that day (10:30 in Kaliningrad, 20:30
 * in Kamchatka: every zone past its sending hour and before its quiet hours): for every due stage, who
 * is owed which reminder. Planning only: queueing and sending are the outbox's, measured by `fanout`.
 */
export async function remindersBench(options: Record<string, string>): Promise<BenchResult> {
  const organisations = Number(options.organisations ?? 1000);
  const participants = Number(options.participants ?? 150_000);
  for (const [name, value] of Object.entries({ organisations, participants }))
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  const database = await openBenchDatabase();
  const { db } = database;
  try {
    const seedStarted = performance.now();
    const zones = sql.raw(`array[${ZONES.map((z) => `'${z}'`).join(", ")}]`);
    await sql`insert into organisation (name, kind, time_zone)
      select 'Школа ' || g, 'school', (${zones})[1 + g % ${ZONES.length}] from generate_series(1, ${organisations}) g`.execute(
      db,
    );
    await sql`insert into program (organisation_id, name, form_key, academic_year, status)
      select id, 'Учитель — ученик', 'teacher_pupil', '2026/2027', 'active' from organisation`.execute(db);
    await sql`insert into program_holiday (program_id, starts_on, ends_on)
      select id, '2026-10-26', '2026-11-03' from program`.execute(db);
    await sql`insert into roadmap_stage
        (program_id, key, position, audience, action, form_key, opens_on, closes_on, title_key, next_check_at)
      select id, 'interim_feedback', 1, 'all', 'form', 'interim_feedback', '2027-03-01', '2027-03-20',
        'roadmap-stage-school-interim-feedback', '2027-02-28T00:00:00Z' from program`.execute(db);
    await sql`insert into person (display_name, locale, is_minor, reminders_muted)
      select 'Участник ' || g, 'ru', false, g % 20 = 0 from generate_series(1, ${participants + organisations}) g`.execute(
      db,
    );
    // Person n: a curator for the first `organisations`, then participants spread round the programmes.
    await sql`with people as (select id, row_number() over (order by id) - 1 as n from person),
        programs as (select id, organisation_id, row_number() over (order by id) - 1 as n from program)
      insert into membership (person_id, role, organisation_id)
      select people.id, 'curator', programs.organisation_id from people join programs on programs.n = people.n
      where people.n < ${organisations}`.execute(db);
    await sql`with people as (select id, row_number() over (order by id) - 1 as n from person),
        programs as (select id, row_number() over (order by id) - 1 as n from program)
      insert into participant (program_id, person_id, side, category, status)
      select programs.id, people.id, case when people.n % 4 = 0 then 'mentor' else 'mentee' end,
        case when people.n % 4 = 0 then 'teacher' else 'pupil' end, 'active'
      from people join programs on programs.n = people.n % ${organisations}
      where people.n >= ${organisations}`.execute(db);
    await sql`insert into form_session (person_id, program_id, form_key, form_version, status, state, submitted_at)
      select person_id, program_id, 'interim_feedback', 1, 'submitted', '{}', now()
      from participant where person_id % 5 = 0`.execute(db);
    await sql`analyze`.execute(db);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const now = new Date("2027-03-01T08:30:00Z");
    const started = performance.now();
    const { rows: stages } = await sql<RoadmapStage>`
      select * from roadmap_stage where next_check_at <= ${now} order by next_check_at, id`.execute(db);
    let planned = 0;
    let nudges = 0;
    for (const stage of stages) {
      const plan = await planStage(db, stage, now);
      planned += plan.reminders.length;
      nudges += plan.reminders.filter((r) => r.attempt !== 0).length;
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      figure: round(seconds, 2),
      unit: "s",
      line: `reminders: ${seconds.toFixed(2)} s to plan ${planned} deliveries`,
      details:
        `${organisations} organisations in ${ZONES.length} zones, ${participants} participants, ` +
        `${stages.length} stages due, ${nudges} nudges among them; seeded on ${database.kind} in ` +
        `${round(seedSeconds)} s; rss ${rssMb()} MB`,
    };
  } finally {
    await database.close();
  }
}
