import { sql, type Kysely } from "kysely";
import {
  createChannelAccountRepository,
  type AccountPreload,
  type TouchedAccount,
} from "../accounts/channel-account.repository.js";
import type { ButtonAction, InboundEvent, InboundUpdate } from "../core/messages.js";
import type { ChannelPresentation } from "../core/presentation.js";
import type { ChannelIngress, Messenger } from "../core/ports.js";
import type { Translator } from "../i18n/translator.js";
import type { Channel, Database } from "../storage/tables.js";
import {
  createUpdateLedger,
  UPDATE_LEDGER_RETENTION_MS,
  type UpdateLedger,
} from "../updates/update-ledger.js";
import { createFloodLimiter, type FloodLimiter } from "./flood-limiter.js";
import { createInFlight } from "./in-flight.js";
import { localeFor, toInboundAccount } from "./inbound-account.js";
import { createKeyedQueue } from "./keyed-queue.js";
import { createReplies, deliverReplies, type Replies } from "./replies.js";

/** What a turn of the journey works with: its transaction, and where its replies collect. */
export interface TurnScope {
  /** The transaction of this update: every read and write of the turn goes through it. */
  db: Kysely<Database>;
  replies: Replies;
  /** How the event's channel shows messages, where it differs from tappable buttons. */
  presentation?: ChannelPresentation;
  /** What the pipeline's `preload` read with the sender's account, when it could (not on first contact). */
  preloaded?: unknown;
}

/** The journey (or any feature router) as the pipeline calls it. It may throw: the pipeline apologises. */
export type EventHandler = (event: InboundEvent, scope: TurnScope) => Promise<void>;

/** Logs without personal data: ids, counts, error codes. */
export interface PipelineLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface InboundPipelineOptions {
  db: Kysely<Database>;
  translator: Translator;
  logger: PipelineLogger;
  handler: EventHandler;
  /**
   * What the handler reads about the sender on every event, read in the statement that touches
   * their account (one round trip per turn fewer) and handed over as `scope.preloaded`.
   */
  preload?: AccountPreload;
  /** Inputs per minute one person may send before being asked to slow down; 0 turns the limit off. */
  personFloodLimit: number;
  /**
   * How long a handler owns an update before another may take it over. Correctness does not hang on
   * it (the update's row lock decides who finishes it); a short lease only brings a dead instance's
   * updates back sooner.
   */
  leaseMs?: number;
  /** Starts of handling after which an update is given up as failing (a bug, not a hiccup). */
  maxAttempts?: number;
  now?: () => number;
  ledger?: UpdateLedger;
  /** Runs after each turn committed (the outbox sender looks for what the turn queued). */
  afterCommit?: () => void;
  /**
   * The channel's send rate shared with push traffic: each reply is counted (never delayed), so the
   * outbox's reminders make room for it (src/outbox/rate-gate.ts).
   */
  replyGate?: (channel: Channel) => { take(): void } | undefined;
}

export interface InboundPipeline {
  /** Adds a channel's adapter; its updates may then be received and recovered here. */
  connect(ingress: ChannelIngress): void;
  /**
   * Takes one platform update: records it (a redelivery stops here), then handles it after the same
   * person's earlier updates. Resolves when it is handled and answered; rejects only when the update
   * could not even be recorded (the database is down), so the transport can have it delivered again.
   */
  receive(channel: Channel, updateId: string, raw: unknown): Promise<void>;
  /**
   * The two halves of `receive`, for a transport that must acknowledge a batch before handling it
   * (VK Long Poll stores its cursor after recording; the Callback API answers "ok" after recording).
   * `record` is false for a redelivery; `process` then handles a recorded update in order.
   */
  record(channel: Channel, updateId: string, raw: unknown): Promise<boolean>;
  /**
   * `record` for a batch a long poll took, in one statement and in the batch's order: the ids
   * recorded now (a redelivery is left out). Rejects when nothing could be recorded.
   */
  recordBatch(channel: Channel, updates: readonly { updateId: string; raw: unknown }[]): Promise<Set<string>>;
  process(channel: Channel, updateId: string, raw: unknown): Promise<void>;
  /**
   * Handles again the updates whose handler died (lease lapsed), for the channels connected here.
   * `atStartOfOnlyInstance`: nothing else can be handling (the embedded database, which one process
   * owns), so whatever is still being handled was left by a crash, lease or not.
   */
  recover(options?: { atStartOfOnlyInstance?: boolean }): Promise<number>;
  /** Forgets finished updates older than the retention. */
  prune(now?: Date): Promise<number>;
  /** Resolves when nothing is being handled. */
  idle(): Promise<void>;
  /** The messenger of a channel connected here (for the outbox sender of this instance). */
  messenger(channel: Channel): Messenger | undefined;
  /** The channels connected here. */
  channels(): Channel[];
}

const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 5;
const RECOVERY_BATCH = 100;

/**
 * The one inbound path of every channel: record the update with a lease → order per person (in this
 * process by a queue, across instances by a transaction-scoped advisory lock) → find or create the
 * sender's account → flood limit → check the button → the journey, in the same transaction that
 * marks the update done → send the replies after commit. So an update's effects happen exactly once,
 * whatever crashes or is delivered twice; its replies go out at least once as long as the process
 * lives past the commit (see docs/decisions/0004-inbound-pipeline.md).
 */
export function createInboundPipeline(options: InboundPipelineOptions): InboundPipeline {
  const { db, translator, logger, handler } = options;
  const ledger = options.ledger ?? createUpdateLedger(db);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const ingresses = new Map<Channel, ChannelIngress>();
  const queue = createKeyedQueue();
  const inFlight = createInFlight();
  const flood: FloodLimiter | undefined =
    options.personFloodLimit > 0
      ? createFloodLimiter({
          capacity: options.personFloodLimit,
          refillPerSecond: options.personFloodLimit / 60,
          ...(options.now && { now: options.now }),
        })
      : undefined;

  function ingressOf(channel: Channel): ChannelIngress {
    const ingress = ingresses.get(channel);
    if (!ingress) throw new Error(`no ${channel} adapter is connected to the pipeline`);
    return ingress;
  }

  /** What one turn left to do after its transaction commits. */
  interface TurnOutcome {
    updateId: string;
    read: InboundUpdate;
    account?: TouchedAccount;
    replies: Replies;
    toast?: string;
  }

  /**
   * One update's effects, inside the transaction that holds its person's lock (and marked it done).
   * `onAccount` learns the sender's account as soon as it is known, for an apology if the turn fails.
   */
  async function runTurn(
    trx: Kysely<Database>,
    ingress: ChannelIngress,
    updateId: string,
    read: InboundUpdate,
    onAccount: (account: TouchedAccount) => void,
  ): Promise<TurnOutcome> {
    const { channel } = ingress;
    const replies = createReplies();
    let account: TouchedAccount | undefined;
    let toast: string | undefined;
    const accounts = createChannelAccountRepository(trx);
    switch (read.kind) {
      case "ignored":
        break;
      case "blocked":
        await accounts.markBlocked(channel, read.chatId);
        break;
      case "unblocked":
        await accounts.markUnblocked(channel, read.chatId);
        break;
      case "event": {
        account = await accounts.touch(
          { channel, externalId: read.externalId, chatId: read.chatId },
          undefined,
          options.preload,
        );
        onAccount(account);
        if (account.unblocked) logger.info({ channel, accountId: account.id }, "account unblocked");
        const locale = localeFor(account, read.sender.languageTag);
        const verdict = flood?.take(`${channel}:${read.externalId}`) ?? { allowed: true };
        if (!verdict.allowed) {
          logger.info({ channel, updateId, accountId: account.id }, "person flood limit hit");
          if (verdict.warn) replies.send({ text: translator.t(locale, "channel-flood") });
          break;
        }
        let action: ButtonAction | undefined;
        if (read.body.kind === "button") {
          const decoded = ingress.decodeButton(read.body.payload, read.chatId);
          if (!decoded.ok) {
            // A forged, garbled or outdated button: say so where the platform shows it, change nothing.
            logger.info({ channel, updateId, reason: decoded.reason }, "button payload rejected");
            toast = translator.t(locale, "channel-button-stale");
            if (!read.press) replies.send({ text: toast });
            break;
          }
          action = decoded.action;
        }
        const base = {
          channel,
          eventId: updateId,
          account: toInboundAccount(channel, account, read.sender.languageTag),
          sender: read.sender,
          receivedAt: new Date(),
          ...(read.message && { message: read.message }),
        };
        const event: InboundEvent =
          read.body.kind === "button"
            ? { ...base, kind: "button", action: action! }
            : read.body.kind === "unsupported"
              ? { ...base, kind: "unsupported" }
              : { ...base, ...read.body };
        await handler(event, {
          db: trx,
          replies,
          ...(account.preloaded !== undefined && { preloaded: account.preloaded }),
          ...(ingress.messenger.presentation && { presentation: ingress.messenger.presentation }),
        });
        break;
      }
    }
    return { updateId, read, ...(account && { account }), replies, ...(toast !== undefined && { toast }) };
  }

  /** Handles one recorded update. Never rejects: a failure leaves the update to be taken over later. */
  async function handle(
    ingress: ChannelIngress,
    updateId: string,
    raw: unknown,
    attempt: number,
    retriesLeft = 3,
  ): Promise<void> {
    const { channel } = ingress;
    let update: InboundUpdate | undefined;
    let account: TouchedAccount | undefined;
    /** The update whose turn was running when something threw: this one, or an earlier one taken over. */
    let running = updateId;
    try {
      update = await ingress.read(raw);
      const read = update;
      const orderKey = orderKeyOf(ingress, updateId, raw);
      const outcomes = await db.transaction().execute(async (trx) => {
        // One person's updates never run side by side, on any instance; released at commit.
        await sql`select pg_advisory_xact_lock(hashtextextended(${orderKey}, 0))`.execute(trx);
        // This update's row (undefined: another handler finished it), and this person's updates
        // recorded before it and not finished (another instance took them but has not reached the
        // lock yet, or died): handled first, so order holds everywhere.
        // All of them are marked done here already: the turns below run in this transaction, so a
        // failure rolls the mark back with their effects.
        const earlierUpdates = await ledger.take(trx, channel, orderKey, updateId, { finish: true });
        if (!earlierUpdates) return undefined;
        const turns: TurnOutcome[] = [];
        for (const earlier of earlierUpdates) {
          running = earlier.updateId;
          const earlierRead = await ingress.read(earlier.payload);
          turns.push(await runTurn(trx, ingress, earlier.updateId, earlierRead, (a) => (account = a)));
        }
        running = updateId;
        turns.push(await runTurn(trx, ingress, updateId, read, (a) => (account = a)));
        return turns;
      });
      if (!outcomes) {
        logger.debug({ channel, updateId }, "update finished by another handler");
        return;
      }
      options.afterCommit?.();
      for (const done of outcomes) {
        if (done.read.kind !== "event") continue;
        await deliverReplies(
          ingress.messenger,
          done.account?.chatId ?? done.read.chatId,
          done.replies.ops,
          options.replyGate?.(channel),
        );
        if (done.read.press !== undefined) await answerPress(ingress, done.read.press, done.toast);
      }
    } catch (error) {
      logger.error(
        { channel, updateId: running, attempt, accountId: account?.id, error: describe(error) },
        "update failed",
      );
      // A failing update must not hold up the person's later ones: it leaves their order and is
      // tried again on its own once its lease lapses (the clock's recovery).
      await ledger.detach(channel, running).catch(() => undefined);
      if (running !== updateId && retriesLeft > 0) {
        // It was an earlier update taken over that failed, not this one: this one goes on without it.
        return handle(ingress, updateId, raw, attempt, retriesLeft - 1);
      }
      if (update?.kind !== "event") return;
      if (update.press !== undefined) await answerPress(ingress, update.press);
      // Said once: a retry after the lease may still succeed, and repeating the apology helps nobody.
      if (attempt === 1)
        await apologise(ingress, update.chatId, localeFor(account, update.sender.languageTag));
    }
  }

  async function answerPress(ingress: ChannelIngress, press: unknown, text?: string) {
    try {
      await ingress.answerPress?.(press, text);
    } catch (error) {
      // A press older than the platform keeps can no longer be answered; nothing depends on it.
      logger.debug({ channel: ingress.channel, error: describe(error) }, "button press not answered");
    }
  }

  async function apologise(ingress: ChannelIngress, chatId: string, locale: ReturnType<typeof localeFor>) {
    try {
      await ingress.messenger.send(chatId, { text: translator.t(locale, "error-generic") });
    } catch (error) {
      logger.warn({ channel: ingress.channel, error: describe(error) }, "apology not delivered");
    }
  }

  function schedule(
    ingress: ChannelIngress,
    updateId: string,
    raw: unknown,
    attempt: number,
    record: boolean,
  ) {
    const key = orderKeyOf(ingress, updateId, raw);
    return inFlight.track(() =>
      queue.run(key, async () => {
        if (record && !(await ledger.record(ingress.channel, updateId, raw, leaseMs, key))) {
          logger.debug({ channel: ingress.channel, updateId }, "update already recorded");
          return;
        }
        await handle(ingress, updateId, raw, attempt);
      }),
    );
  }

  return {
    connect(ingress) {
      ingresses.set(ingress.channel, ingress);
    },

    receive(channel, updateId, raw) {
      return schedule(ingressOf(channel), updateId, raw, 1, true);
    },

    record(channel, updateId, raw) {
      const ingress = ingressOf(channel);
      return ledger.record(channel, updateId, raw, leaseMs, orderKeyOf(ingress, updateId, raw));
    },

    recordBatch(channel, updates) {
      const ingress = ingressOf(channel);
      return ledger.recordMany(
        channel,
        updates.map(({ updateId, raw }) => ({
          updateId,
          payload: raw,
          orderKey: orderKeyOf(ingress, updateId, raw),
        })),
        leaseMs,
      );
    },

    process(channel, updateId, raw) {
      return schedule(ingressOf(channel), updateId, raw, 1, false);
    },

    async recover(recoverOptions = {}) {
      const taken = await ledger.reclaim([...ingresses.keys()], leaseMs, RECOVERY_BATCH, {
        anyLease: recoverOptions.atStartOfOnlyInstance === true,
      });
      await Promise.all(
        taken.map(async (update) => {
          if (update.attempts > maxAttempts) {
            logger.error(
              { channel: update.channel, updateId: update.updateId },
              "update given up after repeated failures",
            );
            await ledger.fail(update.channel, update.updateId);
            return;
          }
          logger.warn(
            { channel: update.channel, updateId: update.updateId, attempt: update.attempts },
            "update taken over",
          );
          await schedule(ingressOf(update.channel), update.updateId, update.payload, update.attempts, false);
        }),
      );
      return taken.length;
    },

    prune(now = new Date()) {
      return ledger.prune(new Date(now.getTime() - UPDATE_LEDGER_RETENTION_MS));
    },

    idle: () => inFlight.idle(),
    messenger: (channel) => ingresses.get(channel)?.messenger,
    channels: () => [...ingresses.keys()],
  };
}

/** The key one person's updates share on a channel; an update nobody can key is its own person. */
function orderKeyOf(ingress: ChannelIngress, updateId: string, raw: unknown): string {
  try {
    return `${ingress.channel}:${ingress.orderKey(raw)}`;
  } catch {
    return `${ingress.channel}:unkeyed:${updateId}`;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
