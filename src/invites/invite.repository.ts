import type { Insertable, Kysely } from "kysely";
import type { Database, Invite, InviteTable } from "../storage/tables.js";

export function createInviteRepository(db: Kysely<Database>) {
  return {
    /**
     * Inserts what it can and returns the rows it inserted; a row whose code already exists is
     * skipped (not an error), so the caller can give it a fresh code and try again.
     */
    insertNewCodes(rows: Insertable<InviteTable>[]): Promise<Invite[]> {
      if (rows.length === 0) return Promise.resolve([]);
      return db
        .insertInto("invite")
        .values(rows)
        .onConflict((conflict) => conflict.column("code").doNothing())
        .returningAll()
        .execute();
    },
  };
}

export type InviteRepository = ReturnType<typeof createInviteRepository>;
