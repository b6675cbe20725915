import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Channel, Database } from "../storage/tables.js";
import { inTransaction } from "../storage/transaction.js";

/** A person's address on one messenger, as every inbound event sees it. */
export interface ChannelAccount {
  id: number;
  personId: number;
  channel: Channel;
  externalId: string;
  chatId: string;
  /** The language the person chose; null until they choose one. */
  personLocale: "ru" | "en" | null;
  blockedAt: Date | null;
}

export interface TouchedAccount extends ChannelAccount {
  /** This message created the person and the account. */
  created: boolean;
  /** The account was marked blocked until this message arrived (the person unblocked the bot). */
  unblocked: boolean;
  /** What the `preload` given to `touch` read about the person; absent when it read nothing. */
  preloaded?: unknown;
}

/**
 * Something more to read about the person in the statement that touches their account, so the
 * caller needs no round trip of its own for it (the journey's person snapshot, on every input).
 */
export interface AccountPreload {
  /** One SQL value (JSON, say) about the person whose id is `personId`; built with `db`. */
  select(db: Kysely<Database>, personId: RawBuilder<number>): RawBuilder<unknown>;
}

export interface AccountAddress {
  channel: Channel;
  /** The messenger's user id (Telegram `from.id`, VK `from_id`). */
  externalId: string;
  /** Where replies go; for private chats usually the same number as the user id. */
  chatId: string;
}

export interface ChannelAccountRepository {
  /**
   * Finds the account of whoever sent a message, creating the person and the account on their first
   * message, and records that they are reachable again (last seen now, no longer blocked). Safe when
   * two first messages from the same person arrive at once on two instances: both get the same
   * person, and no orphan person is left behind.
   */
  touch(address: AccountAddress, now?: Date, preload?: AccountPreload): Promise<TouchedAccount>;
  /** Marks the accounts behind a chat unreachable (the person blocked the bot); returns how many. */
  markBlocked(channel: Channel, chatId: string, at?: Date): Promise<number>;
  /** Marks the accounts behind a chat reachable again; returns how many were blocked. */
  markUnblocked(channel: Channel, chatId: string): Promise<number>;
  find(channel: Channel, externalId: string): Promise<ChannelAccount | undefined>;
}

/** Thrown inside the creating transaction to roll it back when another one created the account first. */
class LostCreationRace extends Error {}

export function createChannelAccountRepository(db: Kysely<Database>): ChannelAccountRepository {
  async function touchExisting(
    address: AccountAddress,
    now: Date,
    preload?: AccountPreload,
  ): Promise<TouchedAccount | undefined> {
    // The self-join reads the row as it was before this update, so we learn whether it was blocked.
    const { rows } = await sql<{
      id: number;
      person_id: number;
      chat_id: string;
      previous_blocked_at: Date | null;
      locale: "ru" | "en" | null;
      preloaded?: unknown;
    }>`
      update channel_account as account
      set last_seen_at = ${now}, chat_id = ${address.chatId}, blocked_at = null
      from channel_account as previous, person
      where previous.id = account.id
        and person.id = account.person_id
        and account.channel = ${address.channel}
        and account.external_id = ${address.externalId}
      returning account.id, account.person_id, account.chat_id,
        previous.blocked_at as previous_blocked_at, person.locale
        ${preload ? sql`, ${preload.select(db, sql<number>`account.person_id`)} as preloaded` : sql``}
    `.execute(db);
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      personId: row.person_id,
      channel: address.channel,
      externalId: address.externalId,
      chatId: row.chat_id,
      personLocale: row.locale,
      blockedAt: null,
      created: false,
      unblocked: row.previous_blocked_at !== null,
      ...(row.preloaded !== undefined && row.preloaded !== null && { preloaded: row.preloaded }),
    };
  }

  async function createNew(address: AccountAddress, now: Date): Promise<TouchedAccount | undefined> {
    try {
      // Inside a caller's transaction (the inbound pipeline, which holds this sender's lock, so no
      // concurrent first message can race us) the rows are written in it; otherwise in our own.
      return await inTransaction(db, async (trx) => {
        const person = await trx
          .insertInto("person")
          .defaultValues()
          .returning("id")
          .executeTakeFirstOrThrow();
        // If a concurrent first message inserted the account meanwhile, this waits for it to commit and
        // then does nothing; rolling back removes our person so no orphan remains.
        const account = await trx
          .insertInto("channel_account")
          .values({
            person_id: person.id,
            channel: address.channel,
            external_id: address.externalId,
            chat_id: address.chatId,
            last_seen_at: now,
          })
          .onConflict((oc) => oc.columns(["channel", "external_id"]).doNothing())
          .returning(["id", "chat_id"])
          .executeTakeFirst();
        if (!account) {
          if (db.isTransaction)
            throw new Error("channel account created concurrently despite the sender's lock");
          throw new LostCreationRace();
        }
        return {
          id: account.id,
          personId: person.id,
          channel: address.channel,
          externalId: address.externalId,
          chatId: account.chat_id,
          personLocale: null,
          blockedAt: null,
          created: true,
          unblocked: false,
        };
      });
    } catch (error) {
      if (error instanceof LostCreationRace) return undefined;
      throw error;
    }
  }

  return {
    async touch(address, now = new Date(), preload) {
      // Two rounds suffice: after losing the creation race the winner's account exists and is found.
      for (let round = 0; round < 3; round++) {
        const existing = await touchExisting(address, now, preload);
        if (existing) return existing;
        const created = await createNew(address, now);
        if (created) return created;
      }
      throw new Error(`channel account ${address.channel} could be neither found nor created`);
    },

    async markBlocked(channel, chatId, at = new Date()) {
      // coalesce keeps the first time we noticed, which is when deliveries started to fail.
      const result = await db
        .updateTable("channel_account")
        .set({ blocked_at: sql`coalesce(blocked_at, ${at})` })
        .where("channel", "=", channel)
        .where("chat_id", "=", chatId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async markUnblocked(channel, chatId) {
      const result = await db
        .updateTable("channel_account")
        .set({ blocked_at: null })
        .where("channel", "=", channel)
        .where("chat_id", "=", chatId)
        .where("blocked_at", "is not", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async find(channel, externalId) {
      const row = await db
        .selectFrom("channel_account")
        .innerJoin("person", "person.id", "channel_account.person_id")
        .select([
          "channel_account.id",
          "channel_account.person_id",
          "channel_account.chat_id",
          "channel_account.blocked_at",
          "person.locale",
        ])
        .where("channel_account.channel", "=", channel)
        .where("channel_account.external_id", "=", externalId)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        personId: row.person_id,
        channel,
        externalId,
        chatId: row.chat_id,
        personLocale: row.locale,
        blockedAt: row.blocked_at,
      };
    },
  };
}
