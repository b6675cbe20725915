import { sql, type Kysely } from "kysely";

// Frozen in time. A consent is given once per person, kind and text version: a double tap on "I agree"
// or two curators recording the same paper form write one row. Revoked rows stay out of the index, so
// the same text can be agreed to again after a withdrawal. Duplicates written before this migration
// are folded into the earliest row.
const statements = [
  `delete from consent later
    using consent earlier
    where later.person_id = earlier.person_id
      and later.kind = earlier.kind
      and later.text_version = earlier.text_version
      and later.revoked_at is null
      and earlier.revoked_at is null
      and later.id > earlier.id`,
  `create unique index consent_once_idx on consent (person_id, kind, text_version) where revoked_at is null`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists consent_once_idx`.execute(db);
}
