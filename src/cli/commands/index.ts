import type { CommandDefinition, OptionSpec } from "../command.js";
import { addCuratorCommand } from "./add-curator.js";
import { addMunicipalityCommand } from "./add-municipality.js";
import { addOrganisationCommand } from "./add-organisation.js";
import { createInvitesCommand } from "./create-invites.js";
import { createProgramCommand } from "./create-program.js";
import { migrateCommand } from "./migrate.js";
import { seedDemoCommand } from "./seed-demo.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own option types
type AnyCommand = CommandDefinition<any>;

/** In the order --help lists them: the order an operator sets things up. */
export const commands: readonly AnyCommand[] = [
  migrateCommand,
  addMunicipalityCommand,
  addOrganisationCommand,
  addCuratorCommand,
  createProgramCommand,
  createInvitesCommand,
  seedDemoCommand,
];

export function findCommand(name: string): CommandDefinition<Record<string, OptionSpec>> | undefined {
  return commands.find((command) => command.name === name);
}
