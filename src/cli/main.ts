#!/usr/bin/env node
import path from "node:path";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { loadTranslator, negotiateLocale } from "../i18n/translator.js";
import { DataDirLockedError } from "../storage/data-dir-lock.js";
import { createDatabase, type DatabaseHandle } from "../storage/database.js";
import { EXIT_FAILURE, EXIT_USAGE } from "./command.js";
import { runCli } from "./run.js";

/**
 * The operator's command line (`npm run cli -- <command>`, or the `nastavnik` bin): wires the real
 * environment into runCli and always closes the database, whatever happened.
 */
async function main(argv: string[]): Promise<number> {
  const translator = await loadTranslator();
  const locale = negotiateLocale([process.env.LC_ALL, process.env.LC_MESSAGES, process.env.LANG]);
  const out = (line: string) => void process.stdout.write(`${line}\n`);
  const err = (line: string) => void process.stderr.write(`${line}\n`);
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(error.message);
    return EXIT_USAGE;
  }
  let handle: DatabaseHandle | undefined;
  try {
    return await runCli(
      {
        config,
        out,
        err,
        now: () => new Date(),
        translator,
        locale,
        async openDatabase() {
          handle = await createDatabase(config.database);
          return handle.db;
        },
      },
      argv,
    );
  } catch (error) {
    // Expected while the service runs on the same embedded database: say what to do, no stack trace.
    if (error instanceof DataDirLockedError) {
      err(
        translator.t(locale, "cli-error-data-dir-locked", {
          dataDir: path.resolve(error.dataDir),
          pid: String(error.holder?.pid ?? "?"),
          host: error.holder?.hostname ?? "?",
        }),
      );
      return EXIT_FAILURE;
    }
    err(translator.t(locale, "cli-error-unexpected"));
    err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return EXIT_FAILURE;
  } finally {
    await handle?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
