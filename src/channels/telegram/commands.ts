import type { Api } from "grammy";
import { DEFAULT_LOCALE, LOCALES, type Translator } from "../../i18n/translator.js";

/** The commands every person sees; later issues add role-scoped ones (/meeting, /pair, /digest...). */
export const TELEGRAM_COMMANDS = ["start", "help", "forms", "profile", "language", "forget"] as const;

/**
 * Registers the command menu once per language: Russian as the default for everyone, and each other
 * locale for clients whose interface language matches it.
 */
export async function registerTelegramCommands(api: Api, translator: Translator): Promise<void> {
  for (const locale of LOCALES) {
    const commands = TELEGRAM_COMMANDS.map((command) => ({
      command,
      description: translator.t(locale, `telegram-command-${command}`),
    }));
    if (locale === DEFAULT_LOCALE) await api.setMyCommands(commands);
    else await api.setMyCommands(commands, { language_code: locale });
  }
}
