import { sql, type Kysely } from "kysely";

// Frozen in time. Where a polling transport stopped reading, so a restart resumes there instead of
// at the platform's "now": VK Bots Long Poll keeps events for a while behind a `ts`, and messages sent
// during a deploy or a crash are read after it. Keyed by channel and a channel's own key (VK: the
// group id). `value` is text because each platform has its own cursor shape.
const statements = [
  `create table channel_cursor (
    channel text not null,
    key text not null,
    value text not null,
    updated_at timestamptz not null default now(),
    primary key (channel, key)
  )`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists channel_cursor`.execute(db);
}
