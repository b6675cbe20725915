import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../storage/tables.js";
import { inTransaction } from "../storage/transaction.js";

type Db = Kysely<Database> | Transaction<Database>;

export type LinkOutcome =
  { kind: "linked"; personId: number } | { kind: "unknown" | "expired" | "used" | "self" };

/**
 * One person, several messengers. A person asks for a code on one channel and sends it from another;
 * the second account then belongs to the first person, and whatever the second person had started is
 * folded into the first, so either channel continues the same unfinished form.
 */
export function createAccountLinkRepository() {
  return {
    async createCode(db: Db, input: { personId: number; code: string; expiresAt: Date }): Promise<void> {
      await db
        .insertInto("account_link_code")
        .values({ person_id: input.personId, code: input.code, expires_at: input.expiresAt })
        .execute();
    },

    /**
     * Moves everything of `personId` (the account that sent the code) into the code's person, in one
     * transaction. Where both people hold the same thing (a participation in the same programme and
     * side, an open session of the same form), the code's person keeps theirs: the one who asked for
     * the code is the one who has been using the bot.
     */
    async link(
      db: Kysely<Database>,
      input: { code: string; personId: number; now: Date },
    ): Promise<LinkOutcome> {
      return inTransaction(db, async (trx) => {
        const row = await trx
          .selectFrom("account_link_code")
          .selectAll()
          .where("code", "=", input.code)
          .forUpdate()
          .executeTakeFirst();
        if (!row) return { kind: "unknown" };
        if (row.used_at) return { kind: "used" };
        if (row.person_id === input.personId) return { kind: "self" };
        if (row.expires_at.getTime() <= input.now.getTime()) return { kind: "expired" };
        await trx
          .updateTable("account_link_code")
          .set({ used_at: input.now })
          .where("id", "=", row.id)
          .execute();
        await mergePeople(trx, { from: input.personId, into: row.person_id });
        return { kind: "linked", personId: row.person_id };
      });
    },
  };
}

async function mergePeople(trx: Kysely<Database>, { from, into }: { from: number; into: number }) {
  await trx.updateTable("channel_account").set({ person_id: into }).where("person_id", "=", from).execute();
  await sql`
    update participant set person_id = ${into}
    where person_id = ${from}
      and not exists (
        select 1 from participant kept
        where kept.person_id = ${into} and kept.program_id = participant.program_id and kept.side = participant.side
      )
  `.execute(trx);
  await sql`
    update membership set person_id = ${into}
    where person_id = ${from}
      and not exists (
        select 1 from membership kept
        where kept.person_id = ${into} and kept.role = membership.role
          and kept.organisation_id is not distinct from membership.organisation_id
          and kept.municipality_id is not distinct from membership.municipality_id
      )
  `.execute(trx);
  await sql`
    update form_session set person_id = ${into}
    where person_id = ${from}
      and not (
        status = 'in_progress' and exists (
          select 1 from form_session kept
          where kept.person_id = ${into} and kept.status = 'in_progress' and kept.form_key = form_session.form_key
            and coalesce(kept.program_id, 0) = coalesce(form_session.program_id, 0)
            and kept.subject_key = form_session.subject_key
        )
      )
  `.execute(trx);
  await trx.updateTable("consent").set({ person_id: into }).where("person_id", "=", from).execute();
  await trx
    .updateTable("consent")
    .set({ given_by_person_id: into })
    .where("given_by_person_id", "=", from)
    .execute();
  await trx
    .updateTable("parental_consent_request")
    .set({ person_id: into })
    .where("person_id", "=", from)
    .execute();
  await trx
    .updateTable("parental_consent_request")
    .set({ fulfilled_by_person_id: into })
    .where("fulfilled_by_person_id", "=", from)
    .execute();
  await trx
    .updateTable("meeting")
    .set({ logged_by_person_id: into })
    .where("logged_by_person_id", "=", from)
    .execute();
  await trx
    .updateTable("pair")
    .set({ confirmed_by_person_id: into })
    .where("confirmed_by_person_id", "=", from)
    .execute();
  await trx.updateTable("delivery").set({ person_id: into }).where("person_id", "=", from).execute();
  await trx.updateTable("account_link_code").set({ person_id: into }).where("person_id", "=", from).execute();
  // What only the second person had filled in (a language chosen, a name) fills the gaps of the first.
  await sql`
    update person set
      locale = coalesce(person.locale, other.locale),
      display_name = coalesce(person.display_name, other.display_name),
      is_minor = coalesce(person.is_minor, other.is_minor),
      time_zone = coalesce(person.time_zone, other.time_zone)
    from person other
    where person.id = ${into} and other.id = ${from}
  `.execute(trx);
  // Whatever could not move (a duplicate participation, a second open session of the same form) goes.
  await trx.deleteFrom("person").where("id", "=", from).execute();
}
