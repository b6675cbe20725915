import type { Kysely } from "kysely";
import { isTextMessage, type OutboundMessage, type TextMessage } from "../core/messages.js";
import type { Locale } from "../i18n/translator.js";
import type { Channel, Database } from "../storage/tables.js";
import { createOutboxRepository } from "./outbox.repository.js";

/**
 * A message addressed to a person rather than to a chat: the outbox picks their channel, language and
 * time zone, and renders it then.
 *
 * @example
 *   await notifyPerson(trx, {
 *     personId: child.id,
 *     kind: "consent.parent-confirmed",
 *     dedupeKey: `consent.parent-confirmed:${request.id}`,
 *     render: (locale) => ({ text: translator.t(locale, "consent-parent-confirmed") }),
 *   }, { defaultTimeZone: "Europe/Moscow" });
 */
export interface Notice {
  personId: number;
  /** What sort of message this is ("roadmap.reminder"): for curators' lists and logs, never shown. */
  kind: string;
  /**
   * One key per logical message, across every cause that could send it: the same key again changes
   * nothing. Build it from the ids of what it is about ("reminder:stage-12:person-34"), never from
   * the time of the call, so a retried job or a second instance produces the same key.
   */
  dedupeKey: string;
  /** Not before this moment; now when absent. */
  dueAt?: Date;
  /**
   * Person ids of everyone besides the recipient whose name the rendered text shows. Erasing one of
   * them blanks the text and skips the message (see docs/decisions/0005-erasure.md); a text naming
   * someone not listed here would outlive their erasure.
   */
  mentions?: readonly number[];
  /** The programme the notice is about, whose organisation's zone it is rendered in unless the person has their own. */
  programId?: number;
  /**
   * Text and buttons only: a file is not kept in the database for later (see OutboundDocument), and a
   * rendered message that carries one is refused with an error.
   */
  render(locale: Locale, timeZone: string): OutboundMessage;
}

export type NoticeOutcome =
  | { status: "queued"; deliveryId: number; channel: Channel }
  /** A delivery with this dedupe key exists already (queued, sent or skipped): nothing changed. */
  | { status: "duplicate" }
  /** Kept as 'skipped' for curators: the person has no account the bot can reach, or was erased. */
  | { status: "skipped"; deliveryId: number; reason: "unreachable" | "erased" };

export interface NotifyOptions {
  /** The service's DEFAULT_TIMEZONE, for a person with no organisation and no zone of their own. */
  defaultTimeZone: string;
  /** The channels this deployment runs; accounts on others do not count as reachable. All when absent. */
  channels?: readonly Channel[];
  now?: Date;
}

export interface AccountMessage {
  accountId: number;
  kind: string;
  dedupeKey: string;
  dueAt?: Date;
  message: TextMessage;
}

/**
 * Queues one message for a person, inside the caller's transaction when `db` is one (so it is sent
 * only if the caller's change commits), else in a transaction of its own. Never opens another
 * connection: on PGlite there is only one, and waiting for it inside a transaction would deadlock.
 */
export async function notifyPerson(
  db: Kysely<Database>,
  notice: Notice,
  options: NotifyOptions,
): Promise<NoticeOutcome> {
  const work = async (trx: Kysely<Database>): Promise<NoticeOutcome> => {
    const repository = createOutboxRepository(trx);
    const recipient = await repository.findRecipient(
      notice.personId,
      options.defaultTimeZone,
      options.channels,
      notice.programId,
    );
    if (!recipient)
      throw new Error(`notice ${notice.kind} addressed to person ${notice.personId}, who does not exist`);
    const dueAt = notice.dueAt ?? options.now ?? new Date();
    const base = {
      personId: notice.personId,
      kind: notice.kind,
      dedupeKey: notice.dedupeKey,
      dueAt,
      ...(notice.mentions && { mentions: notice.mentions }),
    };
    if (recipient.erased) {
      // Nothing about an erased person is rendered or kept beyond the fact that a message was due.
      const id = await repository.insert({
        ...base,
        accountId: null,
        channel: recipient.account?.channel ?? "console",
        message: { text: "" },
        status: "skipped",
        lastError: "erased",
      });
      return id === undefined
        ? { status: "duplicate" }
        : { status: "skipped", deliveryId: id, reason: "erased" };
    }
    const locale: Locale = recipient.locale ?? "ru";
    const message = notice.render(locale, recipient.timeZone);
    if (!isTextMessage(message)) {
      throw new Error(`notice ${notice.kind} carries a document: files go with replies only`);
    }
    if (!recipient.account) {
      // Rendered all the same, so a curator can see what did not reach the person.
      const id = await repository.insert({
        ...base,
        accountId: null,
        channel: options.channels?.[0] ?? "console",
        message,
        status: "skipped",
        lastError: "unreachable",
      });
      return id === undefined
        ? { status: "duplicate" }
        : { status: "skipped", deliveryId: id, reason: "unreachable" };
    }
    const id = await repository.insert({
      ...base,
      accountId: recipient.account.id,
      channel: recipient.account.channel,
      message,
      status: "pending",
    });
    return id === undefined
      ? { status: "duplicate" }
      : { status: "queued", deliveryId: id, channel: recipient.account.channel };
  };
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Queues an already rendered message for one known account (a curator's message to a chat the
 * caller already resolved). Same dedupe rule as notifyPerson; blocked accounts are skipped at send.
 */
export async function enqueueForAccount(
  db: Kysely<Database>,
  delivery: AccountMessage,
  now: Date = new Date(),
): Promise<{ status: "queued"; deliveryId: number } | { status: "duplicate" }> {
  const account = await db
    .selectFrom("channel_account")
    .select(["id", "person_id", "channel"])
    .where("id", "=", delivery.accountId)
    .executeTakeFirstOrThrow();
  const id = await createOutboxRepository(db).insert({
    personId: account.person_id,
    accountId: account.id,
    channel: account.channel,
    kind: delivery.kind,
    dedupeKey: delivery.dedupeKey,
    message: delivery.message,
    dueAt: delivery.dueAt ?? now,
    status: "pending",
  });
  return id === undefined ? { status: "duplicate" } : { status: "queued", deliveryId: id };
}
