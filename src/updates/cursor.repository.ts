import { sql, type Kysely } from "kysely";
import type { Channel, Database } from "../storage/tables.js";

/**
 * Where a polling transport stopped reading, so a restart resumes there rather than at the
 * platform's "now" (VK Bots Long Poll keeps events behind a `ts` for a while). Values are decimal
 * integers kept as text, and they only move forward.
 *
 * @example
 * await cursors.advance("vk", "218000001", "1042"); // true: stored
 * await cursors.advance("vk", "218000001", "999"); // false: 999 < 1042, the cursor stays
 * await cursors.get("vk", "218000001"); // "1042"
 */
export interface ChannelCursorRepository {
  /** The stored value, or undefined when this channel and key never stored one. */
  get(channel: Channel, key: string): Promise<string | undefined>;
  /**
   * Stores `value` when it is greater than the stored one, compared as numbers ("1000" > "999"), so
   * two writers (a second polling instance, a slow one finishing late) never move it backwards.
   * True when stored.
   */
  advance(channel: Channel, key: string, value: string): Promise<boolean>;
}

const DECIMAL = /^\d{1,60}$/;

export function createChannelCursorRepository(db: Kysely<Database>): ChannelCursorRepository {
  return {
    async get(channel, key) {
      const row = await db
        .selectFrom("channel_cursor")
        .select("value")
        .where("channel", "=", channel)
        .where("key", "=", key)
        .executeTakeFirst();
      return row?.value;
    },

    async advance(channel, key, value) {
      // A cursor that is not a number is the caller's bug, not a platform's answer to store.
      if (!DECIMAL.test(value)) throw new Error(`cursor value must be a decimal integer: ${value}`);
      // One statement, so the comparison and the write cannot be split by another writer.
      const row = await db
        .insertInto("channel_cursor")
        .values({ channel, key, value })
        .onConflict((oc) =>
          oc
            .columns(["channel", "key"])
            .doUpdateSet({ value: (eb) => eb.ref("excluded.value"), updated_at: sql`now()` })
            .where(sql<boolean>`channel_cursor.value::numeric < excluded.value::numeric`),
        )
        .returning("value")
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
