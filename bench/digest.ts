import { performance } from "node:perf_hooks";
import { sql, type Kysely, type KyselyPlugin } from "kysely";
import {
  buildMunicipalDigest,
  buildOrganisationDigest,
  type OrganisationDigest,
} from "../src/digest/digest.js";
import { createDatabase } from "../src/storage/database.js";
import { migrateToLatest } from "../src/storage/migrator.js";
import type { Database } from "../src/storage/tables.js";
import type { BenchResult } from "./run.js";
import { openBenchDatabase, round, rssMb } from "./support.js";

const ZONES = [
  "Europe/Kaliningrad",
  "Europe/Moscow",
  "Asia/Yekaterinburg",
  "Asia/Novosibirsk",
  "Asia/Irkutsk",
];
/** Organisations the bench made are named so; a second run on the same DATABASE_URL finds and reuses them. */
const NAME_PREFIX = "Бенч-школа";
/** Tables large enough that a sequential scan of one per organisation would sink the weekly run. */
/** From this many participants on, a sequential scan of a large table fails the bench. */
const STRICT_FROM = 100_000;
const LARGE_TABLES = [
  "participant",
  "form_session",
  "answer",
  "pair",
  "pair_mentee",
  "meeting",
  "delivery",
  "person",
];

/**
 * `npm run bench -- digest [--organisations 1000] [--participants 1000000] [--answers 10000000]
 * [--municipalities 20]`: a region's database (on DATABASE_URL it is kept and reused by the next run
 * of the same size; on PGlite it lives in memory) with one programme per organisation, curators and
 * coordinators, entry questionnaires, interim and final polls, pairs, meetings, roadmap stages and
 * failed deliveries; then every organisation's digest and every municipality's, as the Monday tick
 * builds them. Before timing, one organisation's digest runs with every query captured and EXPLAINed:
 * the bench fails if any of them scans a large table sequentially.
 */
export async function digestBench(options: Record<string, string>): Promise<BenchResult> {
  const organisations = Number(options.organisations ?? 1000);
  const participants = Number(options.participants ?? 1_000_000);
  const answers = Number(options.answers ?? 10_000_000);
  const municipalities = Number(options.municipalities ?? 20);
  for (const [name, value] of Object.entries({ organisations, participants, answers, municipalities }))
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  if (participants < organisations * 4) throw new Error("--participants must be at least 4 per organisation");

  const url = process.env.DATABASE_URL;
  const database = url ? await createDatabase({ kind: "postgres", url }) : await openBenchDatabase();
  const { db } = database;
  try {
    if (url) await migrateToLatest(db);
    const seedStarted = performance.now();
    const reused = await existing(db, { organisations, participants });
    if (!reused) await seed(db, { organisations, participants, answers, municipalities });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const counts = await sizes(db);

    const now = new Date("2026-12-07T06:00:00Z");
    const ids = (
      await db
        .selectFrom("organisation")
        .select("id")
        .where("name", "like", `${NAME_PREFIX}%`)
        .orderBy("id")
        .execute()
    ).map((o) => o.id);
    const plans = await explainDigestQueries(db, ids[0]!, now);
    const scans = plans.filter((p) => p.seqScans.length > 0);
    // On a few thousand rows a sequential scan is the planner's right choice; at a region's size it
    // would mean a missing index.
    if (scans.length > 0 && counts.participants >= STRICT_FROM)
      throw new Error(
        `sequential scans in the digest's queries:\n${scans.map((s) => `${s.seqScans.join(", ")}: ${s.sql}`).join("\n")}`,
      );

    const started = performance.now();
    const built = new Map<number, OrganisationDigest>();
    for (const id of ids) {
      const digest = await buildOrganisationDigest(db, id, now);
      if (digest) built.set(id, digest);
    }
    const organisationSeconds = (performance.now() - started) / 1000;
    const municipalityIds = (
      await db
        .selectFrom("organisation")
        .select("municipality_id")
        .distinct()
        .where("id", "in", ids)
        .where("municipality_id", "is not", null)
        .execute()
    ).map((m) => m.municipality_id!);
    for (const id of municipalityIds) await buildMunicipalDigest(db, id, now, "Europe/Moscow", built);
    const seconds = (performance.now() - started) / 1000;
    return {
      figure: round(seconds, 2),
      unit: "s",
      line: `digest: ${seconds.toFixed(2)} s for ${ids.length} organisations, ${counts.participants} participants, ${counts.answers} answers`,
      details: [
        `${round(organisationSeconds, 2)} s for the organisations' digests (${round((organisationSeconds * 1000) / ids.length, 1)} ms each), the rest for ${municipalityIds.length} municipal ones`,
        `${counts.pairs} pairs, ${counts.meetings} meetings, ${counts.sessions} form sessions; ${reused ? "reused" : "seeded"} on ${database.kind} in ${round(seedSeconds)} s; rss ${rssMb()} MB`,
        `EXPLAIN of the ${plans.length} queries of one organisation's digest (indexes used; a sequential scan of ${LARGE_TABLES.join(", ")} fails the bench from ${STRICT_FROM} participants):`,
        ...plans.map(
          (p) =>
            `  ${p.indexes.join(", ") || "(no index)"}${p.seqScans.length > 0 ? `; seq scan: ${p.seqScans.join(", ")}` : ""}`,
        ),
      ].join("\n"),
    };
  } finally {
    await database.close();
  }
}

async function existing(
  db: Kysely<Database>,
  size: { organisations: number; participants: number },
): Promise<boolean> {
  const row = await sql<{ organisations: number; others: number; participants: number }>`
    select (select count(*)::int from organisation where name like ${`${NAME_PREFIX}%`}) as organisations,
      (select count(*)::int from organisation where name not like ${`${NAME_PREFIX}%`}) as others,
      (select count(*)::int from participant) as participants`.execute(db);
  const found = row.rows[0]!;
  // DATABASE_URL may well name a real service's database: the bench writes only into an empty one.
  if (found.others > 0)
    throw new Error("DATABASE_URL holds organisations the bench did not make: give it an empty database");
  if (found.organisations === 0) return false;
  if (found.organisations === size.organisations && found.participants === size.participants) return true;
  throw new Error(
    `DATABASE_URL holds another bench's data (${found.organisations} organisations, ${found.participants} participants): use an empty database`,
  );
}

async function sizes(db: Kysely<Database>) {
  const { rows } = await sql<{
    participants: number;
    answers: number;
    pairs: number;
    meetings: number;
    sessions: number;
  }>`
    select (select count(*)::int from participant) as participants, (select count(*)::int from answer) as answers,
      (select count(*)::int from pair) as pairs, (select count(*)::int from meeting) as meetings,
      (select count(*)::int from form_session) as sessions`.execute(db);
  return rows[0]!;
}

/**
 * Participant n (0-based) belongs to programme floor(n / per programme), so neighbours share one: a
 * mentor at n % 4 = 0 has the two mentees after them, the third stays unmatched. Answers: every
 * submitted entry questionnaire has as many as fill the requested total, after the polls' own.
 */
async function seed(
  db: Kysely<Database>,
  size: { organisations: number; participants: number; answers: number; municipalities: number },
): Promise<void> {
  const { organisations, participants, municipalities } = size;
  const zones = sql.raw(`array[${ZONES.map((z) => `'${z}'`).join(", ")}]`);
  const run = (query: ReturnType<typeof sql>) => query.execute(db);
  await run(
    sql`insert into municipality (name) select 'Бенч-округ ' || g from generate_series(1, ${municipalities}) g`,
  );
  await run(sql`insert into organisation (name, kind, time_zone, municipality_id)
    select ${NAME_PREFIX} || ' ' || g, 'school', (${zones})[1 + g % ${ZONES.length}],
      (select min(id) from municipality where name like 'Бенч-округ %') + g % ${municipalities}
    from generate_series(1, ${organisations}) g`);
  await run(sql`insert into program (organisation_id, name, form_key, academic_year, status)
    select id, 'Учитель — ученик', 'teacher_pupil', '2026/2027', 'active' from organisation
    where name like ${`${NAME_PREFIX}%`} order by id`);
  await run(sql`create temporary table bench_program as
    select id, organisation_id, row_number() over (order by id) - 1 as n from program`);
  await run(sql`insert into roadmap_stage (program_id, key, position, audience, action, opens_on, closes_on, title_key, next_check_at)
    select p.id, s.key, s.position, s.audience, 'information', s.opens_on::date, s.closes_on::date, null, null
    from bench_program p cross join (values
      ('group_meeting', 1, 'curators', '2026-12-01', '2026-12-12'),
      ('interim', 2, 'all', '2026-12-14', '2026-12-25'),
      ('final', 3, 'all', '2027-04-12', '2027-05-20')) s(key, position, audience, opens_on, closes_on)`);
  // People: the participants, then a curator per organisation, then a coordinator per municipality.
  await run(sql`insert into person (display_name, locale, is_minor)
    select 'Участник ' || g, 'ru', false from generate_series(1, ${participants + organisations + municipalities}) g`);
  await run(sql`create temporary table bench_person as
    select id, row_number() over (order by id) - 1 as n from person`);
  await run(sql`insert into membership (person_id, role, organisation_id)
    select pe.id, 'curator', p.organisation_id from bench_person pe join bench_program p on p.n = pe.n - ${participants}
    where pe.n >= ${participants} and pe.n < ${participants + organisations}`);
  await run(sql`insert into membership (person_id, role, municipality_id)
    select pe.id, 'coordinator', m.id
    from bench_person pe join (select id, row_number() over (order by id) - 1 as n from municipality) m
      on m.n = pe.n - ${participants + organisations}
    where pe.n >= ${participants + organisations}`);
  await run(sql`insert into participant (program_id, person_id, side, category, status, joined_at)
    select p.id, pe.id,
      case when pe.n % 4 = 0 then 'mentor' else 'mentee' end,
      case when pe.n % 8 = 0 then 'teacher' when pe.n % 8 = 5 then 'teacher' else 'pupil' end,
      case when pe.n % 20 = 7 then 'pending_consent' else 'active' end,
      timestamptz '2026-09-01' + (pe.n % 98) * interval '1 day'
    from bench_person pe join bench_program p on p.n = pe.n * ${organisations} / ${participants}
    where pe.n < ${participants}`);
  await run(sql`create temporary table bench_participant as
    select pa.id, pa.person_id, pa.program_id, pa.side, pa.category, pe.n
    from participant pa join bench_person pe on pe.id = pa.person_id`);
  // Pairs: each mentor with the next two, when they are in the same programme.
  await run(sql`insert into pair (program_id, mentor_participant_id, status, proposed_at, confirmed_at)
    select m.program_id, m.id, case when m.n % 40 = 0 then 'proposed' else 'confirmed' end,
      timestamptz '2026-10-01' + (m.n % 60) * interval '1 day',
      case when m.n % 40 = 0 then null else timestamptz '2026-10-01' + (m.n % 60) * interval '1 day' end
    from bench_participant m where m.side = 'mentor'`);
  await run(sql`insert into pair_mentee (pair_id, mentee_participant_id)
    select pr.id, e.id from pair pr join bench_participant m on m.id = pr.mentor_participant_id
    join bench_participant e on e.n in (m.n + 1, m.n + 2) and e.program_id = m.program_id`);
  await run(sql`insert into meeting (pair_id, type, held_on, format, length_minutes, created_at)
    select pr.id, 'regular', (date '2026-10-05' + ((pr.id * 7 + k * 13) % 60))::date, 'in_person', 45,
      timestamptz '2026-10-05' + ((pr.id * 7 + k * 13) % 60) * interval '1 day'
    from pair pr cross join generate_series(1, 2) k where pr.status = 'confirmed' and pr.id % 5 <> 0`);
  // Questionnaires: entry for four in five; final polls for one in ten; interim for one in four.
  await run(sql`insert into form_session (person_id, program_id, form_key, form_version, status, state, submitted_at)
    select person_id, program_id,
      case when side = 'mentor' then 'mentor_entry' when category = 'teacher' then 'mentee_entry_teacher'
        else 'mentee_entry_pupil' end, 1, 'submitted', '{}', timestamptz '2026-10-01'
    from bench_participant where n % 5 <> 3`);
  await run(sql`insert into form_session (person_id, program_id, form_key, form_version, status, state, submitted_at)
    select person_id, program_id,
      case when side = 'mentor' then 'final_satisfaction_mentor' else 'final_satisfaction_mentee' end,
      1, 'submitted', '{}', timestamptz '2026-11-20'
    from bench_participant where n % 10 = 1 or n % 10 = 4`);
  await run(sql`insert into form_session (person_id, program_id, form_key, form_version, status, state, submitted_at)
    select person_id, program_id, 'interim_feedback', 1, 'submitted', '{}', timestamptz '2026-11-25'
    from bench_participant where n % 4 = 2`);
  await run(sql`insert into answer (form_session_id, question_key, form_version, value)
    select id, 'overall', 1, to_jsonb(1 + id % 10) from form_session where form_key like 'final_satisfaction_%'`);
  await run(sql`insert into answer (form_session_id, question_key, form_version, value)
    select id, q.key, 1, case when q.key = 'how_it_goes' then to_jsonb(1 + id % 10) else to_jsonb(id % 7 = 0) end
    from form_session cross join (values ('how_it_goes'), ('talk_to_curator')) q(key)
    where form_key = 'interim_feedback'`);
  await run(sql`insert into answer (form_session_id, question_key, form_version, value)
    select id, 'experience_years', 1, to_jsonb(id % 12) from form_session where form_key = 'mentee_entry_teacher'`);
  await run(sql`insert into answer (form_session_id, question_key, form_version, value)
    select id, 'grade', 1, to_jsonb((7 + id % 5)::text) from form_session where form_key = 'mentor_entry'`);
  const { rows } = await sql<{ answers: number; entries: number }>`
    select (select count(*)::int from answer) as answers,
      (select count(*)::int from form_session where form_key in ('mentor_entry', 'mentee_entry_pupil', 'mentee_entry_teacher')) as entries`.execute(
    db,
  );
  // Filler answers on the entry questionnaires, up to exactly the requested total.
  const remaining = size.answers - rows[0]!.answers;
  const per = Math.ceil(remaining / Math.max(1, rows[0]!.entries));
  if (remaining > 0)
    await run(sql`insert into answer (form_session_id, question_key, form_version, value)
      select fs.id, 'q' || k, 1, to_jsonb('ответ ' || k)
      from form_session fs cross join generate_series(1, ${per}) k
      where fs.form_key in ('mentor_entry', 'mentee_entry_pupil', 'mentee_entry_teacher')
      limit ${remaining}`);
  await run(sql`insert into delivery (person_id, channel, kind, dedupe_key, payload, due_at, status)
    select person_id, 'telegram', 'roadmap.reminder', 'bench-failed-' || id, '{"text":""}',
      timestamptz '2026-12-03' + (id % 10) * interval '1 day', 'failed'
    from bench_participant where n % 97 = 0`);
  await run(sql`analyze`);
}

interface Plan {
  sql: string;
  indexes: string[];
  seqScans: string[];
}

/** Every query one organisation's digest runs, captured as compiled and EXPLAINed on the same data. */
async function explainDigestQueries(
  db: Kysely<Database>,
  organisationId: number,
  now: Date,
): Promise<Plan[]> {
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const capture: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      const compiled = db.getExecutor().compileQuery(node, queryId);
      captured.push({ sql: compiled.sql, parameters: compiled.parameters });
      return node;
    },
    transformResult: ({ result }) => Promise.resolve(result),
  };
  const municipality = await db
    .selectFrom("organisation")
    .select("municipality_id")
    .where("id", "=", organisationId)
    .executeTakeFirstOrThrow();
  const watched = db.withPlugin(capture);
  await buildOrganisationDigest(watched, organisationId, now);
  if (municipality.municipality_id !== null)
    await buildMunicipalDigest(watched, municipality.municipality_id, now, "Europe/Moscow", new Map());
  const seen = new Set<string>();
  const plans: Plan[] = [];
  for (const query of captured) {
    if (seen.has(query.sql)) continue;
    seen.add(query.sql);
    const { rows } = await db.executeQuery<{ "QUERY PLAN": string }>({
      sql: `explain ${query.sql}`,
      parameters: query.parameters,
      query: { kind: "RawNode" } as never,
      queryId: { queryId: "bench-explain" },
    });
    const text = rows.map((r) => r["QUERY PLAN"]).join("\n");
    if (process.env.BENCH_PLANS) process.stderr.write(`${query.sql}\n${text}\n\n`);
    plans.push({
      sql: query.sql.replace(/\s+/g, " ").slice(0, 160),
      indexes: [
        ...new Set(
          [...text.matchAll(/(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)/g)].map(
            (m) => m[1]!,
          ),
        ),
      ],
      seqScans: [...new Set([...text.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!))].filter((t) =>
        LARGE_TABLES.includes(t),
      ),
    });
  }
  return plans;
}
