import type { Kysely } from "kysely";
import { createAccountLinkRepository } from "../accounts/account-link.repository.js";
import type { InboundEvent } from "../core/messages.js";
import type { OutboundMessage } from "../core/messages.js";
import type { Messenger } from "../core/ports.js";
import type { FormSessionService } from "../form-sessions/form-session.service.js";
import { isLocale, type Locale, type MessageArgs, type Translator } from "../i18n/translator.js";
import { createOnboardingRepository } from "../onboarding/onboarding.repository.js";
import type { Channel, Database } from "../storage/tables.js";
import { createPersonRepository } from "./person.repository.js";
import { loadPersonSnapshot, type PersonSnapshot } from "./person-snapshot.js";

/** The part of the form-session service the journey uses. */
export type JourneyFormRunner = Pick<FormSessionService, "open" | "handle" | "openSessions" | "hasSubmitted">;

export interface JourneyDependencies {
  db: Kysely<Database>;
  translator: Translator;
  forms: JourneyFormRunner;
  /** The messenger of a channel running on this instance; undefined for one that is not. */
  messenger(channel: Channel): Messenger | undefined;
  /** A link that opens the bot with a start code on that channel; undefined where none exists (console). */
  deepLink(channel: Channel, code: string): string | undefined;
  clock(): Date;
  defaultTimeZone: string;
}

/**
 * One event being handled: who sent it, their state as stored, and how to answer. Built fresh for
 * every event from Postgres, so nothing of a conversation lives in memory between events.
 */
export interface Turn {
  readonly deps: JourneyDependencies;
  readonly event: InboundEvent;
  readonly messenger: Messenger;
  /** The person as stored; `reload` after a change, `switchPerson` after accounts were linked. */
  person: PersonSnapshot;
  readonly repos: {
    onboarding: ReturnType<typeof createOnboardingRepository>;
    accountLinks: ReturnType<typeof createAccountLinkRepository>;
    people: ReturnType<typeof createPersonRepository>;
  };
  /** A text in the language the event arrived with. */
  readonly t: (key: string, args?: MessageArgs) => string;
  /** The person's language now (it may have changed during this event). */
  locale(): Promise<Locale>;
  send(message: OutboundMessage): Promise<void>;
  sendAll(messages: OutboundMessage[]): Promise<void>;
  reload(): Promise<PersonSnapshot>;
  switchPerson(personId: number): Promise<void>;
}

export async function createTurn(deps: JourneyDependencies, event: InboundEvent): Promise<Turn> {
  const messenger = deps.messenger(event.channel);
  if (!messenger) throw new Error(`an event arrived on ${event.channel}, which has no messenger here`);
  const people = createPersonRepository(deps.db);
  const send = async (message: OutboundMessage) => {
    await messenger.send(event.account.chatId, message);
  };
  const turn: Turn = {
    deps,
    event,
    messenger,
    person: await loadPersonSnapshot(deps.db, event.account.personId, deps.defaultTimeZone),
    repos: { onboarding: createOnboardingRepository(), accountLinks: createAccountLinkRepository(), people },
    t: (key, args) => deps.translator.t(event.account.locale, key, args),
    async locale() {
      const stored = await people.localeOf(turn.person.personId);
      return isLocale(stored) ? stored : event.account.locale;
    },
    send,
    async sendAll(messages) {
      for (const message of messages) await send(message);
    },
    async reload() {
      turn.person = await loadPersonSnapshot(deps.db, turn.person.personId, deps.defaultTimeZone);
      return turn.person;
    },
    async switchPerson(personId) {
      turn.person = await loadPersonSnapshot(deps.db, personId, deps.defaultTimeZone);
    },
  };
  return turn;
}
