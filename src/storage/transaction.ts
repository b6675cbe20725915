import type { Kysely } from "kysely";
import type { Database } from "./tables.js";

/**
 * Runs `work` in a transaction: the caller's when `db` already is one (the inbound pipeline runs a
 * whole turn in one), a new one otherwise. Kysely cannot nest transactions, and on PGlite a second
 * connection does not exist: work that opened its own would wait for the turn that waits for it.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
