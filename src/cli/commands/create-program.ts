import { MENTORING_FORMS } from "../../programs/mentoring-forms.js";
import { createProgramService } from "../../programs/program.service.js";
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
  },
  check(values) {
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
        t("cli-program-next-step", { id: String(program.id) }),
      ],
    };
  },
});
