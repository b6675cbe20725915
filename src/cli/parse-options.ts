import { parseArgs } from "node:util";
import type { CliProblem, CommandDefinition, OptionSpec, OptionValues } from "./command.js";

/** Options every command takes. */
export const COMMON_FLAGS = ["json", "help"] as const;

export type ParsedOptions<O extends Record<string, OptionSpec>> =
  | { ok: true; help: boolean; json: boolean; values: OptionValues<O> }
  | { ok: false; json: boolean; problem: CliProblem };

/** --json anywhere on the line, even next to a mistake, asks for a JSON answer (also for the error). */
export function wantsJson(argv: readonly string[]): boolean {
  return argv.includes("--json");
}

/**
 * Reads `--name value`, `--name=value` and flags. node:util's parseArgs splits the tokens; the checks
 * are ours (it runs non-strict), so every mistake becomes a localised problem that names the option
 * rather than an English exception.
 */
export function parseOptions<O extends Record<string, OptionSpec>>(
  command: CommandDefinition<O>,
  argv: readonly string[],
): ParsedOptions<O> {
  const json = wantsJson(argv);
  const specs = command.options as Record<string, OptionSpec>;
  const types: Record<string, { type: "string" | "boolean" }> = {};
  for (const [name, spec] of Object.entries(specs))
    types[name] = { type: spec.kind === "flag" ? "boolean" : "string" };
  for (const name of COMMON_FLAGS) types[name] = { type: "boolean" };
  const { tokens } = parseArgs({
    args: [...argv],
    options: types,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const problem = (p: CliProblem): ParsedOptions<O> => ({ ok: false, json, problem: p });

  const raw = new Map<string, string | true>();
  let help = false;
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional")
      return problem({ key: "cli-error-unexpected-argument", args: { value: token.value } });
    const spec = specs[token.name];
    const isCommon = (COMMON_FLAGS as readonly string[]).includes(token.name);
    if (!spec && !isCommon) {
      return problem({
        option: token.rawName,
        key: "cli-error-unknown-option",
        args: { command: command.name },
      });
    }
    if (token.name === "help") {
      help = true;
      continue;
    }
    if (!spec || spec.kind === "flag") {
      if (token.value !== undefined) {
        return problem({ option: token.rawName, key: "cli-error-flag-value", args: { value: token.value } });
      }
      raw.set(token.name, true);
      continue;
    }
    // `--name --kind school` hands "--kind" to --name as its value: that is a forgotten value, not a name.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith("--"))) {
      return problem({ option: token.rawName, key: "cli-error-missing-value" });
    }
    if (raw.has(token.name)) return problem({ option: token.rawName, key: "cli-error-repeated-option" });
    raw.set(token.name, token.value);
  }
  if (help) return { ok: true, help, json, values: {} as OptionValues<O> };

  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const given = raw.get(name);
    if (spec.kind === "flag") {
      values[name] = given === true;
      continue;
    }
    if (given === undefined) {
      if (spec.required) return problem({ option: `--${name}`, key: "cli-error-required" });
      values[name] = undefined;
      continue;
    }
    const parsed = spec.value.schema.safeParse(given);
    if (!parsed.success) {
      return problem({
        option: `--${name}`,
        key: parsed.error.issues[0]?.message ?? "cli-error-invalid",
        args: { ...spec.value.args, value: String(given) },
      });
    }
    values[name] = parsed.data;
  }
  const typed = values as OptionValues<O>;
  const crossProblem = command.check?.(typed);
  if (crossProblem) return problem(crossProblem);
  return { ok: true, help: false, json, values: typed };
}
