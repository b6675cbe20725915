import {
  createChannelCursorRepository,
  type ChannelCursorRepository,
} from "../../updates/cursor.repository.js";
import { setTimeout as delay } from "node:timers/promises";
import type { ChannelRunner } from "../shared/channel.js";
import {
  ChannelRefusedError,
  DEFAULT_CONNECT_RETRY,
  hostOf,
  ignoredHealth,
  networkCause,
  retryDelay,
  type ChannelFailure,
  type ChannelHealth,
  type RetryDelays,
} from "../shared/health.js";
import { createInHand, DEFAULT_IN_HAND_LIMIT, type InHand } from "../shared/in-hand.js";
import type { ChannelLogger } from "../shared/logger.js";
import { DEFAULT_VK_API_ROOT } from "./api.js";
import { createVkBot, type VkBot, type VkBotOptions } from "./bot.js";
import { createVkCallbackHandler, type VkCallbackHandler } from "./callback.js";
import { describeVkError, vkErrorCode } from "./errors.js";
import { parseVkEvent, type VkGroupEvent } from "./events.js";
import { createVkLongPoll, VK_FATAL_CODES, type VkLongPoll, type VkLongPollCursor } from "./long-poll.js";
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
  /** Where the channel reports starting, ready, unreachable and dead (for /readyz). */
  health?: ChannelHealth;
  /** Pauses between attempts to reach the VK API when it does not answer at start. */
  connectRetry?: Partial<RetryDelays>;
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
 *
 * start() asks VK once (groups.getLongPollServer, or groups.getById in Callback API mode): a refused
 * token or group rejects it; an API that does not answer leaves the channel "unreachable" and start()
 * resolves, while a background loop keeps asking with backoff and begins once VK answers. A long
 * poll that VK refuses later (token revoked) reports the channel dead.
 */
export function createVkChannel(options: VkChannelOptions): VkChannel {
  const { logger, mode } = options;
  const health = options.health ?? ignoredHealth;
  const delays: RetryDelays = { ...DEFAULT_CONNECT_RETRY, ...options.connectRetry };
  const host = hostOf(options.apiRoot ?? DEFAULT_VK_API_ROOT);
  const vk = createVkBot(options);
  const inHand = createInHand(DEFAULT_IN_HAND_LIMIT);
  let accepting = false;
  let poll: VkLongPoll | undefined;
  let stopping: AbortController | undefined;
  let connecting: Promise<void> | undefined;
  let dead = false;

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

  function die(failure: ChannelFailure, error: unknown): void {
    if (dead) return;
    dead = true;
    accepting = false;
    health.dead(failure);
    options.onFatal?.(error);
  }

  function unreachable(error: unknown, where: string): void {
    const code = vkErrorCode(error);
    // A network failure's message may hold a long-poll URL with its key: a one-word cause only.
    const cause = code === undefined ? networkCause(error) : `VK error ${code}`;
    health.unreachable(where, cause);
    logger.warn({ host: where, cause }, "vk API unreachable; the channel is not ready and keeps trying");
  }

  /** True when VK answered and the channel began; false when VK could not be reached. */
  async function connect(signal: AbortSignal): Promise<boolean> {
    try {
      if (mode.kind === "callback") {
        // Callback mode needs no connection of its own; one call proves the token and the group.
        await vk.client.call("groups.getById", { group_id: options.groupId });
        if (signal.aborted) return false;
        accepting = true;
        health.ready();
        logger.info({ mode: "callback" }, "vk channel started");
        return true;
      }
      const created = createVkLongPoll({
        client: vk.client,
        groupId: options.groupId,
        logger,
        ...(mode.waitSeconds !== undefined && { waitSeconds: mode.waitSeconds }),
        ...(mode.retryDelayMs !== undefined && { retryDelayMs: mode.retryDelayMs }),
        onBatch: (updates) => takeBatch(vk, updates, inHand, logger),
        cursor: longPollCursor(options.cursors ?? createChannelCursorRepository(options.db), options.groupId),
        onFatal: (error) => die(refusal(error) ?? { reason: "long poll stopped" }, error),
        onFailing: (error) => {
          if (describeVkError(error).origin === "network") unreachable(error, "vk long poll server");
        },
        onRecovered: () => health.ready(),
      });
      await created.start();
      if (signal.aborted) {
        await created.stop();
        return false;
      }
      poll = created;
      health.ready();
      logger.info({ mode: "polling" }, "vk channel started");
      return true;
    } catch (error) {
      if (signal.aborted) return false;
      const refused = refusal(error);
      if (refused) throw new ChannelRefusedError("vk", refused, { cause: error });
      // VK's own failures (1, 10) outlasted the client's retries, or the network failed: keep trying.
      if (vkErrorCode(error) !== undefined || describeVkError(error).origin === "network") {
        unreachable(error, host);
        return false;
      }
      throw error;
    }
  }

  async function keepConnecting(signal: AbortSignal): Promise<void> {
    for (let attempt = 0; !signal.aborted; attempt++) {
      await delay(retryDelay(delays, attempt), undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      try {
        if (await connect(signal)) {
          logger.info({ host }, "vk API reachable again");
          return;
        }
      } catch (error) {
        if (error instanceof ChannelRefusedError) {
          die(error.failure, error);
          return;
        }
        // The database (the stored ts) failing: try the whole start again after the next pause.
        logger.warn({ error: describeVkError(error) }, "vk channel start failed; retrying");
      }
    }
  }

  return {
    name: "vk",
    vk,
    messenger: vk.messenger,
    ...(handleCallback && { handleCallback }),

    async start() {
      stopping = new AbortController();
      dead = false;
      health.starting();
      if (await connect(stopping.signal)) return;
      connecting = keepConnecting(stopping.signal);
    },

    async stop() {
      accepting = false;
      stopping?.abort();
      await connecting;
      connecting = undefined;
      await poll?.stop();
      poll = undefined;
      await vk.idle();
      logger.info({}, "vk channel stopped");
    },
  };
}

/** VK refusing our settings for good: which one, in words safe for /readyz; undefined otherwise. */
function refusal(error: unknown): (ChannelFailure & { setting: "token" | "groupId" }) | undefined {
  const code = vkErrorCode(error);
  if (code === undefined || !VK_FATAL_CODES.has(code)) return undefined;
  // 100 on a call that carries only group_id: the group id is wrong; 5, 15, 27: the token.
  const setting = code === 100 ? "groupId" : "token";
  return {
    setting,
    reason: `VK refused the community ${setting === "token" ? "token" : "id"} (error ${code})`,
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
 * Claims a long-poll batch in one statement, in order, and hands each new event to its person's
 * queue; resolves once it is recorded (and there is room in hand), so the next poll need not wait for
 * this batch's answers. A claim that fails (the database is away) rejects the batch, and the long
 * poll asks for it again.
 */
async function takeBatch(
  vk: VkBot,
  updates: unknown[],
  inHand: InHand,
  logger: ChannelLogger,
): Promise<void> {
  const events: VkGroupEvent[] = [];
  for (const update of updates) {
    const parsed = parseVkEvent(update);
    if (parsed.ok) events.push(parsed.event);
    else logger.warn({ reason: parsed.reason }, "vk long poll event unreadable");
  }
  let claimed: VkGroupEvent[];
  try {
    claimed = await vk.claimBatch(events);
  } catch (error) {
    logger.error({ error: describeVkError(error) }, "vk long poll batch not claimed");
    throw error;
  }
  for (const event of claimed) inHand.add(vk.process(event));
  await inHand.room();
}
