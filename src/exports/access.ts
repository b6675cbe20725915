import type { Kysely } from "kysely";
import type { AuditActorRole, Database } from "../storage/tables.js";

/**
 * Who asks to see an organisation's data: the operator at the command line (the admin, who sees
 * everything) or a person in a chat, whose memberships decide.
 */
export type Viewer = { kind: "admin" } | { kind: "person"; personId: number };

export interface VisibleOrganisation {
  id: number;
  name: string;
  /** Why this viewer may see it: they curate it, coordinate its municipality, or are the admin. */
  role: Extract<AuditActorRole, "curator" | "coordinator" | "admin">;
}

/**
 * The organisations whose data a viewer may see: a curator's own organisations, every organisation
 * of a coordinator's municipalities, and all of them for the admin. A participant sees none: their
 * own data is /mydata. A person who both curates an organisation and coordinates its municipality
 * is listed once, as its curator. Sorted by name.
 */
export async function organisationsVisibleTo(
  db: Kysely<Database>,
  viewer: Viewer,
  onlyId?: number,
): Promise<VisibleOrganisation[]> {
  let query = db.selectFrom("organisation as o").select(["o.id", "o.name"]);
  if (onlyId !== undefined) query = query.where("o.id", "=", onlyId);
  if (viewer.kind === "admin") {
    const rows = await query.orderBy("o.name").orderBy("o.id").execute();
    return rows.map((row) => ({ ...row, role: "admin" as const }));
  }
  const rows = await query
    .select((eb) => [
      eb
        .exists(
          eb
            .selectFrom("membership as m")
            .select("m.id")
            .where("m.person_id", "=", viewer.personId)
            .where("m.role", "=", "curator")
            .whereRef("m.organisation_id", "=", "o.id"),
        )
        .as("curates"),
      eb
        .exists(
          eb
            .selectFrom("membership as m")
            .select("m.id")
            .where("m.person_id", "=", viewer.personId)
            .where("m.role", "=", "coordinator")
            .whereRef("m.municipality_id", "=", "o.municipality_id"),
        )
        .as("coordinates"),
    ])
    .where((eb) =>
      eb.or([
        eb(
          "o.id",
          "in",
          eb
            .selectFrom("membership")
            .select("organisation_id")
            .where("person_id", "=", viewer.personId)
            .where("role", "=", "curator")
            .where("organisation_id", "is not", null)
            .$narrowType<{ organisation_id: number }>(),
        ),
        eb(
          "o.municipality_id",
          "in",
          eb
            .selectFrom("membership")
            .select("municipality_id")
            .where("person_id", "=", viewer.personId)
            .where("role", "=", "coordinator")
            .where("municipality_id", "is not", null)
            .$narrowType<{ municipality_id: number }>(),
        ),
      ]),
    )
    .orderBy("o.name")
    .orderBy("o.id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.curates ? ("curator" as const) : ("coordinator" as const),
  }));
}

/** The viewer's access to one organisation, or undefined when they may not see its data. */
export async function accessToOrganisation(
  db: Kysely<Database>,
  viewer: Viewer,
  organisationId: number,
): Promise<VisibleOrganisation | undefined> {
  const [found] = await organisationsVisibleTo(db, viewer, organisationId);
  return found;
}
