import type { Kysely } from "kysely";
import { createAccountLinkRepository } from "../accounts/account-link.repository.js";
import type { InboundEvent, MessageRef, OutboundMessage } from "../core/messages.js";
import type { ChannelPresentation } from "../core/presentation.js";
import type { FormSessionService } from "../form-sessions/form-session.service.js";
import type { Locale, MessageArgs, Translator } from "../i18n/translator.js";
import { createOnboardingRepository } from "../onboarding/onboarding.repository.js";
import type { CommandMenuEntry, Replies } from "../pipeline/replies.js";
import type { Notice } from "../outbox/outbox.service.js";
import type { Channel, Database } from "../storage/tables.js";
import { createPersonRepository } from "./person.repository.js";
import { fromPreloaded, loadPersonSnapshot, type PersonSnapshot } from "./person-snapshot.js";

/** The part of the form-session service the journey uses. */
export type JourneyFormRunner = Pick<
  FormSessionService,
  "open" | "handle" | "openSessions" | "hasSubmitted" | "within" | "definitions"
>;

/**
 * A message for someone other than the sender (a parent's consent reaching the child, a pair
 * announced): it goes through the outbox, addressed to a person.
 */
export type PersonNotice = Notice;

export interface JourneyDependencies {
  translator: Translator;
  forms: JourneyFormRunner;
  /** A link that opens the bot with a start code on that channel; undefined where none exists (console). */
  deepLink(channel: Channel, code: string): string | undefined;
  /** Queues a message to another person inside the turn's transaction (sent after it commits). */
  notify(db: Kysely<Database>, notice: PersonNotice): Promise<void>;
  clock(): Date;
  defaultTimeZone: string;
}

/**
 * One event being handled: who sent it, their state as stored, and how to answer. Built fresh for
 * every event inside the event's transaction, so nothing of a conversation lives in memory between
 * events and everything a turn changes commits or rolls back together.
 */
export interface Turn {
  readonly deps: JourneyDependencies;
  readonly event: InboundEvent;
  /** How the event's channel shows forms (VK: few buttons a message; console: letters). */
  readonly presentation: ChannelPresentation;
  /** The event's transaction: every read and write of the turn goes through it. */
  readonly db: Kysely<Database>;
  /** The form sessions, inside the event's transaction. */
  readonly forms: JourneyFormRunner;
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
  /** Replies are sent once the turn's transaction commits, consecutive ones merged into one message. */
  send(message: OutboundMessage): Promise<void>;
  sendAll(messages: OutboundMessage[]): Promise<void>;
  /** Replaces a message in place (sent anew where the messenger cannot edit it any more). */
  edit(ref: MessageRef, message: OutboundMessage): void;
  setCommandMenu(commands: CommandMenuEntry[]): void;
  reload(): Promise<PersonSnapshot>;
  switchPerson(personId: number): Promise<void>;
}

export async function createTurn(
  deps: JourneyDependencies,
  event: InboundEvent,
  scope: { db: Kysely<Database>; replies: Replies; presentation?: ChannelPresentation; preloaded?: unknown },
): Promise<Turn> {
  const { db, replies } = scope;
  const people = createPersonRepository(db);
  const send = (message: OutboundMessage) => {
    replies.send(message);
    return Promise.resolve();
  };
  const turn: Turn = {
    deps,
    event,
    presentation: scope.presentation ?? {},
    db,
    forms: deps.forms.within(db),
    person:
      fromPreloaded(event.account.personId, scope.preloaded) ??
      (await loadPersonSnapshot(db, event.account.personId)),
    repos: { onboarding: createOnboardingRepository(), accountLinks: createAccountLinkRepository(), people },
    t: (key, args) => deps.translator.t(event.account.locale, key, args),
    // From the snapshot: every change of language reloads it (chooseLanguage, switchPerson).
    locale: () => Promise.resolve(turn.person.locale ?? event.account.locale),
    send,
    async sendAll(messages) {
      for (const message of messages) await send(message);
    },
    edit: (ref, message) => replies.edit(ref, message),
    setCommandMenu: (commands) => replies.setCommandMenu(commands),
    async reload() {
      turn.person = await loadPersonSnapshot(db, turn.person.personId);
      return turn.person;
    },
    async switchPerson(personId) {
      turn.person = await loadPersonSnapshot(db, personId);
    },
  };
  return turn;
}
