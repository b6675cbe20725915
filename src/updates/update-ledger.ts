import { sql, type Kysely } from "kysely";
import type { Channel, Database } from "../storage/tables.js";

/** An update taken over from a handler whose lease ran out (it died, or is very slow). */
export interface ReclaimedUpdate {
  channel: Channel;
  updateId: string;
  payload: unknown;
  /** How many times handling has started, this one included. */
  attempts: number;
}

/**
 * The inbound pipeline's record of every update: written with its payload and a lease before it is
 * handled, marked done inside the transaction that holds its effects. So an update takes effect
 * exactly once: a redelivery finds it recorded, a crash leaves it 'handling' until its lease lapses
 * and another handler takes it over, and two handlers of one update serialise on its row, where the
 * later one finds it done. Several instances share it through the primary key (channel, update_id).
 *
 * @example
 *   if (await ledger.record("telegram", "1001", update, 30_000)) {
 *     await db.transaction().execute(async (trx) => {
 *       if (!(await ledger.lock(trx, "telegram", "1001"))) return; // someone finished it meanwhile
 *       // ... the effects ...
 *       await ledger.finish(trx, "telegram", "1001");
 *     });
 *   }
 */
export interface UpdateLedger {
  /**
   * True the first time an update is recorded (it is now ours to handle), false for a redelivery.
   * `orderKey` names whose update it is, so that person's updates are handled in recorded order.
   */
  record(
    channel: Channel,
    updateId: string,
    payload: unknown,
    leaseMs: number,
    orderKey?: string,
  ): Promise<boolean>;
  /**
   * `record` for a whole batch in one statement, in the batch's order (so a person's updates keep
   * it): the ids recorded now; a redelivered one is left out.
   */
  recordMany(
    channel: Channel,
    updates: readonly { updateId: string; payload: unknown; orderKey?: string }[],
    leaseMs: number,
  ): Promise<Set<string>>;
  /**
   * Inside the handling transaction, holding the person's lock: that person's updates recorded before
   * this one and still unfinished, oldest first, locked for this transaction to handle first.
   */
  earlierUnfinished(
    trx: Kysely<Database>,
    channel: Channel,
    orderKey: string,
    updateId: string,
  ): Promise<{ updateId: string; payload: unknown }[]>;
  /**
   * Inside the handling transaction: waits for any other handler of this update to finish, then true
   * when it still needs handling.
   */
  lock(trx: Kysely<Database>, channel: Channel, updateId: string): Promise<boolean>;
  /**
   * `lock` and `earlierUnfinished` in one statement (one round trip per turn fewer), for a handler
   * that holds the person's lock: undefined when the update no longer needs handling (another
   * handler finished it), else that person's earlier unfinished updates, oldest first, all locked
   * for this transaction.
   */
  take(
    trx: Kysely<Database>,
    channel: Channel,
    orderKey: string,
    updateId: string,
    options?: {
      /**
       * Also marks them all done in the same statement (`finish`, one round trip per turn fewer): for
       * a handler that handles them all in this transaction, whose rollback undoes the mark.
       */
      finish?: boolean;
    },
  ): Promise<{ updateId: string; payload: unknown }[] | undefined>;
  /**
   * Takes a failing update out of its person's order: later updates no longer handle it first, and
   * it is retried on its own when its lease lapses.
   */
  detach(channel: Channel, updateId: string): Promise<void>;
  /** Inside the handling transaction: done, and the payload forgotten. */
  finish(trx: Kysely<Database>, channel: Channel, updateId: string): Promise<void>;
  /**
   * Takes over updates of these channels whose lease lapsed, renewing the lease for the taker. With
   * `anyLease`, every update still being handled is taken: only for a process that knows no other
   * handler exists (the embedded database at start, which one process owns).
   */
  reclaim(
    channels: readonly Channel[],
    leaseMs: number,
    limit: number,
    options?: { anyLease?: boolean },
  ): Promise<ReclaimedUpdate[]>;
  /** Gives up on an update that failed too often (its payload is dropped; the row stays as a record). */
  fail(channel: Channel, updateId: string): Promise<void>;
  /** Forgets finished updates recorded before `before`; returns how many rows went. */
  prune(before: Date): Promise<number>;
}

/**
 * Telegram redelivers within its 24-hour window and, after a week without updates, may restart
 * update_id from a random number: eight days covers the week, so a restarted sequence never meets a
 * recorded id that is still kept.
 */
export const UPDATE_LEDGER_RETENTION_MS = 8 * 24 * 60 * 60 * 1000;

export function createUpdateLedger(db: Kysely<Database>): UpdateLedger {
  return {
    async record(channel, updateId, payload, leaseMs, orderKey) {
      const row = await db
        .insertInto("processed_update")
        .values({
          channel,
          update_id: updateId,
          state: "handling",
          order_key: orderKey ?? null,
          lease_until: sql<Date>`now() + ${leaseMs} * interval '1 millisecond'`,
          payload: JSON.stringify(payload ?? null, storableInJsonb),
        })
        .onConflict((oc) => oc.columns(["channel", "update_id"]).doNothing())
        .returning("update_id")
        .executeTakeFirst();
      return row !== undefined;
    },

    async recordMany(channel, updates, leaseMs) {
      if (updates.length === 0) return new Set();
      // A multi-row VALUES list takes its sequence numbers row by row, in the order written.
      const rows = await db
        .insertInto("processed_update")
        .values(
          updates.map((update) => ({
            channel,
            update_id: update.updateId,
            state: "handling" as const,
            order_key: update.orderKey ?? null,
            lease_until: sql<Date>`now() + ${leaseMs} * interval '1 millisecond'`,
            payload: JSON.stringify(update.payload ?? null, storableInJsonb),
          })),
        )
        .onConflict((oc) => oc.columns(["channel", "update_id"]).doNothing())
        .returning("update_id")
        .execute();
      return new Set(rows.map((row) => row.update_id));
    },

    async lock(trx, channel, updateId) {
      const row = await trx
        .selectFrom("processed_update")
        .select("state")
        .where("channel", "=", channel)
        .where("update_id", "=", updateId)
        .forUpdate()
        .executeTakeFirst();
      return row?.state === "handling";
    },

    async take(trx, channel, orderKey, updateId, options = {}) {
      // `this` is locked first (waiting for another handler of it, as `lock` does; under READ
      // COMMITTED the row is then read as that handler committed it); `earlier` reads it from there
      // and locks that person's earlier unfinished rows, each rechecked after any wait.
      const { rows } = await sql<{ is_this: boolean; state: string; update_id: string; payload: unknown }>`
        with this as (
          select update_id, state, order_key, seq from processed_update
          where channel = ${channel} and update_id = ${updateId}
          for update
        ), earlier as (
          select earlier.update_id, earlier.payload, earlier.seq
          from this
          join processed_update as earlier
            on earlier.channel = ${channel} and earlier.order_key = this.order_key
          where this.state = 'handling' and this.order_key = ${orderKey}
            and earlier.state = 'handling'
            and earlier.seq < this.seq
          for update of earlier
        )${
          options.finish
            ? sql`, finished as (
          -- Each by equality on an index's leading columns, never a join: the plan is then right
          -- whatever the table's statistics say (never analysed, a join read every row of the channel).
          update processed_update
          set state = 'done', lease_until = null, payload = null, processed_at = now()
          where channel = ${channel} and update_id = ${updateId} and state = 'handling'
        ), finished_earlier as (
          update processed_update
          set state = 'done', lease_until = null, payload = null, processed_at = now()
          where channel = ${channel} and order_key = ${orderKey} and state = 'handling'
            and seq < (select seq from this where state = 'handling' and order_key = ${orderKey})
        )`
            : sql``
        }
        select true as is_this, state, update_id, null::jsonb as payload, seq
        from this
        union all
        select false, 'handling', update_id, payload, seq from earlier
        order by is_this, seq
      `.execute(trx);
      if (rows.at(-1)?.is_this !== true || rows.at(-1)!.state !== "handling") return undefined;
      return rows.slice(0, -1).map((r) => ({ updateId: r.update_id, payload: r.payload }));
    },

    async earlierUnfinished(trx, channel, orderKey, updateId) {
      const { rows } = await sql<{ update_id: string; payload: unknown }>`
        select earlier.update_id, earlier.payload
        from processed_update as this
        join processed_update as earlier
          on earlier.channel = this.channel and earlier.order_key = this.order_key
        where this.channel = ${channel} and this.update_id = ${updateId} and this.order_key = ${orderKey}
          and earlier.state = 'handling'
          and earlier.seq < this.seq
        order by earlier.seq
        for update of earlier
      `.execute(trx);
      return rows.map((r) => ({ updateId: r.update_id, payload: r.payload }));
    },

    async detach(channel, updateId) {
      await db
        .updateTable("processed_update")
        .set({ order_key: null })
        .where("channel", "=", channel)
        .where("update_id", "=", updateId)
        .where("state", "=", "handling")
        .execute();
    },

    async finish(trx, channel, updateId) {
      await trx
        .updateTable("processed_update")
        .set({ state: "done", lease_until: null, payload: null, processed_at: sql<Date>`now()` })
        .where("channel", "=", channel)
        .where("update_id", "=", updateId)
        .execute();
    },

    async reclaim(channels, leaseMs, limit, options = {}) {
      if (channels.length === 0) return [];
      // SKIP LOCKED: a row a live handler holds is not waited for; its lease is not ours to renew.
      const { rows } = await sql<{ channel: Channel; update_id: string; payload: unknown; attempts: number }>`
        update processed_update as u
        set lease_until = now() + ${leaseMs} * interval '1 millisecond', attempts = u.attempts + 1
        from (
          select channel, update_id from processed_update
          where state = 'handling' and channel in (${sql.join([...channels])})
            ${options.anyLease ? sql`` : sql`and lease_until < now()`}
          order by seq
          limit ${limit}
          for update skip locked
        ) as due
        where u.channel = due.channel and u.update_id = due.update_id
        returning u.channel, u.update_id, u.payload, u.attempts
      `.execute(db);
      return rows
        .map((r) => ({ channel: r.channel, updateId: r.update_id, payload: r.payload, attempts: r.attempts }))
        .sort((a, b) => Number(a.updateId) - Number(b.updateId) || a.updateId.localeCompare(b.updateId));
    },

    async fail(channel, updateId) {
      await db
        .updateTable("processed_update")
        .set({ state: "failed", lease_until: null, payload: null, processed_at: sql<Date>`now()` })
        .where("channel", "=", channel)
        .where("update_id", "=", updateId)
        .execute();
    },

    async prune(before) {
      const result = await db
        .deleteFrom("processed_update")
        .where("state", "!=", "handling")
        .where("processed_at", "<", before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/**
 * jsonb refuses \u0000 and lone UTF-16 surrogates, and a person can type either: the stored copy
 * drops the one and replaces the others, so recording a message never fails on what is in it.
 */
function storableInJsonb(_key: string, value: unknown): unknown {
  return typeof value === "string" ? value.toWellFormed().replaceAll("\u0000", "") : value;
}
