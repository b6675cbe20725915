import { LOCALES, type Locale, type Translator } from "../i18n/translator.js";

/**
 * The language a person typed at the language question, for a client that shows no buttons (an old
 * VK app, the console): a language's own name as its button says it ("Русский", "english"), its
 * number in the order the buttons are drawn ("1", "2") or its code ("ru", "en"). Anything else is
 * undefined, and the question is asked again.
 *
 * @example
 *   typedLocale(" English ", translator); // "en"
 *   typedLocale("1", translator); // "ru"
 */
export function typedLocale(text: string, translator: Translator): Locale | undefined {
  const typed = text
    .normalize("NFKC")
    .trim()
    .toLocaleLowerCase()
    .replace(/[.)!]+$/u, "");
  return LOCALES.find(
    (locale, index) =>
      typed === String(index + 1) ||
      typed === locale ||
      typed === translator.t(locale, "journey-language-name").toLocaleLowerCase(),
  );
}
