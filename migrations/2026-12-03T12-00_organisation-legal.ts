import { sql, type Kysely } from "kysely";

// Frozen in time. A written consent under 152-FZ art. 9 names the operator and its address: the
// organisation's full legal name and postal address. Nullable: organisations made before this
// migration have neither until a curator or an operator supplies them.
const statements = [
  `alter table organisation add column legal_name text`,
  `alter table organisation add column address text`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table organisation drop column if exists address`.execute(db);
  await sql`alter table organisation drop column if exists legal_name`.execute(db);
}
