import type { TouchedAccount } from "../accounts/channel-account.repository.js";
import { negotiateLocale, type Locale } from "../i18n/translator.js";
import type { Channel } from "../storage/tables.js";
import type { InboundAccount } from "../core/messages.js";

/**
 * The language to speak to someone in: their stored choice first, then the language their messenger
 * reports (Telegram's language_code, VK's interface language), else Russian.
 */
export function localeFor(
  account: Pick<TouchedAccount, "personLocale"> | undefined,
  languageTag?: string,
): Locale {
  return account?.personLocale ?? negotiateLocale([languageTag]);
}

/** The sender as the journey sees them, from the account the transport just touched. */
export function toInboundAccount(
  channel: Channel,
  account: TouchedAccount,
  languageTag: string | undefined,
): InboundAccount {
  return {
    channel,
    accountId: account.id,
    personId: account.personId,
    externalId: account.externalId,
    chatId: account.chatId,
    locale: localeFor(account, languageTag),
    localeChosen: account.personLocale !== null,
    firstContact: account.created,
  };
}
