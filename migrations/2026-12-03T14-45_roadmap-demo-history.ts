import { sql, type Kysely } from "kysely";

// Frozen in time. Before 2026-12-03T14-10_roadmap only the demo seed wrote roadmap stages, and that
// migration left them due at once: a demo seeded earlier would have its made-up people reminded (on
// the console, where every message shows). Its stages are seeded history, as a new demo's are.
const statements = [
  `update roadmap_stage s set next_check_at = null
   where exists (select 1 from participant pa join channel_account ca on ca.person_id = pa.person_id
     where pa.program_id = s.program_id and ca.channel = 'console' and ca.external_id like 'demo-%')`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// Nothing to undo: which stages were due is not worth restoring.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function down(_db: Kysely<any>): Promise<void> {}
