import { sql, type Kysely } from "kysely";
import type { Channel, Database } from "../storage/tables.js";
import { inTransaction } from "../storage/transaction.js";

/** The journey's writes to a person, and the reads it makes besides the snapshot: its only SQL. */
export function createPersonRepository(db: Kysely<Database>) {
  return {
    async setLocale(personId: number, locale: "ru" | "en"): Promise<void> {
      await db.updateTable("person").set({ locale }).where("id", "=", personId).execute();
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

    /** When the person's row was made: a button issued before it cannot be theirs. */
    async createdAt(personId: number): Promise<Date | undefined> {
      const row = await db
        .selectFrom("person")
        .select("created_at")
        .where("id", "=", personId)
        .executeTakeFirst();
      return row ? new Date(row.created_at) : undefined;
    },

    /**
     * Erases a person (docs/decisions/0005-erasure.md). What is theirs alone goes with the row
     * (cascades): accounts, memberships, consents, form sessions and answers, parent and link codes,
     * messages addressed to them. What other people's records hang on survives without the name:
     * - their participations move to a tombstone person (no name, no account, `erased_at` set) and
     *   leave, so pairs, meetings, the partners' confirmations, preferences and attendance stay; their
     *   own confirmations keep the facts and lose the free-text comment;
     * - references from others' rows (a meeting logged, a pair confirmed, a consent given) become null;
     * - run-time option lists kept in others' form state (the values are participant ids) show
     *   "erased participant" instead of the name;
     * - messages to others that name them (`delivery.mentions`) are blanked, and skipped if unsent.
     */
    async erase(personId: number, now: Date = new Date()): Promise<void> {
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

        const participantIds = (
          await trx.selectFrom("participant").select("id").where("person_id", "=", personId).execute()
        ).map((p) => p.id);
        if (participantIds.length > 0) {
          const tombstone = await trx
            .insertInto("person")
            .values({ erased_at: now })
            .returning("id")
            .executeTakeFirstOrThrow();
          await trx
            .updateTable("participant")
            .set({ person_id: tombstone.id, status: "left" })
            .where("id", "in", participantIds)
            .execute();
          await trx
            .updateTable("meeting_confirmation")
            .set({ comment: null })
            .where("participant_id", "in", participantIds)
            .execute();
          await anonymiseSourceOptions(trx, personId, participantIds.map(String));
        }

        await trx
          .updateTable("delivery")
          .set((eb) => ({
            payload: JSON.stringify({ text: "" }),
            last_error: "erased",
            status: eb
              .case()
              .when("status", "in", ["pending", "failed"])
              .then("skipped" as const)
              .else(eb.ref("status"))
              .end(),
          }))
          .where(sql<boolean>`${personId} = any(mentions)`)
          .where((eb) => eb.or([eb("person_id", "is", null), eb("person_id", "<>", personId)]))
          .execute();
        await trx.deleteFrom("person").where("id", "=", personId).execute();
      });
    },
  };
}

export type PersonRepository = ReturnType<typeof createPersonRepository>;

/** The label an erased person's option shows in other people's forms (a locale key). */
export const ERASED_OPTION_LABEL = "journey-erased-participant";

/**
 * Run-time option lists are snapshots in each session's state (see Context.sources): an option whose
 * value is one of the erased participant ids keeps its value, so stored answers still resolve, and
 * loses the name. The revision moves on, so a turn that read the old state writes again, not over it.
 */
async function anonymiseSourceOptions(
  trx: Kysely<Database>,
  personId: number,
  values: readonly string[],
): Promise<void> {
  const sessions = await trx
    .selectFrom("form_session")
    .select(["id", "state"])
    .where("person_id", "<>", personId)
    .where(
      sql<boolean>`exists (
        select 1 from jsonb_each(case when jsonb_typeof(state->'sources') = 'object' then state->'sources' else '{}'::jsonb end) as s(name, list),
          jsonb_array_elements(case when jsonb_typeof(s.list) = 'array' then s.list else '[]'::jsonb end) as o(option)
        where o.option->>'value' in (${sql.join(values)}))`,
    )
    .execute();
  const erased = new Set(values);
  for (const session of sessions) {
    const state = (typeof session.state === "string" ? JSON.parse(session.state) : session.state) as {
      sources: Record<string, { value: string; label: unknown }[]>;
    };
    for (const list of Object.values(state.sources)) {
      for (const option of list) {
        if (erased.has(option.value)) option.label = { key: ERASED_OPTION_LABEL };
      }
    }
    await trx
      .updateTable("form_session")
      .set((eb) => ({ state: JSON.stringify(state), revision: eb("revision", "+", 1) }))
      .where("id", "=", session.id)
      .execute();
  }
}
