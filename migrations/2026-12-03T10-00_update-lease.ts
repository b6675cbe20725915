import { sql, type Kysely } from "kysely";

// Frozen in time. The update ledger becomes the inbound pipeline's record: an update is written with
// its payload and a lease before it is handled, and marked done in the same transaction as its
// effects. An instance that dies mid-handling leaves the row 'handling' with a lapsing lease, and
// another instance (or the same one after a restart) handles it again from the stored payload. The
// payload is dropped once done: it may hold what a person typed.
const statements = [
  `alter table processed_update
    add column state text not null default 'done' check (state in ('handling', 'done', 'failed')),
    add column lease_until timestamptz,
    add column attempts integer not null default 1,
    add column payload jsonb,
    add column order_key text`,
  `create index processed_update_lease_idx on processed_update (lease_until) where state = 'handling'`,
  // A person's unfinished updates, oldest first: the handler holding their lock handles these first.
  `create index processed_update_order_idx on processed_update (order_key, processed_at)
    where state = 'handling'`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and schema-agnostic
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists processed_update_order_idx`.execute(db);
  await sql`drop index if exists processed_update_lease_idx`.execute(db);
  await sql`alter table processed_update drop column state, drop column lease_until, drop column attempts, drop column payload, drop column order_key`.execute(
    db,
  );
}
