import { sql, type Kysely } from "kysely";

// Frozen in time. The outbox's share of the platforms' limits: a bot may push about 30 messages a
// second in total (Telegram) or make 20 calls a second per community token (VK), however many
// instances send. Each sender reserves the next stretch of time for a batch with one UPDATE on this
// row, so instances take turns instead of each sending at the full rate. `key` tells bots of one
// channel apart. Dead letters ('failed') get a small index of their own for curators' lists.
const statements = [
  `create table outbox_rate_window (
    channel text not null,
    key text not null,
    next_free_at timestamptz not null,
    primary key (channel, key)
  )`,
  `create index delivery_failed_idx on delivery (due_at) where status = 'failed'`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists delivery_failed_idx`.execute(db);
  await sql`drop table if exists outbox_rate_window`.execute(db);
}
