import { createOrganisationService, ORGANISATION_KINDS } from "../../organisations/organisation.service.js";
import { defineCommand, failed, fromFieldProblem, optional, required, translate } from "../command.js";
import { id, oneOf, text, timeZone } from "../option-values.js";

/** What `add-organisation --json` prints. */
export interface AddOrganisationJson {
  organisation: {
    id: number;
    name: string;
    kind: string;
    timeZone: string;
    municipalityId: number | null;
    legalName: string | null;
    address: string | null;
  };
}

export const addOrganisationCommand = defineCommand({
  name: "add-organisation",
  summary: "cli-command-add-organisation",
  options: {
    name: required(text(300), "cli-help-add-organisation-name"),
    kind: required(oneOf(ORGANISATION_KINDS), "cli-help-add-organisation-kind"),
    timezone: optional(timeZone(), "cli-help-add-organisation-timezone"),
    municipality: optional(id(), "cli-help-add-organisation-municipality"),
    "legal-name": optional(text(1000), "cli-help-add-organisation-legal-name"),
    address: optional(text(1000), "cli-help-add-organisation-address"),
  },
  async run(deps, values) {
    const t = translate(deps);
    const outcome = await createOrganisationService(deps.db).addOrganisation({
      name: values.name,
      kind: values.kind,
      timeZone: values.timezone ?? deps.config.defaultTimeZone,
      ...(values.municipality !== undefined && { municipalityId: values.municipality }),
      ...(values["legal-name"] !== undefined && { legalName: values["legal-name"] }),
      ...(values.address !== undefined && { address: values.address }),
    });
    if (!outcome.ok) {
      return failed(
        fromFieldProblem(outcome.problem, { timeZone: "timezone", municipalityId: "municipality" }),
      );
    }
    const organisation = outcome.value;
    return {
      ok: true,
      json: {
        organisation: {
          id: organisation.id,
          name: organisation.name,
          kind: organisation.kind,
          timeZone: organisation.time_zone,
          municipalityId: organisation.municipality_id,
          legalName: organisation.legal_name,
          address: organisation.address,
        },
      } satisfies AddOrganisationJson,
      lines: [
        t("cli-organisation-created", {
          id: String(organisation.id),
          name: organisation.name,
          kind: organisation.kind,
          timeZone: organisation.time_zone,
        }),
        ...(organisation.municipality_id === null
          ? []
          : [t("cli-organisation-municipality", { id: String(organisation.municipality_id) })]),
        ...(organisation.legal_name === null
          ? []
          : [t("cli-organisation-legal-name", { legalName: organisation.legal_name })]),
        ...(organisation.address === null
          ? []
          : [t("cli-organisation-address", { address: organisation.address })]),
      ],
    };
  },
});
