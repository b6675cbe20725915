import { sql, type Kysely } from "kysely";

// Frozen in time. Secrets the service makes for itself when the operator gives none (the button
// signing key): made once by whichever instance starts first, then read by every instance.
const statements = [
  `create table service_secret (
    name text primary key,
    value text not null,
    created_at timestamptz not null default now()
  )`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists service_secret`.execute(db);
}
