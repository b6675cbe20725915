import { sql, type Kysely } from "kysely";

// Frozen in time. Erasure reaches into other people's outbox: a message to one person that shows
// another's name (a curator told that a pupil joined) lists that other person's id in `mentions`, so
// erasing them blanks the text instead of sending it. No index: erasure is rare and scans by id list.
const statements = [`alter table delivery add column mentions integer[] not null default '{}'`];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table delivery drop column if exists mentions`.execute(db);
}
