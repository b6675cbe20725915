import { sql, type Insertable, type Kysely } from "kysely";
import type { Database } from "../storage/tables.js";

/** Tables whose ids the seed hands out itself, so it can link rows before inserting them. */
type TableWithIdentity =
  "person" | "channel_account" | "participant" | "form_session" | "group_meeting" | "pair" | "meeting";

/**
 * Postgres takes at most 65,535 parameters per statement, but PGlite 0.4 fails to read its own reply
 * ("Invalid array length" in pg-protocol) to statements far below that once a long seed transaction
 * has grown (seen at 30,000). 10,000 keeps every batch one modest round trip on both backends.
 */
const MAX_PARAMETERS = 10_000;

/** Any 64-bit number; it serialises two seed runs against the same database. */
const SEED_LOCK_KEY = 7_241_905_114;

export interface ExistingDemo {
  personId: number;
  organisationId: number | null;
  programId: number | null;
}

/** The only SQL of the demo seed: a few lookups, id allocation and batched inserts. */
export function createDemoRepository(db: Kysely<Database>) {
  return {
    /** Holds until the transaction ends; a second seed waits, then finds the first one's demo. */
    async lockSeed(): Promise<void> {
      await sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`.execute(db);
    },

    /** The console demo person, and the organisation it curates if the demo was seeded. */
    async findExisting(consoleExternalId: string): Promise<ExistingDemo | undefined> {
      const account = await db
        .selectFrom("channel_account")
        .select("person_id")
        .where("channel", "=", "console")
        .where("external_id", "=", consoleExternalId)
        .executeTakeFirst();
      if (!account) return undefined;
      const membership = await db
        .selectFrom("membership")
        .select("organisation_id")
        .where("person_id", "=", account.person_id)
        .where("role", "=", "curator")
        .orderBy("id")
        .executeTakeFirst();
      const organisationId = membership?.organisation_id ?? null;
      const program =
        organisationId === null
          ? undefined
          : await db
              .selectFrom("program")
              .select("id")
              .where("organisation_id", "=", organisationId)
              .orderBy("id")
              .executeTakeFirst();
      return { personId: account.person_id, organisationId, programId: program?.id ?? null };
    },

    /**
     * The seeded demo programme and its organisation, found by the console accounts the seed gives its
     * made-up participants (`demo-<programme>-<person>`): they outlive the demo curator, who may erase
     * itself with /forget.
     */
    async findSeededProgram(): Promise<{ organisationId: number; programId: number } | undefined> {
      return db
        .selectFrom("program")
        .innerJoin("participant", "participant.program_id", "program.id")
        .innerJoin("channel_account", "channel_account.person_id", "participant.person_id")
        .select(["program.organisation_id as organisationId", "program.id as programId"])
        .where("channel_account.channel", "=", "console")
        .where("channel_account.external_id", "like", sql<string>`'demo-' || program.id || '-%'`)
        .orderBy("program.id")
        .limit(1)
        .executeTakeFirst();
    },

    async findMunicipalityId(name: string): Promise<number | undefined> {
      const row = await db
        .selectFrom("municipality")
        .select("id")
        .where("name", "=", name)
        .executeTakeFirst();
      return row?.id;
    },

    /**
     * Draws `count` ids from a table's identity sequence in one statement, so rows can reference each
     * other before any is inserted (no per-row round trip to learn an id).
     */
    async allocateIds(table: TableWithIdentity, count: number): Promise<number[]> {
      if (count === 0) return [];
      const { rows } = await sql<{ id: number }>`
        select nextval(pg_get_serial_sequence(${table}, 'id'))::integer as id
        from generate_series(1, ${count})`.execute(db);
      return rows.map((row) => row.id);
    },

    async insertReturningId<T extends keyof Database>(
      table: T,
      row: Insertable<Database[T]>,
    ): Promise<number> {
      const inserted = await db
        .insertInto(table)
        .values(row)
        .returning("id" as never)
        .executeTakeFirstOrThrow();
      return (inserted as { id: number }).id;
    },

    /** Inserts many rows in as few statements as the parameter limit allows. */
    async insertMany<T extends keyof Database>(
      table: T,
      rows: readonly Insertable<Database[T]>[],
    ): Promise<void> {
      if (rows.length === 0) return;
      const columns = Object.keys(rows[0]!).length;
      const chunk = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
      for (let start = 0; start < rows.length; start += chunk) {
        await db
          .insertInto(table)
          .values(rows.slice(start, start + chunk))
          .execute();
      }
    },
  };
}

export type DemoRepository = ReturnType<typeof createDemoRepository>;
