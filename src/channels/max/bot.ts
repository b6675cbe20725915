import type { Kysely } from "kysely";
import {
  createChannelAccountRepository,
  type ChannelAccountRepository,
} from "../../accounts/channel-account.repository.js";
import type { ChannelIngress, Messenger } from "../../core/ports.js";
import type { Translator } from "../../i18n/translator.js";
import type { RateGate } from "../../outbox/rate-gate.js";
import type { InboundPipeline } from "../../pipeline/inbound-pipeline.js";
import type { Database } from "../../storage/tables.js";
import type { ChannelLogger } from "../shared/logger.js";
import type { PayloadCodec } from "../shared/payload-codec.js";
import { createMaxApi, type MaxApiClient, type MaxRetryOptions } from "./api.js";
import { describeMaxError } from "./errors.js";
import { maxEventId, maxOrderKey, readMaxUpdate, type MaxPress } from "./inbound-event.js";
import { createMaxMessenger, type MaxAttachmentRetry } from "./messenger.js";

export interface MaxBotOptions {
  /** The bot's token from the MAX platform for partners (MAX_BOT_TOKEN). */
  token: string;
  /** Another API host, e.g. http://127.0.0.1:1234 for the fake API in tests (MAX_API_ROOT). */
  apiRoot?: string;
  retry?: Partial<MaxRetryOptions>;
  /** Repeats of a message whose file MAX still processes (shorter pauses in tests). */
  attachmentRetry?: Partial<MaxAttachmentRetry>;
  db: Kysely<Database>;
  translator: Translator;
  codec: PayloadCodec;
  logger: ChannelLogger;
  /** Where updates go: recorded, ordered per person, handled once (src/pipeline). */
  pipeline: InboundPipeline;
  accounts?: ChannelAccountRepository;
  /** The outbox's gate for this bot: a 429 on any call pauses push traffic too. */
  pushGate?: Pick<RateGate, "pause">;
}

export interface MaxBot {
  readonly client: MaxApiClient;
  readonly messenger: Messenger;
  /**
   * Records the update in the update ledger; false when it was recorded before (a redelivery).
   * Rejects when the ledger cannot be reached, so the transport can have MAX deliver it again.
   */
  claim(update: unknown): Promise<boolean>;
  /** `claim` for a long poll's batch in one statement, in order: the updates recorded now. */
  claimBatch(updates: unknown[]): Promise<unknown[]>;
  /** Handles a recorded update after that person's earlier ones. Never rejects: failures are logged. */
  process(update: unknown): Promise<void>;
  /** Resolves when no update is being processed (for a graceful stop). */
  idle(): Promise<void>;
}

/** MAX shows a notification of a press's answer briefly; a long one helps nobody. */
const NOTIFICATION_LIMIT = 200;

/**
 * The MAX adapter, whichever transport brings the updates: reads them into channel-neutral updates
 * for the inbound pipeline, answers button presses (POST /answers), sends through the package's API
 * client. It decides nothing: the journey does.
 */
export function createMaxBot(options: MaxBotOptions): MaxBot {
  const { codec, logger, pipeline } = options;
  const accounts = options.accounts ?? createChannelAccountRepository(options.db);
  const client = createMaxApi({
    token: options.token,
    ...(options.apiRoot && { apiRoot: options.apiRoot }),
    ...(options.retry && { retry: options.retry }),
    logger,
    ...(options.pushGate && { onFlood: (ms: number) => options.pushGate!.pause(ms) }),
  });
  const messenger = createMaxMessenger({
    client,
    codec,
    accounts,
    logger,
    ...(options.attachmentRetry && { attachmentRetry: options.attachmentRetry }),
  });

  /**
   * POST /answers. Not repeated and not logged as a warning when refused: a press's answer is only
   * worth having at once, and MAX documents no answer as required (the pipeline logs a failure).
   */
  async function answerPress(press: MaxPress, text?: string): Promise<void> {
    // The package types the body as { message }; MAX also takes a short `notification`.
    const body = text ? { notification: text.slice(0, NOTIFICATION_LIMIT) } : {};
    await client.api.answerOnCallback(press, body as never);
  }

  const ingress: ChannelIngress = {
    channel: "max",
    messenger,
    orderKey: maxOrderKey,
    async read(raw) {
      const update = readMaxUpdate(raw);
      // A press somewhere we do not talk (a group chat) still waits for its answer.
      if (update.kind === "ignored") {
        const press = (raw as { callback?: { callback_id?: unknown } }).callback?.callback_id;
        if (typeof press === "string") {
          await answerPress(press).catch((error: unknown) =>
            logger.debug({ error: describeMaxError(error) }, "max press not answered"),
          );
        }
      }
      return update;
    },
    decodeButton: (payload, chatId) => codec.decode("max", payload, chatId),
    answerPress: (press, text) => answerPress(press as MaxPress, text),
  };
  pipeline.connect(ingress);

  return {
    client,
    messenger,
    async claim(update) {
      let id: string;
      try {
        id = maxEventId(update);
      } catch {
        logger.warn({}, "max update unreadable, skipped");
        return false;
      }
      const recorded = await pipeline.record("max", id, update);
      if (!recorded) logger.debug({ updateId: id }, "max update already processed");
      return recorded;
    },
    async claimBatch(updates) {
      const readable: { updateId: string; raw: unknown }[] = [];
      for (const update of updates) {
        try {
          readable.push({ updateId: maxEventId(update), raw: update });
        } catch {
          logger.warn({}, "max update unreadable, skipped");
        }
      }
      const recorded = await pipeline.recordBatch("max", readable);
      return readable.filter(({ updateId }) => recorded.has(updateId)).map(({ raw }) => raw);
    },
    process: (update) => pipeline.process("max", maxEventId(update), update),
    idle: () => pipeline.idle(),
  };
}
