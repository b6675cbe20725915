import type { Config } from "../config.js";
import { loadForms } from "../forms/operator-forms.js";
import { createFormRegistry } from "../core/forms/registry.js";
import { createFormSessionService } from "../form-sessions/form-session.service.js";
import { createDigestService } from "../digest/digest.service.js";
import { createMeetingService } from "../meetings/meetings.service.js";
import { recordPairingAnswers } from "../pairing/form-answers.js";
import { createPairingService } from "../pairing/pairing.service.js";
import { createRoadmapReminders } from "../roadmap/reminders.js";
import { createConsoleForService, type ConsoleOptions } from "./console-registration.js";
import { createJourneyHub } from "./journey-hub.js";
import { createOutbox, createRateGates } from "../outbox/outbox.js";
import { notifyPerson } from "../outbox/outbox.service.js";
import { createHttpServer, type HttpServer } from "../http/server.js";
import { loadTranslator } from "../i18n/translator.js";
import type { Shutdown } from "../lifecycle/shutdown.js";
import { describeDatabase, type Logger } from "../logging/logger.js";
import { createDatabase, type DatabaseHandle } from "../storage/database.js";
import { migrateToLatest } from "../storage/migrator.js";
import { createClock, type Clock, type ClockJob } from "../scheduler/clock.js";
import { ChannelRefusedError } from "../channels/shared/health.js";
import type { Channel } from "./channel.js";
import { createHealthRegistry, describeRefusal, type HealthRegistry } from "./health.js";
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
  /** Jobs for the clock's minute tick, in order (besides those the service registers itself). */
  jobs?: readonly ClockJob[];
  /**
   * Called with 1 once the shutdown has run after a polling channel stopped for good (token
   * revoked, another instance polling the same bot), so a supervisor restarts the process. main.ts
   * passes process.exit; without it the service only shuts down. In webhook mode nothing exits:
   * /readyz fails and the instance keeps serving, so the operator sees why.
   */
  exit?: (code: number) => void;
}

export interface RunningService {
  /** The bound HTTP port (differs from config.port when that is 0). */
  port: number;
  database: DatabaseHandle;
  http: HttpServer;
  channels: Channel[];
  /** What each channel last reported; /readyz reads it. */
  health: HealthRegistry;
  /** Ticks once a minute; stopped before the channels on shutdown. */
  clock: Clock;
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

  const meetings = createMeetingService({
    translator,
    clock: () => new Date(),
    defaultTimeZone: config.defaultTimeZone,
    rhythm: config.meetings,
    async notify(db, notice) {
      await notifyPerson(db, notice, { defaultTimeZone: config.defaultTimeZone });
    },
  });
  const formSessions = createFormSessionService({
    db: database.db,
    registry: createFormRegistry([...forms]),
    clock: () => new Date(),
    defaultTimeZone: config.defaultTimeZone,
    async onSubmit(form, trx) {
      await recordPairingAnswers(form, trx);
      await meetings.onSubmit(form, trx);
    },
  });
  // One gate per bot, shared by the replies (counted, never delayed) and the outbox (which waits).
  const gates = createRateGates(config);
  const journey = createJourneyHub({
    db: database.db,
    translator,
    forms: formSessions,
    config,
    logger: logger.child({ component: "pipeline" }),
    gates,
  });

  const health = createHealthRegistry();
  const { channels, unavailable } = await createChannels(
    { config, logger, database, translator, forms, http, journey, gates },
    options.channels ?? CHANNEL_REGISTRATIONS,
    health,
  );
  for (const channel of channels) http.addReadinessCheck(channel.name, health.check(channel.name));
  health.onDead((name, failure) => {
    const refused = failure.setting
      ? describeRefusal(name, { ...failure, setting: failure.setting })
      : undefined;
    const fields = { channel: name, reason: failure.reason, ...(refused && { variable: refused.variable }) };
    const message = refused?.message ?? `${name} stopped for good: ${failure.reason}`;
    if (config.webhook) {
      // Other instances may still serve; this one stays up, not ready, so the operator sees why.
      logger.error(fields, `${message} This instance stays up but not ready.`);
      return;
    }
    logger.fatal(fields, `${message} Exiting so the supervisor restarts the service.`);
    void shutdown.run(`channel ${name} stopped`).then(() => options.exit?.(1));
  });
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
    try {
      await channel.start();
    } catch (error) {
      if (error instanceof ChannelRefusedError) throw new ServiceRefusedError(error);
      throw error;
    }
    // A channel still trying to reach its API has started too: its stop() ends the trying.
    shutdown.defer(`channel ${channel.name}`, () => channel.stop());
    health.settle(channel.name);
    logger.info({ channel: channel.name, mode: config.webhook ? "webhook" : "polling" }, "channel started");
  }
  if (channels.length === 0 && unavailable.length === 0 && !options.console) {
    logger.warn(
      { set: Object.values(CHANNEL_VARIABLES) },
      "No messenger is configured: set TELEGRAM_BOT_TOKEN, or VK_GROUP_TOKEN and VK_GROUP_ID, or " +
        "MAX_BOT_TOKEN, and restart " +
        "(see .env.example). Serving /healthz and /readyz only.",
    );
  }

  // Created after the channels and stopped before them: a job may send through a channel.
  const clock = createClock({ logger: logger.child({ component: "clock" }) });
  for (const job of options.jobs ?? []) clock.register(job);

  // The outbox sends for the channels this instance runs; stopped before them, after the clock.
  const messengers = Object.fromEntries(
    journey.pipeline.channels().map((channel) => [channel, journey.pipeline.messenger(channel)!]),
  );
  const outbox = createOutbox({
    db: database.db,
    config,
    messengers,
    gates,
    logger: logger.child({ component: "outbox" }),
  });
  outbox.sender.start();
  shutdown.defer("outbox", () => outbox.sender.stop());
  journey.onNoticeQueued(() => outbox.poke());
  clock.register({ name: "outbox-sweep", run: async () => void (await outbox.sender.sweep()) });
  clock.register({ name: "update-recovery", run: async () => void (await journey.pipeline.recover()) });
  const pairing = createPairingService({
    translator,
    async notify(db, notice) {
      await notifyPerson(db, notice, { defaultTimeZone: config.defaultTimeZone });
    },
  });
  clock.register({
    name: "pairing-polls",
    run: async (now) => {
      await pairing.tick(database.db, now);
      outbox.poke();
    },
  });
  clock.register({
    name: "meeting-rhythm",
    run: async (now) => {
      await meetings.tick(database.db, now);
      outbox.poke();
    },
  });
  const roadmap = createRoadmapReminders({
    translator,
    notify: (db, notice) => notifyPerson(db, notice, { defaultTimeZone: config.defaultTimeZone }),
  });
  clock.register({
    name: "roadmap-reminders",
    run: async (now) => {
      if ((await roadmap.tick(database.db, now)) > 0) outbox.poke();
    },
  });
  const digests = createDigestService({
    translator,
    defaultTimeZone: config.defaultTimeZone,
    notify: (db, notice) => notifyPerson(db, notice, { defaultTimeZone: config.defaultTimeZone }),
  });
  clock.register({
    name: "weekly-digests",
    run: async (now) => {
      if ((await digests.tick(database.db, now)) > 0) outbox.poke();
    },
  });
  clock.register({
    name: "update-ledger-prune",
    run: async (now) => void (await journey.pipeline.prune(now)),
  });
  clock.start();
  shutdown.defer("clock", () => clock.stop());
  // What a crash of the previous run left half-handled is handled now. The embedded database has one
  // owner (its folder lock), so there everything still 'handling' is such a leftover.
  const recovered = await journey.pipeline.recover({ atStartOfOnlyInstance: database.kind === "pglite" });
  if (recovered > 0) logger.warn({ recovered }, "updates left by a previous run handled again");

  logger.info({ port, channels: channels.map((channel) => channel.name) }, "service started");
  return { port, database, http, channels, health, clock };
}

/**
 * A messenger refused one of our settings at start. Its message is the one line for the operator,
 * naming the variable to fix (e.g. TELEGRAM_BOT_TOKEN); main.ts logs it without a stack trace.
 */
export class ServiceRefusedError extends Error {
  readonly code = "setting-refused";
  readonly channel: string;
  readonly variable: string;
  constructor(cause: ChannelRefusedError) {
    const { variable, message } = describeRefusal(cause.channel, cause.failure);
    super(message, { cause });
    this.name = "ServiceRefusedError";
    this.channel = cause.channel;
    this.variable = variable;
  }
}
