import { MENTORING_FORMS } from "../../programs/mentoring-forms.js";
import { createProgramService } from "../../programs/program.service.js";
import { listStages } from "../../roadmap/roadmap.repository.js";
import { loadRoadmapTemplateFile, RoadmapTemplateError } from "../../roadmap/operator-templates.js";
import { BUILT_IN_TEMPLATE_KEYS, builtInTemplate } from "../../roadmap/templates.js";
import { defineCommand, failed, fromFieldProblem, optional, required, translate } from "../command.js";
import { academicYear, calendarDay, code, id, oneOf, text } from "../option-values.js";

/** What `create-program --json` prints. */
export interface CreateProgramJson {
  program: {
    id: number;
    organisationId: number;
    name: string;
    form: string;
    roleVariant: string | null;
    academicYear: string;
    startsOn: string | null;
    endsOn: string | null;
    status: string;
    /** The roadmap template copied, or null. */
    roadmap: string | null;
    stages: number;
  };
}

export const createProgramCommand = defineCommand({
  name: "create-program",
  summary: "cli-command-create-program",
  options: {
    organisation: required(id(), "cli-help-create-program-organisation"),
    name: required(text(300), "cli-help-create-program-name"),
    form: required(oneOf(MENTORING_FORMS), "cli-help-create-program-form"),
    "role-variant": optional(code(), "cli-help-create-program-role-variant"),
    year: optional(academicYear(), "cli-help-create-program-year"),
    starts: optional(calendarDay(), "cli-help-create-program-starts"),
    ends: optional(calendarDay(), "cli-help-create-program-ends"),
    status: optional(oneOf(["draft", "active"]), "cli-help-create-program-status"),
    roadmap: optional(oneOf([...BUILT_IN_TEMPLATE_KEYS, "none"]), "cli-help-create-program-roadmap"),
    "roadmap-file": optional({ ...text(4096), placeholder: "PATH" }, "cli-help-create-program-roadmap-file"),
  },
  check(values) {
    if (values.roadmap && values["roadmap-file"]) {
      return { option: "--roadmap-file", key: "roadmap-error-two-templates" };
    }
    if (values.starts && values.ends && values.ends < values.starts) {
      return {
        option: "--ends",
        key: "program-error-ends-before-starts",
        args: { starts: values.starts, ends: values.ends },
      };
    }
    return undefined;
  },
  async run(deps, values) {
    const t = translate(deps);
    let roadmap;
    if (values["roadmap-file"]) {
      try {
        roadmap = await loadRoadmapTemplateFile(values["roadmap-file"]);
      } catch (error) {
        if (!(error instanceof RoadmapTemplateError)) throw error;
        return failed({
          option: "--roadmap-file",
          key: "roadmap-error-template-file",
          args: { problems: error.problems.join("\n") },
        });
      }
    } else if (values.roadmap) {
      roadmap = values.roadmap === "none" ? null : { template: builtInTemplate(values.roadmap)! };
    }
    const outcome = await createProgramService(deps.db).createProgram(
      {
        organisationId: values.organisation,
        name: values.name,
        form: values.form,
        ...(values["role-variant"] && { roleVariant: values["role-variant"] }),
        ...(values.year && { academicYear: values.year }),
        ...(values.starts && { startsOn: values.starts }),
        ...(values.ends && { endsOn: values.ends }),
        ...(values.status && { status: values.status }),
        ...(roadmap !== undefined && { roadmap }),
      },
      deps.now(),
    );
    if (!outcome.ok) {
      return failed(
        fromFieldProblem(outcome.problem, {
          organisationId: "organisation",
          form: "form",
          academicYear: "year",
          startsOn: "starts",
          endsOn: "ends",
        }),
      );
    }
    const { program, organisation } = outcome.value;
    const stages = (await listStages(deps.db, program.id)).length;
    return {
      ok: true,
      json: {
        program: {
          id: program.id,
          organisationId: program.organisation_id,
          name: program.name,
          form: program.form_key,
          roleVariant: program.role_variant,
          academicYear: program.academic_year,
          startsOn: program.starts_on,
          endsOn: program.ends_on,
          status: program.status,
          roadmap: program.roadmap_template,
          stages,
        },
      } satisfies CreateProgramJson,
      lines: [
        t("cli-program-created", {
          id: String(program.id),
          name: program.name,
          organisation: organisation.name,
          organisationId: String(organisation.id),
        }),
        t("cli-program-details", {
          form: program.form_key,
          year: program.academic_year,
          status: program.status,
        }),
        ...(program.role_variant ? [t("cli-program-role-variant", { variant: program.role_variant })] : []),
        ...(program.starts_on || program.ends_on
          ? [t("cli-program-dates", { starts: program.starts_on ?? "none", ends: program.ends_on ?? "none" })]
          : []),
        t("cli-program-roadmap", {
          template: program.roadmap_template ?? "none",
          stages,
          id: String(program.id),
        }),
        t("cli-program-next-step", { id: String(program.id) }),
      ],
    };
  },
});
