import type { Config } from "../config.js";
import { loadForms } from "../forms/operator-forms.js";
import { createFormRegistry } from "../core/forms/registry.js";
import { createFormSessionService } from "../form-sessions/form-session.service.js";
import { createConsoleForService, type ConsoleOptions } from "./console-registration.js";
import { createJourneyHub } from "./journey-hub.js";
import { createHttpServer, type HttpServer } from "../http/server.js";
import { loadTranslator } from "../i18n/translator.js";
import type { Shutdown } from "../lifecycle/shutdown.js";
import { describeDatabase, type Logger } from "../logging/logger.js";
import { createDatabase, type DatabaseHandle } from "../storage/database.js";
import { migrateToLatest } from "../storage/migrator.js";
import type { Channel } from "./channel.js";
import {
  CHANNEL_REGISTRATIONS,
  CHANNEL_VARIABLES,
  createChannels,
  type ChannelRegistration,
} from "./channels.js";

export interface ServiceOptions {
  config: Config;
  logger: Logger;
  /** Every resource opened here registers its release with it, so a failed start cleans up too. */
  shutdown: Shutdown;
  /** Defaults to the project's locales/ (see loadTranslator). */
  localesDir?: string;
  /** Runs the console channel on these streams (npm run chat, or npm start with no token in a terminal). */
  console?: ConsoleOptions;
  /** Defaults to CHANNEL_REGISTRATIONS; tests pass their own. */
  channels?: readonly ChannelRegistration[];
}

export interface RunningService {
  /** The bound HTTP port (differs from config.port when that is 0). */
  port: number;
  database: DatabaseHandle;
  http: HttpServer;
  channels: Channel[];
}

/** Thrown when a signal arrives while the service is still starting; the shutdown already runs. */
export class StartInterrupted extends Error {
  constructor() {
    super("start-up interrupted by shutdown");
    this.name = "StartInterrupted";
  }
}

/**
 * The composition root's body: database (migrated) → translator → HTTP port → channels. Each step
 * registers its release with `shutdown` right after it succeeds, so shutdown (or a failed start)
 * undoes exactly what was done, in reverse: channels stop first, the pool closes last.
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config, logger, shutdown } = options;
  const ensureRunning = () => {
    if (shutdown.signal.aborted) throw new StartInterrupted();
  };

  logger.info({ database: describeDatabase(config.database) }, "opening database");
  const database = await createDatabase(config.database, {
    onIdleClientError: (error) =>
      logger.warn({ err: error }, "an idle database connection failed; it is replaced"),
  });
  shutdown.defer("database", () => database.close());
  ensureRunning();

  // Every instance migrates on start; the migrator's advisory lock makes concurrent starts safe.
  const { applied } = await migrateToLatest(database.db);
  logger.info({ applied }, applied.length > 0 ? "migrations applied" : "schema is up to date");
  ensureRunning();

  // Loaded now so a broken translation stops the start instead of reaching a person as a raw id.
  const translator = await loadTranslator(options.localesDir);
  ensureRunning();

  // The built-in forms plus the operator's (FORMS_DIR), validated now: a bad file stops the start
  // with its path, rather than breaking a questionnaire halfway for the people filling it.
  const forms = await loadForms(translator, config.formsDir);
  logger.info({ forms: forms.length, ...(config.formsDir && { formsDir: config.formsDir }) }, "forms loaded");
  ensureRunning();

  const http = createHttpServer({
    logger: logger.child({ component: "http" }),
    readiness: {
      accepting: () => !shutdown.signal.aborted,
      database: () => database.ping(),
    },
  });
  const port = await http.listen(config.port);
  shutdown.defer("http server", () => http.close());
  logger.info({ port }, "HTTP server listening");
  ensureRunning();

  const formSessions = createFormSessionService({
    db: database.db,
    registry: createFormRegistry([...forms]),
    clock: () => new Date(),
    defaultTimeZone: config.defaultTimeZone,
  });
  const journey = createJourneyHub({ db: database.db, translator, forms: formSessions, config });

  const { channels, unavailable } = await createChannels(
    { config, logger, database, translator, forms, http, journey },
    options.channels ?? CHANNEL_REGISTRATIONS,
  );
  if (options.console) {
    channels.push(
      await createConsoleForService(options.console, {
        database,
        translator,
        forms,
        journey,
        config,
        logger,
      }),
    );
  }
  for (const name of unavailable) {
    logger.warn(
      { channel: name, variable: CHANNEL_VARIABLES[name] },
      `${name} is configured, but this build has no ${name} channel yet; it is not started`,
    );
  }
  for (const channel of channels) {
    ensureRunning();
    await channel.start();
    shutdown.defer(`channel ${channel.name}`, () => channel.stop());
    logger.info({ channel: channel.name, mode: config.webhook ? "webhook" : "polling" }, "channel started");
  }
  if (channels.length === 0 && unavailable.length === 0 && !options.console) {
    logger.warn(
      { set: Object.values(CHANNEL_VARIABLES) },
      "No messenger is configured: set TELEGRAM_BOT_TOKEN, or VK_GROUP_TOKEN and VK_GROUP_ID, and restart " +
        "(see .env.example). Serving /healthz and /readyz only.",
    );
  }

  logger.info({ port, channels: channels.map((channel) => channel.name) }, "service started");
  return { port, database, http, channels };
}
