import type { Kysely } from "kysely";
import type { Channel, Database } from "../storage/tables.js";
import { inTransaction } from "../storage/transaction.js";

/** The journey's writes to a person, and the reads it makes besides the snapshot: its only SQL. */
export function createPersonRepository(db: Kysely<Database>) {
  return {
    async setLocale(personId: number, locale: "ru" | "en"): Promise<void> {
      await db.updateTable("person").set({ locale }).where("id", "=", personId).execute();
    },

    async localeOf(personId: number): Promise<string | null | undefined> {
      const row = await db
        .selectFrom("person")
        .select("locale")
        .where("id", "=", personId)
        .executeTakeFirst();
      return row?.locale;
    },

    async setMinor(personId: number, isMinor: boolean): Promise<void> {
      await db.updateTable("person").set({ is_minor: isMinor }).where("id", "=", personId).execute();
    },

    async setName(personId: number, name: string): Promise<void> {
      await db.updateTable("person").set({ display_name: name }).where("id", "=", personId).execute();
    },

    /** Where a person can be reached now: every channel account not marked blocked. */
    reachableAccounts(
      personId: number,
    ): Promise<{ channel: Channel; chat_id: string; locale: string | null }[]> {
      return db
        .selectFrom("channel_account")
        .innerJoin("person", "person.id", "channel_account.person_id")
        .select(["channel_account.channel", "channel_account.chat_id", "person.locale"])
        .where("channel_account.person_id", "=", personId)
        .where("channel_account.blocked_at", "is", null)
        .execute();
    },

    /**
     * Erases a person: their accounts, answers, sessions, consents and participations go with the row
     * (cascades). References that must outlive them (a meeting a mentor logged, a pair a curator
     * confirmed) lose the name, not the record.
     */
    async erase(personId: number): Promise<void> {
      await inTransaction(db, async (trx) => {
        await trx
          .updateTable("meeting")
          .set({ logged_by_person_id: null })
          .where("logged_by_person_id", "=", personId)
          .execute();
        await trx
          .updateTable("pair")
          .set({ confirmed_by_person_id: null })
          .where("confirmed_by_person_id", "=", personId)
          .execute();
        await trx
          .updateTable("consent")
          .set({ given_by_person_id: null })
          .where("given_by_person_id", "=", personId)
          .execute();
        await trx
          .updateTable("meeting")
          .set({ form_session_id: null })
          .where(
            "form_session_id",
            "in",
            trx.selectFrom("form_session").select("id").where("person_id", "=", personId),
          )
          .execute();
        await trx.deleteFrom("person").where("id", "=", personId).execute();
      });
    },
  };
}

export type PersonRepository = ReturnType<typeof createPersonRepository>;
