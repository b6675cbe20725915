import { createOrganisationService } from "../../organisations/organisation.service.js";
import { defineCommand, failed, fromFieldProblem, optional, required, translate } from "../command.js";
import { text } from "../option-values.js";

/** What `add-municipality --json` prints. */
export interface AddMunicipalityJson {
  municipality: { id: number; name: string; region: string | null };
}

export const addMunicipalityCommand = defineCommand({
  name: "add-municipality",
  summary: "cli-command-add-municipality",
  options: {
    name: required(text(200), "cli-help-add-municipality-name"),
    region: optional(text(200), "cli-help-add-municipality-region"),
  },
  async run(deps, values) {
    const t = translate(deps);
    const outcome = await createOrganisationService(deps.db).addMunicipality({
      name: values.name,
      ...(values.region && { region: values.region }),
    });
    if (!outcome.ok) return failed(fromFieldProblem(outcome.problem, { name: "name" }));
    const municipality = outcome.value;
    return {
      ok: true,
      json: {
        municipality: { id: municipality.id, name: municipality.name, region: municipality.region },
      } satisfies AddMunicipalityJson,
      lines: [
        t("cli-municipality-created", { id: String(municipality.id), name: municipality.name }),
        ...(municipality.region === null
          ? []
          : [t("cli-municipality-region", { region: municipality.region })]),
      ],
    };
  },
});
