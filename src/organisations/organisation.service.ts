import type { Kysely } from "kysely";
import { isIanaTimeZone } from "../config.js";
import type { Database, OrganisationKind } from "../storage/tables.js";
import { fail, succeed, type Outcome } from "./outcome.js";
import {
  createOrganisationRepository,
  type Municipality,
  type Organisation,
} from "./organisation.repository.js";

export const ORGANISATION_KINDS = [
  "school",
  "college",
  "additional_education",
  "other",
] as const satisfies readonly OrganisationKind[];

export interface NewMunicipality {
  name: string;
  region?: string;
}

export interface NewOrganisation {
  name: string;
  kind: OrganisationKind;
  timeZone: string;
  municipalityId?: number;
  /** The full legal name the consent names as the operator (152-FZ art. 9). */
  legalName?: string;
  /** The postal address the consent shows next to the operator. */
  address?: string;
}

export function createOrganisationService(db: Kysely<Database>) {
  const repository = createOrganisationRepository(db);
  return {
    getOrganisation: (id: number) => repository.findOrganisation(id),

    async addMunicipality(input: NewMunicipality): Promise<Outcome<Municipality>> {
      const created = await repository.insertMunicipality({ name: input.name, region: input.region ?? null });
      if (created) return succeed(created);
      const existing = await repository.findMunicipalityByName(input.name);
      return fail("name", "organisation-error-municipality-name-taken", { id: String(existing?.id ?? "?") });
    },

    async addOrganisation(input: NewOrganisation): Promise<Outcome<Organisation>> {
      if (!isIanaTimeZone(input.timeZone)) {
        return fail("timeZone", "organisation-error-time-zone", { value: input.timeZone });
      }
      if (input.municipalityId !== undefined && !(await repository.findMunicipality(input.municipalityId))) {
        return fail("municipalityId", "organisation-error-unknown-municipality", {
          id: String(input.municipalityId),
        });
      }
      return succeed(
        await repository.insertOrganisation({
          name: input.name,
          kind: input.kind,
          time_zone: input.timeZone,
          municipality_id: input.municipalityId ?? null,
          legal_name: input.legalName ?? null,
          address: input.address ?? null,
        }),
      );
    },
  };
}

export type OrganisationService = ReturnType<typeof createOrganisationService>;
