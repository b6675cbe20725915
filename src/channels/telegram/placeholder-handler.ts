import type { Translator } from "../../i18n/translator.js";
import type { InboundHandler } from "../../core/messages.js";
import type { Messenger } from "../../core/ports.js";

/**
 * Stands in for the participant journey until it is plugged in: greets on /start and explains the
 * commands on anything else. It speaks only through the messenger, as the journey will.
 */
export function createPlaceholderHandler(deps: {
  messenger: Messenger;
  translator: Translator;
}): InboundHandler {
  return async (event) => {
    const key = event.kind === "command" && event.command === "start" ? "telegram-welcome" : "telegram-help";
    await deps.messenger.send(event.account.chatId, { text: deps.translator.t(event.account.locale, key) });
  };
}
