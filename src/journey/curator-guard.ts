import { curatedProgram, type CuratedProgram } from "../pairing/pairing.repository.js";
import type { Turn } from "./turn.js";

/**
 * The one place curator-only commands and buttons are checked. A participant (or anyone who is not
 * a curator) gets a polite refusal; a curator of another organisation pressing a button about a
 * programme that is not theirs gets one too; in both cases nothing changes.
 */
export const CURATOR_COMMANDS = ["consents", "pairs", "roadmap"] as const;

export function isCuratorCommand(command: string): command is (typeof CURATOR_COMMANDS)[number] {
  return (CURATOR_COMMANDS as readonly string[]).includes(command);
}

/** True when the person curates some organisation; otherwise says so and returns false. */
export async function requireCurator(turn: Turn): Promise<boolean> {
  if (turn.person.curatorOf.length > 0) return true;
  await turn.send({ text: turn.t("pairing-curators-only") });
  return false;
}

/** The programme when this person curates its organisation; otherwise a refusal and undefined. */
export async function requireCuratedProgram(
  turn: Turn,
  programId: number | undefined,
): Promise<CuratedProgram | undefined> {
  if (!(await requireCurator(turn))) return undefined;
  const program =
    programId === undefined ? undefined : await curatedProgram(turn.db, turn.person.personId, programId);
  if (!program) await turn.send({ text: turn.t("pairing-not-yours") });
  return program;
}
