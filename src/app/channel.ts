import type { ChannelHealth } from "../channels/shared/health.js";
import type { RateGate } from "../outbox/rate-gate.js";
import type { Channel as MessengerChannel } from "../storage/tables.js";
import type { Config } from "../config.js";
import type { JourneyHub } from "./journey-hub.js";
import type { FormDefinition } from "../core/forms/definition.js";
import type { HttpServer } from "../http/server.js";
import type { Translator } from "../i18n/translator.js";
import type { Logger } from "../logging/logger.js";
import type { DatabaseHandle } from "../storage/database.js";

export type ChannelName = "telegram" | "vk" | "max" | "console";

/**
 * One messenger connection as the composition root sees it. The service starts every configured
 * channel after the database and the HTTP port are up, and stops them first on shutdown.
 *
 * @example
 * const channel = await createTelegramChannel(deps, config.telegram);
 * await channel.start(); // long polling, or setWebhook + deps.http.route(...) when config.webhook is set
 * await channel.stop();  // resolves after the updates in hand are handled
 */
export interface Channel {
  readonly name: ChannelName;
  /**
   * Begins taking updates and resolves once it does (polling loop running, or webhook registered).
   * A rejection stops the start-up: a token the messenger refuses should fail loudly, not idle.
   */
  start(): Promise<void>;
  /**
   * Stops taking new updates and resolves once the ones already taken are handled. In webhook mode
   * it must not delete the webhook: the other instances behind the load balancer still serve it.
   */
  stop(): Promise<void>;
}

/** What a channel factory receives: every dependency explicit, nothing module-level. */
export interface ChannelDependencies {
  config: Config;
  /** Already bound to `{ channel: name }` by the registry. */
  logger: Logger;
  database: DatabaseHandle;
  translator: Translator;
  /** Every form the service runs: the built-in ones plus the operator's from FORMS_DIR, validated. */
  forms: readonly FormDefinition[];
  /** The participant journey: a channel connects its messenger and gets the handler for its events. */
  journey: JourneyHub;
  /** The service's HTTP port: webhook handlers mount here, e.g. `http.route("/webhooks/telegram", handler)`. */
  http: HttpServer;
  /** Where the channel reports whether it works (/readyz); bound to its name by the registry. */
  health?: ChannelHealth;
  /** Each paced bot's send rate, shared by replies and the outbox (src/outbox/rate-gate.ts). */
  gates?: Partial<Record<MessengerChannel, RateGate>>;
}
