import type { Readable, Writable } from "node:stream";
import { createConsoleChannel } from "../channels/console/console-channel.js";
import { ensureConsoleDemo } from "../channels/console/console-demo.js";
import type { FormDefinition } from "../core/forms/definition.js";
import type { Config } from "../config.js";
import { negotiateLocale, type Translator } from "../i18n/translator.js";
import type { Logger } from "../logging/logger.js";
import type { DatabaseHandle } from "../storage/database.js";
import type { Channel } from "./channel.js";
import type { JourneyHub } from "./journey-hub.js";

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** The terminal's language (LANG), used until the person picks one. */
  languageTag?: string;
  /** Called once the input ends (Ctrl-D): the service shuts down then. */
  onEnd?: () => void;
}

/**
 * The console channel of a running service: seeds the demo on first use, prints how to try the
 * journey, and hands each typed line to the same journey the messengers use.
 */
export async function createConsoleForService(
  options: ConsoleOptions,
  deps: {
    database: DatabaseHandle;
    translator: Translator;
    forms: readonly FormDefinition[];
    journey: JourneyHub;
    config: Config;
    logger: Logger;
  },
): Promise<Channel> {
  const locale = negotiateLocale([options.languageTag]);
  const demo = await ensureConsoleDemo({
    db: deps.database.db,
    translator: deps.translator,
    locale,
    timeZone: deps.config.defaultTimeZone,
    forms: deps.forms,
    now: new Date(),
  });
  const logger = deps.logger.child({ channel: "console" });
  const channel = createConsoleChannel({
    input: options.input,
    output: options.output,
    pipeline: deps.journey.pipeline,
    externalId: demo.externalId,
    ...(options.languageTag && { languageTag: options.languageTag }),
    onError: (error) => {
      logger.error({ err: error }, "console line failed");
      options.output.write(`${deps.translator.t(locale, "error-generic")}\n`);
    },
  });
  return {
    name: "console",
    async start() {
      options.output.write(
        `${deps.translator.t(locale, "console-banner", {
          menteeCode: demo.menteeInviteCode ?? "—",
          mentorCode: demo.mentorInviteCode ?? "—",
        })}\n`,
      );
      await channel.start();
      void channel.finished.then(() => {
        options.output.write(`${deps.translator.t(locale, "console-goodbye")}\n`);
        options.onEnd?.();
      });
    },
    stop: () => channel.stop(),
  };
}
