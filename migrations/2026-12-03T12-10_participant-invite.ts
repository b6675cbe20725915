import { sql, type Kysely } from "kysely";

// Frozen in time. Which invite a participation came through, so the seat it took can be given back
// when the person declines consent. Null for participations made before this migration or without an
// invite; deleting an invite keeps its participants.
const statements = [
  `alter table participant add column invite_id integer references invite (id) on delete set null`,
  `create index participant_invite_idx on participant (invite_id)`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table participant drop column if exists invite_id`.execute(db);
}
