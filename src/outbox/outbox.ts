import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { VK_COMMUNITY_REQUESTS_PER_SECOND } from "../channels/vk/limits.js";
import type { Config } from "../config.js";
import type { Messenger } from "../core/ports.js";
import type { Channel, Database } from "../storage/tables.js";
import { createOutboxSender, type OutboxLogger, type OutboxSender } from "./outbox-sender.js";
import { notifyPerson, type Notice, type NoticeOutcome } from "./outbox.service.js";
import { createRateGate, type RateGate } from "./rate-gate.js";

export interface Outbox {
  /**
   * Queues a message for a person (see notifyPerson). Outside a transaction the local sender is
   * woken at once; inside one, call `poke()` after the commit (or the next idle check finds it).
   */
  notifyPerson(db: Kysely<Database>, notice: Notice): Promise<NoticeOutcome>;
  poke(): void;
  sender: OutboxSender;
  /** One per paced channel: hand the reply path `gates.telegram.take()` and pausePushOnFloodWait. */
  gates: Partial<Record<Channel, RateGate>>;
}

/**
 * One gate per paced channel the configuration runs: Telegram at TELEGRAM_RATE_LIMIT, VK at its 20/s,
 * MAX at MAX_RATE_LIMIT.
 */
export function createRateGates(config: Config): Partial<Record<Channel, RateGate>> {
  return {
    ...(config.telegram && { telegram: createRateGate({ ratePerSecond: config.telegram.rateLimit }) }),
    ...(config.vk && { vk: createRateGate({ ratePerSecond: VK_COMMUNITY_REQUESTS_PER_SECOND }) }),
    ...(config.max && { max: createRateGate({ ratePerSecond: config.max.rateLimit }) }),
  };
}

/**
 * The outbox as the composition root wires it: the gates from the configuration, a sender for the
 * channels this instance runs, and notifyPerson bound to the service's defaults.
 */
export function createOutbox(deps: {
  db: Kysely<Database>;
  config: Config;
  messengers: Partial<Record<Channel, Messenger>>;
  logger: OutboxLogger;
  clock?: () => Date;
  /** The gates the channels' reply paths already share (createRateGates); made here when absent. */
  gates?: Partial<Record<Channel, RateGate>>;
}): Outbox {
  const { config } = deps;
  const gates = deps.gates ?? createRateGates(config);
  const channels = Object.keys(deps.messengers) as Channel[];
  const sender = createOutboxSender({
    db: deps.db,
    channels,
    messenger: (channel) => deps.messengers[channel],
    gates,
    // Bots of one channel that share a database (a staging bot beside production) keep apart.
    rateKey: (channel) =>
      channel === "telegram" && config.telegram
        ? `telegram:${config.telegram.token.split(":")[0]}`
        : channel === "vk" && config.vk
          ? `vk:${config.vk.groupId}`
          : channel === "max" && config.max
            ? // A MAX token names no bot; its digest does, without putting the token in the database.
              `max:${createHash("sha256").update(config.max.token).digest("hex").slice(0, 16)}`
            : channel,
    logger: deps.logger,
    ...(deps.clock && { clock: deps.clock }),
  });
  return {
    async notifyPerson(db, notice) {
      const outcome = await notifyPerson(db, notice, {
        defaultTimeZone: config.defaultTimeZone,
        channels,
        ...(deps.clock && { now: deps.clock() }),
      });
      if (outcome.status === "queued" && !db.isTransaction) sender.poke();
      return outcome;
    },
    poke: () => sender.poke(),
    sender,
    gates,
  };
}
