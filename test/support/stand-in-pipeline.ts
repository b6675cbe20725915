import type { Kysely } from "kysely";
import type { InboundEvent } from "../../src/core/messages.js";
import type { Translator } from "../../src/i18n/translator.js";
import {
  createInboundPipeline,
  type InboundPipeline,
  type PipelineLogger,
  type TurnScope,
} from "../../src/pipeline/inbound-pipeline.js";
import type { Database } from "../../src/storage/tables.js";

/**
 * The real inbound pipeline with a recording stand-in for the journey, for transport tests: it keeps
 * every event it was handed and greets on /start, explains the commands otherwise, as a bot with no
 * journey would. A test may put its own behaviour in front (`before`): return true when it answered.
 */
export function createStandInPipeline(options: {
  db: Kysely<Database>;
  translator: Translator;
  logger: PipelineLogger;
  /** Inputs per minute per person; 0 (the default here) turns the limit off. */
  personFloodLimit?: number;
  now?: () => number;
  leaseMs?: number;
  welcomeKey: string;
  helpKey: string;
  before?: (event: InboundEvent, scope: TurnScope) => boolean | Promise<boolean>;
}): { pipeline: InboundPipeline; events: InboundEvent[] } {
  const events: InboundEvent[] = [];
  const pipeline = createInboundPipeline({
    db: options.db,
    translator: options.translator,
    logger: options.logger,
    personFloodLimit: options.personFloodLimit ?? 0,
    ...(options.now && { now: options.now }),
    ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
    async handler(event, scope) {
      events.push(event);
      if (options.before && (await options.before(event, scope))) return;
      const key =
        event.kind === "command" && event.command === "start" ? options.welcomeKey : options.helpKey;
      scope.replies.send({ text: options.translator.t(event.account.locale, key) });
    },
  });
  return { pipeline, events };
}
