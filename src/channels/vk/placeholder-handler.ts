import type { Translator } from "../../i18n/translator.js";
import type { InboundHandler } from "../../core/messages.js";
import type { Messenger } from "../../core/ports.js";

/**
 * Stands in for the participant journey when none is given: greets on /start (a community link's
 * ref or the "Начать" button included) and explains the commands on anything else.
 */
export function createVkPlaceholderHandler(deps: {
  messenger: Messenger;
  translator: Translator;
}): InboundHandler {
  return async (event) => {
    const key = event.kind === "command" && event.command === "start" ? "vk-welcome" : "vk-help";
    await deps.messenger.send(event.account.chatId, { text: deps.translator.t(event.account.locale, key) });
  };
}
