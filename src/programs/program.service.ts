import type { Kysely } from "kysely";
import { createOrganisationRepository, type Organisation } from "../organisations/organisation.repository.js";
import { fail, succeed, type Outcome } from "../organisations/outcome.js";
import type { Database, Program, ProgramStatus } from "../storage/tables.js";
import { academicYearOf, isAcademicYear, isCalendarDay, todayIn, type CalendarDay } from "./academic-year.js";
import { isMentoringForm, type MentoringForm } from "./mentoring-forms.js";
import { createProgramRepository } from "./program.repository.js";
import { copyTemplate, type StageTitles } from "../roadmap/roadmap.repository.js";
import type { RoadmapTemplate } from "../roadmap/template.js";
import { builtInTemplate, defaultTemplateFor } from "../roadmap/templates.js";

export interface NewProgramInput {
  organisationId: number;
  name: string;
  form: MentoringForm;
  roleVariant?: string;
  /** "2026/2027"; when absent, the year that contains today in the organisation's time zone. */
  academicYear?: string;
  startsOn?: CalendarDay;
  endsOn?: CalendarDay;
  status?: Extract<ProgramStatus, "draft" | "active">;
  /**
   * The roadmap to copy with the academic year's dates: by default the built-in one for the
   * organisation's kind (college, else school); null for none.
   */
  roadmap?: { template: RoadmapTemplate; titles?: StageTitles } | null;
}

export interface CreatedProgram {
  program: Program;
  organisation: Organisation;
}

export function createProgramService(db: Kysely<Database>) {
  const programs = createProgramRepository(db);
  const organisations = createOrganisationRepository(db);
  return {
    getProgram: (id: number) => programs.findProgram(id),

    async createProgram(input: NewProgramInput, now: Date): Promise<Outcome<CreatedProgram>> {
      if (!isMentoringForm(input.form)) return fail("form", "program-error-form", { value: input.form });
      if (input.academicYear !== undefined && !isAcademicYear(input.academicYear)) {
        return fail("academicYear", "program-error-academic-year", { value: input.academicYear });
      }
      for (const [field, day] of [
        ["startsOn", input.startsOn],
        ["endsOn", input.endsOn],
      ] as const) {
        if (day !== undefined && !isCalendarDay(day))
          return fail(field, "program-error-date", { value: day });
      }
      if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) {
        return fail("endsOn", "program-error-ends-before-starts", {
          starts: input.startsOn,
          ends: input.endsOn,
        });
      }
      const organisation = await organisations.findOrganisation(input.organisationId);
      if (!organisation) {
        return fail("organisationId", "program-error-unknown-organisation", {
          id: String(input.organisationId),
        });
      }
      const roadmap =
        input.roadmap === undefined
          ? { template: builtInTemplate(defaultTemplateFor(organisation.kind))! }
          : input.roadmap;
      // The programme and its roadmap together or not at all.
      const insert = async (trx: Kysely<Database>) => {
        const program = await createProgramRepository(trx).insertProgram({
          organisation_id: organisation.id,
          name: input.name,
          form_key: input.form,
          role_variant: input.roleVariant ?? null,
          academic_year: input.academicYear ?? academicYearOf(todayIn(organisation.time_zone, now)),
          starts_on: input.startsOn ?? null,
          ends_on: input.endsOn ?? null,
          status: input.status ?? "active",
        });
        if (roadmap)
          await copyTemplate(trx, { programId: program.id, academicYear: program.academic_year, ...roadmap });
        return (await createProgramRepository(trx).findProgram(program.id))!;
      };
      const program = db.isTransaction ? await insert(db) : await db.transaction().execute(insert);
      return succeed({ program, organisation });
    },
  };
}

export type ProgramService = ReturnType<typeof createProgramService>;
