import { sql, type Kysely, type Transaction } from "kysely";
import type { Selectable } from "kysely";
import type { Category, Database, InviteTable, Side } from "../storage/tables.js";

type Db = Kysely<Database> | Transaction<Database>;

export type RedeemOutcome =
  | { kind: "joined_program"; programId: number; participantId: number; side: Side; organisationId: number }
  | {
      kind: "already_in_program";
      programId: number;
      participantId: number;
      side: Side;
      organisationId: number;
    }
  | { kind: "became_curator"; organisationId: number }
  | { kind: "already_curator"; organisationId: number }
  | { kind: "became_coordinator"; municipalityId: number }
  | { kind: "already_coordinator"; municipalityId: number }
  | { kind: "unknown" }
  | { kind: "expired" }
  | { kind: "used_up" };

export interface ConsentState {
  personalData: boolean;
  parental: boolean;
}

/** Whom a consent names as the operator (152-FZ art. 9): the full legal name, or the short one when none is set. */
export interface ConsentOperator {
  name: string;
  address: string | null;
}

/**
 * Takes one use of the invite in the same statement that checks it, so two people racing for the
 * last use of a code cannot both get in.
 */
async function spendUse(
  db: Db,
  invite: Selectable<InviteTable>,
  now: Date,
): Promise<"spent" | "expired" | "used_up"> {
  if (invite.expires_at.getTime() <= now.getTime()) return "expired";
  const spent = await db
    .updateTable("invite")
    .set({ uses: sql<number>`uses + 1` })
    .where("id", "=", invite.id)
    .where("uses", "<", sql<number>`max_uses`)
    .where("expires_at", ">", now)
    .returning("id")
    .executeTakeFirst();
  return spent ? "spent" : "used_up";
}

/** A municipal coordinator's invite: the coordinator membership of that municipality. */
async function redeemCoordinatorInvite(
  db: Db,
  invite: Selectable<InviteTable>,
  input: { personId: number; now: Date },
): Promise<RedeemOutcome> {
  const municipalityId = invite.municipality_id;
  if (municipalityId === null) return { kind: "unknown" };
  const existing = await db
    .selectFrom("membership")
    .select("id")
    .where("person_id", "=", input.personId)
    .where("role", "=", "coordinator")
    .where("municipality_id", "=", municipalityId)
    .executeTakeFirst();
  if (existing) return { kind: "already_coordinator", municipalityId };
  const spent = await spendUse(db, invite, input.now);
  if (spent !== "spent") return { kind: spent };
  await db
    .insertInto("membership")
    .values({ person_id: input.personId, role: "coordinator", municipality_id: municipalityId })
    .onConflict((c) => c.doNothing())
    .execute();
  return { kind: "became_coordinator", municipalityId };
}

/** The only place with SQL for onboarding: invites redeemed, consents given, participants activated. */
export function createOnboardingRepository() {
  return {
    /**
     * Redeems an invite for a person. The use counter moves in the same statement that checks it, so two
     * people racing for the last use of a code cannot both get in. Redeeming the same programme invite
     * twice (a second tap on the link) neither spends a use nor adds a second participant.
     */
    async redeemInvite(
      db: Db,
      input: { code: string; personId: number; now: Date; participantStatus: "pending_consent" | "active" },
    ): Promise<RedeemOutcome> {
      const invite = await db
        .selectFrom("invite")
        .selectAll()
        .where("code", "=", input.code)
        .executeTakeFirst();
      if (!invite) return { kind: "unknown" };

      if (invite.role === "coordinator") return redeemCoordinatorInvite(db, invite, input);
      // Every invite but a coordinator's names its organisation (invite_scope_check).
      const organisationId = invite.organisation_id;
      if (organisationId === null) return { kind: "unknown" };

      if (invite.program_id !== null && invite.side !== null) {
        const existing = await db
          .selectFrom("participant")
          .select("id")
          .where("program_id", "=", invite.program_id)
          .where("person_id", "=", input.personId)
          .where("side", "=", invite.side)
          .executeTakeFirst();
        if (existing) {
          return {
            kind: "already_in_program",
            programId: invite.program_id,
            participantId: existing.id,
            side: invite.side,
            organisationId,
          };
        }
      } else if (invite.role === "curator") {
        const existing = await db
          .selectFrom("membership")
          .select("id")
          .where("person_id", "=", input.personId)
          .where("role", "=", "curator")
          .where("organisation_id", "=", organisationId)
          .executeTakeFirst();
        if (existing) return { kind: "already_curator", organisationId };
      }

      const spent = await spendUse(db, invite, input.now);
      if (spent !== "spent") return { kind: spent };

      if (invite.program_id !== null && invite.side !== null) {
        const category: Category = invite.category ?? defaultCategory(invite.side);
        const participant = await db
          .insertInto("participant")
          .values({
            program_id: invite.program_id,
            person_id: input.personId,
            side: invite.side,
            category,
            status: input.participantStatus,
            invite_id: invite.id,
          })
          .onConflict((c) => c.columns(["program_id", "person_id", "side"]).doNothing())
          .returning("id")
          .executeTakeFirstOrThrow();
        return {
          kind: "joined_program",
          programId: invite.program_id,
          participantId: participant.id,
          side: invite.side,
          organisationId,
        };
      }
      await db
        .insertInto("membership")
        .values({ person_id: input.personId, role: "curator", organisation_id: organisationId })
        .onConflict((c) => c.doNothing())
        .execute();
      return { kind: "became_curator", organisationId };
    },

    /**
     * A person declined consent: their participations still waiting for it are removed (nothing of
     * theirs is kept without consent) and each gives its seat back to the invite it came through, so a
     * limited invite is not spent on someone who said no. A participation already paired or recorded at
     * a meeting is left alone: removing it would cascade into other people's records.
     */
    async releaseDeclinedSeats(db: Db, personId: number): Promise<number> {
      const removed = await db
        .deleteFrom("participant")
        .where("person_id", "=", personId)
        .where("status", "=", "pending_consent")
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom("pair")
                .select("pair.id")
                .whereRef("pair.mentor_participant_id", "=", "participant.id")
                .union(
                  eb
                    .selectFrom("pair_mentee")
                    .select("pair_mentee.pair_id as id")
                    .whereRef("pair_mentee.mentee_participant_id", "=", "participant.id"),
                ),
            ),
          ),
        )
        .returning("invite_id")
        .execute();
      for (const { invite_id } of removed) {
        if (invite_id === null) continue;
        await db
          .updateTable("invite")
          .set({ uses: sql<number>`greatest(uses - 1, 0)` })
          .where("id", "=", invite_id)
          .execute();
      }
      return removed.length;
    },

    /**
     * The operator a person's consent names: the organisation of the programme they joined first, else
     * the organisation they curate first; undefined when they came without an invite.
     */
    async findOperator(db: Db, personId: number): Promise<ConsentOperator | undefined> {
      const columns = ["organisation.name", "organisation.legal_name", "organisation.address"] as const;
      const viaProgram = await db
        .selectFrom("participant")
        .innerJoin("program", "program.id", "participant.program_id")
        .innerJoin("organisation", "organisation.id", "program.organisation_id")
        .select(columns)
        .where("participant.person_id", "=", personId)
        .orderBy("participant.id")
        .limit(1)
        .executeTakeFirst();
      const row =
        viaProgram ??
        (await db
          .selectFrom("membership")
          .innerJoin("organisation", "organisation.id", "membership.organisation_id")
          .select(columns)
          .where("membership.person_id", "=", personId)
          .where("membership.role", "=", "curator")
          .orderBy("membership.id")
          .limit(1)
          .executeTakeFirst());
      return row && { name: row.legal_name ?? row.name, address: row.address };
    },

    async consentState(db: Db, personId: number): Promise<ConsentState> {
      const rows = await db
        .selectFrom("consent")
        .select("kind")
        .where("person_id", "=", personId)
        .where("revoked_at", "is", null)
        .execute();
      return {
        personalData: rows.some((r) => r.kind === "personal_data"),
        parental: rows.some((r) => r.kind === "parental"),
      };
    },

    /**
     * Records a consent once per person, kind and text version: a double tap writes one row. In the same
     * transaction, the person's waiting participations turn active when this is the consent they wait
     * for: a parent's (or a curator's paper) consent for a minor, a person's own for anyone else. So a
     * child is active the moment the parent agrees, not when the child next writes.
     */
    async recordConsent(
      db: Db,
      input: {
        personId: number;
        kind: "personal_data" | "parental";
        textVersion: string;
        givenBy: "self" | "parent" | "curator";
        givenByPersonId?: number;
        now: Date;
      },
    ): Promise<{ recorded: boolean; activated: number }> {
      const inserted = await db
        .insertInto("consent")
        .values({
          person_id: input.personId,
          kind: input.kind,
          text_version: input.textVersion,
          given_by: input.givenBy,
          given_by_person_id: input.givenByPersonId ?? null,
          given_at: input.now,
        })
        .onConflict((c) =>
          c.columns(["person_id", "kind", "text_version"]).where("revoked_at", "is", null).doNothing(),
        )
        .returning("id")
        .executeTakeFirst();
      let activate = db
        .updateTable("participant")
        .set({ status: "active" })
        .where("person_id", "=", input.personId)
        .where("status", "=", "pending_consent");
      if (input.kind === "personal_data") {
        // A minor's own agreement is not enough: they wait for a legal representative's.
        activate = activate.where((eb) =>
          eb.exists(
            eb
              .selectFrom("person")
              .select("person.id")
              .where("person.id", "=", input.personId)
              .where("person.is_minor", "is distinct from", true),
          ),
        );
      }
      const activated = await activate.executeTakeFirst();
      return { recorded: inserted !== undefined, activated: Number(activated.numUpdatedRows) };
    },

    /** Turns the person's waiting participations active once the consents they need are in. */
    async activateParticipants(db: Db, personId: number): Promise<number> {
      const result = await db
        .updateTable("participant")
        .set({ status: "active" })
        .where("person_id", "=", personId)
        .where("status", "=", "pending_consent")
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** The minor's parent link still waiting to be opened, if any. */
    async findOpenParentalConsentRequest(
      db: Db,
      personId: number,
      now: Date,
    ): Promise<{ code: string } | undefined> {
      return db
        .selectFrom("parental_consent_request")
        .select(["code"])
        .where("person_id", "=", personId)
        .where("fulfilled_at", "is", null)
        .where("expires_at", ">", now)
        .orderBy("id", "desc")
        .executeTakeFirst();
    },

    async findParentalConsentRequest(
      db: Db,
      code: string,
    ): Promise<{ person_id: number; fulfilled_at: Date | null; expires_at: Date } | undefined> {
      return db
        .selectFrom("parental_consent_request")
        .select(["person_id", "fulfilled_at", "expires_at"])
        .where("code", "=", code)
        .executeTakeFirst();
    },

    async createParentalConsentRequest(
      db: Db,
      input: { personId: number; code: string; expiresAt: Date },
    ): Promise<{ id: number; code: string }> {
      return db
        .insertInto("parental_consent_request")
        .values({ person_id: input.personId, code: input.code, expires_at: input.expiresAt })
        .returning(["id", "code"])
        .executeTakeFirstOrThrow();
    },

    /**
     * Marks a parental consent link used by the parent who opened it. Returns the minor's person id, or a
     * reason why the link no longer works. A link works once: a forwarded link cannot be reused.
     */
    async fulfilParentalConsentRequest(
      db: Db,
      input: { code: string; parentPersonId: number; now: Date },
    ): Promise<
      { kind: "fulfilled"; childPersonId: number } | { kind: "unknown" | "expired" | "used" | "self" }
    > {
      const request = await db
        .selectFrom("parental_consent_request")
        .selectAll()
        .where("code", "=", input.code)
        .executeTakeFirst();
      if (!request) return { kind: "unknown" };
      if (request.person_id === input.parentPersonId) return { kind: "self" };
      if (request.fulfilled_at) return { kind: "used" };
      if (request.expires_at.getTime() <= input.now.getTime()) return { kind: "expired" };
      const updated = await db
        .updateTable("parental_consent_request")
        .set({ fulfilled_at: input.now, fulfilled_by_person_id: input.parentPersonId })
        .where("id", "=", request.id)
        .where("fulfilled_at", "is", null)
        .returning("person_id")
        .executeTakeFirst();
      if (!updated) return { kind: "used" };
      return { kind: "fulfilled", childPersonId: updated.person_id };
    },
  };
}

export type OnboardingRepository = ReturnType<typeof createOnboardingRepository>;

export interface PendingParentalConsent {
  personId: number;
  displayName: string | null;
  programName: string;
  joinedAt: Date;
}

/**
 * Minors in the curator's organisations who wait for a legal representative's consent: what a curator
 * holding signed paper forms needs to see to record them.
 */
export async function listPendingParentalConsents(
  db: Db,
  curatorPersonId: number,
  limit: number,
): Promise<PendingParentalConsent[]> {
  return db
    .selectFrom("participant")
    .innerJoin("program", "program.id", "participant.program_id")
    .innerJoin("membership", (join) =>
      join
        .onRef("membership.organisation_id", "=", "program.organisation_id")
        .on("membership.role", "=", "curator")
        .on("membership.person_id", "=", curatorPersonId),
    )
    .innerJoin("person", "person.id", "participant.person_id")
    .select([
      "person.id as personId",
      "person.display_name as displayName",
      "program.name as programName",
      "participant.joined_at as joinedAt",
    ])
    .where("person.is_minor", "=", true)
    .where("participant.status", "=", "pending_consent")
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("consent")
            .select("consent.id")
            .whereRef("consent.person_id", "=", "person.id")
            .where("consent.kind", "=", "parental")
            .where("consent.revoked_at", "is", null),
        ),
      ),
    )
    .orderBy("participant.joined_at")
    .limit(limit)
    .execute();
}

/** Whether the person takes part in a programme of an organisation this curator curates. */
export async function isCuratorOf(db: Db, curatorPersonId: number, personId: number): Promise<boolean> {
  const row = await db
    .selectFrom("participant")
    .innerJoin("program", "program.id", "participant.program_id")
    .innerJoin("membership", "membership.organisation_id", "program.organisation_id")
    .select("participant.id")
    .where("participant.person_id", "=", personId)
    .where("membership.person_id", "=", curatorPersonId)
    .where("membership.role", "=", "curator")
    .executeTakeFirst();
  return row !== undefined;
}

function defaultCategory(side: Side): Category {
  return side === "mentor" ? "teacher" : "pupil";
}
