import type { Kysely } from "kysely";
import type { Database } from "../storage/tables.js";

/**
 * Who may see which digest, read from memberships on every request (never from the chat): a curator
 * sees their organisations, a municipal coordinator the municipality and each of its organisations,
 * an admin everything. Participants see none.
 */
export interface DigestScopes {
  organisations: { id: number; name: string }[];
  municipalities: { id: number; name: string }[];
}

export async function digestScopes(db: Kysely<Database>, personId: number): Promise<DigestScopes> {
  const organisations = await db
    .selectFrom("membership")
    .innerJoin("organisation", "organisation.id", "membership.organisation_id")
    .select(["organisation.id as id", "organisation.name as name"])
    .where("membership.person_id", "=", personId)
    .where("membership.role", "=", "curator")
    .orderBy("membership.id")
    .execute();
  const municipalities = await db
    .selectFrom("membership")
    .innerJoin("municipality", "municipality.id", "membership.municipality_id")
    .select(["municipality.id as id", "municipality.name as name"])
    .where("membership.person_id", "=", personId)
    .where("membership.role", "=", "coordinator")
    .orderBy("membership.id")
    .execute();
  return { organisations: dedupe(organisations), municipalities: dedupe(municipalities) };
}

/** Organisations whose indicators this person may see and set: their own and their municipalities'. */
export async function organisationsInScope(
  db: Kysely<Database>,
  scopes: DigestScopes,
): Promise<{ id: number; name: string }[]> {
  const municipal =
    scopes.municipalities.length === 0
      ? []
      : await db
          .selectFrom("organisation")
          .select(["id", "name"])
          .where(
            "municipality_id",
            "in",
            scopes.municipalities.map((m) => m.id),
          )
          .orderBy("name")
          .orderBy("id")
          .execute();
  return dedupe([...scopes.organisations, ...municipal]);
}

export async function mayReadOrganisation(
  db: Kysely<Database>,
  personId: number,
  organisationId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom("membership")
    .select("membership.id")
    .where("membership.person_id", "=", personId)
    .where((eb) =>
      eb.or([
        eb("membership.role", "=", "admin"),
        eb.and([
          eb("membership.role", "=", "curator"),
          eb("membership.organisation_id", "=", organisationId),
        ]),
        eb.and([
          eb("membership.role", "=", "coordinator"),
          eb(
            "membership.municipality_id",
            "in",
            eb.selectFrom("organisation").select("municipality_id").where("id", "=", organisationId),
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

export async function mayReadMunicipality(
  db: Kysely<Database>,
  personId: number,
  municipalityId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom("membership")
    .select("id")
    .where("person_id", "=", personId)
    .where((eb) =>
      eb.or([
        eb("role", "=", "admin"),
        eb.and([eb("role", "=", "coordinator"), eb("municipality_id", "=", municipalityId)]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

function dedupe<T extends { id: number }>(rows: T[]): T[] {
  const seen = new Set<number>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
}
