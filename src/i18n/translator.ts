import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import { negotiateLanguages } from "@fluent/langneg";

export const LOCALES = ["ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ru";

export type MessageArgs = Record<string, FluentVariable>;

/** A message to show a person: a Fluent id plus its arguments, rendered late in their language. */
export interface Text {
  key: string;
  args?: MessageArgs;
}

export interface Translator {
  /** Renders a message; a missing id renders as the id itself (and is reported by the parity test). */
  t(locale: Locale, key: string, args?: MessageArgs): string;
  has(locale: Locale, key: string): boolean;
  /** Ids of every message in a locale, for completeness checks. */
  keys(locale: Locale): string[];
  /** Adds messages at run time (operator forms ship their own texts). Existing ids are not overwritten. */
  addMessages(locale: Locale, ftl: string, origin: string): void;
}

/** Picks ru or en from whatever the messenger or the environment tells ("en-US", "ru_RU.UTF-8"). */
export function negotiateLocale(requested: readonly (string | undefined | null)[]): Locale {
  const clean = requested
    .filter((r): r is string => !!r)
    .map((r) => r.replace(/[_.].*$/, "").replace("_", "-"));
  const [match] = negotiateLanguages(clean, [...LOCALES], {
    defaultLocale: DEFAULT_LOCALE,
    strategy: "lookup",
  });
  return (LOCALES as readonly string[]).includes(match ?? "") ? (match as Locale) : DEFAULT_LOCALE;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * Loads every .ftl file of locales/<locale>/. A syntax error stops start-up with the file named:
 * a broken translation must not reach a person as a raw id.
 */
export async function loadTranslator(localesDir: string = resolveLocalesDir()): Promise<Translator> {
  const bundles = new Map<Locale, FluentBundle>();
  for (const locale of LOCALES) {
    // Isolating marks around arguments confuse messengers' plain-text rendering.
    const bundle = new FluentBundle(locale, { useIsolating: false });
    const dir = path.join(localesDir, locale);
    const files = (await readdir(dir)).filter((f) => f.endsWith(".ftl")).sort();
    for (const file of files) {
      addResource(bundle, await readFile(path.join(dir, file), "utf8"), path.join(locale, file));
    }
    bundles.set(locale, bundle);
  }
  return createTranslator(bundles);
}

function addResource(bundle: FluentBundle, ftl: string, origin: string): void {
  const resource = new FluentResource(ftl);
  const errors = bundle.addResource(resource);
  if (errors.length > 0) {
    throw new Error(`${origin}: ${errors.map((e) => e.message).join("; ")}`);
  }
  // FluentResource skips unparsable entries silently; count them as errors too.
  if (/^\s*[a-z][a-z0-9-]*\s*=/m.test(ftl) && resource.body.length === 0) {
    throw new Error(`${origin}: no message could be parsed`);
  }
}

function createTranslator(bundles: Map<Locale, FluentBundle>): Translator {
  const bundle = (locale: Locale) => bundles.get(locale) ?? bundles.get(DEFAULT_LOCALE)!;
  return {
    t(locale, key, args) {
      const message = bundle(locale).getMessage(key) ?? bundle(DEFAULT_LOCALE).getMessage(key);
      if (!message?.value) return key;
      const owner = bundle(locale).hasMessage(key) ? bundle(locale) : bundle(DEFAULT_LOCALE);
      // A missing argument renders as {$name} instead of throwing: a typo in a translation must not
      // break the conversation it appears in (the parity and render tests catch it before release).
      const errors: Error[] = [];
      return nestQuotes(owner.formatPattern(message.value, args ?? null, errors));
    },
    has(locale, key) {
      return bundle(locale).hasMessage(key);
    },
    keys(locale) {
      return [...bundle(locale)._messages.keys()];
    },
    addMessages(locale, ftl, origin) {
      addResource(bundle(locale), ftl, origin);
    },
  };
}

/**
 * A name that carries its own «…» inside a message's «…» is quoted with „…“ at the inner level, as
 * Russian typography asks: «Наставничество „учитель — ученик“», never «Наставничество «учитель — ученик»».
 * A closing » with no opening one before it is left as it is.
 *
 * @example nestQuotes("в программе «Клуб «Звезда»»") // "в программе «Клуб „Звезда“»"
 */
export function nestQuotes(text: string): string {
  if (text.indexOf("«") === text.lastIndexOf("«")) return text;
  let depth = 0;
  let out = "";
  for (const ch of text) {
    if (ch === "«") {
      out += depth > 0 ? "„" : ch;
      depth += 1;
    } else if (ch === "»" && depth > 0) {
      depth -= 1;
      out += depth > 0 ? "“" : ch;
    } else {
      out += ch;
    }
  }
  return out;
}

/** locales/ sits at the project root both under tsx (src/i18n) and when built (dist/src/i18n). */
function resolveLocalesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, "../../locales"), path.resolve(here, "../../../locales")];
  return candidates.find((dir) => !dir.includes(`${path.sep}dist${path.sep}locales`)) ?? candidates[0]!;
}
