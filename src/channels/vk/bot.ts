import {
  createChannelAccountRepository,
  type TouchedAccount,
} from "../../accounts/channel-account.repository.js";
import { createUpdateLedger } from "../../updates/update-ledger.js";
import type { ChannelBotOptions } from "../shared/bot-options.js";
import { floodLimiterFor } from "../shared/flood-limiter.js";
import { createInFlight } from "../shared/in-flight.js";
import { localeFor, toInboundAccount } from "../shared/inbound-account.js";
import type { SenderHints } from "../../core/messages.js";
import { createVkApi, type VkApiClient, type VkRetryOptions } from "./api.js";
import { createVkClientDirectory, type VkClientDirectory } from "./client-directory.js";
import { describeVkError, isUnreachable } from "./errors.js";
import { isPrivateDialog, type VkGroupEvent } from "./events.js";
import { buttonEvent, messageEvent, messageRef, readMessage } from "./inbound-event.js";
import { createKeyedQueue } from "./keyed-queue.js";
import { createVkMessenger, type VkMessenger } from "./messenger.js";
import { createVkPlaceholderHandler } from "./placeholder-handler.js";

export interface VkBotOptions extends ChannelBotOptions<VkMessenger> {
  /** A community access token with the "messages" right (and "manage" for the Callback API setup). */
  token: string;
  /** The community's positive id (VK_GROUP_ID). */
  groupId: number;
  /** Another API host, e.g. http://127.0.0.1:1234 for the fake API in tests (VK_API_ROOT). */
  apiRoot?: string;
  /** API calls per second (20, a community token's limit, unless told). */
  requestsPerSecond?: number;
  /** Repeats after network failures, flood control and VK's internal errors. */
  retry?: Partial<VkRetryOptions>;
}

export interface VkBot {
  readonly client: VkApiClient;
  readonly messenger: VkMessenger;
  readonly directory: VkClientDirectory;
  /**
   * Records the event in the update ledger; false when it was taken before (a redelivery). Rejects
   * when the ledger cannot be reached, so the caller can have VK deliver it again.
   */
  claim(event: VkGroupEvent): Promise<boolean>;
  /** Handles a claimed event after that person's earlier ones. Never rejects: failures are logged. */
  process(event: VkGroupEvent): Promise<void>;
  /** Resolves when no event is being processed (for a graceful stop). */
  idle(): Promise<void>;
}

/** Names VK gives are offered back to the person once; a few minutes of memory saves a users.get per message. */
const NAME_TTL_MS = 10 * 60 * 1000;
const NAME_CACHE_SIZE = 5000;
/** A snackbar shows at most 90 characters. */
const SNACKBAR_LIMIT = 90;

/**
 * The VK side of the journey, whichever transport brings the events: at-most-once through the update
 * ledger, one person's events in order, the sender's account, a flood limit, and translation into
 * channel-neutral events for the handler. An error in the handler is logged with the event id (no
 * personal data) and the person gets an apology; it never stops the bot.
 */
export function createVkBot(options: VkBotOptions): VkBot {
  const { translator, codec, logger, groupId } = options;
  const ledger = options.ledger ?? createUpdateLedger(options.db);
  const accounts = options.accounts ?? createChannelAccountRepository(options.db);
  const client = createVkApi({
    token: options.token,
    ...(options.apiRoot && { apiRoot: options.apiRoot }),
    ...(options.requestsPerSecond && { requestsPerSecond: options.requestsPerSecond }),
    ...(options.retry && { retry: options.retry }),
    logger,
  });
  const directory = createVkClientDirectory();
  const messenger = createVkMessenger({ client, codec, accounts, directory, logger });
  const handler = options.createHandler
    ? options.createHandler(messenger)
    : createVkPlaceholderHandler({ messenger, translator });
  const flood = floodLimiterFor(options.flood, options.now);
  const queue = createKeyedQueue();
  const inFlight = createInFlight();
  const names = new Map<number, { firstName?: string; at: number }>();

  async function firstNameOf(userId: number): Promise<string | undefined> {
    const cached = names.get(userId);
    if (cached && Date.now() - cached.at < NAME_TTL_MS) return cached.firstName;
    try {
      const [user] = await client.call<{ first_name?: string }[]>("users.get", { user_ids: userId });
      names.delete(userId);
      names.set(userId, { ...(user?.first_name && { firstName: user.first_name }), at: Date.now() });
      if (names.size > NAME_CACHE_SIZE) names.delete(names.keys().next().value!);
      return user?.first_name;
    } catch (error) {
      // A name is a courtesy: without it the journey simply does not offer one.
      logger.warn({ error: describeVkError(error) }, "vk users.get failed");
      return undefined;
    }
  }

  async function context(eventId: string, account: TouchedAccount, userId: number, peerId: number) {
    const languageTag = directory.languageTag(peerId);
    const firstName = await firstNameOf(userId);
    const sender: SenderHints = {
      ...(firstName && { firstName }),
      ...(languageTag && { languageTag }),
    };
    return { eventId, account: toInboundAccount("vk", account, languageTag), sender, receivedAt: new Date() };
  }

  async function answerPress(event: Extract<VkGroupEvent, { type: "message_event" }>, text?: string) {
    try {
      await client.call("messages.sendMessageEventAnswer", {
        event_id: event.pressId,
        user_id: event.userId,
        peer_id: event.peerId,
        ...(text && {
          event_data: JSON.stringify({ type: "show_snackbar", text: text.slice(0, SNACKBAR_LIMIT) }),
        }),
      });
    } catch (error) {
      // A press older than VK keeps can no longer be answered; nothing depends on it.
      logger.info({ error: describeVkError(error) }, "vk button press not answered");
    }
  }

  async function apologise(
    eventId: string,
    peerId: number,
    account: TouchedAccount | undefined,
    error: unknown,
  ) {
    const fields = { eventId, accountId: account?.id, error: describeVkError(error) };
    if (isUnreachable(error)) {
      logger.info(fields, "vk recipient unreachable, event dropped");
      return;
    }
    logger.error(fields, "vk event failed");
    if (!account) return;
    try {
      await messenger.send(String(peerId), {
        text: translator.t(localeFor(account, directory.languageTag(peerId)), "error-generic"),
      });
    } catch (sendError) {
      logger.warn({ eventId, error: describeVkError(sendError) }, "vk apology not delivered");
    }
  }

  /** True when the person may go on; otherwise they were told once and the event is dropped. */
  async function withinFloodLimit(eventId: string, account: TouchedAccount, userId: number, peerId: number) {
    if (!flood) return true;
    const verdict = flood.take(String(userId));
    if (verdict.allowed) return true;
    logger.info({ eventId, accountId: account.id }, "vk flood limit hit");
    if (verdict.warn) {
      await messenger.send(String(peerId), {
        text: translator.t(localeFor(account, directory.languageTag(peerId)), "channel-flood"),
      });
    }
    return false;
  }

  async function handleMessage(event: Extract<VkGroupEvent, { type: "message_new" }>, eventId: string) {
    const { message } = event;
    if (!isPrivateDialog(message.peer_id, message.from_id)) return;
    if (event.clientInfo) directory.remember(message.peer_id, event.clientInfo);
    let account: TouchedAccount | undefined;
    try {
      account = await touch(message.from_id, message.peer_id);
      if (!(await withinFloodLimit(eventId, account, message.from_id, message.peer_id))) return;
      const reading = readMessage(message, codec);
      if (reading.kind === "stale-button") {
        // A forged, garbled or outdated text button: say so and touch nothing else.
        logger.info({ eventId, reason: reading.reason }, "vk button payload rejected");
        await messenger.send(String(message.peer_id), {
          text: translator.t(
            localeFor(account, directory.languageTag(message.peer_id)),
            "channel-button-stale",
          ),
        });
        return;
      }
      await handler(
        messageEvent(reading, message, await context(eventId, account, message.from_id, message.peer_id)),
      );
    } catch (error) {
      await apologise(eventId, message.peer_id, account, error);
    }
  }

  async function handlePress(event: Extract<VkGroupEvent, { type: "message_event" }>, eventId: string) {
    if (!isPrivateDialog(event.peerId, event.userId)) {
      await answerPress(event);
      return;
    }
    let account: TouchedAccount | undefined;
    let answered = false;
    try {
      account = await touch(event.userId, event.peerId);
      if (!(await withinFloodLimit(eventId, account, event.userId, event.peerId))) return;
      const decoded = codec.decode("vk", event.payload);
      if (!decoded.ok) {
        // A forged, garbled or outdated button: a snackbar says so, and nothing else happens.
        logger.info({ eventId, reason: decoded.reason }, "vk button payload rejected");
        answered = true;
        await answerPress(
          event,
          translator.t(localeFor(account, directory.languageTag(event.peerId)), "channel-button-stale"),
        );
        return;
      }
      const ref = messageRef(event.peerId, event.conversationMessageId);
      await handler(
        buttonEvent(decoded.action, ref, await context(eventId, account, event.userId, event.peerId)),
      );
    } catch (error) {
      await apologise(eventId, event.peerId, account, error);
    } finally {
      // Stops the spinner on the button whatever happened.
      if (!answered) await answerPress(event);
    }
  }

  async function touch(userId: number, peerId: number): Promise<TouchedAccount> {
    const account = await accounts.touch({
      channel: "vk",
      externalId: String(userId),
      chatId: String(peerId),
    });
    if (account.unblocked) logger.info({ accountId: account.id }, "vk account unblocked");
    return account;
  }

  async function dispatch(event: VkGroupEvent, eventId: string): Promise<void> {
    switch (event.type) {
      case "message_new":
        return handleMessage(event, eventId);
      case "message_event":
        return handlePress(event, eventId);
      // The person forbade or allowed messages from the community (in a private dialog, chat = user).
      case "message_deny":
        await accounts.markBlocked("vk", String(event.userId));
        return;
      case "message_allow":
        await accounts.markUnblocked("vk", String(event.userId));
        return;
      case "other":
        logger.debug({ eventId, type: event.rawType }, "vk event ignored");
        return;
    }
  }

  function queueKey(event: VkGroupEvent): string {
    switch (event.type) {
      case "message_new":
        return `peer:${event.message.peer_id}`;
      case "message_event":
        return `peer:${event.peerId}`;
      case "message_deny":
      case "message_allow":
        return `peer:${event.userId}`;
      case "other":
        return "other";
    }
  }

  return {
    client,
    messenger,
    directory,

    async claim(event) {
      if (event.groupId !== groupId) {
        logger.warn({ groupId: event.groupId }, "vk event for another community ignored");
        return false;
      }
      if (event.dedupeId === undefined) return true;
      const claimed = await ledger.claim("vk", event.dedupeId);
      if (!claimed) logger.debug({ eventId: event.dedupeId }, "vk event already processed");
      return claimed;
    },

    process(event) {
      const eventId = event.dedupeId ?? `unkeyed:${event.type}`;
      return inFlight.track(() =>
        queue
          .run(queueKey(event), () => dispatch(event, eventId))
          .catch((error: unknown) => {
            // Outside the per-event boundaries: the account store failed on a deny/allow notice.
            logger.error({ eventId, error: describeVkError(error) }, "vk event failed");
          }),
      );
    },

    idle: () => inFlight.idle(),
  };
}
