/**
 * Composition root: config → logger → database (migrated) → translator → HTTP port → channels, and
 * the graceful shutdown that undoes them. `npm start` runs this file under tsx; the image runs the
 * compiled dist/src/main.js.
 */
import pino from "pino";
import { ServiceRefusedError, startService, StartInterrupted } from "./app/service.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createShutdown } from "./lifecycle/shutdown.js";
import { createLogger } from "./logging/logger.js";
import { DataDirLockedError } from "./storage/data-dir-lock.js";

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // For the operator at a terminal: each line names a variable; a stack trace would only bury them.
    process.stderr.write(`${error.message}\nSee .env.example for every variable and its format.\n`);
    process.exitCode = 1;
    return;
  }

  // The console channel runs with `npm run chat`, or with `npm start` when no messenger is configured
  // and a person sits at the terminal (a container without a token just serves its health checks).
  const consoleMode =
    process.argv.includes("--console") || (!config.telegram && !config.vk && process.stdin.isTTY === true);
  // In the console the conversation owns stdout; log lines go to stderr, and only warnings unless asked.
  const logger = consoleMode
    ? createLogger(process.env.LOG_LEVEL ? config : { ...config, logLevel: "warn" }, {
        destination: pino.destination({ dest: 2, sync: true }),
      })
    : createLogger(config);
  const shutdown = createShutdown({ logger });
  shutdown.listen(process);

  // A crash still closes the pool and the port, and leaves one JSON line saying why.
  const crash = (kind: string) => (error: unknown) => {
    logger.fatal({ err: error }, kind);
    void shutdown.run(kind).then(() => process.exit(1));
  };
  process.on("uncaughtException", crash("uncaught exception"));
  process.on("unhandledRejection", crash("unhandled rejection"));

  try {
    await startService({
      config,
      logger,
      shutdown,
      // A polling channel that stopped for good: the shutdown has run; exit 1 so a supervisor restarts.
      exit: (code) => process.exit(code),
      ...(consoleMode && {
        console: {
          input: process.stdin,
          output: process.stdout,
          ...((process.env.LC_ALL ?? process.env.LANG) && {
            languageTag: process.env.LC_ALL ?? process.env.LANG,
          }),
          onEnd: () => void shutdown.run("console input ended").then((code) => process.exit(code)),
        },
      }),
    });
  } catch (error) {
    // A signal during start-up: the shutdown it began releases what was opened and exits.
    if (error instanceof StartInterrupted || shutdown.signal.aborted) return;
    if (error instanceof DataDirLockedError) {
      // Expected when a second process opens the same embedded database: the message says what to do.
      logger.fatal({ dataDir: error.dataDir }, `start-up failed: ${error.message}`);
    } else if (error instanceof ServiceRefusedError) {
      // One line naming the variable to fix (e.g. TELEGRAM_BOT_TOKEN); a stack trace would only bury it.
      logger.fatal({ channel: error.channel, variable: error.variable }, error.message);
    } else {
      logger.fatal({ err: error }, "start-up failed");
    }
    await shutdown.run("start-up failed");
    process.exit(1);
  }
}

await main();
