import type { InboundHandler } from "../core/messages.js";
import type { Messenger } from "../core/ports.js";
import type { Config } from "../config.js";
import type { FormSessionService } from "../form-sessions/form-session.service.js";
import type { Translator } from "../i18n/translator.js";
import { inviteLinks } from "../invites/invite-links.js";
import { createJourney } from "../journey/journey.js";
import type { Channel, Database } from "../storage/tables.js";
import type { Kysely } from "kysely";

/**
 * One journey for every channel. Each channel connects with its messenger (and, when it knows better
 * than the configuration, how to link to itself) and gets back the handler for its events; the
 * journey reaches any connected channel, e.g. to tell a child on VK that a parent consented on Telegram.
 */
export interface JourneyHub {
  connect(messenger: Messenger, deepLink?: (code: string) => string | undefined): InboundHandler;
}

export function createJourneyHub(deps: {
  db: Kysely<Database>;
  translator: Translator;
  forms: FormSessionService;
  config: Pick<Config, "links" | "defaultTimeZone">;
  clock?: () => Date;
}): JourneyHub {
  const messengers = new Map<Channel, Messenger>();
  const links = new Map<Channel, (code: string) => string | undefined>();
  const journey = createJourney({
    db: deps.db,
    translator: deps.translator,
    forms: deps.forms,
    clock: deps.clock ?? (() => new Date()),
    defaultTimeZone: deps.config.defaultTimeZone,
    messenger: (channel) => messengers.get(channel),
    deepLink(channel, code) {
      const own = links.get(channel)?.(code);
      if (own) return own;
      const configured = inviteLinks(deps.config.links, code);
      return channel === "telegram" ? configured.telegram : channel === "vk" ? configured.vk : undefined;
    },
  });
  return {
    connect(messenger, deepLink) {
      messengers.set(messenger.channel, messenger);
      if (deepLink) links.set(messenger.channel, deepLink);
      return journey;
    },
  };
}
