import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import type { Channel, ChannelDependencies } from "../../src/app/channel.js";
import { createChannels, defineChannel } from "../../src/app/channels.js";
import { startService, StartInterrupted } from "../../src/app/service.js";
import { createConfig, type Config } from "../../src/config.js";
import { createShutdown } from "../../src/lifecycle/shutdown.js";
import { createLogger } from "../../src/logging/logger.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

function captureLogger() {
  const raw: string[] = [];
  const logger = createLogger(createConfig({ LOG_LEVEL: "debug" }), {
    destination: { write: (line: string) => void raw.push(line) },
  });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/**
 * A fresh, unmigrated database for the service to migrate on start: a database of its own on the
 * server when DATABASE_URL is set, else in-memory PGlite (the service opens its own instance).
 */
async function serviceConfig(
  env: Record<string, string> = {},
): Promise<{ config: Config; server?: TestDatabase }> {
  if (process.env.DATABASE_URL) {
    const server = await createTestDatabase({ migrate: false });
    if (server.config.kind === "postgres") {
      return { config: createConfig({ ...env, DATABASE_URL: server.config.url, PORT: "0" }), server };
    }
  }
  return { config: createConfig({ ...env, DATA_DIR: "memory://", PORT: "0" }) };
}

/** A channel that only records what the service asks of it, and what it can still reach then. */
function recordingChannel(deps: ChannelDependencies, events: string[]): Channel {
  return {
    name: "telegram",
    async start() {
      events.push(`start (database ${(await deps.database.ping()) ? "up" : "down"})`);
      deps.http.route("/webhooks/telegram", (_request, response) => void response.end("ok"));
    },
    async stop() {
      events.push(`stop (database ${(await deps.database.ping()) ? "up" : "down"})`);
    },
  };
}

// Each test opens and migrates a database of its own (PGlite takes seconds on a busy machine).
describe("startService", { timeout: 90_000 }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("migrates, serves health on the port, starts configured channels, and shuts down in reverse", async () => {
    const { config, server } = await serviceConfig({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN });
    if (server) cleanups.push(() => server.close());
    const log = captureLogger();
    const shutdown = createShutdown({ logger: log.logger, exit: () => {} });
    cleanups.push(() => shutdown.run("test cleanup"));
    const events: string[] = [];
    const channels = [
      defineChannel(
        "telegram",
        (c) => c.telegram,
        (deps, settings) => {
          events.push(`create with token ${settings.token === TELEGRAM_TOKEN ? "from config" : "?"}`);
          return Promise.resolve(recordingChannel(deps, events));
        },
      ),
      defineChannel(
        "vk",
        (c) => c.vk,
        () => Promise.reject(new Error("must not be built without VK settings")),
      ),
    ];

    const service = await startService({ config, logger: log.logger, shutdown, channels });

    expect(service.port).toBeGreaterThan(0);
    expect(service.channels.map((channel) => channel.name)).toEqual(["telegram"]);
    const formsLoaded = log.lines().find((line) => line.msg === "forms loaded");
    expect(formsLoaded?.forms).toBeGreaterThan(0);
    expect(events).toEqual(["create with token from config", "start (database up)"]);
    const ready = await fetch(`http://127.0.0.1:${service.port}/readyz`);
    expect(ready.status).toBe(200);
    const webhook = await fetch(`http://127.0.0.1:${service.port}/webhooks/telegram`, { method: "POST" });
    expect(await webhook.text()).toBe("ok");
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(
      service.database.db,
    );
    expect(rows.map((row) => row.name)).toContain("2026-11-23T09-00_initial-schema");

    expect(await shutdown.run("SIGTERM")).toBe(0);
    // The channel stopped while the database still answered; then the port and the pool closed.
    expect(events.at(-1)).toBe("stop (database up)");
    expect(await service.database.ping()).toBe(false);
    await expect(fetch(`http://127.0.0.1:${service.port}/healthz`)).rejects.toThrow();
    const steps = log
      .lines()
      .filter((line) => line.msg === "shutdown step")
      .map((line) => line.step);
    expect(steps).toEqual(["clock", "outbox", "channel telegram", "http server", "database"]);
  });

  it("without any messenger configured, logs exactly which variables to set", async () => {
    const { config, server } = await serviceConfig();
    if (server) cleanups.push(() => server.close());
    const log = captureLogger();
    const shutdown = createShutdown({ logger: log.logger, exit: () => {} });
    cleanups.push(() => shutdown.run("test cleanup"));

    const service = await startService({ config, logger: log.logger, shutdown, channels: [] });

    expect(service.channels).toEqual([]);
    const hint = log.lines().find((line) => line.level === "warn");
    expect(hint?.set).toEqual(["TELEGRAM_BOT_TOKEN", "VK_GROUP_TOKEN + VK_GROUP_ID", "MAX_BOT_TOKEN"]);
    expect(hint?.msg).toMatch(
      /^No messenger is configured: set TELEGRAM_BOT_TOKEN, or VK_GROUP_TOKEN and VK_GROUP_ID, or MAX_BOT_TOKEN/,
    );
  });

  it("warns when a token is set for a channel this build does not have, and does not start it", async () => {
    const { config, server } = await serviceConfig({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN });
    if (server) cleanups.push(() => server.close());
    const log = captureLogger();
    const shutdown = createShutdown({ logger: log.logger, exit: () => {} });
    cleanups.push(() => shutdown.run("test cleanup"));

    const service = await startService({ config, logger: log.logger, shutdown, channels: [] });

    expect(service.channels).toEqual([]);
    const warnings = log.lines().filter((line) => line.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ channel: "telegram", variable: "TELEGRAM_BOT_TOKEN" });
    expect(JSON.stringify(log.lines())).not.toContain(TELEGRAM_TOKEN);
  });

  it("a channel that fails to start fails the start; shutdown then closes the port and the pool", async () => {
    const { config, server } = await serviceConfig({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN });
    if (server) cleanups.push(() => server.close());
    const log = captureLogger();
    const shutdown = createShutdown({ logger: log.logger, exit: () => {} });
    let deps: ChannelDependencies | undefined;
    const refused = defineChannel(
      "telegram",
      (c) => c.telegram,
      (channelDeps) => {
        deps = channelDeps;
        return Promise.resolve({
          name: "telegram",
          start: () => Promise.reject(new Error("401: Unauthorized")),
          stop: () => Promise.reject(new Error("a channel that never started is not stopped")),
        });
      },
    );

    await expect(startService({ config, logger: log.logger, shutdown, channels: [refused] })).rejects.toThrow(
      "401: Unauthorized",
    );
    expect(await shutdown.run("start-up failed")).toBe(0);
    expect(await deps!.database.ping()).toBe(false);
  });

  it("refuses to start when FORMS_DIR cannot be read, naming the folder, and releases what it opened", async () => {
    const missing = "/nonexistent/nastavnik-forms";
    const { config, server } = await serviceConfig({ FORMS_DIR: missing });
    if (server) cleanups.push(() => server.close());
    const log = captureLogger();
    const shutdown = createShutdown({ logger: log.logger, exit: () => {} });

    await expect(startService({ config, logger: log.logger, shutdown, channels: [] })).rejects.toThrow(
      missing,
    );
    expect(log.lines().some((line) => line.msg === "HTTP server listening")).toBe(false);
    expect(await shutdown.run("start-up failed")).toBe(0);
    expect(
      log
        .lines()
        .filter((line) => line.msg === "shutdown step")
        .map((line) => line.step),
    ).toEqual(["database"]);
  });

  it("stops starting when shutdown began meanwhile, and releases what it opened", async () => {
    const { config, server } = await serviceConfig();
    if (server) cleanups.push(() => server.close());
    const log = captureLogger();
    const shutdown = createShutdown({ logger: log.logger, exit: () => {} });
    const running = shutdown.run("SIGTERM before start");

    await expect(startService({ config, logger: log.logger, shutdown, channels: [] })).rejects.toBeInstanceOf(
      StartInterrupted,
    );
    expect(await running).toBe(0);
    expect(log.lines().some((line) => line.msg === "HTTP server listening")).toBe(false);
    // The database opened before the check was closed at once (defer after shutdown runs the step).
    expect(
      log
        .lines()
        .filter((line) => line.msg === "shutdown step")
        .map((line) => line.step),
    ).toContain("database");
  });
});

describe("createChannels", () => {
  it("builds nothing and reports nothing missing when no messenger is configured", async () => {
    const deps = { config: createConfig({}), logger: captureLogger().logger } as ChannelDependencies;
    expect(await createChannels(deps)).toEqual({ channels: [], unavailable: [] });
  });

  it("reports configured messengers that have no registration", async () => {
    const config = createConfig({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      VK_GROUP_TOKEN: "vk",
      VK_GROUP_ID: "1",
    });
    const deps = { config, logger: captureLogger().logger } as ChannelDependencies;
    expect(await createChannels(deps, [])).toEqual({ channels: [], unavailable: ["telegram", "vk"] });
  });
});
