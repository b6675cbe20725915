import type { Insertable, Kysely } from "kysely";
import {
  createOrganisationRepository,
  type Municipality,
  type Organisation,
} from "../organisations/organisation.repository.js";
import { fail, succeed, type Outcome } from "../organisations/outcome.js";
import { defaultCategory } from "../programs/mentoring-forms.js";
import { createProgramRepository } from "../programs/program.repository.js";
import type { Category, Database, Invite, InviteTable, Program, Side } from "../storage/tables.js";
import { generateInviteCode } from "./invite-code.js";
import { createInviteRepository } from "./invite.repository.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Codes are random, so a collision is rare; this many in a row means the generator is broken. */
const MAX_CODE_ROUNDS = 8;

/** Limits that keep one command from flooding the table by a typo (--count 1000000). */
export const INVITE_LIMITS = {
  count: { min: 1, max: 5000 },
  uses: { min: 1, max: 100_000 },
  expiresDays: { min: 1, max: 366 },
} as const;

export interface CuratorInviteInput {
  organisationId: number;
  expiresInDays: number;
}

export interface CoordinatorInviteInput {
  municipalityId: number;
  expiresInDays: number;
}

export interface ParticipantInvitesInput {
  programId: number;
  side: Side;
  /** Absent: the category the programme's mentoring form implies for that side (or none). */
  category?: Category;
  /** How many codes. */
  count: number;
  /** How many people each code admits (one link for a whole class, or one per person). */
  maxUses: number;
  expiresInDays: number;
}

export interface CreatedCuratorInvite {
  invite: Invite;
  organisation: Organisation;
}

export interface CreatedCoordinatorInvite {
  invite: Invite;
  municipality: Municipality;
}

export interface CreatedParticipantInvites {
  invites: Invite[];
  program: Program;
  organisation: Organisation;
}

export interface InviteServiceOptions {
  /** Replaceable so a test can force a collision. */
  generateCode?: () => string;
}

export function createInviteService(db: Kysely<Database>, options: InviteServiceOptions = {}) {
  const generateCode = options.generateCode ?? (() => generateInviteCode());
  const organisations = createOrganisationRepository(db);
  const programs = createProgramRepository(db);

  /** All codes or none: the rows go in one transaction, colliding codes are drawn again. */
  async function insertWithFreshCodes(rows: Omit<Insertable<InviteTable>, "code">[]): Promise<Invite[]> {
    const write = async (trx: Kysely<Database>) => {
      const invites = createInviteRepository(trx);
      const inserted: Invite[] = [];
      let pending = rows;
      for (let round = 0; pending.length > 0; round++) {
        if (round === MAX_CODE_ROUNDS) {
          throw new Error(`invite codes kept colliding after ${MAX_CODE_ROUNDS} rounds`);
        }
        const batch = pending.map((row) => ({ ...row, code: generateCode() }));
        const done = await invites.insertNewCodes(batch);
        inserted.push(...done);
        const taken = new Set(done.map((invite) => invite.code));
        // A code inserted by this round is taken by exactly one row of the batch: the first with it.
        pending = batch.filter((row) => !taken.delete(row.code)).map(({ code: _code, ...row }) => row);
      }
      return inserted.sort((a, b) => a.id - b.id);
    };
    return db.isTransaction ? write(db) : db.transaction().execute(write);
  }

  return {
    async createCuratorInvite(input: CuratorInviteInput, now: Date): Promise<Outcome<CreatedCuratorInvite>> {
      const { min, max } = INVITE_LIMITS.expiresDays;
      if (input.expiresInDays < min || input.expiresInDays > max) {
        return fail("expiresInDays", "invite-error-range", { min, max, value: input.expiresInDays });
      }
      const organisation = await organisations.findOrganisation(input.organisationId);
      if (!organisation) {
        return fail("organisationId", "invite-error-unknown-organisation", {
          id: String(input.organisationId),
        });
      }
      const [invite] = await insertWithFreshCodes([
        {
          organisation_id: organisation.id,
          program_id: null,
          side: null,
          category: null,
          role: "curator",
          max_uses: 1,
          expires_at: new Date(now.getTime() + input.expiresInDays * DAY_MS),
        },
      ]);
      return succeed({ invite: invite!, organisation });
    },

    /** A one-time invite that makes whoever redeems it the coordinator of a municipality. */
    async createCoordinatorInvite(
      input: CoordinatorInviteInput,
      now: Date,
    ): Promise<Outcome<CreatedCoordinatorInvite>> {
      const { min, max } = INVITE_LIMITS.expiresDays;
      if (input.expiresInDays < min || input.expiresInDays > max) {
        return fail("expiresInDays", "invite-error-range", { min, max, value: input.expiresInDays });
      }
      const municipality = await organisations.findMunicipality(input.municipalityId);
      if (!municipality) {
        return fail("municipalityId", "invite-error-unknown-municipality", {
          id: String(input.municipalityId),
        });
      }
      const [invite] = await insertWithFreshCodes([
        {
          organisation_id: null,
          municipality_id: municipality.id,
          program_id: null,
          side: null,
          category: null,
          role: "coordinator",
          max_uses: 1,
          expires_at: new Date(now.getTime() + input.expiresInDays * DAY_MS),
        },
      ]);
      return succeed({ invite: invite!, municipality });
    },

    async createParticipantInvites(
      input: ParticipantInvitesInput,
      now: Date,
    ): Promise<Outcome<CreatedParticipantInvites>> {
      for (const [field, value, limits] of [
        ["count", input.count, INVITE_LIMITS.count],
        ["maxUses", input.maxUses, INVITE_LIMITS.uses],
        ["expiresInDays", input.expiresInDays, INVITE_LIMITS.expiresDays],
      ] as const) {
        if (!Number.isInteger(value) || value < limits.min || value > limits.max) {
          return fail(field, "invite-error-range", { min: limits.min, max: limits.max, value });
        }
      }
      const program = await programs.findProgram(input.programId);
      if (!program) return fail("programId", "invite-error-unknown-program", { id: String(input.programId) });
      if (program.status === "finished" || program.status === "archived") {
        return fail("programId", "invite-error-program-closed", {
          id: String(program.id),
          status: program.status,
        });
      }
      const organisation = await organisations.findOrganisation(program.organisation_id);
      if (!organisation) throw new Error(`programme ${program.id} has no organisation`);
      const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS);
      const category = input.category ?? defaultCategory(program.form_key, input.side);
      const rows = Array.from({ length: input.count }, () => ({
        organisation_id: organisation.id,
        program_id: program.id,
        side: input.side,
        category,
        role: null,
        max_uses: input.maxUses,
        expires_at: expiresAt,
      }));
      return succeed({ invites: await insertWithFreshCodes(rows), program, organisation });
    },
  };
}

export type InviteService = ReturnType<typeof createInviteService>;
