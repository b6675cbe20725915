import type { Kysely } from "kysely";
import type { BulkDelivery, Messenger } from "../core/ports.js";
import type { Channel, Database } from "../storage/tables.js";
import { createOutboxRepository, type ClaimedDelivery, type ClaimToken } from "./outbox.repository.js";
import type { RateGate } from "./rate-gate.js";

/** The slice of a logger the sender uses (pino fits). Fields carry ids and codes, never texts. */
export interface OutboxLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export interface BackoffOptions {
  /** The pause after the first failed attempt; doubled after each further one. */
  baseMs: number;
  maxMs: number;
  /** [0, 1): the jitter's source (tests pass a constant). */
  random: () => number;
}

export interface OutboxSenderOptions {
  db: Kysely<Database>;
  /** The messenger of a channel this instance runs; undefined for one it does not. */
  messenger(channel: Channel): Messenger | undefined;
  /** The channels this instance sends for; rows of others are left to the instances that run them. */
  channels: readonly Channel[];
  /**
   * Each bot's rate, shared with this process's replies. A channel without a gate is not paced
   * (the console). The rate is the bot's total across all instances: senders take turns through
   * the database (see docs/decisions/0003-rate-limits.md).
   */
  gates?: Partial<Record<Channel, RateGate>>;
  /** Tells bots of one channel apart in the shared window; the channel's name by default. */
  rateKey?: (channel: Channel) => string;
  /** The time written to rows (due, lease, sent). Pacing follows the real clock and the database's. */
  clock?: () => Date;
  logger?: OutboxLogger;
  /** Rows claimed at once; default 100 (VK's peer_ids per call). */
  batchSize?: number;
  /** How long a claim holds a row; a sender that died is recovered after it. Default 2 minutes. */
  leaseMs?: number;
  /** Attempts before a delivery becomes a dead letter ('failed'). Default 8. */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  /** The pause when nothing is due (poke() ends it early). Default 1 s. */
  idleMs?: number;
  /** Batches one sender has under way: the next is claimed while the last is sent. Default 2. */
  parallelBatches?: number;
  /** Calls to a messenger at the same time, at most. Default 32. */
  maxInFlight?: number;
  /** How often the loop itself gives expired claims back (the clock's tick does too). Default 1 min. */
  sweepEveryMs?: number;
}

export interface SendReport {
  claimed: number;
  sent: number;
  skipped: number;
  /** Failed this time, due again after a backoff. */
  retried: number;
  /** Dead letters: failed for the last allowed time. */
  failed: number;
  /** Given back untried (stopping, or the lease ran out before their turn). */
  released: number;
}

export interface OutboxSender {
  /** Claims one batch of due rows, sends it and records what happened. */
  runOnce(): Promise<SendReport>;
  /** Runs batches while there is work; sleeps briefly when idle. */
  start(): void;
  /** Stops claiming, gives back claims not yet tried, waits for sends under way. */
  stop(): Promise<void>;
  /** Something was queued in this process: look now instead of after the idle pause. */
  poke(): void;
  /** Crash recovery: rows whose sender died go back to 'pending' (or 'failed' past maxAttempts). */
  sweep(): Promise<{ requeued: number; failed: number }>;
}

type Outcome =
  | { kind: "sent" }
  | { kind: "skipped"; code: string; blockAccount: boolean }
  | { kind: "error"; code: string };

/** One call to a messenger: one row, or several with the same message (sendMany). */
interface PlannedCall {
  rows: ClaimedDelivery[];
  /** Platform requests it takes (a long Telegram text goes in parts). */
  cost: number;
  run(): Promise<Map<number, Outcome>>;
}

const TELEGRAM_TEXT_LIMIT = 4096;
const PEER_IDS_PER_CALL = 100;

const SILENT: OutboxLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * A short, stable code for a failure, for `last_error` and logs: the platform's error number or the
 * error's class, never its message (which may quote the text that was sent).
 */
export function failureCode(error: unknown): string {
  if (error !== null && typeof error === "object") {
    const fields = error as { error_code?: unknown; code?: unknown; name?: unknown };
    if (typeof fields.error_code === "number") return `api-${fields.error_code}`;
    if (
      typeof fields.code === "number" ||
      (typeof fields.code === "string" && /^[\w-]{1,32}$/.test(fields.code))
    )
      return `code-${String(fields.code)}`;
    if (typeof fields.name === "string" && /^\w{1,40}$/.test(fields.name)) return fields.name;
  }
  return "unknown";
}

/**
 * The outbox's sender: claims due deliveries of the channels this instance runs with
 * FOR UPDATE SKIP LOCKED, sends each through its channel at the bot's rate, and records the outcome.
 * At least once: a sender that dies between sending and recording sends that batch again once its
 * lease expires (docs/decisions/0002-outbox-delivery.md).
 */
export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const repository = createOutboxRepository(options.db);
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? SILENT;
  const leaseMs = options.leaseMs ?? 120_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoff: BackoffOptions = {
    baseMs: 10_000,
    maxMs: 3_600_000,
    random: Math.random,
    ...options.backoff,
  };
  const idleMs = options.idleMs ?? 1000;
  const parallelBatches = Math.max(1, options.parallelBatches ?? 2);
  const maxInFlight = Math.max(1, options.maxInFlight ?? 32);
  const sweepEveryMs = options.sweepEveryMs ?? 60_000;
  const rateKey = options.rateKey ?? ((channel: Channel) => channel);
  const gates = options.gates ?? {};
  const channels = [...options.channels];
  // A batch must fit well inside its lease even at the slowest served rate, or it would be resent.
  const slowest = Math.min(...channels.map((c) => gates[c]?.ratePerSecond ?? Infinity));
  const batchSize = Math.max(
    1,
    Math.min(
      options.batchSize ?? 100,
      Number.isFinite(slowest) ? Math.floor((slowest * leaseMs) / 4000) : Infinity,
    ),
  );

  let running = false;
  let loopDone: Promise<void> | undefined;
  let stopping = new AbortController();
  let poked = false;
  let wake: (() => void) | undefined;

  function retryDelay(attempts: number): number {
    const full = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
    // "Equal jitter": at least half the pause, so retries spread out without ever coming back at once.
    return full / 2 + backoff.random() * (full / 2);
  }

  function fromResult(result: BulkDelivery["result"]): Outcome {
    if (result.ok) return { kind: "sent" };
    if ("code" in result) return { kind: "error", code: `refused-${result.code}` };
    if (result.reason === "blocked") return { kind: "skipped", code: "blocked", blockAccount: true };
    // "gone" is about edits; a new message that comes back so will not fare better next time.
    return { kind: "skipped", code: result.reason, blockAccount: false };
  }

  function plan(messenger: Messenger, rows: ClaimedDelivery[]): PlannedCall[] {
    const single = (row: ClaimedDelivery): PlannedCall => ({
      rows: [row],
      cost: Math.max(1, Math.ceil(row.message.text.length / TELEGRAM_TEXT_LIMIT)),
      async run() {
        try {
          const outcome = fromResult(await messenger.send(row.chatId!, row.message));
          return new Map([[row.id, outcome]]);
        } catch (error) {
          const outcome: Outcome = { kind: "error", code: `${row.channel}:${failureCode(error)}` };
          return new Map([[row.id, outcome]]);
        }
      },
    });
    const sendMany = messenger.sendMany?.bind(messenger);
    if (!sendMany) return rows.map(single);

    // Identical messages share one call; a chat that already has a place in a group gets its own call,
    // since sendMany sends a chat the message once however often it is named.
    const groups = new Map<string, ClaimedDelivery[][]>();
    for (const row of rows) {
      const key = JSON.stringify(row.message);
      const list = groups.get(key) ?? [];
      let group = list.find(
        (g) => g.length < PEER_IDS_PER_CALL && !g.some((other) => other.chatId === row.chatId),
      );
      if (!group) {
        group = [];
        list.push(group);
      }
      group.push(row);
      groups.set(key, list);
    }
    const calls: PlannedCall[] = [];
    for (const list of groups.values()) {
      for (const group of list) {
        if (group.length === 1) {
          calls.push(single(group[0]!));
          continue;
        }
        const message = group[0]!.message;
        calls.push({
          rows: group,
          cost: Math.max(1, Math.ceil(message.text.length / TELEGRAM_TEXT_LIMIT)),
          async run() {
            const outcomes = new Map<number, Outcome>();
            try {
              const results = await sendMany(
                group.map((row) => row.chatId!),
                message,
              );
              const byChat = new Map(results.map((r) => [r.chatId, r.result]));
              for (const row of group) {
                const result = byChat.get(row.chatId!);
                outcomes.set(
                  row.id,
                  result ? fromResult(result) : { kind: "error", code: `${row.channel}:no-result` },
                );
              }
            } catch (error) {
              const code = `${group[0]!.channel}:${failureCode(error)}`;
              for (const row of group) outcomes.set(row.id, { kind: "error", code });
            }
            return outcomes;
          },
        });
      }
    }
    return calls;
  }

  /** Sends one channel's rows of a batch at the bot's rate; rows not tried are returned for release. */
  async function sendChannel(
    channel: Channel,
    rows: ClaimedDelivery[],
    outcomes: Map<number, Outcome>,
    untried: ClaimedDelivery[],
  ): Promise<void> {
    const messenger = options.messenger(channel);
    if (!messenger) {
      for (const row of rows) outcomes.set(row.id, { kind: "error", code: `${channel}:no-messenger` });
      return;
    }
    const calls = plan(messenger, rows);
    const gate = gates[channel];
    let start = Date.now();
    let interval = 0;
    if (gate) {
      interval = 1000 / gate.ratePerSecond;
      // Replies this process sent since the last window are charged ahead of it, so the other
      // instances slow down for them too.
      const replies = gate.drainReplies();
      const cost = calls.reduce((sum, call) => sum + call.cost, 0);
      const notBefore = Math.max(0, gate.pausedUntil - Date.now());
      const opensIn = await repository.reserveWindow(
        channel,
        rateKey(channel),
        (cost + replies) * interval,
        notBefore,
      );
      start = Date.now() + opensIn + replies * interval;
    }

    const inFlight = new Set<Promise<void>>();
    let offset = 0;
    for (const [index, call] of calls.entries()) {
      const at = start + offset * interval;
      offset += call.cost;
      try {
        if (gate) await gate.waitTurn(at, stopping.signal);
        while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      } catch {
        // Stopping: what has not started goes back untried.
        for (const rest of calls.slice(index)) untried.push(...rest.rows);
        break;
      }
      // A claim whose lease has run out may already be another sender's: do not send it as well.
      const expired = call.rows[0]!.lockedUntil.getTime() <= clock().getTime();
      if (stopping.signal.aborted || expired) {
        for (const rest of calls.slice(index)) untried.push(...rest.rows);
        break;
      }
      const task = call.run().then((results) => {
        for (const [id, outcome] of results) outcomes.set(id, outcome);
      });
      const tracked = task.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await Promise.all(inFlight);
  }

  async function settle(
    claimed: ClaimedDelivery[],
    outcomes: Map<number, Outcome>,
    untried: ClaimedDelivery[],
  ) {
    const report: SendReport = {
      claimed: claimed.length,
      sent: 0,
      skipped: 0,
      retried: 0,
      failed: 0,
      released: 0,
    };
    const now = clock();
    const token = (row: ClaimedDelivery): ClaimToken => ({ id: row.id, attempts: row.attempts });
    const sent: number[] = [];
    const skipped = new Map<string, { claims: ClaimToken[]; block: boolean }>();
    for (const row of claimed) {
      const outcome = outcomes.get(row.id);
      if (!outcome) continue;
      if (outcome.kind === "sent") {
        sent.push(row.id);
      } else if (outcome.kind === "skipped") {
        const key = `${outcome.code}\u0000${outcome.blockAccount}`;
        const entry = skipped.get(key) ?? { claims: [], block: outcome.blockAccount };
        entry.claims.push(token(row));
        skipped.set(key, entry);
        report.skipped++;
      } else {
        const dead = row.attempts >= maxAttempts;
        await repository.markFailedAttempt(
          token(row),
          outcome.code,
          new Date(now.getTime() + retryDelay(row.attempts)),
          dead,
        );
        const fields = { deliveryId: row.id, kind: row.kind, attempts: row.attempts, code: outcome.code };
        if (dead) {
          report.failed++;
          logger.error(fields, "outbox delivery failed for good");
        } else {
          report.retried++;
          logger.warn(fields, "outbox delivery failed, will retry");
        }
      }
    }
    await repository.markSent(sent, now);
    report.sent = sent.length;
    for (const [key, entry] of skipped) {
      await repository.markSkipped(entry.claims, key.split("\u0000")[0]!, now, entry.block);
    }
    const released = untried.filter((row) => !outcomes.has(row.id));
    await repository.release(released.map(token));
    report.released = released.length;
    return report;
  }

  async function claim(): Promise<ClaimedDelivery[]> {
    return repository.claim({ channels, limit: batchSize, now: clock(), leaseMs });
  }

  async function process(claimed: ClaimedDelivery[]): Promise<SendReport> {
    const outcomes = new Map<number, Outcome>();
    const untried: ClaimedDelivery[] = [];
    const byChannel = new Map<Channel, ClaimedDelivery[]>();
    for (const row of claimed) {
      // Blocked since it was queued, or the account is gone: nothing to send.
      if (row.chatId === null)
        outcomes.set(row.id, { kind: "skipped", code: "no-account", blockAccount: false });
      else if (row.blocked) outcomes.set(row.id, { kind: "skipped", code: "blocked", blockAccount: false });
      else byChannel.set(row.channel, [...(byChannel.get(row.channel) ?? []), row]);
    }
    try {
      await Promise.all(
        [...byChannel].map(([channel, rows]) => sendChannel(channel, rows, outcomes, untried)),
      );
    } catch (error) {
      // The window could not be reserved (the database is away): what was not sent goes back below.
      logger.error({ code: failureCode(error) }, "outbox batch interrupted");
    }
    // Whatever happened above, what was sent is recorded and what was not is given back.
    const report = await settle(claimed, outcomes, [
      ...untried,
      ...claimed.filter((row) => !outcomes.has(row.id) && !untried.includes(row)),
    ]);
    if (report.claimed > 0) logger.debug({ ...report }, "outbox batch done");
    return report;
  }

  async function idle(): Promise<void> {
    if (poked) {
      poked = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, idleMs);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
    poked = false;
  }

  async function loop(): Promise<void> {
    const active = new Set<Promise<unknown>>();
    let lastSweep = Date.now();
    while (running) {
      try {
        if (Date.now() - lastSweep >= sweepEveryMs) {
          lastSweep = Date.now();
          await sweep();
        }
        if (active.size >= parallelBatches) {
          await Promise.race(active);
          continue;
        }
        const claimed = await claim();
        if (claimed.length === 0) {
          if (active.size > 0) await Promise.race([...active, idle()]);
          else await idle();
          continue;
        }
        const batch: Promise<unknown> = process(claimed)
          .catch((error: unknown) => logger.error({ code: failureCode(error) }, "outbox batch failed"))
          .finally(() => active.delete(batch));
        active.add(batch);
      } catch (error) {
        // The database is away: try again after a pause rather than spin.
        logger.error({ code: failureCode(error) }, "outbox sender could not claim");
        await idle();
      }
    }
    await Promise.all(active);
  }

  async function sweep() {
    const result = await repository.recoverExpired(clock(), maxAttempts);
    if (result.requeued + result.failed > 0)
      logger.warn(result, "outbox claims of a stopped sender recovered");
    return result;
  }

  return {
    async runOnce() {
      return process(await claim());
    },
    start() {
      if (running) return;
      running = true;
      stopping = new AbortController();
      loopDone = loop();
    },
    async stop() {
      if (!running) return;
      running = false;
      stopping.abort();
      wake?.();
      await loopDone;
    },
    poke() {
      poked = true;
      wake?.();
    },
    sweep,
  };
}
