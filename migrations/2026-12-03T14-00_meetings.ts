import { sql, type Kysely } from "kysely";

// Frozen in time. What logging meetings by chat needs beyond the initial tables: the topics as codes
// (the check-in asks them as taps), and a logged meeting corrected or withdrawn by its mentor within
// a few days, with the reason, kept rather than deleted so confirmations and history stay explained.
const statements = [
  `alter table meeting add column topic_codes text[] not null default '{}'`,
  `alter table meeting add column edited_at timestamptz`,
  `alter table meeting add column edit_reason text
     check (edit_reason is null or edit_reason in ('date', 'details', 'people', 'other'))`,
  `alter table meeting add column deleted_at timestamptz`,
  `alter table meeting add column delete_reason text
     check (delete_reason is null or delete_reason in ('not_held', 'duplicate', 'wrong_pair', 'other'))`,
  `alter table meeting add column changed_by_person_id integer references person (id) on delete set null`,
  // The clock asks "the latest meeting of each pair that still counts" every minute.
  `create index meeting_pair_live_idx on meeting (pair_id, held_on desc, id desc) where deleted_at is null`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `drop index if exists meeting_pair_live_idx`,
    `alter table meeting drop column if exists changed_by_person_id`,
    `alter table meeting drop column if exists delete_reason`,
    `alter table meeting drop column if exists deleted_at`,
    `alter table meeting drop column if exists edit_reason`,
    `alter table meeting drop column if exists edited_at`,
    `alter table meeting drop column if exists topic_codes`,
  ])
    await sql.raw(statement).execute(db);
}
