import type { Kysely } from "kysely";
import type { ChannelAccountRepository } from "../../accounts/channel-account.repository.js";
import type { Translator } from "../../i18n/translator.js";
import type { Database } from "../../storage/tables.js";
import type { UpdateLedger } from "../../updates/update-ledger.js";
import type { FloodLimiterOptions } from "./flood-limiter.js";
import type { InboundHandler } from "../../core/messages.js";
import type { ChannelLogger } from "./logger.js";
import type { Messenger } from "../../core/ports.js";
import type { PayloadCodec } from "./payload-codec.js";

/**
 * What every messenger's bot takes besides its own connection settings: the stores, the texts, the
 * button codec, the journey's handler and the per-person flood limit. `M` is the messenger the
 * channel hands to the handler (VK's has sendMany).
 */
export interface ChannelBotOptions<M extends Messenger = Messenger> {
  db: Kysely<Database>;
  translator: Translator;
  codec: PayloadCodec;
  logger: ChannelLogger;
  /**
   * Builds the journey's handler, given this bot's messenger to answer through. Defaults to a
   * placeholder that greets on /start and shows help otherwise.
   */
  createHandler?: (messenger: M) => InboundHandler;
  /** Per-person flood limit; `false` turns it off. */
  flood?: Omit<FloodLimiterOptions, "now"> | false;
  /** Millisecond clock for the flood limit (tests). */
  now?: () => number;
  /** Override the repositories (they are built from `db` otherwise). */
  ledger?: UpdateLedger;
  accounts?: ChannelAccountRepository;
}
