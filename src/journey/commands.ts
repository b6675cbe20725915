import type { Locale, Translator } from "../i18n/translator.js";

/**
 * The journey's commands, as every channel offers them: typed (/forms), in Telegram's menu, as VK
 * buttons. Curators get theirs on top of everyone's.
 */
export const COMMANDS = {
  everyone: [
    "start",
    "help",
    "forms",
    "meeting",
    "pair",
    "profile",
    "mydata",
    "settings",
    "language",
    "link",
    "forget",
  ],
  curator: [
    "start",
    "help",
    "forms",
    "meeting",
    "pair",
    "profile",
    "consents",
    "pairs",
    "roadmap",
    "digest",
    "indicators",
    "export",
    "mydata",
    "settings",
    "language",
    "link",
    "forget",
  ],
  /** A municipal coordinator sees the municipality's organisations: exports, and their own data. */
  coordinator: [
    "start",
    "help",
    "digest",
    "indicators",
    "export",
    "profile",
    "mydata",
    "settings",
    "language",
    "link",
    "forget",
  ],
} as const;

export type CommandRole = keyof typeof COMMANDS;

export interface CommandMenuItem {
  command: string;
  description: string;
}

/** The menu for a role in a language: command names with their descriptions (locale `command-<name>`). */
export function commandMenu(translator: Translator, locale: Locale, role: CommandRole): CommandMenuItem[] {
  return COMMANDS[role].map((command) => ({
    command,
    description: translator.t(locale, `command-${command}`),
  }));
}
