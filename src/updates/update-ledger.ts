import type { Kysely } from "kysely";
import type { Channel, Database } from "../storage/tables.js";

/**
 * Remembers which inbound updates were taken, so each takes effect at most once: a webhook redelivered
 * after a timeout, or a batch polled again after a crash, finds its id already claimed and does nothing.
 * Several instances share it through the primary key (channel, update_id).
 */
export interface UpdateLedger {
  /** True the first time an update is claimed, false for every later claim, on any instance. */
  claim(channel: Channel, updateId: string | number): Promise<boolean>;
  /** Forgets updates claimed before `before`; returns how many rows went. */
  prune(before: Date): Promise<number>;
}

/**
 * Telegram redelivers within its 24-hour window and, after a week without updates, may restart
 * update_id from a random number; keeping a few days covers the first and keeps collisions with the
 * second unlikely.
 */
export const UPDATE_LEDGER_RETENTION_MS = 3 * 24 * 60 * 60 * 1000;

export function createUpdateLedger(db: Kysely<Database>): UpdateLedger {
  return {
    async claim(channel, updateId) {
      const row = await db
        .insertInto("processed_update")
        .values({ channel, update_id: String(updateId) })
        .onConflict((oc) => oc.columns(["channel", "update_id"]).doNothing())
        .returning("update_id")
        .executeTakeFirst();
      return row !== undefined;
    },
    async prune(before) {
      const result = await db
        .deleteFrom("processed_update")
        .where("processed_at", "<", before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
