import type { Kysely } from "kysely";
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
  participations: ParticipationSnapshot[];
}

export async function loadPersonSnapshot(db: Kysely<Database>, personId: number): Promise<PersonSnapshot> {
  const person = await db
    .selectFrom("person")
    .select(["id", "display_name", "locale", "is_minor", "time_zone"])
    .where("id", "=", personId)
    .executeTakeFirstOrThrow();
  const consents = await db
    .selectFrom("consent")
    .select("kind")
    .where("person_id", "=", personId)
    .where("revoked_at", "is", null)
    .execute();
  const curatorOf = await db
    .selectFrom("membership")
    .innerJoin("organisation", "organisation.id", "membership.organisation_id")
    .select(["organisation.id as organisationId", "organisation.name as name"])
    .where("membership.person_id", "=", personId)
    .where("membership.role", "=", "curator")
    .orderBy("membership.id")
    .execute();
  const participations = await db
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
    .where("participant.person_id", "=", personId)
    .orderBy("participant.id")
    .execute();
  return {
    personId,
    displayName: person.display_name,
    localeChosen: person.locale !== null,
    locale: person.locale,
    isMinor: person.is_minor,
    personalDataConsent: consents.some((c) => c.kind === "personal_data"),
    parentalConsent: consents.some((c) => c.kind === "parental"),
    curatorOf,
    participations,
  };
}
