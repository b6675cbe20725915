import { sql, type Kysely } from "kysely";
import type { AccountPreload } from "../accounts/channel-account.repository.js";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Category, Database, Side } from "../storage/tables.js";

export interface ParticipationSnapshot {
  participantId: number;
  programId: number;
  programName: string;
  organisationTimeZone: string;
  side: Side;
  category: Category;
  status: "pending_consent" | "active" | "left";
}

/** Everything the journey needs to decide the next onboarding step: one read per event. */
export interface PersonSnapshot {
  personId: number;
  displayName: string | null;
  localeChosen: boolean;
  /** The language the person chose; null until they choose. */
  locale: "ru" | "en" | null;
  isMinor: boolean | null;
  personalDataConsent: boolean;
  parentalConsent: boolean;
  curatorOf: { organisationId: number; name: string }[];
  /** The municipalities this person coordinates (a municipal coordinator sees their organisations). */
  coordinatorOf: { municipalityId: number; name: string }[];
  participations: ParticipationSnapshot[];
}

/** The person with their consents, curatorships and participations as JSON arrays of the same row. */
function personSnapshotQuery(db: Kysely<Database>) {
  return db
    .selectFrom("person")
    .select((eb) => [
      "person.display_name",
      "person.locale",
      "person.is_minor",
      jsonArrayFrom(
        eb
          .selectFrom("consent")
          .select("consent.kind")
          .whereRef("consent.person_id", "=", "person.id")
          .where("consent.revoked_at", "is", null),
      ).as("consents"),
      jsonArrayFrom(
        eb
          .selectFrom("membership")
          .innerJoin("organisation", "organisation.id", "membership.organisation_id")
          .select(["organisation.id as organisationId", "organisation.name as name"])
          .whereRef("membership.person_id", "=", "person.id")
          .where("membership.role", "=", "curator")
          .orderBy("membership.id"),
      ).as("curatorOf"),
      jsonArrayFrom(
        eb
          .selectFrom("membership")
          .innerJoin("municipality", "municipality.id", "membership.municipality_id")
          .select(["municipality.id as municipalityId", "municipality.name as name"])
          .whereRef("membership.person_id", "=", "person.id")
          .where("membership.role", "=", "coordinator")
          .orderBy("membership.id"),
      ).as("coordinatorOf"),
      jsonArrayFrom(
        eb
          .selectFrom("participant")
          .innerJoin("program", "program.id", "participant.program_id")
          .innerJoin("organisation", "organisation.id", "program.organisation_id")
          .select([
            "participant.id as participantId",
            "program.id as programId",
            "program.name as programName",
            "organisation.time_zone as organisationTimeZone",
            "participant.side as side",
            "participant.category as category",
            "participant.status as status",
          ])
          .whereRef("participant.person_id", "=", "person.id")
          .orderBy("participant.id"),
      ).as("participations"),
    ]);
}

type SnapshotRow = Awaited<ReturnType<ReturnType<typeof personSnapshotQuery>["executeTakeFirstOrThrow"]>>;

/**
 * One round trip: every event of every person starts here, so four queries would be four waits.
 * Where the pipeline touched the account with `personSnapshotPreload`, the turn reads the snapshot
 * from that statement instead (`fromPreloaded`) and this is not called at all.
 */
export async function loadPersonSnapshot(db: Kysely<Database>, personId: number): Promise<PersonSnapshot> {
  const row = await personSnapshotQuery(db).where("person.id", "=", personId).executeTakeFirstOrThrow();
  return toSnapshot(personId, row);
}

/** The snapshot as one JSON value in the account's touch (src/pipeline: `preload`). */
export const personSnapshotPreload: AccountPreload = {
  select: (db, personId) =>
    sql`(select row_to_json(snapshot) from (${personSnapshotQuery(db).where("person.id", "=", personId)}) as snapshot)`,
};

/** The snapshot `personSnapshotPreload` read, or undefined when there is none to use. */
export function fromPreloaded(personId: number, preloaded: unknown): PersonSnapshot | undefined {
  if (typeof preloaded !== "object" || preloaded === null) return undefined;
  return toSnapshot(personId, preloaded as SnapshotRow);
}

function toSnapshot(personId: number, row: SnapshotRow): PersonSnapshot {
  return {
    personId,
    displayName: row.display_name,
    localeChosen: row.locale !== null,
    locale: row.locale,
    isMinor: row.is_minor,
    personalDataConsent: row.consents.some((c) => c.kind === "personal_data"),
    parentalConsent: row.consents.some((c) => c.kind === "parental"),
    curatorOf: row.curatorOf,
    coordinatorOf: row.coordinatorOf,
    participations: row.participations,
  };
}
