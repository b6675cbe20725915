import type { Kysely } from "kysely";
import type { Database, NewProgram, Program } from "../storage/tables.js";

export function createProgramRepository(db: Kysely<Database>) {
  return {
    findProgram(id: number): Promise<Program | undefined> {
      return db.selectFrom("program").selectAll().where("id", "=", id).executeTakeFirst();
    },

    insertProgram(row: NewProgram): Promise<Program> {
      return db.insertInto("program").values(row).returningAll().executeTakeFirstOrThrow();
    },
  };
}

export type ProgramRepository = ReturnType<typeof createProgramRepository>;
