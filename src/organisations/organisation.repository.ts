import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, MunicipalityTable, OrganisationTable } from "../storage/tables.js";

export type Municipality = Selectable<MunicipalityTable>;
export type Organisation = Selectable<OrganisationTable>;

export function createOrganisationRepository(db: Kysely<Database>) {
  return {
    findMunicipality(id: number): Promise<Municipality | undefined> {
      return db.selectFrom("municipality").selectAll().where("id", "=", id).executeTakeFirst();
    },

    findMunicipalityByName(name: string): Promise<Municipality | undefined> {
      return db.selectFrom("municipality").selectAll().where("name", "=", name).executeTakeFirst();
    },

    /** Names are unique; returns undefined when the name is taken (also by a concurrent insert). */
    insertMunicipality(row: Insertable<MunicipalityTable>): Promise<Municipality | undefined> {
      return db
        .insertInto("municipality")
        .values(row)
        .onConflict((conflict) => conflict.column("name").doNothing())
        .returningAll()
        .executeTakeFirst();
    },

    findOrganisation(id: number): Promise<Organisation | undefined> {
      return db.selectFrom("organisation").selectAll().where("id", "=", id).executeTakeFirst();
    },

    insertOrganisation(row: Insertable<OrganisationTable>): Promise<Organisation> {
      return db.insertInto("organisation").values(row).returningAll().executeTakeFirstOrThrow();
    },
  };
}

export type OrganisationRepository = ReturnType<typeof createOrganisationRepository>;
