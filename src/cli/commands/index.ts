import type { CommandDefinition, OptionSpec } from "../command.js";
import { addCoordinatorCommand } from "./add-coordinator.js";
import { addCuratorCommand } from "./add-curator.js";
import { addMunicipalityCommand } from "./add-municipality.js";
import { addOrganisationCommand } from "./add-organisation.js";
import { auditLogCommand } from "./audit-log.js";
import { createInvitesCommand } from "./create-invites.js";
import { createProgramCommand } from "./create-program.js";
import { digestCommand, indicatorsCommand, setIndicatorCommand } from "./digest.js";
import { exportCommand } from "./export.js";
import { exportPairsCommand } from "./export-pairs.js";
import { closePollCommand, groupMeetingCommand } from "./group-meeting.js";
import { migrateCommand } from "./migrate.js";
import { moveStageCommand, setRemindersCommand, showRoadmapCommand } from "./roadmap.js";
import { seedDemoCommand } from "./seed-demo.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own option types
type AnyCommand = CommandDefinition<any>;

/** In the order --help lists them: the order an operator sets things up. */
export const commands: readonly AnyCommand[] = [
  migrateCommand,
  addMunicipalityCommand,
  addOrganisationCommand,
  addCuratorCommand,
  addCoordinatorCommand,
  createProgramCommand,
  showRoadmapCommand,
  moveStageCommand,
  setRemindersCommand,
  createInvitesCommand,
  seedDemoCommand,
  groupMeetingCommand,
  closePollCommand,
  exportPairsCommand,
  indicatorsCommand,
  setIndicatorCommand,
  digestCommand,
  exportCommand,
  auditLogCommand,
];

/**
 * The command a mistyped name most likely meant: one that contains it or is contained in it
 * ("organisation", "add-organisations"), else the nearest by edit distance within three edits.
 *
 * @example suggestCommand("add-organization") // "add-organisation"
 */
export function suggestCommand(name: string): string | undefined {
  const typed = name.toLowerCase();
  if (typed.length >= 4) {
    const containing = commands.find((c) => c.name.includes(typed) || typed.includes(c.name));
    if (containing) return containing.name;
  }
  let best: { name: string; distance: number } | undefined;
  for (const command of commands) {
    const distance = editDistance(typed, command.name);
    if (distance <= 3 && (!best || distance < best.distance)) best = { name: command.name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function findCommand(name: string): CommandDefinition<Record<string, OptionSpec>> | undefined {
  return commands.find((command) => command.name === name);
}
