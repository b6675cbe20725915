import type { Api } from "grammy";
import { DEFAULT_LOCALE, LOCALES, type Translator } from "../../i18n/translator.js";
import { commandMenu } from "../../journey/commands.js";

/**
 * Registers everyone's command menu once per language: Russian as the default for everyone, and each
 * other locale for clients whose interface language matches it. Role menus (a curator's) are set per
 * chat by the messenger when the role is given.
 */
export async function registerTelegramCommands(api: Api, translator: Translator): Promise<void> {
  for (const locale of LOCALES) {
    const commands = commandMenu(translator, locale, "everyone");
    if (locale === DEFAULT_LOCALE) await api.setMyCommands(commands);
    else await api.setMyCommands(commands, { language_code: locale });
  }
}
