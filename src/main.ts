/**
 * Composition root: config → logger → database (migrated) → translator → HTTP port → channels, and
 * the graceful shutdown that undoes them. `npm start` runs this file under tsx; the image runs the
 * compiled dist/src/main.js.
 */
import { startService, StartInterrupted } from "./app/service.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createShutdown } from "./lifecycle/shutdown.js";
import { createLogger } from "./logging/logger.js";

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

  const logger = createLogger(config);
  const shutdown = createShutdown({ logger });
  shutdown.listen(process);

  // A crash still closes the pool and the port, and leaves one JSON line saying why.
  const crash = (kind: string) => (error: unknown) => {
    logger.fatal({ err: error }, kind);
    void shutdown.run(kind).then(() => process.exit(1));
  };
  process.on("uncaughtException", crash("uncaught exception"));
  process.on("unhandledRejection", crash("unhandled rejection"));

  if (process.argv.includes("--console")) {
    logger.warn("The console channel (npm run chat) is not built yet; starting the service without it");
  }

  try {
    await startService({ config, logger, shutdown });
  } catch (error) {
    // A signal during start-up: the shutdown it began releases what was opened and exits.
    if (error instanceof StartInterrupted || shutdown.signal.aborted) return;
    logger.fatal({ err: error }, "start-up failed");
    await shutdown.run("start-up failed");
    process.exit(1);
  }
}

await main();
