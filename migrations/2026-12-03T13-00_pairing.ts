import { sql, type Kysely } from "kysely";

// Frozen in time. What forming pairs needs beyond the initial tables: who opened a group meeting and
// when its preference poll closes (the clock closes it then), which meeting a proposal came from,
// why a pair ended, and each mentee's place in a pair explained (the ranks each side gave, or that
// the curator put them there).
const statements = [
  `alter table group_meeting add column opened_by_person_id integer references person (id) on delete set null`,
  `alter table group_meeting add column poll_closes_at timestamptz`,
  `alter table group_meeting add column poll_closed_at timestamptz`,
  // The clock looks for open polls past their deadline every minute.
  `create index group_meeting_poll_due_idx on group_meeting (poll_closes_at)
     where poll_opened_at is not null and poll_closed_at is null`,
  `alter table pair add column group_meeting_id integer references group_meeting (id) on delete set null`,
  `alter table pair add column ended_reason text
     check (ended_reason is null or ended_reason in ('completed', 'mismatch', 'left', 'other'))`,
  `alter table pair add column ended_by_person_id integer references person (id) on delete set null`,
  `alter table pair_mentee add column mentee_rank smallint`,
  `alter table pair_mentee add column mentor_rank smallint`,
  `alter table pair_mentee add column assigned_by text not null default 'matching'
     check (assigned_by in ('matching', 'curator'))`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `alter table pair_mentee drop column if exists assigned_by`,
    `alter table pair_mentee drop column if exists mentor_rank`,
    `alter table pair_mentee drop column if exists mentee_rank`,
    `alter table pair drop column if exists ended_by_person_id`,
    `alter table pair drop column if exists ended_reason`,
    `alter table pair drop column if exists group_meeting_id`,
    `drop index if exists group_meeting_poll_due_idx`,
    `alter table group_meeting drop column if exists poll_closed_at`,
    `alter table group_meeting drop column if exists poll_closes_at`,
    `alter table group_meeting drop column if exists opened_by_person_id`,
  ])
    await sql.raw(statement).execute(db);
}
