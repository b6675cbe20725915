import { sql, type Kysely } from "kysely";
import type { TextMessage } from "../core/messages.js";
import { timeZoneOf } from "../people/time-zone.repository.js";
import type { Channel, Database } from "../storage/tables.js";

/** Whom a notice reaches: the person's language and zone, and the account the outbox will use. */
export interface Recipient {
  personId: number;
  locale: "ru" | "en" | null;
  /** The person's zone in the notice's programme, by the rule of `people/time-zone.repository.ts`. */
  timeZone: string;
  erased: boolean;
  /** Not blocked, on one of the channels asked for, the most recently seen; absent when none is. */
  account?: { id: number; channel: Channel };
}

export interface NewDelivery {
  personId: number | null;
  accountId: number | null;
  channel: Channel;
  kind: string;
  dedupeKey: string;
  message: TextMessage;
  dueAt: Date;
  /** 'skipped' rows are kept for curators to see, never sent. */
  status: "pending" | "skipped";
  lastError?: string;
  /** Other people the text names (see Notice.mentions). */
  mentions?: readonly number[];
}

/** A delivery a sender holds until `lockedUntil`; `attempts` (this one included) identifies the claim. */
export interface ClaimedDelivery {
  id: number;
  channel: Channel;
  kind: string;
  message: TextMessage;
  attempts: number;
  lockedUntil: Date;
  accountId: number | null;
  chatId: string | null;
  blocked: boolean;
}

/** A claim to give up or to settle: the row and which attempt claimed it. */
export interface ClaimToken {
  id: number;
  attempts: number;
}

export interface OutboxRepository {
  findRecipient(
    personId: number,
    defaultTimeZone: string,
    channels?: readonly Channel[],
    programId?: number,
  ): Promise<Recipient | undefined>;
  /** Inserts unless the dedupe key exists; returns the new row's id, or undefined for a duplicate. */
  insert(delivery: NewDelivery): Promise<number | undefined>;
  /**
   * Takes up to `limit` due pending rows of these channels, oldest due first, skipping rows another
   * sender holds: marks them 'sending' until `now + leaseMs` and counts the attempt. One statement,
   * so the claim is committed before anything is sent.
   */
  claim(options: {
    channels: readonly Channel[];
    limit: number;
    now: Date;
    leaseMs: number;
  }): Promise<ClaimedDelivery[]>;
  markSent(ids: readonly number[], now: Date): Promise<void>;
  /** Never to be sent (blocked, no account); with `blockAccounts` the accounts are marked blocked too. */
  markSkipped(claims: readonly ClaimToken[], code: string, now: Date, blockAccounts: boolean): Promise<void>;
  /** Back to 'pending' at `dueAt`, or 'failed' when `dead` (a dead letter). Ignored if reclaimed since. */
  markFailedAttempt(claim: ClaimToken, code: string, dueAt: Date, dead: boolean): Promise<void>;
  /** Gives claims back untried (the lease ran out before their turn): the attempt is not counted. */
  release(claims: readonly ClaimToken[]): Promise<void>;
  /**
   * Rows still 'sending' past their lease (the sender died) go back to 'pending', or to 'failed' when
   * they used up their attempts, so a message that kills its sender cannot loop for ever.
   */
  recoverExpired(now: Date, maxAttempts: number): Promise<{ requeued: number; failed: number }>;
  /**
   * Reserves the next `durationMs` of a bot's push time, after whatever other senders reserved and
   * not before `notBeforeMs` from now. Returns when the window opens, in ms from now (0 or more).
   * Measured on the database's clock, so instances with skewed clocks still take turns.
   */
  reserveWindow(channel: Channel, key: string, durationMs: number, notBeforeMs: number): Promise<number>;
}

export function createOutboxRepository(db: Kysely<Database>): OutboxRepository {
  return {
    async findRecipient(personId, defaultTimeZone, channels, programId) {
      const person = await db
        .selectFrom("person")
        .select(["person.id", "person.locale", "person.erased_at"])
        .where("person.id", "=", personId)
        .executeTakeFirst();
      if (!person) return undefined;
      if (channels && channels.length === 0) channels = undefined;
      let accounts = db
        .selectFrom("channel_account")
        .select(["id", "channel"])
        .where("person_id", "=", personId)
        .where("blocked_at", "is", null);
      if (channels) accounts = accounts.where("channel", "in", channels);
      const account = await accounts
        .orderBy(sql`last_seen_at desc nulls last`)
        .orderBy("id", "desc")
        .limit(1)
        .executeTakeFirst();
      return {
        personId: person.id,
        locale: person.locale,
        timeZone: await timeZoneOf(db, { personId, programId }, defaultTimeZone),
        erased: person.erased_at !== null,
        ...(account && { account: { id: account.id, channel: account.channel } }),
      };
    },

    async insert(delivery) {
      // The type already refuses a file; this catches a cast around it, which would otherwise store
      // the bytes as a JSON object of numbered fields and send the text without its file.
      if ((delivery.message as { document?: unknown }).document !== undefined) {
        throw new Error(`delivery ${delivery.kind} carries a document: files go with replies only`);
      }
      const row = await db
        .insertInto("delivery")
        .values({
          person_id: delivery.personId,
          channel_account_id: delivery.accountId,
          channel: delivery.channel,
          kind: delivery.kind,
          dedupe_key: delivery.dedupeKey,
          payload: JSON.stringify(delivery.message),
          due_at: delivery.dueAt,
          status: delivery.status,
          last_error: delivery.lastError ?? null,
          mentions: [...(delivery.mentions ?? [])],
        })
        .onConflict((oc) => oc.column("dedupe_key").doNothing())
        .returning("id")
        .executeTakeFirst();
      return row?.id;
    },

    async claim({ channels, limit, now, leaseMs }) {
      if (channels.length === 0 || limit <= 0) return [];
      const lockedUntil = new Date(now.getTime() + leaseMs);
      const { rows } = await sql<{
        id: number;
        channel: Channel;
        kind: string;
        payload: TextMessage;
        attempts: number;
        channel_account_id: number | null;
      }>`
        with due as (
          select id from delivery
          where status = 'pending' and due_at <= ${now} and channel in (${sql.join(channels)})
          -- due_at alone: delivery_due_idx then yields rows in order and the scan stops at the limit
          -- (a tie-breaker column would sort the whole backlog on every claim).
          order by due_at
          limit ${limit}
          for update skip locked
        )
        update delivery as d
        set status = 'sending', attempts = d.attempts + 1, locked_until = ${lockedUntil}
        from due
        where d.id = due.id
        returning d.id, d.channel, d.kind, d.payload, d.attempts, d.channel_account_id
      `.execute(db);
      // The accounts are read apart, by id: joined into the claim, the planner (PGlite has no
      // autovacuum, so often no statistics) may scan and sort the whole backlog to lock 100 rows.
      const accountIds = [...new Set(rows.flatMap((row) => row.channel_account_id ?? []))];
      const accounts = new Map(
        accountIds.length === 0
          ? []
          : (
              await db
                .selectFrom("channel_account")
                .select(["id", "chat_id", "blocked_at"])
                .where("id", "in", accountIds)
                .execute()
            ).map((account) => [account.id, account]),
      );
      rows.sort((a, b) => a.id - b.id);
      return rows.map((row) => {
        const account = row.channel_account_id === null ? undefined : accounts.get(row.channel_account_id);
        return {
          id: row.id,
          channel: row.channel,
          kind: row.kind,
          // node-pg and PGlite both parse jsonb; a string here would be a row written as a JSON string.
          message: typeof row.payload === "string" ? (JSON.parse(row.payload) as TextMessage) : row.payload,
          attempts: row.attempts,
          lockedUntil,
          accountId: row.channel_account_id,
          chatId: account?.chat_id ?? null,
          blocked: account ? account.blocked_at !== null : false,
        };
      });
    },

    async markSent(ids, now) {
      if (ids.length === 0) return;
      // No claim check: the message went out, so even a row reclaimed meanwhile must not go again.
      await db
        .updateTable("delivery")
        .set({ status: "sent", sent_at: now, locked_until: null, last_error: null })
        .where("id", "in", ids)
        .where("status", "!=", "sent")
        .execute();
    },

    async markSkipped(claims, code, now, blockAccounts) {
      if (claims.length === 0) return;
      const skipped = await db
        .updateTable("delivery")
        .set({ status: "skipped", locked_until: null, last_error: code })
        .where((eb) =>
          eb.or(claims.map((c) => eb.and([eb("id", "=", c.id), eb("attempts", "=", c.attempts)]))),
        )
        .where("status", "=", "sending")
        .returning("channel_account_id")
        .execute();
      const accounts = skipped.flatMap((row) =>
        row.channel_account_id === null ? [] : [row.channel_account_id],
      );
      if (!blockAccounts || accounts.length === 0) return;
      // The channel usually marked the account already; coalesce keeps the first time it was noticed.
      await db
        .updateTable("channel_account")
        .set({ blocked_at: sql`coalesce(blocked_at, ${now})` })
        .where("id", "in", accounts)
        .execute();
    },

    async markFailedAttempt(claim, code, dueAt, dead) {
      await db
        .updateTable("delivery")
        .set({
          status: dead ? "failed" : "pending",
          last_error: code,
          locked_until: null,
          ...(!dead && { due_at: dueAt }),
        })
        .where("id", "=", claim.id)
        .where("attempts", "=", claim.attempts)
        .where("status", "=", "sending")
        .execute();
    },

    async release(claims) {
      if (claims.length === 0) return;
      await db
        .updateTable("delivery")
        .set((eb) => ({ status: "pending", locked_until: null, attempts: eb("attempts", "-", 1) }))
        .where((eb) =>
          eb.or(claims.map((c) => eb.and([eb("id", "=", c.id), eb("attempts", "=", c.attempts)]))),
        )
        .where("status", "=", "sending")
        .execute();
    },

    async recoverExpired(now, maxAttempts) {
      // Past its last attempt a claim that never came back is a dead letter, not another try.
      const { rows } = await sql<{ status: string }>`
        update delivery
        set status = case when attempts >= ${maxAttempts} then 'failed' else 'pending' end,
          last_error = case when attempts >= ${maxAttempts} then 'lease-expired' else last_error end,
          locked_until = null
        where status = 'sending' and locked_until < ${now}
        returning status
      `.execute(db);
      const failed = rows.filter((row) => row.status === "failed").length;
      return { requeued: rows.length - failed, failed };
    },

    async reserveWindow(channel, key, durationMs, notBeforeMs) {
      const { rows } = await sql<{ opens_in_ms: number }>`
        insert into outbox_rate_window as w (channel, key, next_free_at)
        values (
          ${channel}, ${key},
          clock_timestamp() + (${notBeforeMs}::float8 + ${durationMs}::float8) * interval '1 millisecond'
        )
        on conflict (channel, key) do update
        set next_free_at =
          greatest(w.next_free_at, clock_timestamp() + ${notBeforeMs}::float8 * interval '1 millisecond')
          + ${durationMs}::float8 * interval '1 millisecond'
        returning extract(epoch from (w.next_free_at - clock_timestamp()))::float8 * 1000
          - ${durationMs}::float8 as opens_in_ms
      `.execute(db);
      return Math.max(0, Number(rows[0]?.opens_in_ms ?? 0));
    },
  };
}
