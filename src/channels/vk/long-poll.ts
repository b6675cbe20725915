import { setTimeout as delay } from "node:timers/promises";
import { z } from "zod";
import type { ChannelLogger } from "../shared/logger.js";
import type { VkApiClient } from "./api.js";
import { describeVkError } from "./errors.js";

/**
 * Bots Long Poll (dev.vk.com/api/bots-long-poll), our own loop rather than vk-io's PollingTransport,
 * for three reasons: stop() must abort the request in flight (vk-io's leaves it open and would hand
 * its events to a stopped bot); every event needs its envelope's event_id for the update ledger (vk-io
 * drops it when it builds a context); and a batch the database could not take must be asked for
 * again with the same `ts` rather than skipped.
 *
 * With a `cursor`, the `ts` after each handled batch is stored, and a (re)start resumes from it, so
 * what people wrote while no instance polled (a deploy, a crash) is read then, as long as VK still
 * keeps it; when it does not, VK answers `failed: 1` with a newer `ts` and the loop carries on there.
 */
export interface VkLongPollOptions {
  client: VkApiClient;
  groupId: number;
  logger: ChannelLogger;
  /** Takes one batch; a rejection means "not taken": the same batch is asked for again. */
  onBatch(updates: unknown[]): Promise<void>;
  /** Seconds VK may hold a request open (at most 90; 25 as VK suggests). */
  waitSeconds?: number;
  /** First pause after a failure, doubled up to 30 s. */
  retryDelayMs?: number;
  /** Called once when polling gives up for good (the token or the group refused). */
  onFatal?(error: unknown): void;
  /** Called after each failed poll (the loop pauses and retries), for health reporting. */
  onFailing?(error: unknown): void;
  /** Called on the first successful poll after failures. */
  onRecovered?(): void;
  /** Where this community's polling stopped last time; without it every start begins at VK's "now". */
  cursor?: VkLongPollCursor;
}

/** The stored `ts` of one community (see updates/cursor.repository.ts). */
export interface VkLongPollCursor {
  /** The `ts` after the last batch fully handled, or undefined the first time. */
  load(): Promise<string | undefined>;
  /** Stores a `ts` whose earlier events were all handled; must never move the stored one back. */
  save(ts: string): Promise<void>;
}

export interface VkLongPoll {
  /** Gets a server and key, then polls in the background; rejects if VK refuses the first request. */
  start(): Promise<void>;
  /** Aborts the request in flight and resolves when the loop (and the batch in hand) has ended. */
  stop(): Promise<void>;
}

const serverSchema = z.object({
  key: z.string(),
  server: z.string(),
  ts: z.union([z.string(), z.number()]).transform(String),
});

const answerSchema = z.union([
  z.object({ failed: z.literal(1), ts: z.union([z.string(), z.number()]).transform(String) }),
  z.object({ failed: z.union([z.literal(2), z.literal(3)]) }),
  z.object({ ts: z.union([z.string(), z.number()]).transform(String), updates: z.array(z.unknown()) }),
]);

/** API errors that will not pass by waiting: a bad token (5), no rights (15, 27), a wrong group (100). */
export const VK_FATAL_CODES: ReadonlySet<number> = new Set([5, 15, 27, 100]);

export function createVkLongPoll(options: VkLongPollOptions): VkLongPoll {
  const { client, groupId, logger } = options;
  const waitSeconds = options.waitSeconds ?? 25;
  const firstDelay = options.retryDelayMs ?? 1000;
  let server: z.infer<typeof serverSchema> | undefined;
  let ts: string | undefined;
  /** The last `ts` handed to the cursor, so an empty answer (same ts) writes nothing. */
  let saved: string | undefined;
  let running = false;
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;

  async function getServer(keepTs: boolean): Promise<void> {
    const answer = serverSchema.parse(await client.call("groups.getLongPollServer", { group_id: groupId }));
    server = answer;
    if (!keepTs || ts === undefined) ts = answer.ts;
  }

  async function pollOnce(signal: AbortSignal): Promise<void> {
    const url = new URL(server!.server);
    url.searchParams.set("act", "a_check");
    url.searchParams.set("key", server!.key);
    url.searchParams.set("ts", ts!);
    url.searchParams.set("wait", String(waitSeconds));
    // A request VK holds longer than it promised is a dead connection: give up on it.
    const timeout = AbortSignal.timeout((waitSeconds + 15) * 1000);
    const response = await fetch(url, { signal: AbortSignal.any([signal, timeout]) });
    if (!response.ok) throw new Error(`long poll answered HTTP ${response.status}`);
    const answer = answerSchema.parse(await response.json());
    if ("failed" in answer) {
      // 1: events were lost, carry on from the ts given; 2: the key expired; 3: key and ts expired.
      if (answer.failed === 1) {
        // Events between our ts and this one are gone for good (a stored ts VK no longer keeps).
        logger.warn({ failed: 1 }, "vk long poll history lost, continuing from the ts given");
        ts = answer.ts;
      } else {
        logger.info({ failed: answer.failed }, "vk long poll asks to refresh");
        await getServer(answer.failed === 2);
      }
      await remember();
      return;
    }
    if (answer.updates.length > 0) await options.onBatch(answer.updates);
    // Only a batch taken (recorded) moves ts on (and the stored one); a rejection above leaves
    // both, so the batch comes again, and a crash before this line re-reads it after the restart.
    ts = answer.ts;
    await remember();
  }

  /**
   * Stores ts once it moved. A failure is only logged: polling goes on, and the worst a crash before
   * the next successful write costs is reading some events again, which the update ledger absorbs.
   */
  async function remember(): Promise<void> {
    if (!options.cursor || ts === undefined || ts === saved) return;
    try {
      await options.cursor.save(ts);
      saved = ts;
    } catch (error) {
      logger.warn({ error: describeVkError(error) }, "vk long poll ts not stored");
    }
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      controller = new AbortController();
      try {
        await pollOnce(controller.signal);
        if (failures > 0) options.onRecovered?.();
        failures = 0;
      } catch (error) {
        if (!running) break;
        const code = (error as { code?: unknown }).code;
        if (typeof code === "number" && VK_FATAL_CODES.has(code)) {
          logger.error({ error: describeVkError(error) }, "vk long poll stopped");
          running = false;
          options.onFatal?.(error);
          break;
        }
        failures++;
        options.onFailing?.(error);
        const wait = Math.min(30_000, firstDelay * 2 ** Math.min(failures - 1, 10));
        logger.warn({ failures, wait, error: describeVkError(error) }, "vk long poll failed, retrying");
        await delay(wait, undefined, { signal: controller.signal }).catch(() => undefined);
        // After a few failures the server itself may have moved: ask for a new one, keeping ts.
        if (running && failures % 3 === 0) await getServer(true).catch(() => undefined);
      }
    }
  }

  return {
    async start() {
      if (running) throw new Error("vk long poll already running");
      // Read before asking VK: a database that is away fails the start rather than silently
      // starting at VK's "now" and losing what was written meanwhile.
      const stored = await options.cursor?.load();
      await getServer(false);
      if (stored !== undefined) {
        ts = stored;
        saved = stored;
        logger.info({ ts: stored, current: server!.ts }, "vk long poll resumes from the stored ts");
      } else {
        // The first start stores VK's "now" at once: a crash during the very first batch then
        // re-reads it rather than starting after it.
        await remember();
      }
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      controller?.abort();
      await loop;
      loop = undefined;
    },
  };
}
