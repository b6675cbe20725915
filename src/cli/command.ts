import type { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { Locale, MessageArgs, Translator } from "../i18n/translator.js";
import type { FieldProblem } from "../organisations/outcome.js";
import type { Database } from "../storage/tables.js";
import type { OptionValue } from "./option-values.js";

/** Everything a command touches, passed in so tests run commands in-process on a test database. */
export interface CliDeps {
  db: Kysely<Database>;
  config: Config;
  /** Writes one line to standard output (results only: with --json, exactly one JSON object). */
  out: (line: string) => void;
  /** Writes one line to standard error (problems and diagnostics). */
  err: (line: string) => void;
  now: () => Date;
  translator: Translator;
  locale: Locale;
}

export const EXIT_OK = 0;
/** Something broke that is not the operator's input (a bug, the database went away). */
export const EXIT_FAILURE = 1;
/** The operator's input is wrong; nothing was changed. */
export const EXIT_USAGE = 2;

export type OptionSpec =
  | { kind: "value"; value: OptionValue<unknown>; required: boolean; help: string }
  | { kind: "flag"; help: string };

export function required<T>(value: OptionValue<T>, help: string) {
  return { kind: "value" as const, value, required: true as const, help };
}

export function optional<T>(value: OptionValue<T>, help: string) {
  return { kind: "value" as const, value, required: false as const, help };
}

export type OptionValues<O extends Record<string, OptionSpec>> = {
  -readonly [K in keyof O]: O[K] extends { kind: "flag" }
    ? boolean
    : O[K] extends { value: OptionValue<infer T>; required: true }
      ? T
      : O[K] extends { value: OptionValue<infer T> }
        ? T | undefined
        : never;
};

/** A problem with the operator's input: the option it concerns (if one) and a cli.ftl message id. */
export interface CliProblem {
  option?: string;
  key: string;
  args?: MessageArgs;
}

export type CommandResult =
  | {
      ok: true;
      /** What --json prints: English keys, ids as numbers. */
      json: Record<string, unknown>;
      /** What a person reads, already rendered in the operator's language. */
      lines: string[];
    }
  | { ok: false; problem: CliProblem };

export interface CommandDefinition<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  name: string;
  /** Fluent id of the one-line description in the command list. */
  summary: string;
  options: O;
  /** Checks that involve several options, made before the database is opened. */
  check?(values: OptionValues<O>): CliProblem | undefined;
  /** `migrate` reports the migrations itself; every other command finds the schema migrated. */
  migratesItself?: boolean;
  run(deps: CliDeps, values: OptionValues<O>): Promise<CommandResult>;
}

export function defineCommand<O extends Record<string, OptionSpec>>(
  definition: CommandDefinition<O>,
): CommandDefinition<O> {
  return definition;
}

/** Renders a message in the operator's language. */
export function translate(deps: Pick<CliDeps, "translator" | "locale">) {
  return (key: string, args?: MessageArgs) => deps.translator.t(deps.locale, key, args);
}

/** Turns a service's field problem into a problem with the option the operator typed. */
export function fromFieldProblem(problem: FieldProblem, options: Record<string, string>): CliProblem {
  const option = options[problem.field];
  return {
    key: problem.key,
    ...(option && { option: `--${option}` }),
    ...(problem.args && { args: problem.args }),
  };
}

export function failed(problem: CliProblem): CommandResult {
  return { ok: false, problem };
}
