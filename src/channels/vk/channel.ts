import {
  createChannelCursorRepository,
  type ChannelCursorRepository,
} from "../../updates/cursor.repository.js";
import type { ChannelRunner } from "../shared/channel.js";
import type { ChannelLogger } from "../shared/logger.js";
import { createVkBot, type VkBot, type VkBotOptions } from "./bot.js";
import { createVkCallbackHandler, type VkCallbackHandler } from "./callback.js";
import { describeVkError } from "./errors.js";
import { parseVkEvent } from "./events.js";
import { createVkLongPoll, type VkLongPoll, type VkLongPollCursor } from "./long-poll.js";
import type { VkMessenger } from "./messenger.js";

export type VkMode =
  /**
   * Bots Long Poll: one instance asks VK for events. Turn it on in the community (Manage → Working
   * with API → Long Poll API) with the event types message_new, message_event, message_allow and
   * message_deny. The last `ts` handled is stored per community, so a restart resumes there.
   */
  | { kind: "polling"; waitSeconds?: number; retryDelayMs?: number }
  /**
   * Callback API: VK posts events to the service's URL, where `handleCallback` must be mounted;
   * several instances may share it behind a load balancer.
   */
  | { kind: "callback"; confirmation: string; secret: string };

export interface VkChannelOptions extends VkBotOptions {
  mode: VkMode;
  /** Called when polling stops for good (token revoked, long poll turned off for the community). */
  onFatal?: (error: unknown) => void;
  /** Where Long Poll stopped reading (built from `db` otherwise). */
  cursors?: ChannelCursorRepository;
}

export interface VkChannel extends ChannelRunner {
  readonly name: "vk";
  readonly vk: VkBot;
  readonly messenger: VkMessenger;
  /**
   * Callback API mode only: the Node handler for VK's POSTs. A request without the right `secret`
   * gets 403 and changes nothing; after stop() every request gets 503 so VK delivers it again.
   */
  readonly handleCallback?: VkCallbackHandler;
}

/**
 * The VK channel as the composition root sees it: start, stop, a messenger (with sendMany for the
 * outbox), and in Callback API mode a request handler to mount on the service's HTTP server.
 */
export function createVkChannel(options: VkChannelOptions): VkChannel {
  const { logger, mode } = options;
  const vk = createVkBot(options);
  let accepting = false;
  let poll: VkLongPoll | undefined;

  const handleCallback =
    mode.kind === "callback"
      ? createVkCallbackHandler({
          bot: vk,
          groupId: options.groupId,
          secret: mode.secret,
          confirmation: mode.confirmation,
          logger,
          accepting: () => accepting,
        })
      : undefined;

  return {
    name: "vk",
    vk,
    messenger: vk.messenger,
    ...(handleCallback && { handleCallback }),

    async start() {
      if (mode.kind === "callback") {
        accepting = true;
        logger.info({ mode: "callback" }, "vk channel started");
        return;
      }
      poll = createVkLongPoll({
        client: vk.client,
        groupId: options.groupId,
        logger,
        ...(mode.waitSeconds !== undefined && { waitSeconds: mode.waitSeconds }),
        ...(mode.retryDelayMs !== undefined && { retryDelayMs: mode.retryDelayMs }),
        onBatch: (updates) => takeBatch(vk, updates, logger),
        cursor: longPollCursor(options.cursors ?? createChannelCursorRepository(options.db), options.groupId),
        ...(options.onFatal && { onFatal: options.onFatal }),
      });
      await poll.start();
      logger.info({ mode: "polling" }, "vk channel started");
    },

    async stop() {
      accepting = false;
      await poll?.stop();
      poll = undefined;
      await vk.idle();
      logger.info({}, "vk channel stopped");
    },
  };
}

/** One community's stored ts: keyed by group id, so a token moved to another community starts afresh. */
function longPollCursor(cursors: ChannelCursorRepository, groupId: number): VkLongPollCursor {
  const key = String(groupId);
  return {
    load: () => cursors.get("vk", key),
    async save(ts) {
      await cursors.advance("vk", key, ts);
    },
  };
}

/**
 * Claims a long-poll batch in order and hands each new event to its person's queue; resolves when
 * they are handled. A claim that fails (the database is away) rejects the batch, and the long poll
 * asks for it again: the events claimed before are then recognised and skipped.
 */
async function takeBatch(vk: VkBot, updates: unknown[], logger: ChannelLogger): Promise<void> {
  const handling: Promise<void>[] = [];
  try {
    for (const update of updates) {
      const parsed = parseVkEvent(update);
      if (!parsed.ok) {
        logger.warn({ reason: parsed.reason }, "vk long poll event unreadable");
        continue;
      }
      if (await vk.claim(parsed.event)) handling.push(vk.process(parsed.event));
    }
  } catch (error) {
    logger.error({ error: describeVkError(error) }, "vk long poll batch not claimed");
    throw error;
  } finally {
    await Promise.all(handling);
  }
}
