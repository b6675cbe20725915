import { sql, type Kysely } from "kysely";

// Frozen in time. What the curators' digest and the indicators need: indicator_target becomes the
// place for everything a curator or coordinator enters per organisation and academic year (the
// indicator's denominator, such as all pupils aged 10-18; a count the service cannot see, such as the
// partner organisations that provided mentors; the target), so a target may be missing while a
// denominator is set, and who changed it last is kept. `year` is the academic year's first calendar
// year (2026 for 2026/2027). Coordinators are found by municipality every week.
const statements = [
  `alter table indicator_target alter column target drop not null`,
  `alter table indicator_target add column denominator integer check (denominator is null or denominator >= 0)`,
  `alter table indicator_target add column entered_count integer
     check (entered_count is null or entered_count >= 0)`,
  `alter table indicator_target add column updated_at timestamptz not null default now()`,
  `alter table indicator_target add column updated_by_person_id integer references person (id) on delete set null`,
  `create index membership_municipality_idx on membership (municipality_id, role) where municipality_id is not null`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `drop index if exists membership_municipality_idx`,
    `alter table indicator_target drop column if exists updated_by_person_id`,
    `alter table indicator_target drop column if exists updated_at`,
    `alter table indicator_target drop column if exists entered_count`,
    `alter table indicator_target drop column if exists denominator`,
    `delete from indicator_target where target is null`,
    `alter table indicator_target alter column target set not null`,
  ])
    await sql.raw(statement).execute(db);
}
