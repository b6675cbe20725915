import type { Kysely } from "kysely";
import { migrateToLatest } from "../storage/migrator.js";
import type { Database } from "../storage/tables.js";
import {
  EXIT_OK,
  EXIT_USAGE,
  translate,
  type CliDeps,
  type CliProblem,
  type CommandDefinition,
  type CommandResult,
  type OptionSpec,
} from "./command.js";
import { commands, findCommand, suggestCommand } from "./commands/index.js";
import { COMMON_FLAGS, parseOptions, wantsJson } from "./parse-options.js";

/** What any command prints with --json when it refuses its arguments. */
export interface CliErrorJson {
  error: { code: string; option?: string; message: string };
}

/** What `runCli` needs: the command deps, with the database opened only when a command runs. */
export interface CliRuntime extends Omit<CliDeps, "db"> {
  openDatabase(): Promise<Kysely<Database>>;
}

/**
 * The whole command line: `<command> [--options]`. Arguments are checked before the database is
 * opened; then the schema is brought up to date (so an empty data folder just works) and the command
 * runs. Returns the exit code.
 */
export async function runCli(runtime: CliRuntime, argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    printUsage(runtime);
    return EXIT_OK;
  }
  const command = findCommand(name);
  if (!command) {
    return report(runtime, wantsJson(rest), undefined, {
      key: "cli-error-unknown-command",
      args: { command: name, suggestion: suggestCommand(name) ?? "none" },
    });
  }
  const parsed = parseOptions(command, rest);
  if (!parsed.ok) return report(runtime, parsed.json, command, parsed.problem);
  if (parsed.help) {
    printCommandHelp(runtime, command);
    return EXIT_OK;
  }
  const db = await runtime.openDatabase();
  if (!command.migratesItself) await migrateToLatest(db);
  return finish(runtime, parsed.json, command, await command.run({ ...runtime, db }, parsed.values));
}

/** One command on an open, migrated database: the function form tests and scripts call. */
export async function runCommand<O extends Record<string, OptionSpec>>(
  command: CommandDefinition<O>,
  deps: CliDeps,
  argv: readonly string[],
): Promise<number> {
  const parsed = parseOptions(command, argv);
  if (!parsed.ok) return report(deps, parsed.json, command, parsed.problem);
  if (parsed.help) {
    printCommandHelp(deps, command);
    return EXIT_OK;
  }
  return finish(deps, parsed.json, command, await command.run(deps, parsed.values));
}

type Printer = Pick<CliDeps, "out" | "err" | "translator" | "locale">;

function finish<O extends Record<string, OptionSpec>>(
  deps: Printer,
  json: boolean,
  command: CommandDefinition<O>,
  result: CommandResult,
): number {
  if (!result.ok) return report(deps, json, command, result.problem);
  if (json) deps.out(JSON.stringify(result.json, null, 2));
  else for (const line of result.lines) deps.out(line);
  return EXIT_OK;
}

/** A problem goes to stderr for a person; with --json, stdout also gets it as the one JSON object. */
function report<O extends Record<string, OptionSpec>>(
  deps: Printer,
  json: boolean,
  command: CommandDefinition<O> | undefined,
  problem: CliProblem,
): number {
  const t = translate(deps);
  const message = t(problem.key, problem.args);
  deps.err(
    problem.option
      ? t("cli-error-option", { option: problem.option, problem: message })
      : t("cli-error", { problem: message }),
  );
  deps.err(command ? t("cli-hint-command-help", { command: command.name }) : t("cli-hint-help"));
  if (json) {
    deps.out(
      JSON.stringify(
        {
          error: { code: problem.key, ...(problem.option && { option: problem.option }), message },
        } satisfies CliErrorJson,
        null,
        2,
      ),
    );
  }
  return EXIT_USAGE;
}

function printUsage(deps: Printer): void {
  const t = translate(deps);
  deps.out(t("cli-help-title"));
  deps.out("");
  deps.out(t("cli-help-usage"));
  deps.out("");
  deps.out(t("cli-help-commands"));
  const width = Math.max(...commands.map((c) => c.name.length));
  for (const command of commands) deps.out(`  ${command.name.padEnd(width)}  ${t(command.summary)}`);
  deps.out("");
  deps.out(t("cli-help-common-options"));
  deps.out(`  --json  ${t("cli-help-option-json")}`);
  deps.out(`  --help  ${t("cli-help-option-help")}`);
  deps.out("");
  deps.out(t("cli-help-more"));
}

function printCommandHelp<O extends Record<string, OptionSpec>>(
  deps: Printer,
  command: CommandDefinition<O>,
): void {
  const t = translate(deps);
  deps.out(`${command.name}: ${t(command.summary)}`);
  deps.out("");
  deps.out(t("cli-help-command-usage", { command: command.name }));
  const rows = Object.entries(command.options as Record<string, OptionSpec>).map(([name, spec]) => {
    const left = spec.kind === "flag" ? `--${name}` : `--${name} ${spec.value.placeholder}`;
    const note = spec.kind === "value" && spec.required ? ` ${t("cli-help-required")}` : "";
    return [left, `${t(spec.help)}${note}`] as const;
  });
  rows.push(...COMMON_FLAGS.map((flag) => [`--${flag}`, t(`cli-help-option-${flag}`)] as const));
  const width = Math.max(...rows.map(([left]) => left.length));
  deps.out("");
  deps.out(t("cli-help-options"));
  for (const [left, right] of rows) deps.out(`  ${left.padEnd(width)}  ${right}`);
}
