import type { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { FormSessionService } from "../form-sessions/form-session.service.js";
import type { Translator } from "../i18n/translator.js";
import { inviteLinks } from "../invites/invite-links.js";
import { createJourney, personSnapshotPreload, type PersonNotice } from "../journey/journey.js";
import { notifyPerson } from "../outbox/outbox.service.js";
import {
  createInboundPipeline,
  type InboundPipeline,
  type PipelineLogger,
} from "../pipeline/inbound-pipeline.js";
import type { Channel, Database } from "../storage/tables.js";

/**
 * One journey behind one inbound pipeline for every channel. Each channel connects its adapter to
 * the pipeline and may tell how to link to itself; the journey reaches other people through the
 * outbox, whichever instance serves their messenger.
 */
export interface JourneyHub {
  readonly pipeline: InboundPipeline;
  /** A channel that knows its own deep links better than the configuration (Telegram's username). */
  linkTo(channel: Channel, deepLink: (code: string) => string | undefined): void;
  /** Called after a turn that queued a message for someone committed: this instance's sender looks at once. */
  onNoticeQueued(listener: () => void): void;
}

export function createJourneyHub(deps: {
  db: Kysely<Database>;
  translator: Translator;
  forms: FormSessionService;
  config: Pick<Config, "links" | "defaultTimeZone" | "personFloodLimit">;
  /** Each paced bot's gate: replies are counted there so the outbox makes room for them. */
  gates?: Partial<Record<Channel, { take(): void }>>;
  logger: PipelineLogger;
  clock?: () => Date;
}): JourneyHub {
  let noticeQueued = false;
  let noticeListener: (() => void) | undefined;
  const links = new Map<Channel, (code: string) => string | undefined>();
  const journey = createJourney({
    translator: deps.translator,
    forms: deps.forms,
    clock: deps.clock ?? (() => new Date()),
    defaultTimeZone: deps.config.defaultTimeZone,
    async notify(db, notice: PersonNotice) {
      await notifyPerson(db, notice, { defaultTimeZone: deps.config.defaultTimeZone });
      noticeQueued = true;
    },
    deepLink(channel, code) {
      const own = links.get(channel)?.(code);
      if (own) return own;
      const configured = inviteLinks(deps.config.links, code);
      return channel === "console" ? undefined : configured[channel];
    },
  });
  const pipeline = createInboundPipeline({
    db: deps.db,
    translator: deps.translator,
    logger: deps.logger,
    handler: journey,
    preload: personSnapshotPreload,
    personFloodLimit: deps.config.personFloodLimit,
    replyGate: (channel) => deps.gates?.[channel],
    afterCommit() {
      if (!noticeQueued) return;
      noticeQueued = false;
      noticeListener?.();
    },
  });
  return {
    pipeline,
    linkTo(channel, deepLink) {
      links.set(channel, deepLink);
    },
    onNoticeQueued(listener) {
      noticeListener = listener;
    },
  };
}
